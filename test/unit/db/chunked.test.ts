import { createClient } from '@libsql/client';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { chunkedInserts } from '../../../src/db/chunked.js';
import { type Db, wrapDrizzle } from '../../../src/db/client.js';

/** Columns of every kind chunkedInserts must write as drizzle does: defaults, a default function, modes. */
const shape = (name: string) =>
  sqliteTable(name, {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull(),
    note: text('note'),
    count: integer('count').notNull().default(7),
    flag: integer('flag', { mode: 'boolean' }).notNull().default(false),
    tags: text('tags', { mode: 'json' }).$type<string[]>(),
    made: text('made').$defaultFn(() => 'by-default-fn'),
    stamp: text('stamp').default(sql`('sql-default')`),
  });
const ours = shape('ours');
const theirs = shape('theirs');
const ddl = (name: string) =>
  `create table ${name} (seq integer primary key autoincrement, id text not null, note text, count integer not null default 7, flag integer not null default 0, tags text, made text, stamp text default ('sql-default'))`;

async function twoTables() {
  const client = createClient({ url: ':memory:' });
  await client.execute(ddl('ours'));
  await client.execute(ddl('theirs'));
  return { client, db: drizzle(client) as unknown as Db };
}

const rows = Array.from({ length: 23 }, (_, i) => ({
  id: `row-${i}`,
  note: i % 3 === 0 ? null : i % 3 === 1 ? undefined : `note ${i} with 'quotes' and ? marks`,
  ...(i % 2 ? { count: i } : {}),
  ...(i % 4 === 0 ? { flag: true } : {}),
  ...(i % 5 === 0 ? { tags: ['a', `b${i}`] } : {}),
  ...(i % 6 === 0 ? { made: `made ${i}`, stamp: null } : {}),
}));

describe('chunkedInserts', () => {
  it('writes the rows drizzle’s insert().values() writes: values, nulls, defaults, default functions, modes', async () => {
    const { client, db } = await twoTables();
    for (const statement of chunkedInserts(db, ours, rows, 12)) await statement;
    for (const row of rows) await db.insert(theirs).values(row);
    const a = await client.execute('select * from ours order by seq');
    const b = await client.execute('select * from theirs order by seq');
    expect(a.rows.length).toBe(rows.length);
    expect(a.rows.map((r) => ({ ...r }))).toEqual(b.rows.map((r) => ({ ...r })));
    client.close();
  });

  it('keeps each statement within the bound-parameter limit and counts a null as no parameter', async () => {
    const { client, db } = await twoTables();
    // Per row: id, count and flag (defaults bound), made (default function): 4 parameters; note is null.
    const statements = chunkedInserts(
      db,
      ours,
      rows.map((r) => ({ id: r.id })),
      10,
    );
    const queries = statements.map((s) => (s as unknown as { toSQL(): { params: unknown[] } }).toSQL());
    expect(queries.map((q) => q.params.length)).toEqual([...Array(11).fill(8), 4]);
    client.close();
  });

  it('binds up to 2,000 parameters per statement on libSQL and D1’s 100 on D1, by the database it writes to', async () => {
    const { client } = await twoTables();
    const many = Array.from({ length: 600 }, (_, i) => ({ id: `r${i}` }));
    const paramsOf = (engine: 'libsql' | 'd1') =>
      chunkedInserts(wrapDrizzle(drizzle(client), engine).db, ours, many).map(
        (s) => (s as unknown as { toSQL(): { params: unknown[] } }).toSQL().params.length,
      );
    // 4 parameters per row (see above).
    expect(paramsOf('libsql')).toEqual([2000, 400]);
    const d1 = paramsOf('d1');
    expect(d1).toHaveLength(24);
    expect(Math.max(...d1)).toBe(100);
    client.close();
  });

  it('refuses a row that alone needs more parameters than allowed', async () => {
    const { client, db } = await twoTables();
    expect(() => chunkedInserts(db, ours, [{ id: 'x', note: 'n', tags: ['t'] }], 4)).toThrow(RangeError);
    client.close();
  });
});
