import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db, Statement } from './client.js';

/**
 * `INSERT INTO <table> (…) SELECT <row> WHERE <condition>`: the row is written only if the
 * condition holds when the statement runs. D1 has no interactive transactions, but a batch is one
 * transaction on both engines: the condition and the write are one step that no concurrent
 * writer can split, which is how a limit ("at most N") holds under parallel requests.
 *
 * The values follow drizzle's own column list for INSERT … SELECT (every column it inserts, in
 * table order); a column the row leaves undefined gets NULL (no default is applied).
 */
export function insertWhere<T extends SQLiteTable>(
  db: Db,
  table: T,
  row: T['$inferInsert'],
  condition: SQL,
): Statement {
  const values = Object.entries(getTableColumns(table))
    // Generated columns are not inserted (drizzle leaves them out of the column list too).
    .filter(([, column]) => !column.generated)
    .map(([key, column]) => {
      const value = (row as Record<string, unknown>)[key];
      return value === undefined ? sql`null` : sql.param(value, column);
    });
  return db.insert(table).select(sql`select ${sql.join(values, sql`, `)} where ${condition}`);
}
