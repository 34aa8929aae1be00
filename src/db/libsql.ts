import type { Client } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { type Database, wrapDrizzle } from './client.js';
import * as schema from './schema.js';

/** Wraps a libSQL client (local file, memory, or Turso over HTTP) as a Database. */
export function libsqlDatabase(client: Client): Database {
  return wrapDrizzle(drizzle(client, { schema }), 'libsql');
}
