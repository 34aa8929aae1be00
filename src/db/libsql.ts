import type { Client } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import type { Database, Db, Statement } from './client.js';
import { pingDb } from './client.js';
import * as schema from './schema.js';

/** Wraps a libSQL client (local file, memory, or Turso over HTTP) as a Database. */
export function libsqlDatabase(client: Client): Database {
  const db = drizzle(client, { schema });
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
