/** Node-only: opens a local libSQL file (or any libSQL URL) and applies the migrations. */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import type { Database } from './client.js';
import { busyRetryingClient, libsqlDatabase } from './libsql.js';

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../drizzle');

/**
 * SQLite's own wait for a lock: none. The local driver is synchronous, so SQLite's wait would stop
 * the whole event loop (every other request) for its duration; busyRetryingClient waits instead,
 * between attempts, without blocking.
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
  // A local file gets ONE connection. The driver is synchronous (a pool gives no parallelism, only
  // connections without the pragmas below, which are per connection), and we never hold an
  // interactive transaction open across awaits (D1 has none), so one connection serves every
  // request in turn and each statement sees the same settings.
  const client = createClient({
    url,
    ...(authToken ? { authToken } : {}),
    ...(local ? { concurrency: 1, timeout: LOCAL_BUSY_TIMEOUT_MS } : {}),
  });
  // Set-up and migrations wait for another process's write lock like every statement does.
  const setup = busyRetryingClient(client);
  if (local) {
    // WAL lets `npm run demo` write while `npm start` serves the same file; NORMAL is safe with WAL
    // and 3.5× faster on inserts. See LOCAL_BUSY_TIMEOUT_MS for the busy timeout.
    await setup.execute('PRAGMA journal_mode = WAL');
    await setup.execute('PRAGMA synchronous = NORMAL');
    await setup.execute(`PRAGMA busy_timeout = ${LOCAL_BUSY_TIMEOUT_MS}`);
  }
  await setup.execute('PRAGMA foreign_keys = ON');
  return { database: libsqlDatabase(client), client, close: () => client.close() };
}

export async function migrateDatabase(client: Client): Promise<void> {
  await migrate(drizzle(busyRetryingClient(client)), { migrationsFolder: MIGRATIONS_DIR });
}
