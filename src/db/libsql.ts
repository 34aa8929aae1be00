import type { Client } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { type Database, wrapDrizzle } from './client.js';
import { isBusyError } from './busy.js';
import * as schema from './schema.js';

/** How long a statement may keep retrying while the database is busy, before the request gets a 503. */
export const BUSY_RETRY_BUDGET_MS = 4000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RetryOptions {
  budgetMs?: number;
  /**
   * Opens a fresh client (local files). A local libSQL connection whose transaction failed with
   * SQLITE_BUSY is left unusable by the driver (its statements stay "in progress": every later
   * transaction fails with "cannot commit transaction - SQL statements in progress" or "database
   * is locked"), so after a busy error the client is replaced before the next attempt.
   */
  reopen?: () => Promise<Client>;
}

/**
 * The client drizzle uses, with these changes:
 * - a statement or batch refused with SQLITE_BUSY is retried
 *   after a short jittered pause, for up to BUSY_RETRY_BUDGET_MS, on a fresh connection when
 *   `reopen` is given. Retrying is safe: a refused statement or batch changed nothing (a batch is
 *   one transaction, rolled back on error). Past the budget the error goes up (→ 503).
 * - batches run as write transactions (BEGIN IMMEDIATE): the write lock is taken, or waited for,
 *   before the first statement, instead of a read transaction failing to upgrade half-way.
 */
export function busyRetryingClient(first: Client, options: RetryOptions = {}): Client {
  const budgetMs = options.budgetMs ?? BUSY_RETRY_BUDGET_MS;
  let current = first;
  const all = new Set<Client>([first]);
  let replacing: Promise<void> | undefined;
  const replace = (failed: Client): Promise<void> => {
    if (!options.reopen || failed !== current) return replacing ?? Promise.resolve();
    replacing ??= options
      .reopen()
      .then((fresh) => {
        all.add(fresh);
        current = fresh;
        // Operations already queued on the old client finish within milliseconds; then it closes.
        const timer = setTimeout(() => {
          all.delete(failed);
          failed.close();
        }, 2000);
        (timer as { unref?: () => void }).unref?.();
      })
      .finally(() => {
        replacing = undefined;
      });
    return replacing;
  };
  const retry = async <T>(run: (client: Client) => Promise<T>): Promise<T> => {
    const deadline = Date.now() + budgetMs;
    let pause = 10;
    for (;;) {
      if (replacing) await replacing;
      const client = current;
      try {
        return await run(client);
      } catch (err) {
        if (!isBusyError(err)) throw err;
        await replace(client).catch(() => undefined);
        if (Date.now() + pause > deadline) throw err;
        await sleep(pause * (0.5 + Math.random()));
        pause = Math.min(pause * 2, 80);
      }
    }
  };
  // Properties assigned on the wrapper (a test or benchmark wrapping execute) stay on the wrapper.
  const assigned = new Map<PropertyKey, unknown>();
  return new Proxy(first, {
    get(_target, prop) {
      if (assigned.has(prop)) return assigned.get(prop);
      if (prop === 'execute') return (...args: Parameters<Client['execute']>) => retry((c) => c.execute(...args));
      if (prop === 'batch')
        return (statements: Parameters<Client['batch']>[0], mode: Parameters<Client['batch']>[1] = 'write') =>
          retry((c) => c.batch(statements, mode));
      if (prop === 'close')
        return () => {
          for (const c of all) c.close();
        };
      const value = Reflect.get(current, prop, current);
      return typeof value === 'function' ? value.bind(current) : value;
    },
    set(_target, prop, value) {
      assigned.set(prop, value);
      return true;
    },
  });
}

/**
 * Wraps a libSQL client (local file, memory, or Turso over HTTP) as a Database; `client` is wrapped
 * with busyRetryingClient unless it already is (`retrying: true`, see db/node.ts).
 */
export function libsqlDatabase(client: Client, options: { retrying?: boolean } = {}): Database {
  return wrapDrizzle(drizzle(options.retrying ? client : busyRetryingClient(client), { schema }), 'libsql');
}
