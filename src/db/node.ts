/** Node-only: opens a local libSQL file (or any libSQL URL) and applies the migrations. */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import type { Database } from './client.js';
import { withCachedReads } from './cached-reads.js';
import { busyRetryingClient, libsqlDatabase } from './libsql.js';

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../drizzle');

/**
 * SQLite's own wait for another process's write lock: none. The local driver is synchronous, so
 * that wait would hold the event loop — every other request — and with many requests waiting in
 * turn it adds up to seconds. busyRetryingClient waits instead, between attempts, without blocking.
 */
export const LOCAL_BUSY_TIMEOUT_MS = 0;

export interface OpenedDatabase {
  database: Database;
  client: Client;
  close(): void;
}

export async function openDatabase(url: string, authToken?: string): Promise<OpenedDatabase> {
  if (url.startsWith('file:')) {
    const path = url.slice('file:'.length);
    if (path && path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  }
  const local = url.startsWith('file:') || url === ':memory:';
  // A local file gets ONE connection for writes. The driver is synchronous (a pool gives no
  // parallelism, only connections without the pragmas below, which are per connection), and we never
  // hold an interactive transaction open across awaits (D1 has none), so one connection serves every
  // request in turn and each statement sees the same settings. Plain reads of a file of its own (not
  // memory, no URL options) run on a second, query-only connection that keeps its prepared
  // statements (db/cached-reads.ts): WAL shows them every committed write.
  const filePath = url.startsWith('file:') ? url.slice('file:'.length) : '';
  const cachedPath = filePath && !filePath.includes('?') && !filePath.includes(':memory:') ? filePath : null;
  const open = async (first: boolean): Promise<Client> => {
    const client = createClient({
      url,
      ...(authToken ? { authToken } : {}),
      ...(local ? { concurrency: 1, timeout: LOCAL_BUSY_TIMEOUT_MS } : {}),
    });
    if (local) {
      // WAL lets `npm run demo` write while `npm start` serves the same file (a property of the
      // file, set once); NORMAL is safe with WAL and 3.5× faster on inserts.
      if (first) await client.execute('PRAGMA journal_mode = WAL');
      await client.execute('PRAGMA synchronous = NORMAL');
      await client.execute(`PRAGMA busy_timeout = ${LOCAL_BUSY_TIMEOUT_MS}`);
    }
    await client.execute('PRAGMA foreign_keys = ON');
    return cachedPath ? withCachedReads(client, cachedPath, LOCAL_BUSY_TIMEOUT_MS) : client;
  };
  const client = busyRetryingClient(await open(true), local ? { reopen: () => open(false) } : {});
  return { database: libsqlDatabase(client, { retrying: true }), client, close: () => client.close() };
}

/** `client` is the one openDatabase returns (it waits for another process's write lock). */
export async function migrateDatabase(client: Client): Promise<void> {
  await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_DIR });
}
