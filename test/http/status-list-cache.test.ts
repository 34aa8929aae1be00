/**
 * Status lists are signed once per change of their bits and kept (status_list_jwt), not rebuilt and
 * signed on every verification or read; a revocation or suspension is served at once because the
 * change bumps the list's revision in the same transaction (a trigger), whatever wrote it.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusListJwt, statusLists } from '../../src/db/schema.js';
import { api, apiTokenFor, createHarness, createUser, json, type Harness } from '../helpers/harness.js';
import { decodePart } from '../helpers/standards.js';

let h: Harness;
let hubAdmin: string;
const BLOCK = 'mediateurs/1.0.0/blocs/M2';

interface Issued {
  id: string;
  jwt: string;
}

async function issueBlock(name: string): Promise<Issued> {
  const res = await api(h, hubAdmin, '/api/v1/credentials', {
    body: { achievement: BLOCK, recipient: { name }, level: 'maitrise' },
  });
  expect(res.status).toBe(201);
  return json<Issued>(res);
}

async function verify(jwt: string): Promise<{ verified: boolean; status: string }> {
  const res = await api(h, null, '/api/v1/verify', { body: { credential: jwt } });
  const body = await json<{ verified: boolean; checks: { id: string; message: string }[] }>(res);
  return { verified: body.verified, status: body.checks.find((c) => c.id === 'status')!.message };
}

function listOf(jwt: string): { url: string; id: string } {
  const vc = decodePart(jwt, 1) as { credentialStatus: { statusListCredential: string } };
  const url = vc.credentialStatus.statusListCredential;
  return { url, id: url.split('/').pop()! };
}

async function kept(listId: string) {
  const rows = await h.deps.database.db
    .select()
    .from(statusListJwt)
    .where(and(eq(statusListJwt.listId, listId), eq(statusListJwt.form, 'jwt')));
  return rows[0];
}

async function revisionOf(listId: string): Promise<number> {
  const rows = await h.deps.database.db.select().from(statusLists).where(eq(statusLists.id, listId));
  return rows[0]!.bitsRevision;
}

beforeAll(async () => {
  h = await createHarness();
  hubAdmin = await apiTokenFor(h, await createUser(h, h.boot.hub.id, 'hub-admin'));
});
afterAll(() => h.close());

describe('status lists kept between changes of their bits', () => {
  it('signs a list once for many verifications and reads, and serves the kept copy', async () => {
    const a = await issueBlock('Anna Gardée');
    const list = listOf(a.jwt);
    expect(await kept(list.id)).toBeUndefined();
    expect((await verify(a.jwt)).verified).toBe(true);
    const first = await kept(list.id);
    expect(first).toMatchObject({ revision: await revisionOf(list.id) });
    for (let i = 0; i < 3; i++) expect((await verify(a.jwt)).verified).toBe(true);
    const served = await h.app.request(new URL(list.url).pathname);
    expect(served.status).toBe(200);
    // The same signed bytes: no new signature was made for these requests.
    expect(await served.text()).toBe(first!.jwt);
    expect(await kept(list.id)).toEqual(first);
  });

  it('shows a revocation and a suspension on the very next verification, signing the list once per change', async () => {
    const revoked = await issueBlock('Rémi Retiré');
    const suspended = await issueBlock('Sara Suspendue');
    const list = listOf(revoked.jwt);
    expect(listOf(suspended.jwt).id).toBe(list.id);
    expect((await verify(revoked.jwt)).verified).toBe(true);
    const before = (await kept(list.id))!;

    const id = (c: Issued) => c.id.slice(9);
    expect(
      (await api(h, hubAdmin, `/api/v1/credentials/${id(revoked)}/revoke`, { body: { reason: 'Erreur' } })).status,
    ).toBe(200);
    const r = await verify(revoked.jwt);
    expect(r.verified).toBe(false);
    expect(r.status).toMatch(/^Ce badge a été révoqué par son émetteur le .* : Erreur\.$/);
    const afterRevoke = (await kept(list.id))!;
    expect(afterRevoke.revision).toBe(before.revision + 1);
    expect(afterRevoke.jwt).not.toBe(before.jwt);
    // Read again and again: still that one signature.
    expect((await verify(suspended.jwt)).verified).toBe(true);
    expect(await (await h.app.request(new URL(list.url).pathname)).text()).toBe(afterRevoke.jwt);
    expect(await kept(list.id)).toEqual(afterRevoke);

    expect(
      (await api(h, hubAdmin, `/api/v1/credentials/${id(suspended)}/suspend`, { body: { reason: 'Contrôle' } })).status,
    ).toBe(200);
    // The public list, read first this time, carries the new bit at once too.
    const served = await h.app.request(new URL(list.url).pathname);
    const afterSuspend = (await kept(list.id))!;
    expect(await served.text()).toBe(afterSuspend.jwt);
    expect(afterSuspend.revision).toBe(before.revision + 2);
    const s = await verify(suspended.jwt);
    expect(s.verified).toBe(false);
    expect(s.status).toMatch(/^Ce badge est suspendu par son émetteur depuis le .* : Contrôle\.$/);
    expect(await kept(list.id)).toEqual(afterSuspend);
  });

  it('moves the revision on any write of the bits, not only through the issuing service', async () => {
    const c = await issueBlock('Carl Direct');
    const list = listOf(c.jwt);
    const before = await revisionOf(list.id);
    await h.opened.client.execute({
      sql: "UPDATE credentials SET revoked_at = '2026-01-01T00:00:00Z' WHERE id = ?",
      args: [c.id.slice(9)],
    });
    expect(await revisionOf(list.id)).toBe(before + 1);
    // Writing another column, or the same value again, changes no bit.
    await h.opened.client.execute({
      sql: "UPDATE credentials SET revoked_at = '2026-01-01T00:00:00Z', revocation_reason = 'x' WHERE id = ?",
      args: [c.id.slice(9)],
    });
    expect(await revisionOf(list.id)).toBe(before + 1);
    expect((await verify(c.jwt)).verified).toBe(false);
  });
});
