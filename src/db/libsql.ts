import { type Client, LibsqlError } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { type Database, wrapDrizzle } from './client.js';
import { isBusyError } from './busy.js';
import * as schema from './schema.js';

/** How long a statement may keep retrying while the database is busy, before the request gets a 503. */
export const BUSY_RETRY_BUDGET_MS = 4000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ignore = () => undefined;
/** What a call queued on a connection gets when an earlier call on it was refused busy. */
const REFUSED_BEFORE = Symbol('refused before');

interface Lane {
  client: Client;
  /** A call on this connection was refused busy: nothing more may run on it. */
  refused: boolean;
  /** The last call queued on it (local connections run one call at a time, in order). */
  tail: Promise<unknown>;
}

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
  // Local connections (those that can be reopened) are used one call at a time, in call order, and
  // never again once a call on them was refused busy: the driver does not reset a refused statement,
  // and SQLite counts it as still running. A write that then succeeded on the same connection could
  // not commit at its end (another writing statement is "active"): it kept the write lock, unseen,
  // until the garbage collector finalised the refused statement — seconds in which every process,
  // this one included, was refused (the contention test caught it: 400 answers 503, the other
  // process timed out). The client's own queue cannot be told to stop, so the order is kept here.
  const oneAtATime = Boolean(options.reopen);
  const lane = (client: Client): Lane => ({ client, refused: false, tail: Promise.resolve() });
  let current = lane(first);
  const all = new Set<Client>([first]);
  let replacing: Promise<void> | undefined;
  const replace = (failed: Lane): Promise<void> => {
    if (!options.reopen || failed !== current) return replacing ?? Promise.resolve();
    replacing ??= options
      .reopen()
      .then((fresh) => {
        all.add(fresh);
        current = lane(fresh);
        // Nothing more runs on the old connection: it closes once its last call has settled.
        void failed.tail.then(() => {
          all.delete(failed.client);
          failed.client.close();
        });
      })
      .finally(() => {
        replacing = undefined;
      });
    return replacing;
  };
  const onLane = <T>(target: Lane, run: (client: Client) => Promise<T>): Promise<T | typeof REFUSED_BEFORE> => {
    if (!oneAtATime) return run(target.client);
    const turn = target.tail.then<T | typeof REFUSED_BEFORE>(() =>
      target.refused ? REFUSED_BEFORE : run(target.client),
    );
    target.tail = turn.then(ignore, ignore);
    return turn;
  };
  const retry = async <T>(run: (client: Client) => Promise<T>): Promise<T> => {
    const deadline = Date.now() + budgetMs;
    let pause = 10;
    for (;;) {
      if (replacing) await replacing;
      const target = current;
      let refusedBefore = false;
      try {
        const result = await onLane(target, run);
        if (result !== REFUSED_BEFORE) return result;
        refusedBefore = true;
        throw new LibsqlError('SQLITE_BUSY: the connection was refused busy before this call', 'SQLITE_BUSY');
      } catch (err) {
        if (!isBusyError(err)) throw err;
        target.refused = true;
        await replace(target).catch(() => undefined);
        // Queued behind a refused call: straight to the fresh connection, if there is one.
        if (refusedBefore && current !== target) continue;
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
      const { client } = current;
      const value = Reflect.get(client, prop, client);
      return typeof value === 'function' ? value.bind(client) : value;
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
