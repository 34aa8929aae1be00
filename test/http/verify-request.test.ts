/**
 * What one verification request costs beyond the verification itself: no cookie for an anonymous
 * API call (the JSON API renders no form), while pages keep their anonymous CSRF cookie; the reads
 * every verification makes are built once (db/prepared.ts) yet bind each request's own values and
 * read the database afresh.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  apiTokenFor,
  createHarness,
  createStructure,
  createUser,
  json,
  type Harness,
} from '../helpers/harness.js';
import { decodePart } from '../helpers/standards.js';

let h: Harness;

interface Verified {
  verified: boolean;
  checks: { id: string; ok: boolean; message: string }[];
}

async function verify(jwt: string): Promise<Verified> {
  const res = await api(h, null, '/api/v1/verify', { body: { credential: jwt } });
  expect(res.status).toBe(200);
  return json<Verified>(res);
}

async function issue(token: string, achievement: string, name: string): Promise<{ id: string; jwt: string }> {
  const res = await api(h, token, '/api/v1/credentials', {
    body: { achievement, recipient: { name }, ...(achievement.includes('/blocs/') ? { level: 'maitrise' } : {}) },
  });
  expect(res.status).toBe(201);
  return json(res);
}

beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('an anonymous verification request', () => {
  it('gets its answer without a CSRF cookie, while a page still sets one for its forms', async () => {
    const res = await api(h, null, '/api/v1/verify', { body: { credential: 'pas un badge' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toBeNull();
    const page = await h.app.request('/verifier');
    expect(page.status).toBe(200);
    expect(page.headers.get('set-cookie')).toMatch(/^jalon_csrf=[A-Za-z0-9_-]{43};/);
  });

  it('reads the issuer, key, label and list of each badge in turn, and a key compromised in between at once', async () => {
    const other = await createStructure(h, 'Médiathèque Autre');
    const demo = await issue(
      await apiTokenFor(h, await createUser(h, h.boot.structure!.id, 'mediator')),
      'abecedaire/1.0.0/competences/A1',
      'Anne Demo',
    );
    const otherAdmin = await apiTokenFor(h, await createUser(h, other.id, 'structure-admin'));
    const elsewhere = await issue(otherAdmin, 'abecedaire/1.0.0/competences/A1', 'Bruno Autre');
    const hub = await issue(
      await apiTokenFor(h, await createUser(h, h.boot.hub.id, 'hub-admin')),
      'mediateurs/1.0.0/blocs/M2',
      'Chloé Hub',
    );
    for (let round = 0; round < 2; round++)
      for (const badge of [demo, elsewhere, hub]) expect((await verify(badge.jwt)).verified).toBe(true);

    const fragment = decodePart<{ kid: string }>(elsewhere.jwt, 0).kid.split('#')[1]!;
    const res = await api(h, otherAdmin, `/api/v1/issuers/${other.slug}/keys/${fragment}/compromised`, {
      body: { reason: 'Ordinateur volé' },
    });
    expect(res.status).toBe(200);
    const after = await verify(elsewhere.jwt);
    expect(after.verified).toBe(false);
    expect(after.checks.find((c) => c.id === 'issuer')!.message).toMatch(/compromise/);
    // The other issuers' badges, read through the same built queries, are untouched.
    expect((await verify(demo.jwt)).verified).toBe(true);
    expect((await verify(hub.jwt)).verified).toBe(true);
  });
});
