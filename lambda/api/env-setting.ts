/**
 * Reading one numeric setting of a function's environment (the export and upload settings), so a typo
 * in a deployment fails the cold start with the variable's name instead of running with a wrong limit.
 */
export function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1 || n > max) throw new Error(`Configuration: ${name} must be a whole number from 1 to ${max}, got "${raw}"`);
  return n;
}
