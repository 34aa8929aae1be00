import type { BatchItem } from 'drizzle-orm/batch';
import { sql } from 'drizzle-orm';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
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
