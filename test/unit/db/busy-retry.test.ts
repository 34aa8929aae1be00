import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Client, createClient, type Transaction } from '@libsql/client';
import { afterEach, describe, expect, it } from 'vitest';
import { busyRetryingClient } from '../../../src/db/libsql.js';
import { isBusyError } from '../../../src/db/busy.js';

const dirs: string[] = [];
const opened: Client[] = [];
afterEach(() => {
  for (const c of opened.splice(0)) c.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A local connection set up as db/node.ts sets one up: WAL, no wait of SQLite's own for a lock. */
async function connect(url: string): Promise<Client> {
  const client = createClient({ url, concurrency: 1, timeout: 0 });
  opened.push(client);
  await client.execute('PRAGMA journal_mode = WAL');
  await client.execute('PRAGMA busy_timeout = 0');
  return client;
}

describe('a local connection refused busy (another process holds the write lock)', () => {
  it('runs no later call on that connection: a write queued behind the refusal commits, and leaves no lock held', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jalon-busy-'));
    dirs.push(dir);
    const url = `file:${join(dir, 'x.db')}`;
    const other = await connect(url);
    await other.execute('create table items (id text primary key)');

    const first = await connect(url);
    let holder: Transaction | undefined = await other.transaction('write');
    let queuedBehind: Promise<unknown> | undefined;
    // Our first write is refused; just then, the other process lets go of its lock and a second
    // request writes (before the refused connection has been replaced): it finds the lock free.
    const refusing = new Proxy(first, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target);
        if (prop !== 'execute') return typeof value === 'function' ? value.bind(target) : value;
        return async (...args: Parameters<Client['execute']>) => {
          try {
            return await target.execute(...args);
          } catch (error) {
            const lock = holder;
            holder = undefined;
            if (isBusyError(error) && lock) {
              await lock.commit();
              queuedBehind = client.execute({ sql: 'insert into items (id) values (?)', args: ['queued behind'] });
            }
            throw error;
          }
        };
      },
    });
    const client = busyRetryingClient(refusing, { reopen: () => connect(url) });

    await client.execute({ sql: 'insert into items (id) values (?)', args: ['refused first'] });
    await queuedBehind;

    // Both are committed: another connection sees them, and may take the write lock at once.
    const seen = await other.execute('select id from items order by id');
    expect(seen.rows.map((r) => r.id)).toEqual(['queued behind', 'refused first']);
    const next = await other.transaction('write');
    await next.rollback();
  });
});
