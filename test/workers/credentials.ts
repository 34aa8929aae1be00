import { env, SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiToken, BASE, hubAdminSession } from './helpers.js';

let token: string;
interface Verified {
  verified: boolean;
  checks: { id: string; ok: boolean; message: string }[];
}

beforeAll(async () => {
  token = await apiToken(await hubAdminSession());
});

async function issueBlock(): Promise<{ id: string; url: string; jwt: string }> {
  const res = await SELF.fetch(`${BASE}/api/v1/credentials`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      achievement: 'mediateurs/1.0.0/blocs/M2',
      recipient: { name: 'Sam Médiateur' },
      level: 'maitrise',
    }),
  });
  expect(res.status).toBe(201);
  return res.json();
}

async function verify(body: unknown): Promise<Verified> {
  const res = await SELF.fetch(`${BASE}/api/v1/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return res.json();
}

describe('issuing and verifying inside workerd (D1)', () => {
  it('issues a signed credential and verifies it through POST /api/v1/verify', async () => {
    const issued = await issueBlock();
    const result = await verify({ credential: issued.jwt, expected: { name: 'sam médiateur' } });
    expect(result.verified).toBe(true);
    expect(result.checks.map((c) => c.id)).toEqual([
      'parse',
      'schema',
      'signature',
      'issuer',
      'label',
      'status',
      'validity',
      'recipient',
    ]);
    // The label check reads the label tables on D1 too: a mediator's block badge shows its certification state.
    expect(result.checks.find((c) => c.id === 'label')!.message).toContain('est en vigueur');
  });

  it('bakes the PNG with resvg in workerd, and verifies the uploaded file', async () => {
    const issued = await issueBlock();
    const png = await SELF.fetch(`${issued.url}.png`);
    expect(png.headers.get('content-type')).toBe('image/png');
    const form = new FormData();
    form.set('file', new File([await png.arrayBuffer()], 'badge.png', { type: 'image/png' }));
    const res = await SELF.fetch(`${BASE}/api/v1/verify`, { method: 'POST', body: form });
    expect(((await res.json()) as Verified).verified).toBe(true);
  });

  it('reflects a suspension in the signed status list at once, the list kept in D1 signed again for it', async () => {
    const issued = await issueBlock();
    // A first verification signs the list and keeps it (status_list_jwt) at its current revision.
    expect((await verify({ url: issued.url })).verified).toBe(true);
    const payload = JSON.parse(atob(issued.jwt.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as {
      credentialStatus: { statusListCredential: string };
    };
    const listId = payload.credentialStatus.statusListCredential.split('/').pop()!;
    const kept = () =>
      env.DB.prepare(
        "SELECT k.revision AS kept, l.bits_revision AS current FROM status_list_jwt k JOIN status_lists l ON l.id = k.list_id WHERE k.list_id = ? AND k.form = 'jwt'",
      )
        .bind(listId)
        .first<{ kept: number; current: number }>();
    const before = (await kept())!;
    expect(before.kept).toBe(before.current);
    const suspend = await SELF.fetch(`${BASE}/api/v1/credentials/${issued.id.slice(9)}/suspend`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'Contrôle en cours' }),
    });
    expect(suspend.status).toBe(200);
    const result = await verify({ url: issued.url });
    expect(result.verified).toBe(false);
    expect(result.checks.find((c) => c.id === 'status')!.message).toContain('suspendu');
    // D1 ran the trigger: the revision moved with the change, and the list was signed again for it.
    expect(await kept()).toEqual({ kept: before.current + 1, current: before.current + 1 });
  });

  it('answers garbage with verified: false, never an error', async () => {
    const result = await verify({ credential: 'eyJhbGciOiJub25lIn0.e30.' });
    expect(result.verified).toBe(false);
  });
});
