/**
 * A crash is never silent (Node entry only). An uncaught exception or an unhandled rejection leaves
 * the process in an unknown state: it is logged once — with the id of the request it came from,
 * when there is one, and no personal data — and the process exits non-zero, so that its supervisor
 * restarts it (README: « Faire tourner Jalon en service », deploy/jalon.service).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { writeSync } from 'node:fs';
import { errorSummary } from './db/busy.js';
import { createLogger } from './lib/logger.js';

/** The request being served: its id only (never its path or body). */
const requestScope = new AsyncLocalStorage<{ requestId?: string }>();

/** The app's fetch, each request in its own scope; createApp's `onRequestId: rememberRequestId` fills it. */
export function scopedFetch<A extends unknown[], R>(fetch: (...args: A) => R): (...args: A) => R {
  return (...args) => requestScope.run({}, () => fetch(...args));
}

export function rememberRequestId(requestId: string): void {
  const scope = requestScope.getStore();
  if (scope) scope.requestId = requestId;
}

/** Stack frames without the message (a message may quote data: names, e-mail addresses). */
function framesOf(err: unknown): string | undefined {
  if (!(err instanceof Error) || !err.stack) return undefined;
  const frames = err.stack.split('\n').filter((line) => /^\s+at /.test(line));
  return frames.length > 0
    ? frames
        .slice(0, 12)
        .map((line) => line.trim())
        .join(' | ')
    : undefined;
}

/**
 * Installs the handlers. The line goes to stderr synchronously, whatever LOG_LEVEL says: it must be
 * out before the process ends. Callbacks keep the async context they were created in (a zlib
 * stream's, a timer's), so the scope still names the request when its work throws later.
 */
export function exitOnCrash(): void {
  const logger = createLogger('error', (line) => writeSync(2, `${line}\n`));
  const crash = (what: string) => (err: unknown) => {
    logger.error(what, {
      requestId: requestScope.getStore()?.requestId ?? null,
      ...errorSummary(err),
      stack: framesOf(err),
    });
    process.exit(1);
  };
  process.on('uncaughtException', crash('uncaught exception: the process stops'));
  process.on('unhandledRejection', crash('unhandled rejection: the process stops'));
}
