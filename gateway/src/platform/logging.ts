import { AsyncLocalStorage } from 'node:async_hooks';
import { pino, type DestinationStream, type Logger } from 'pino';

/** The request a piece of work belongs to; set by the HTTP layer around each request. */
const requestScope = new AsyncLocalStorage<{ requestId: string }>();

let root: Logger | undefined;

function create(level: string, destination?: DestinationStream): Logger {
  // Every line written while a request runs names it, so an INTERNAL a user reports by its
  // request id leads to all lines of that request.
  const mixin = () => {
    const scope = requestScope.getStore();
    return scope ? { requestId: scope.requestId } : {};
  };
  const options = { level, base: { service: 'tmis-gateway' }, mixin };
  return destination ? pino(options, destination) : pino(options);
}

export function logger(level?: string): Logger {
  root ??= create(level ?? process.env.LOG_LEVEL ?? 'info');
  return root;
}

/** Sends the process's log to another stream (e.g. to read the lines of a request back). */
export function logTo(destination: DestinationStream, level = 'info'): Logger {
  root = create(level, destination);
  return root;
}

/** Runs `fn` as part of request `requestId`: its log lines and `currentRequestId()` carry it. */
export function withRequestId<T>(requestId: string, fn: () => T): T {
  return requestScope.run({ requestId }, fn);
}

export function currentRequestId(): string | undefined {
  return requestScope.getStore()?.requestId;
}
