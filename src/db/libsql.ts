import type { Client } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import type { Database, Db, Statement } from './client.js';
import { pingDb } from './client.js';
import { isBusyError } from './busy.js';
import * as schema from './schema.js';

/** How long a statement may keep retrying while the database is busy, before the request gets a 503. */
export const BUSY_RETRY_BUDGET_MS = 4000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The client drizzle uses, with two changes:
 * - a statement or batch refused with SQLITE_BUSY is retried after a short, growing, jittered
 *   pause, for up to BUSY_RETRY_BUDGET_MS. Retrying is safe: a refused statement or batch changed
 *   nothing (a batch is one transaction, rolled back on error). The wait happens here, between
 *   attempts, because the local libSQL driver is synchronous: SQLite's own busy timeout would
 *   block the whole event loop while it waits, so it is off (see db/node.ts).
 * - batches run as write transactions (BEGIN IMMEDIATE): the write lock is taken, or waited for,
 *   before the first statement, instead of a read transaction failing to upgrade half-way.
 */
export function busyRetryingClient(client: Client, budgetMs = BUSY_RETRY_BUDGET_MS): Client {
  const retry = async <T>(run: () => Promise<T>): Promise<T> => {
    const deadline = Date.now() + budgetMs;
    let pause = 5;
    for (;;) {
      try {
        return await run();
      } catch (err) {
        if (!isBusyError(err) || Date.now() + pause > deadline) throw err;
        await sleep(pause * (0.5 + Math.random()));
        pause = Math.min(pause * 2, 50);
      }
    }
  };
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === 'execute') return (...args: Parameters<Client['execute']>) => retry(() => target.execute(...args));
      if (prop === 'batch')
        return (statements: Parameters<Client['batch']>[0], mode: Parameters<Client['batch']>[1] = 'write') =>
          retry(() => target.batch(statements, mode));
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Wraps a libSQL client (local file, memory, or Turso over HTTP) as a Database. */
export function libsqlDatabase(client: Client): Database {
  const db = drizzle(busyRetryingClient(client), { schema });
  return {
    db: db as unknown as Db,
    engine: 'libsql',
    batch: async (statements: readonly Statement[]) => {
      if (statements.length === 0) return [];
      // drizzle types batch() for a literal non-empty tuple; the list is checked non-empty above.
      return db.batch(statements as unknown as [Statement, ...Statement[]]);
    },
    ping: () => pingDb(db as unknown as Db),
  };
}
