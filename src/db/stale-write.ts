import { sql } from 'drizzle-orm';
import type { Db, Statement } from './client.js';

/**
 * Optimistic writes without interactive transactions (D1): a conditional UPDATE (`… WHERE
 * revision = ?`) that lost a race changes no row, and the rest of its batch must not be written.
 * This statement, placed right after that UPDATE, makes SQLite fail (`json()` of a malformed
 * value) when the UPDATE changed nothing, so the whole batch rolls back on both engines.
 */
export function failIfUnchanged(db: Db): Statement {
  return db.run(sql`select case when changes() = 0 then json('jalon: stale write') end`);
}

/** The batch failed because `failIfUnchanged` found the conditional write stale. */
export function isStaleWrite(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++)
    if (/malformed JSON/i.test(String((e as { message?: unknown }).message ?? e))) return true;
  return false;
}
