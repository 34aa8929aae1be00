import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvitation } from '../../src/auth/service.js';
import { LOGIN_MAX_FAILURES_PER_ACCOUNT } from '../../src/auth/throttle.js';
import { verifyAuditChain } from '../../src/db/audit.js';
import { apiTokens, auditEvents, sessions, users } from '../../src/db/schema.js';
import {
  bearer,
  Client,
  createHarness,
  createUser,
  json,
  signedInClient,
  TEST_PASSWORD,
  type Harness,
} from '../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('sign-in and sessions', () => {
  it('signs in with e-mail and password and sets an HttpOnly, SameSite session cookie', async () => {
    const user = await createUser(h, h.boot.structure!.id, 'mediator');
    const client = new Client(h);
    await client.get('/connexion');
    const res = await client.postForm('/connexion', {
      email: `  ${user.email.toUpperCase()} `,
      password: user.password,
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/espace');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('jalon_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
    const page = await client.get('/espace');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Structure de démonstration');
  });

  it('uses a Secure __Host- cookie when the instance is served over https', async () => {
    const hs = await createHarness({ publicUrl: 'https://jalon.example.org' });
    try {
      const user = await createUser(hs, hs.boot.structure!.id, 'mediator');
      const client = new Client(hs);
      await client.get('/connexion');
      const res = await client.postForm('/connexion', { email: user.email, password: user.password });
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('__Host-jalon_session='))!;
      expect(cookie).toMatch(/Secure/);
      expect(cookie).toMatch(/Path=\//);
    } finally {
      hs.close();
    }
  });

  it('refuses a wrong password with the same message as an unknown account, in French', async () => {
    const user = await createUser(h, h.boot.structure!.id, 'mediator');
    const client = new Client(h);
    await client.get('/connexion');
    const wrong = await client.postForm('/connexion', { email: user.email, password: 'not the password' });
    const unknown = await client.postForm('/connexion', { email: 'nobody@example.org', password: 'whatever pass' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.text()).toContain('Adresse e-mail ou mot de passe incorrect');
    expect(await unknown.text()).toContain('Adresse e-mail ou mot de passe incorrect');
  });

  it('locks an account for 15 minutes after repeated failures, even with the right password, then lets it in', async () => {
    const user = await createUser(h, h.boot.structure!.id, 'mediator');
    const client = new Client(h);
    await client.get('/connexion');
    for (let i = 0; i < LOGIN_MAX_FAILURES_PER_ACCOUNT; i++) {
      expect((await client.postForm('/connexion', { email: user.email, password: `bad-${i}` })).status).toBe(401);
    }
    const locked = await client.postForm(
      '/connexion',
      { email: user.email, password: user.password },
      { accept: 'application/json' },
    );
    expect(locked.status).toBe(429);
    expect(locked.headers.get('content-type')).toContain('application/problem+json');
    expect(locked.headers.get('retry-after')).toBe('900');
    expect((await json<{ code: string }>(locked)).code).toBe('rate_limited');
    h.setNow(new Date(Date.now() + 16 * 60 * 1000));
    try {
      expect((await client.postForm('/connexion', { email: user.email, password: user.password })).status).toBe(303);
    } finally {
      h.setNow(new Date());
    }
  });

  it('limits sign-in attempts per client address across accounts', async () => {
    const client = new Client(h);
    await client.get('/connexion');
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) {
      const res = await client.postForm(
        '/connexion',
        { email: `spray${i}@example.org`, password: 'x' },
        { headers: { 'x-test-client-ip': '203.0.113.9' } },
      );
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429]);
  });

  it('signs out by deleting the server-side session', async () => {
    const user = await createUser(h, h.boot.structure!.id, 'mediator');
    const client = await signedInClient(h, user);
    const before = await h.deps.database.db.select().from(sessions);
    const res = await client.postForm('/deconnexion', {});
    expect(res.status).toBe(303);
    const after = await h.deps.database.db.select().from(sessions);
    expect(after.length).toBe(before.length - 1);
    expect((await client.get('/espace')).status).toBe(303);
  });

  it('redirects a signed-out visitor of a private page to the sign-in page and back', async () => {
    const res = await new Client(h).get('/compte?x=1');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/connexion?suite=%2Fcompte%3Fx%3D1');
  });

  it('never redirects after sign-in to another site', async () => {
    const user = await createUser(h, h.boot.structure!.id, 'mediator');
    const client = new Client(h);
    await client.get('/connexion');
    const res = await client.postForm('/connexion', {
      email: user.email,
      password: user.password,
      suite: '//evil.example/',
    });
    expect(res.headers.get('location')).toBe('/espace');
  });
});

