/**
 * Invoking a Lambda handler in-process the way the Node.js runtime does: a `Context` with a deadline,
 * promise- or callback-style handlers, and the function timeout enforced.
 */
import { randomUUID } from 'node:crypto';
import type { Callback, Context, Handler } from 'aws-lambda';
import { LOCAL_DEFAULTS } from '../config.js';

export interface LocalFunctionOptions {
  /** Appears in the context (function name, ARN, log group). */
  functionName: string;
  /** The function's configured timeout; the invocation fails with {@link LambdaTimeoutError} past it. */
  timeoutMs: number;
  region?: string;
  memoryLimitInMB?: number;
}

/** The invocation ran past its timeout. Lambda reports this as a function error ("Task timed out"). */
export class LambdaTimeoutError extends Error {
  readonly code = 'LAMBDA_TIMEOUT';
  constructor(readonly timeoutMs: number) {
    super(`Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`);
    this.name = 'LambdaTimeoutError';
  }
}

export function createLambdaContext(options: LocalFunctionOptions, awsRequestId = randomUUID()): Context {
  const region = options.region ?? LOCAL_DEFAULTS.region;
  const deadline = Date.now() + options.timeoutMs;
  const { functionName } = options;
  const unsupported = (): never => {
    throw new Error('context.done/fail/succeed are not supported locally: return a promise or use the callback');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:000000000000:function:${functionName}`,
    memoryLimitInMB: String(options.memoryLimitInMB ?? 1024),
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/[$LATEST]${awsRequestId.replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

/**
 * Calls `handler` and settles with its result or error, or with a {@link LambdaTimeoutError} when the
 * context's deadline passes first. The handler's own work is not cancelled by the timeout (Lambda would
 * freeze the sandbox); locally it simply runs on unobserved.
 *
 * A handler that declares a third parameter is callback-style and settles when it calls back; any other
 * handler settles with what it returns (a promise is awaited), as in the Node.js runtime.
 */
export function invokeHandler<TEvent, TResult>(
  handler: Handler<TEvent, TResult>,
  event: TEvent,
  context: Context,
): Promise<TResult | undefined> {
  const timeoutMs = context.getRemainingTimeInMillis();
  return new Promise<TResult | undefined>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => settle(() => reject(new LambdaTimeoutError(timeoutMs))), timeoutMs);
    function settle(finish: () => void): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      finish();
    }
    const callback: Callback<TResult> = (error, result) => {
      settle(() => (error ? reject(toError(error)) : resolve(result)));
    };
    try {
      const returned: unknown = handler(event, context, callback);
      if (isPromiseLike(returned)) {
        returned.then(
          (result) => settle(() => resolve(result as TResult)),
          (error: unknown) => settle(() => reject(toError(error))),
        );
      } else if (handler.length < 3) {
        settle(() => resolve(returned as TResult | undefined));
      }
    } catch (error) {
      settle(() => reject(toError(error)));
    }
  });
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(typeof value === 'string' ? value : JSON.stringify(value));
}
