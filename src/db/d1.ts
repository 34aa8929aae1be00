import type { D1Database } from '@cloudflare/workers-types';
import { drizzle } from 'drizzle-orm/d1';
import type { Database, Db, Statement } from './client.js';
import { pingDb } from './client.js';
import * as schema from './schema.js';

/** Wraps a Cloudflare D1 binding as a Database. */
export function d1Database(binding: D1Database): Database {
  const db = drizzle(binding, { schema });
  return {
    db: db as unknown as Db,
    engine: 'd1',
    batch: async (statements: readonly Statement[]) => {
      if (statements.length === 0) return [];
      // drizzle types batch() for a literal non-empty tuple; the list is checked non-empty above.
      return db.batch(statements as unknown as [Statement, ...Statement[]]);
    },
    ping: () => pingDb(db as unknown as Db),
  };
}
