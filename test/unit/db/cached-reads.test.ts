import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { afterEach, describe, expect, it } from 'vitest';
import { READ_STATS, withCachedReads } from '../../../src/db/cached-reads.js';
import { openDatabase } from '../../../src/db/node.js';

const items = sqliteTable('items', { id: text('id').primaryKey(), n: integer('n').notNull(), note: text('note') });
const tags = sqliteTable('tags', { id: text('id').primaryKey(), itemId: text('item_id').notNull() });

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function fileDbWithPath() {
  const dir = mkdtempSync(join(tmpdir(), 'jalon-cached-reads-'));
  dirs.push(dir);
  const path = join(dir, 'x.db');
  const opened = await openDatabase(`file:${path}`);
  await opened.client.execute('create table items (id text primary key, n integer not null, note text)');
  return { ...opened, path };
}

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

  describe('kept results', () => {
    const statsOf = (client: unknown) =>
      (client as Record<symbol, { fileReads: number; keptReads: number }>)[READ_STATS]!;
    const byId = { sql: 'select id, n, note from items where id = ?', args: ['a'] };

    it('keeps a result read twice since the file last changed and answers from it, until another connection commits', async () => {
      const { client, path, close } = await fileDbWithPath();
      await client.execute({ sql: 'insert into items (id, n) values (?, ?)', args: ['a', 1] });
      const before = { ...statsOf(client) };
      for (let i = 0; i < 4; i++) expect((await client.execute(byId)).rows[0]!.n).toBe(1);
      expect(statsOf(client).fileReads - before.fileReads).toBe(2);
      expect(statsOf(client).keptReads - before.keptReads).toBe(2);
      // Another connection to the file, as another process (`npm run demo`, a backup job) has.
      const other = createClient({ url: `file:${path}` });
      await other.execute({ sql: 'update items set n = 2 where id = ?', args: ['a'] });
      other.close();
      expect((await client.execute(byId)).rows[0]!.n).toBe(2);
      // Our own writes go through the client's connection: the same.
      await client.execute({ sql: 'update items set n = 3 where id = ?', args: ['a'] });
      expect((await client.execute(byId)).rows[0]!.n).toBe(3);
      close();
    });

    it('keeps results apart by their arguments, strings and numbers alike', async () => {
      const { client, close } = await fileDbWithPath();
      await client.batch(
        [
          { sql: 'insert into items (id, n) values (?, ?)', args: ['1', 1] },
          { sql: 'insert into items (id, n) values (?, ?)', args: ['2', 2] },
        ],
        'write',
      );
      const count = (n: unknown) =>
        client.execute({ sql: 'select count(*) as c from items where n = ?', args: [n as number] });
      expect((await count(1)).rows[0]!.c).toBe(1);
      expect((await count('1')).rows[0]!.c).toBe(1);
      expect((await count(3)).rows[0]!.c).toBe(0);
      const ids = (id: string) => client.execute({ sql: 'select n from items where id = ?', args: [id] });
      expect((await ids('1')).rows[0]!.n).toBe(1);
      expect((await ids('2')).rows[0]!.n).toBe(2);
      close();
    });

    it('gives each caller rows of its own: changing one does not change what later reads get', async () => {
      const { client, close } = await fileDbWithPath();
      await client.execute({ sql: 'insert into items (id, n, note) values (?, ?, ?)', args: ['a', 1, 'x'] });
      const first = (await client.execute(byId)).rows[0]! as Record<string, unknown>;
      first.n = 99;
      expect(() => {
        (first as unknown as unknown[])[1] = 99;
      }).toThrow();
      const again = (await client.execute(byId)).rows[0]!;
      expect([again.n, again[1], again.note]).toEqual([1, 1, 'x']);
      close();
    });

    it('reads from the file after each of our writes, a read between two writes (as in an issuance) included', async () => {
      const { client, close } = await fileDbWithPath();
      for (let n = 0; n < 3; n++) {
        await client.execute({ sql: 'insert into items (id, n) values (?, ?)', args: [`w${n}`, n] });
        const before = statsOf(client).fileReads;
        await client.execute(byId);
        expect(statsOf(client).fileReads).toBe(before + 1);
      }
      expect(statsOf(client).keptReads).toBe(0);
      close();
    });

    it('reads again what depends on more than the file (random(), the clock)', async () => {
      const { client, close } = await fileDbWithPath();
      const random = async () => (await client.execute('select random() % 1000000000 as r')).rows[0]!.r;
      expect(new Set([await random(), await random(), await random()]).size).toBe(3);
      const clock = { sql: "select strftime('%f', 'now') as t", args: [] };
      await client.execute(clock);
      await client.execute(clock);
      const before = statsOf(client).fileReads;
      await client.execute(clock);
      expect(statsOf(client).fileReads).toBe(before + 1);
      close();
    });

    it('reads each time a result asked with long arguments (their keys would not be counted)', async () => {
      const { client, close } = await fileDbWithPath();
      const long = { sql: 'select count(*) as c from items where note = ?', args: ['y'.repeat(5000)] };
      await client.execute(long);
      await client.execute(long);
      const before = statsOf(client).fileReads;
      expect((await client.execute(long)).rows[0]!.c).toBe(0);
      expect(statsOf(client).fileReads).toBe(before + 1);
      close();
    });

    it('keeps results within a size: a very large one is read each time, the least recently used go first', async () => {
      const { client, close } = await fileDbWithPath();
      const note = 'x'.repeat(190_000);
      await client.batch(
        Array.from({ length: 25 }, (_, i) => ({
          sql: 'insert into items (id, n, note) values (?, ?, ?)',
          args: [`i${i}`, i, note],
        })),
        'write',
      );
      const fileReadsOf = async (statement: { sql: string; args: string[] }) => {
        const before = statsOf(client).fileReads;
        await client.execute(statement);
        return statsOf(client).fileReads - before;
      };
      const two = { sql: 'select note from items where id in (?, ?)', args: ['i0', 'i1'] };
      for (let i = 0; i < 3; i++) expect(await fileReadsOf(two)).toBe(1);
      // 25 results of 190,000 characters, each kept at its second read: more than the 4,000,000 kept.
      const one = (i: number) => ({ sql: 'select note from items where id = ?', args: [`i${i}`] });
      for (let i = 0; i < 25; i++) for (let n = 0; n < 2; n++) expect(await fileReadsOf(one(i))).toBe(1);
      expect(await fileReadsOf(one(24))).toBe(0);
      expect(await fileReadsOf(one(0))).toBe(1);
      close();
    });
  });
});
