/**
 * `npm run audit:verify`: walks every chain of the query audit log, checks each link (sequence, previous
 * hash, own hash, sequence marker) and reports the first broken one (exit code 1). Optionally exports
 * the verified entries as JSON Lines and checks anchors: chain heads copied outside the table, such as the
 * API's "audit entry appended" log lines (fields auditChain, auditSeq, auditHash) exported from CloudWatch.
 *
 *   npm run audit:verify -- [--export audit.jsonl] [--anchors anchors.jsonl]
 *
 * Table: AUDIT_TABLE, or <TABLE_NAME>-audit (default jamrep-audit on the local platform); DYNAMODB_ENDPOINT=aws for AWS.
 */
import '../quiet-sdk-node-warning.js';
import { createWriteStream, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildRuntime } from '../runtime.js';
import { AuditLog } from '../store/audit-log.js';
import { verifyAuditLog, type Anchor } from '../store/audit-verify.js';
import { loadSecurityConfig } from './security-config.js';

function readAnchors(file: string): Anchor[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const o = JSON.parse(line) as Record<string, unknown>;
      const chain = Number(o.auditChain ?? o.chain);
      const seq = Number(o.auditSeq ?? o.seq);
      const hash = o.auditHash ?? o.hash;
      if (!Number.isInteger(chain) || !Number.isInteger(seq) || typeof hash !== 'string') throw new Error(`${file} line ${i + 1}: not an anchor`);
      return { chain, seq, hash };
    });
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { export: { type: 'string' }, anchors: { type: 'string' } } });
  const runtime = await buildRuntime();
  const security = loadSecurityConfig();
  const log = new AuditLog(runtime.ddb, security.auditTable);
  const out = values.export ? createWriteStream(values.export) : undefined;
  const result = await verifyAuditLog(log, {
    anchors: values.anchors ? readAnchors(values.anchors) : undefined,
    onEntry: out ? (entry) => out.write(`${JSON.stringify(entry)}\n`) : undefined,
  });
  if (out) await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  for (const c of result.chains) {
    const head = c.head.seq > 0 ? `head ${c.head.seq} ${c.head.hash}` : 'empty';
    console.log(`chain ${c.chain}: ${c.verified} entries verified, ${head}${c.broken ? `; BROKEN at entry ${c.broken.seq}` : ''}`);
  }
  if (result.broken) {
    console.error(`audit log BROKEN: chain ${result.broken.chain}, entry ${result.broken.seq}: ${result.broken.reason}`);
    return 1;
  }
  console.log(`audit log ${security.auditTable} verified${values.export ? `; exported to ${values.export}` : ''}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
