import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { BASE, hubAdminSession } from './helpers.js';

describe('Workers entry (workerd + D1 with the shipped migrations)', () => {
  it('answers the health check', async () => {
    const res = await SELF.fetch('https://jalon.example.org/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });

  it('bootstraps the embedded referentials and serves them as canonical JSON', async () => {
    const list = (await (await SELF.fetch('https://jalon.example.org/api/v1/referentials')).json()) as {
      slug: string;
      kind: string;
    }[];
    expect(list.map((r) => r.slug).sort()).toEqual(['abecedaire', 'abecedaire', 'mediateurs']);
    const res = await SELF.fetch('https://jalon.example.org/api/v1/referentials/abecedaire/1.0.0');
    expect(res.status).toBe(200);
    const ref = (await res.json()) as { kind: string; entries: unknown[] };
    expect(ref.kind).toBe('learner');
    expect(ref.entries.length).toBeGreaterThanOrEqual(22);
  });

  it('renders the alphabet page in French', async () => {
    const res = await SELF.fetch('https://jalon.example.org/referentials/abecedaire', {
      headers: { accept: 'text/html' },
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('Autonome avec guidage en cas de besoin');
  });

  it('answers unknown referentials and malformed versions with problem+json', async () => {
    const missing = await SELF.fetch('https://jalon.example.org/api/v1/referentials/nope');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    const bad = await SELF.fetch('https://jalon.example.org/api/v1/referentials/abecedaire/x');
    expect(bad.status).toBe(422);
  });

  it('sets up the first administrator with the setup token, then signs in with a session stored in D1', async () => {
    const denied = await SELF.fetch(`${BASE}/api/v1/setup`, {
      method: 'POST',
      headers: { 'x-jalon-setup-token': 'wrong' },
    });
    expect(denied.status).toBe(401);
    const session = await hubAdminSession();
    expect(session.cookie).toMatch(/^__Host-jalon_session=/);
    const me = await SELF.fetch(`${BASE}/api/v1/me`, { headers: { cookie: session.cookie } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { memberships: { role: string }[] }).memberships[0]!.role).toBe('hub-admin');
    const again = (await (
      await SELF.fetch(`${BASE}/api/v1/setup`, {
        method: 'POST',
        headers: { 'x-jalon-setup-token': 'workerd-test-setup-token-0123456789' },
      })
    ).json()) as { invitationUrl: string | null };
    expect(again.invitationUrl).toBeNull();
  });

  it('refuses a sign-in without the CSRF token', async () => {
    const res = await SELF.fetch('https://jalon.example.org/connexion', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: 'email=a%40b.org&password=x',
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { code: string }).code).toBe('csrf_failed');
  });
});

describe('Workers entry without a usable configuration', () => {
  it('answers 503 problem+json with a request id and both languages', async () => {
    const { default: worker } = await import('../../src/worker.js');
    const ctx = { waitUntil() {}, passThroughOnException() {} } as unknown as Parameters<typeof worker.fetch>[2];
    const res = await worker.fetch(
      new Request('https://jalon.example.org/healthz', { headers: { 'accept-language': 'en-GB,en;q=0.9' } }),
      { PUBLIC_URL: 'https://jalon.example.org' },
      ctx,
    );
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = (await res.json()) as {
      code: string;
      title: string;
      requestId: string;
      i18n: { fr: { detail: string }; en: { detail: string } };
    };
    expect(body.code).toBe('service_unavailable');
    expect(body.title).toBe('Service unavailable');
    expect(body.requestId).toBe(res.headers.get('x-request-id'));
    expect(body.requestId.length).toBeGreaterThan(8);
    expect(body.i18n.fr.detail).toContain('JALON_MASTER_KEY');
    expect(body.i18n.en.detail).toMatch(/not configured/);
  });
});
