import { type FakePrimitiveParam, getTableColumns, is, SQL, type SQLChunk, StringChunk } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db, Statement } from './client.js';

/** D1 refuses a statement with more bound parameters than this (libSQL allows far more). */
export const MAX_BOUND_PARAMETERS = 100;

/**
 * Bound parameters per multi-row INSERT on libSQL (SQLite allows 32,766): a 500-credential batch in
 * 5 statements instead of 125, each prepared once per call (alternated runs of bench/batch.ts: 146–200
 * against 173–224 ms a batch). D1 keeps its 100.
 */
const LIBSQL_INSERT_PARAMETERS = 2000;
const insertLimits = new WeakMap<Db, number>();

/** Called once per database as it is made: how many parameters its multi-row INSERTs may bind. */
export function setInsertLimit(db: Db, engine: 'libsql' | 'd1'): void {
  insertLimits.set(db, engine === 'libsql' ? LIBSQL_INSERT_PARAMETERS : MAX_BOUND_PARAMETERS);
}

type Columns = [field: string, column: SQLiteColumn][];

/** The columns drizzle inserts, in its order (generated ones left out), per table. */
const insertColumns = new WeakMap<SQLiteTable, Columns>();
function columnsOf(table: SQLiteTable): Columns {
  let columns = insertColumns.get(table);
  if (!columns) {
    columns = Object.entries(getTableColumns(table)).filter(([, column]) => !column.generated);
    insertColumns.set(table, columns);
  }
  return columns;
}

/** A column's value as written: null (the literal `null`), a SQL expression, or a bound primitive. */
function written(value: unknown, column: SQLiteColumn): unknown {
  return value === null || value === undefined || is(value, SQL) ? (value ?? null) : column.mapToDriverValue(value);
}

/**
 * One row's values as drizzle would insert them: a missing value gets the column's default,
 * `$defaultFn` or `$onUpdateFn`, else null.
 */
function rowValues(columns: Columns, row: Record<string, unknown>): unknown[] {
  return columns.map(([field, column]) => {
    const value = row[field];
    if (value !== undefined) return written(value, column);
    if (column.default !== null && column.default !== undefined) return written(column.default, column);
    if (column.defaultFn !== undefined) return written(column.defaultFn(), column);
    if (column.onUpdateFn !== undefined) return written(column.onUpdateFn(), column);
    return null;
  });
}

/** `values (…), (…)` built chunk by chunk: literal text merged, each primitive a bound parameter. */
class ValuesSql {
  private chunks: SQLChunk[] = [];
  private text = 'values ';
  rows = 0;
  params = 0;

  add(values: readonly unknown[]): void {
    this.text += this.rows++ === 0 ? '(' : ', (';
    for (const [n, value] of values.entries()) {
      if (n > 0) this.text += ', ';
      if (value === null) {
        this.text += 'null';
        continue;
      }
      // A primitive among a SQL's chunks is a bound parameter, as `sql\`${value}\`` makes it.
      this.chunks.push(new StringChunk(this.text), value as SQL | FakePrimitiveParam);
      this.text = '';
      if (!is(value, SQL)) this.params++;
    }
    this.text += ')';
  }

  sql(): SQL {
    return new SQL([...this.chunks, new StringChunk(this.text)]);
  }
}

/**
 * Multi-row INSERTs of `rows`, as few as the database's bound-parameter limit allows, writing what drizzle's
 * `insert().values()` writes. A null is the literal `null` rather than a bound parameter, so sparse
 * rows (credentials: most status columns empty) fit more per statement. The VALUES list is built
 * here, not by drizzle's builder, which wraps every value in an object and checks its class many
 * times over (a tenth of a 500-credential batch's time).
 */
export function chunkedInserts<T extends SQLiteTable>(
  db: Db,
  table: T,
  rows: readonly T['$inferInsert'][],
  max = insertLimits.get(db) ?? MAX_BOUND_PARAMETERS,
): Statement[] {
  const columns = columnsOf(table);
  const statements: Statement[] = [];
  let chunk = new ValuesSql();
  for (const row of rows) {
    const values = rowValues(columns, row as Record<string, unknown>);
    const cost = values.reduce<number>((n, v) => (v === null || is(v, SQL) ? n : n + 1), 0);
    if (cost > max) throw new RangeError(`one row needs ${cost} parameters, more than ${max}`);
    if (chunk.rows > 0 && chunk.params + cost > max) {
      statements.push(db.insert(table).select(chunk.sql()));
      chunk = new ValuesSql();
    }
    chunk.add(values);
  }
  if (chunk.rows > 0) statements.push(db.insert(table).select(chunk.sql()));
  return statements;
}

/** Lists of values for `IN (…)`, each small enough to bind beside `extra` other parameters. */
export function inSlices<T>(values: readonly T[], extra = 0): T[][] {
  const size = MAX_BOUND_PARAMETERS - extra;
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}
