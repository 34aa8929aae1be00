import { getTableColumns, is, SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db, Statement } from './client.js';

/** D1 refuses a statement with more bound parameters than this (libSQL allows far more). */
export const MAX_BOUND_PARAMETERS = 100;

/**
 * Multi-row INSERTs of `rows`, as few as the bound-parameter limit allows. A null in a column
 * without a default is written as the literal `null` rather than a bound parameter, so sparse
 * rows (credentials: most status columns empty) fit more per statement.
 */
export function chunkedInserts<T extends SQLiteTable>(
  db: Db,
  table: T,
  rows: readonly T['$inferInsert'][],
  max = MAX_BOUND_PARAMETERS,
): Statement[] {
  const columns = Object.entries(getTableColumns(table));
  const statements: Statement[] = [];
  let chunk: T['$inferInsert'][] = [];
  let used = 0;
  for (const row of rows) {
    const sparse: Record<string, unknown> = {};
    let cost = 0;
    for (const [field, column] of columns) {
      const value = (row as Record<string, unknown>)[field];
      const hasDefault = column.default !== undefined || column.defaultFn !== undefined;
      if (value === undefined || (value === null && !hasDefault)) {
        // drizzle writes a default as a parameter, a missing value without one as `null`.
        if (hasDefault && !is(column.default, SQL)) cost++;
        continue;
      }
      sparse[field] = value;
      if (!is(value, SQL)) cost++;
    }
    if (cost > max) throw new RangeError(`one row needs ${cost} parameters, more than ${max}`);
    if (used + cost > max) {
      statements.push(db.insert(table).values(chunk));
      chunk = [];
      used = 0;
    }
    chunk.push(sparse as T['$inferInsert']);
    used += cost;
  }
  if (chunk.length) statements.push(db.insert(table).values(chunk));
  return statements;
}

/** Lists of values for `IN (…)`, each small enough to bind beside `extra` other parameters. */
export function inSlices<T>(values: readonly T[], extra = 0): T[][] {
  const size = MAX_BOUND_PARAMETERS - extra;
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}
