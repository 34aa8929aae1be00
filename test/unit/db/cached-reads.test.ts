import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { afterEach, describe, expect, it } from 'vitest';
import { withCachedReads } from '../../../src/db/cached-reads.js';
import { openDatabase } from '../../../src/db/node.js';

const items = sqliteTable('items', { id: text('id').primaryKey(), n: integer('n').notNull(), note: text('note') });
const tags = sqliteTable('tags', { id: text('id').primaryKey(), itemId: text('item_id').notNull() });

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function fileDb() {
  const dir = mkdtempSync(join(tmpdir(), 'jalon-cached-reads-'));
  dirs.push(dir);
  const opened = await openDatabase(`file:${join(dir, 'x.db')}`);
  await opened.client.execute('create table items (id text primary key, n integer not null, note text)');
  await opened.client.execute('create table tags (id text primary key, item_id text not null)');
  return { ...opened, db: drizzle(opened.client) };
}

describe('reads on a second connection that keeps its prepared statements (local files)', () => {
  it("puts a read issued while writes wait in the client's queue after them (a get-or-create sees a creation queued first)", async () => {
    const { client, close } = await fileDb();
    const writes = [1, 2, 3].map((n) =>
      client.batch([{ sql: 'insert into items (id, n) values (?, ?)', args: [`w${n}`, n] }], 'write'),
    );
    const read = client.execute({ sql: 'select count(*) as c from items', args: [] });
    await Promise.all(writes);
    expect(Number((await read).rows[0]!.c)).toBe(3);
    close();
  });

  it('sees each committed write at once, through the same built query', async () => {
    const { db, close } = await fileDb();
    const byId = db
      .select()
      .from(items)
      .where(sql`${items.id} = ${sql.placeholder('id')}`)
      .prepare();
    expect(await byId.all({ id: 'a' })).toEqual([]);
    await db.insert(items).values({ id: 'a', n: 1 });
    expect(await byId.all({ id: 'a' })).toEqual([{ id: 'a', n: 1, note: null }]);
    await db.update(items).set({ n: 2, note: 'é' }).where(sql`${items.id} = 'a'`);
    expect(await byId.all({ id: 'a' })).toEqual([{ id: 'a', n: 2, note: 'é' }]);
    await db.batch([db.delete(items), db.insert(items).values({ id: 'b', n: 3 })]);
    expect(await byId.all({ id: 'a' })).toEqual([]);
    expect(await byId.all({ id: 'b' })).toEqual([{ id: 'b', n: 3, note: null }]);
    close();
  });

  it('gives rows as @libsql/client does: by index, and by name for the first column of each name', async () => {
    const { client, db, close } = await fileDb();
    await db.insert(items).values({ id: 'a', n: 7 });
    await db.insert(tags).values({ id: 't', itemId: 'a' });
    const joined = await db
      .select({ item: items.id, tag: tags.id })
      .from(items)
      .innerJoin(tags, sql`${tags.itemId} = ${items.id}`);
    expect(joined).toEqual([{ item: 'a', tag: 't' }]);
    const raw = await client.execute({
      sql: 'select items.id, tags.id, n from items join tags on tags.item_id = items.id',
      args: [],
    });
    const row = raw.rows[0]!;
    expect([row.length, row[0], row[1], row[2]]).toEqual([3, 'a', 't', 7]);
    expect(Object.keys(row)).toEqual(['id', 'n']);
    expect({ ...row }).toEqual({ id: 'a', n: 7 });
    expect(await db.all(sql`select n from items`)).toEqual([{ n: 7 }]);
    close();
  });

  it('reports driver errors and out-of-range integers as @libsql/client does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jalon-cached-reads-'));
    dirs.push(dir);
    const path = join(dir, 'y.db');
    const plain = createClient({ url: `file:${path}` });
    await plain.execute('create table t (x integer)');
    const client = withCachedReads(plain, path, 0);
    await expect(client.execute('select nothing from t')).rejects.toMatchObject({ code: 'SQLITE_ERROR' });
    await client.execute({ sql: 'insert into t values (?)', args: [2 ** 53 + 2] });
    await expect(client.execute('select x from t')).rejects.toThrow(/safely represented/);
    client.close();
    expect(client.closed).toBe(true);
  });
});
