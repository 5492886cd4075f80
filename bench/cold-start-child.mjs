// One cold start, in a fresh Node process: load a Lambda bundle and answer one event, as the Lambda
// runtime does on a cold start. `--bare` prints at once: the cost of starting Node itself.
//   node cold-start-child.mjs <path of index.mjs> | --bare
// The event comes in BENCH_EVENT (JSON). Prints one line `BENCH-READY {...}` then exits.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const target = process.argv[2];
if (target === '--bare') {
  process.stdout.write(`BENCH-READY ${JSON.stringify({ startupMs: performance.now() })}\n`);
  process.exit(0);
}
const startupMs = performance.now();
const { handler } = await import(pathToFileURL(target).href);
const loadedMs = performance.now();
const context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'bench-cold-start',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:ap-southeast-3:000000000000:function:bench-cold-start',
  memoryLimitInMB: '1024',
  awsRequestId: 'bench-cold-start',
  logGroupName: '/aws/lambda/bench-cold-start',
  logStreamName: 'bench',
  getRemainingTimeInMillis: () => 30_000,
};
const result = await handler(JSON.parse(process.env.BENCH_EVENT ?? '{}'), context);
const answeredMs = performance.now();
let ok = false;
try {
  const body = JSON.parse(result.body);
  ok = result.statusCode === 200 && body.data && !body.errors;
} catch {
  ok = false;
}
process.stdout.write(
  `BENCH-READY ${JSON.stringify({ startupMs, importMs: loadedMs - startupMs, invokeMs: answeredMs - loadedMs, status: result.statusCode, ok })}\n`,
);
process.exit(0);
