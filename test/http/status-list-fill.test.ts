import { readFileSync } from 'node:fs';
import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials, statusLists } from '../../src/db/schema.js';
import { currentStatusList, LIST_FILL_LIMIT } from '../../src/issuing/status.js';
import { api, apiTokenFor, createHarness, createUser, type Harness, json } from '../helpers/harness.js';

/**
 * A status list counts the slots it has given (a trigger at each credential's insertion) instead of
 * counting its credentials at every issuance; a list given a quarter of its slots is retired.
 */

let h: Harness;
let adminToken: string;
const SLUG = 'structure-demo';

const listsOf = (orgId: string) =>
  h.deps.database.db
    .select({ id: statusLists.id, usedSlots: statusLists.usedSlots })
    .from(statusLists)
    .where(eq(statusLists.orgId, orgId));

const credentialsOn = async (listId: string) =>
  (await h.deps.database.db.select({ n: count() }).from(credentials).where(eq(credentials.statusListId, listId)))[0]!.n;

beforeAll(async () => {
  h = await createHarness();
  adminToken = await apiTokenFor(h, await createUser(h, h.boot.structure!.id, 'structure-admin'));
});
afterAll(() => h.close());

describe('status list fill', () => {
  it('counts every slot given, one badge at a time and a whole cohort at once', async () => {
    const one = await api(h, adminToken, `/api/v1/structures/${SLUG}/credentials/batch?consent=1`, {
      body: { items: [{ name: 'Awa Diallo', birthYear: 1968, achievement: 'A1', level: 'autonome' }] },
    });
    expect(one.status).toBe(200);
    const items = Array.from({ length: 40 }, (_, i) => ({
      name: `Personne ${i} Martin`,
      birthYear: 1950 + i,
      achievement: 'S1',
      level: 'autonome',
    }));
    const many = await api(h, adminToken, `/api/v1/structures/${SLUG}/credentials/batch?consent=1`, {
      body: { items },
    });
    expect(await json<{ issued: number }>(many)).toMatchObject({ issued: 40 });
    const [list] = await listsOf(h.boot.structure!.id);
    expect(list!.usedSlots).toBe(41);
    expect(await credentialsOn(list!.id)).toBe(41);
  });

  it('retires a list once a quarter of it is given, for a single badge as for a batch that would overfill it', async () => {
    const org = h.boot.structure!;
    const db = h.deps.database.db;
    const [list] = await listsOf(org.id);
    // Filling 32,768 slots for real would take the test a minute: the count stands in for them.
    await db
      .update(statusLists)
      .set({ usedSlots: LIST_FILL_LIMIT - 10 })
      .where(eq(statusLists.id, list!.id));
    expect((await currentStatusList(h.deps, org, 'revocation', 10)).id).toBe(list!.id);
    const fresh = await currentStatusList(h.deps, org, 'revocation', 11);
    expect(fresh.id).not.toBe(list!.id);
    expect(fresh.usedSlots).toBe(0);
    const res = await api(h, adminToken, `/api/v1/structures/${SLUG}/credentials/batch?consent=1`, {
      body: { items: [{ name: 'Jeanne Petit', birthYear: 1970, achievement: 'A1', level: 'autonome' }] },
    });
    expect(await json<{ issued: number }>(res)).toMatchObject({ issued: 1 });
    const after = await listsOf(org.id);
    expect(after.find((l) => l.id === fresh.id)!.usedSlots).toBe(1);
    expect(after.find((l) => l.id === list!.id)!.usedSlots).toBe(LIST_FILL_LIMIT - 10);
  });

  it('starts, on a database that had credentials before the count existed, from the credentials it holds', async () => {
    const db = h.deps.database.db;
    await db.update(statusLists).set({ usedSlots: 0 });
    // The backfill statement of the migration that added the count, as the migrator runs it.
    const migration = readFileSync(new URL('../../drizzle/0004_status_list_fill.sql', import.meta.url), 'utf8');
    const backfill = migration.split('--> statement-breakpoint').find((s) => /^\s*(--.*\n)*\s*UPDATE/.test(s))!;
    await h.opened.client.execute(backfill);
    for (const list of await listsOf(h.boot.structure!.id)) expect(list.usedSlots).toBe(await credentialsOn(list.id));
    expect((await db.select({ n: sql<number>`sum(used_slots)` }).from(statusLists))[0]!.n).toBeGreaterThan(40);
  });
});
