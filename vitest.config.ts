import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // One graphql for everyone: Apollo (loaded by Node) gets graphql's CommonJS main, so the sources
    // vitest transforms must too, or schema objects from two copies meet (as they never do in a bundle).
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Fails any test file that writes a NIK-shaped number to its output (logs included).
    setupFiles: ['test/support/pii-log-guard.ts'],
    // Integration files start their own DynamoDB Local JVM; two at a time fit 2 cores.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
    // The SDK's notice that releases after January 2027 need Node 22 (Lambda runs nodejs22.x).
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
