/**
 * `npm run token -- --role REGENCY --region 35.09`: prints a development token for the local platform
 * (`npm start`), signed with the key in the data folder. Use it as `Authorization: Bearer <token>`.
 *
 *   npm run token -- --role MINISTRY|PROVINCE|REGENCY|AUDITOR|PUBLIC [--region 35|35.09] [--sub name] [--hours 8] [--data-dir .local-data]
 */
import '../quiet-sdk-node-warning.js';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isRole } from '../plan/scope.js';
import { loadOrCreateDevKey, signDevToken } from './dev-token.js';

const USAGE =
  'usage: npm run token -- --role MINISTRY|PROVINCE|REGENCY|AUDITOR|PUBLIC [--region <code>] [--sub <name>] [--hours <n>] [--data-dir .local-data]\n' +
  '  PROVINCE needs --region <province> (e.g. 35), REGENCY --region <regency> (e.g. 35.09); AUDITOR may have one.';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      region: { type: 'string' },
      sub: { type: 'string' },
      hours: { type: 'string', default: '8' },
      'data-dir': { type: 'string', default: '.local-data' },
    },
  });
  const role = values.role?.toUpperCase();
  const hours = Number(values.hours);
  if (!role || !isRole(role) || !(hours > 0 && hours <= 24 * 30)) {
    console.error(USAGE);
    return 2;
  }
  if ((role === 'PROVINCE' || role === 'REGENCY') && !values.region) {
    console.error(`${role} needs --region\n${USAGE}`);
    return 2;
  }
  const key = loadOrCreateDevKey(resolve(values['data-dir']!));
  console.log(await signDevToken(key, { role, region: values.region, subject: values.sub, ttlSeconds: Math.round(hours * 3600) }));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
