import type { BatchItem } from 'drizzle-orm/batch';
import { sql } from 'drizzle-orm';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import { setInsertLimit } from './chunked.js';
import type * as schema from './schema.js';

/** The query builder both engines share (libSQL on Node/Turso, D1 on Workers). */
export type Db = BaseSQLiteDatabase<'async', unknown, typeof schema>;

export type Statement = BatchItem<'sqlite'>;

/**
 * A database: the drizzle builder plus an atomic batch. D1 has no interactive transactions, so
 * writes that belong together are sent as one batch (all or nothing on both engines); reads that
 * decide a write are guarded by constraints (unique slots, conditional updates) instead of locks.
 */
export interface Database {
  readonly db: Db;
  batch(statements: readonly Statement[]): Promise<unknown[]>;
  /** Cheap round trip for health checks. */
  ping(): Promise<void>;
  readonly engine: 'libsql' | 'd1';
}

export async function pingDb(db: Db): Promise<void> {
  await db.run(sql`select 1`);
}

/** What libSQL's and D1's drizzle databases share: the same builder, and an atomic batch. */
interface DrizzleSqlite {
  batch(statements: [Statement, ...Statement[]]): Promise<unknown[]>;
}

/** A drizzle database of either engine as the app's Database (one wrapper for libSQL and D1). */
export function wrapDrizzle(drizzleDb: DrizzleSqlite, engine: Database['engine']): Database {
  // Both engines' drizzle databases are a BaseSQLiteDatabase<'async'>; their own types add engine details.
  const db = drizzleDb as unknown as Db;
  setInsertLimit(db, engine);
  return {
    db,
    engine,
    batch: async (statements: readonly Statement[]) => {
      if (statements.length === 0) return [];
      // drizzle types batch() for a literal non-empty tuple; the list is checked non-empty above.
      return drizzleDb.batch(statements as unknown as [Statement, ...Statement[]]);
    },
    ping: () => pingDb(db),
  };
}