describe('CSRF protection', () => {
  it('refuses a signed-in form post without the token', async () => {
    const user = await createUser(h, h.boot.structure!.id, 'mediator');
    const client = await signedInClient(h, user);
    const res = await client.postForm('/compte/jetons', { _csrf: '', name: 'x' }, { accept: 'application/json' });
    expect(res.status).toBe(403);
    expect((await json<{ code: string }>(res)).code).toBe('csrf_failed');
  });

  it('refuses a form post from another origin even with a token', async () => {
    const user = await createUser(h, h.boot.structure!.id, 'mediator');
    const client = await signedInClient(h, user);
    const res = await client.postForm(
      '/compte/jetons',
      { name: 'x' },
      { headers: { origin: 'https://evil.example' }, accept: 'application/json' },
    );
    expect(res.status).toBe(403);
  });

  it('refuses the sign-in form without the anonymous token (login CSRF)', async () => {
    const user = await createUser(h, h.boot.structure!.id, 'mediator');
    const client = new Client(h);
    await client.get('/connexion');
    const res = await client.postForm('/connexion', { _csrf: 'forged', email: user.email, password: user.password });
    expect(res.status).toBe(403);
  });

  it('accepts the token in the X-CSRF-Token header for JSON calls with a session', async () => {
    const user = await createUser(h, h.boot.structure!.id, 'mediator');
    const client = await signedInClient(h, user);
    const ok = await client.request('/api/v1/tokens', {
      method: 'POST',
      body: JSON.stringify({ name: 'script' }),
      headers: { 'content-type': 'application/json', 'x-csrf-token': client.csrf },
    });
    expect(ok.status).toBe(201);
    const refused = await client.request('/api/v1/tokens', {
      method: 'POST',
      body: JSON.stringify({ name: 'script' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(refused.status).toBe(403);
  });
});

describe('invitations', () => {
  it('creates an account from a one-time link, with the invited role, and records it in the audit log', async () => {
    const inv = await createInvitation(h.deps, null, {
      orgId: h.boot.structure!.id,
      role: 'structure-admin',
      email: 'Camille@Example.org',
    });
    const client = new Client(h);
    const page = await client.get(new URL(inv.url).pathname);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('responsable de la structure');
    expect(html).toContain('camille@example.org');
    const res = await client.postForm(new URL(inv.url).pathname, {
      email: 'camille@example.org',
      displayName: 'Camille',
      password: TEST_PASSWORD,
    });
    expect(res.status).toBe(303);
    const me = await client.get('/api/v1/me', 'application/json');
    const body = await json<{ memberships: { role: string }[] }>(me);
    expect(body.memberships.map((m) => m.role)).toEqual(['structure-admin']);
    const again = await new Client(h).get(new URL(inv.url).pathname, 'application/json');
    expect(again.status).toBe(410);
    const actions = (await h.deps.database.db.select().from(auditEvents)).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['invitation.created', 'invitation.accepted', 'membership.granted', 'auth.signed-in']),
    );
  });

  it('refuses an invitation bound to another address and a too-short password, keeping the form', async () => {
    const inv = await createInvitation(h.deps, null, {
      orgId: h.boot.structure!.id,
      role: 'mediator',
      email: 'bound@example.org',
    });
    const path = new URL(inv.url).pathname;
    const client = new Client(h);
    await client.get(path);
    const other = await client.postForm(path, {
      email: 'other@example.org',
      displayName: 'X',
      password: TEST_PASSWORD,
    });
    expect(other.status).toBe(403);
    expect(await other.text()).toContain('réservée à une autre adresse');
    const short = await client.postForm(path, { email: 'bound@example.org', displayName: 'X', password: 'short' });
    expect(short.status).toBe(422);
    const count = (await h.deps.database.db.select().from(users)).filter((u) => u.email === 'bound@example.org').length;
    expect(count).toBe(0);
  });

  it('adds a role to an existing account only with its password', async () => {
    const user = await createUser(h, h.boot.structure!.id, 'mediator');
    const inv = await createInvitation(h.deps, null, { orgId: h.boot.hub.id, role: 'committee' });
    const path = new URL(inv.url).pathname;
    const client = new Client(h);
    await client.get(path);
    const wrong = await client.postForm(path, { email: user.email, displayName: 'X', password: 'wrong password!!' });
    expect(wrong.status).toBe(401);
    const ok = await client.postForm(path, { email: user.email, displayName: 'X', password: user.password });
    expect(ok.status).toBe(303);
    const me = await json<{ memberships: { role: string }[] }>(await client.get('/api/v1/me', 'application/json'));
    expect(me.memberships.map((m) => m.role).sort()).toEqual(['committee', 'mediator']);
  });

  it('lets only the first of two simultaneous acceptances win', async () => {
    const inv = await createInvitation(h.deps, null, { orgId: h.boot.structure!.id, role: 'mediator' });
    const path = new URL(inv.url).pathname;
    const a = new Client(h);
    const b = new Client(h);
    await a.get(path);
    await b.get(path);
    const [ra, rb] = await Promise.all([
      a.postForm(
        path,
        { email: 'race-a@example.org', displayName: 'A', password: TEST_PASSWORD },
        { accept: 'application/json' },
      ),
      b.postForm(
        path,
        { email: 'race-b@example.org', displayName: 'B', password: TEST_PASSWORD },
        { accept: 'application/json' },
      ),
    ]);
    expect([ra.status, rb.status].sort()).toEqual([303, 410]);
    const created = (await h.deps.database.db.select().from(users)).filter((u) => u.email.startsWith('race-'));
    expect(created).toHaveLength(1);
  });

  it('expires after 7 days', async () => {
    const inv = await createInvitation(h.deps, null, { orgId: h.boot.structure!.id, role: 'mediator' });
    h.setNow(new Date(Date.now() + 8 * 86_400_000));
    try {
      const res = await new Client(h).get(new URL(inv.url).pathname, 'application/json');
      expect(res.status).toBe(410);
      expect((await json<{ detail: string }>(res)).detail).toContain('expiré');
    } finally {
      h.setNow(new Date());
    }
  });
});

describe('API tokens', () => {
  it('are shown once, stored hashed, authenticate the API and stop working when revoked', async () => {
    const user = await createUser(h, h.boot.structure!.id, 'mediator');
    const client = await signedInClient(h, user);
    const created = await client.postForm('/compte/jetons', { name: 'Mon script' });
    // Post/redirect/get: the account page shows the new token once, then never again.
    expect(created.status).toBe(303);
    const shown = await (await client.get('/compte')).text();
    const token = /class="secret mono">(jalon_[A-Za-z0-9_-]+)</.exec(shown)![1]!;
    expect(await (await client.get('/compte')).text()).not.toContain(token);
    const stored =
      JSON.stringify(await h.deps.database.db.select().from(apiTokens)) +
      JSON.stringify(await h.deps.database.db.select().from(auditEvents));
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(token.slice(12));
    const me = await h.app.request('/api/v1/me', { headers: bearer(token) });
    expect(me.status).toBe(200);
    expect((await json<{ email: string }>(me)).email).toBe(user.email);
    const list = await (await client.get('/compte')).text();
    const id = /\/compte\/jetons\/([0-9a-f-]{36})\/revoquer/.exec(list)![1]!;
    expect((await client.postForm(`/compte/jetons/${id}/revoquer`, {})).status).toBe(303);
    const after = await h.app.request('/api/v1/me', { headers: bearer(token) });
    expect(after.status).toBe(401);
    expect(after.headers.get('content-type')).toContain('application/problem+json');
  });

  it('do not need a CSRF token (no cookie is involved)', async () => {
    const user = await createUser(h, h.boot.structure!.id, 'mediator');
    const client = await signedInClient(h, user);
    const res = await client.request('/api/v1/tokens', {
      method: 'POST',
      body: JSON.stringify({ name: 't' }),
      headers: { 'content-type': 'application/json', 'x-csrf-token': client.csrf },
    });
    const { token } = await json<{ token: string }>(res);
    const other = await h.app.request('/api/v1/tokens', {
      method: 'POST',
      body: JSON.stringify({ name: 't2' }),
      headers: { ...bearer(token), 'content-type': 'application/json' },
    });
    expect(other.status).toBe(201);
  });
});

describe('audit log', () => {
  it('is hash-chained and detects an edited event', async () => {
    const ok = await verifyAuditChain(h.deps.database.db);
    expect(ok.ok).toBe(true);
    expect(ok.checked).toBeGreaterThan(5);
    const hs = await createHarness();
    try {
      await createUser(hs, hs.boot.structure!.id, 'mediator');
      await hs.opened.client.execute(
        'update audit_events set data = \'{"role":"hub-admin"}\' where action = \'membership.granted\'',
      );
      const broken = await verifyAuditChain(hs.deps.database.db);
      expect(broken.ok).toBe(false);
    } finally {
      hs.close();
    }
  });

  it('never stores e-mail addresses or passwords', async () => {
    const events = await h.deps.database.db.select().from(auditEvents);
    const text = JSON.stringify(events);
    expect(text).not.toMatch(/@example\.org/);
    expect(text).not.toContain(TEST_PASSWORD);
  });
});
