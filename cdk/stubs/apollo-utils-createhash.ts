/**
 * Stands in for `@apollo/utils.createhash` in the Lambda bundles (cdk/bundling.ts, ALIASES): Node's own
 * `crypto.createHash`, which is what the package returns under Node.
 *
 * The package picks Node's crypto only if `module.require` exists, which esbuild's CommonJS wrapper does
 * not provide, so in a bundle it fell back to sha.js, a SHA-256 in JavaScript: Apollo hashed every query
 * with it, and its first use loaded sha.js with about a dozen small polyfill packages (to-buffer,
 * get-intrinsic, ...), all compiled at every cold start. Same algorithm, same hex digests.
 */
import { createHash as nodeCreateHash } from 'node:crypto';

export function createHash(kind: string) {
  return nodeCreateHash(kind);
}
