import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { safeNextPath } from '../../src/auth/cookies.js';
import { createInvitation } from '../../src/auth/service.js';
import { LOGIN_MAX_ATTEMPTS_PER_CLIENT, LOGIN_MAX_FAILURES_PER_ACCOUNT } from '../../src/auth/throttle.js';
import { Client, createHarness, createUser, signedInClient, TEST_PASSWORD, type Harness } from '../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

async function invitationPath(): Promise<string> {
  const inv = await createInvitation(h.deps, null, { orgId: h.boot.structure!.id, role: 'mediator' });
  return new URL(inv.url).pathname;
}

/** Counts PBKDF2 derivations (each is one password actually checked or hashed); the real function still runs. */
function countHashes() {
  const spy = vi.spyOn(crypto.subtle, 'deriveBits');
  return {
    get count() {
      return spy.mock.calls.length;
    },
    restore: () => spy.mockRestore(),
  };
}

describe('one sign-in throttle for every password check', () => {
  it('locks an existing account after 5 wrong passwords sent through an invitation, even with the right one next', async () => {
    const victim = await createUser(h, h.boot.structure!.id, 'mediator');
    const path = await invitationPath();
    const client = new Client(h);
    await client.get(path);
    const statuses: number[] = [];
    for (let i = 0; i < 50; i++) {
      const res = await client.postForm(
        path,
        { email: victim.email, displayName: 'Intrus', password: `wrong-guess-${i}-xxxx` },
        { headers: { 'x-test-client-ip': `10.1.0.${i}` } },
      );
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(LOGIN_MAX_FAILURES_PER_ACCOUNT);
    expect(statuses.slice(LOGIN_MAX_FAILURES_PER_ACCOUNT).every((s) => s === 429)).toBe(true);
    const right = await client.postForm(
      path,
      { email: victim.email, displayName: 'Intrus', password: victim.password },
      { headers: { 'x-test-client-ip': '10.1.1.1' } },
    );
    expect(right.status).toBe(429);
    expect(right.headers.get('retry-after')).toBe('900');
    // The same account is locked on /connexion too: one throttle, shared.
    const signIn = new Client(h);
    await signIn.get('/connexion');
    const res = await signIn.postForm(
      '/connexion',
      { email: victim.email, password: victim.password },
      { headers: { 'x-test-client-ip': '10.1.2.1' } },
    );
    expect(res.status).toBe(429);
  });

  it('answers a wrong password of an existing account like the sign-in form, without saying the account exists', async () => {
    const user = await createUser(h, h.boot.structure!.id, 'mediator');
    const path = await invitationPath();
    const client = new Client(h);
    await client.get(path);
    const res = await client.postForm(path, { email: user.email, displayName: 'X', password: 'not the password!' });
    expect(res.status).toBe(401);
    const html = await res.text();
    expect(html).toContain('Adresse e-mail ou mot de passe incorrect');
    expect(html).not.toMatch(/existe déjà|already exists/);
    const api = await client.postForm(
      path,
      { email: user.email, displayName: 'X', password: 'not the password!' },
      { accept: 'application/json' },
    );
    expect(((await api.json()) as { detail: string }).detail).toBe('Adresse e-mail ou mot de passe incorrect.');
  });

  it('costs one password hash whether the address has an account or not', async () => {
    const user = await createUser(h, h.boot.structure!.id, 'mediator');
    const existing = await invitationPath();
    const fresh = await invitationPath();
    const client = new Client(h);
    await client.get(existing);
    const hashes = countHashes();
    try {
      await client.postForm(existing, { email: user.email, displayName: 'X', password: 'not the password!' });
      const forExisting = hashes.count;
      await client.postForm(fresh, {
        email: `new-${Date.now()}@example.org`,
        displayName: 'X',
        password: TEST_PASSWORD,
      });
      expect(forExisting).toBe(1);
      expect(hashes.count - forExisting).toBe(1);
    } finally {
      hashes.restore();
    }
  });

  it('checks at most the limit of passwords when 200 wrong guesses arrive in parallel', async () => {
    const user = await createUser(h, h.boot.structure!.id, 'mediator');
    const client = new Client(h);
    await client.get('/connexion');
    const hashes = countHashes();
    let responses: Response[];
    try {
      responses = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          client.postForm(
            '/connexion',
            { email: user.email, password: `parallel-guess-${i}` },
            { accept: 'application/json', headers: { 'x-test-client-ip': `10.2.${i >> 8}.${i & 255}` } },
          ),
        ),
      );
    } finally {
      hashes.restore();
    }
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(LOGIN_MAX_FAILURES_PER_ACCOUNT);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    expect(hashes.count).toBeLessThanOrEqual(LOGIN_MAX_FAILURES_PER_ACCOUNT);
  });

  it('limits one client address across accounts, in parallel too', async () => {
    const client = new Client(h);
    await client.get('/connexion');
    const responses = await Promise.all(
      Array.from({ length: 80 }, (_, i) =>
        client.postForm(
          '/connexion',
          { email: `nobody-${i}@example.org`, password: 'whatever it is' },
          { accept: 'application/json', headers: { 'x-test-client-ip': '10.3.0.1' } },
        ),
      ),
    );
    const checked = responses.filter((r) => r.status === 401).length;
    expect(checked).toBe(LOGIN_MAX_ATTEMPTS_PER_CLIENT);
    expect(responses.filter((r) => r.status === 429)).toHaveLength(80 - LOGIN_MAX_ATTEMPTS_PER_CLIENT);
  });
});

describe('redirect after sign-in', () => {
  it('keeps only same-origin paths after URL parsing', () => {
    for (const hostile of [
      '/\t/evil.example',
      '/\n/x',
      '/\r/evil.example',
      '//evil.example',
      '/\\evil.example',
      '\\/evil.example',
      'https://evil.example/',
      '/%0a',
      'javascript:alert(1)',
      '/\u0000x',
      ' /x',
    ]) {
      const out = safeNextPath(hostile);
      expect(out, JSON.stringify(hostile)).toMatch(/^\/(?!\/)/);
      expect(new URL(out, 'https://jalon.test').origin, JSON.stringify(hostile)).toBe('https://jalon.test');
      expect(out).not.toMatch(/evil/);
    }
    expect(safeNextPath('/\t/evil.example')).toBe('/espace');
    expect(safeNextPath('/structures/abc?onglet=1#x')).toBe('/structures/abc?onglet=1#x');
    expect(safeNextPath('/a/../b')).toBe('/b');
  });

  it('never redirects off-site nor fails on a tab or newline in ?suite=', async () => {
    const user = await createUser(h, h.boot.structure!.id, 'mediator');
    for (const suite of ['/%09/evil.example', '/%0A/x', '/%5C/evil.example', '%2F%2Fevil.example']) {
      const client = new Client(h);
      const page = await client.get(`/connexion?suite=${suite}`);
      expect(page.status).toBe(200);
      const res = await client.postForm('/connexion', {
        email: user.email,
        password: user.password,
        suite: decodeURIComponent(suite),
      });
      expect(res.status, suite).toBe(303);
      expect(res.headers.get('location'), suite).toBe('/espace');
      const again = await client.get(`/connexion?suite=${suite}`);
      expect(again.status, suite).toBe(303);
      expect(again.headers.get('location'), suite).toBe('/espace');
    }
  });
});

describe('unreadable bodies', () => {
  const malformed = {
    method: 'POST',
    headers: { 'content-type': 'multipart/form-data; boundary=----jalon', accept: 'text/html' },
    body: 'this is not multipart at all\r\n------jal',
  };

  it('answers malformed multipart with a 400 problem on the public and signed-in form routes', async () => {
    const anonymous = new Client(h);
    await anonymous.get('/connexion');
    for (const path of ['/connexion', '/verifier', await invitationPath()]) {
      const res = await anonymous.request(path, malformed);
      expect(res.status, path).toBe(400);
    }
    const api = await h.app.request('/api/v1/verify', {
      ...malformed,
      headers: { ...malformed.headers, accept: 'application/json' },
    });
    expect(api.status).toBe(400);
    expect(api.headers.get('content-type')).toMatch(/application\/problem\+json/);

    const admin = await createUser(h, h.boot.hub.id, 'hub-admin');
    const client = await signedInClient(h, admin);
    // The token in a header lets the body reach the route's own reader; without it, the CSRF reader.
    const viaHeader = await client.request('/compte/jetons', {
      ...malformed,
      headers: { ...malformed.headers, 'x-csrf-token': client.csrf },
    });
    expect(viaHeader.status).toBe(400);
    for (const path of ['/compte/jetons', '/deconnexion']) {
      const viaBody = await client.request(path, malformed);
      expect(viaBody.status, path).toBe(400);
    }
  });

  it('answers malformed multipart on every form route of the app without a 5xx', async () => {
    const admin = await createUser(h, h.boot.hub.id, 'hub-admin');
    const client = await signedInClient(h, admin);
    const routes = h.app.routes.filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method));
    expect(routes.length).toBeGreaterThan(10);
    const failures: string[] = [];
    for (const r of routes) {
      const path = r.path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
      for (const headers of [{ 'x-csrf-token': client.csrf }, {}] as Record<string, string>[]) {
        const res = await client.request(path, { ...malformed, headers: { ...malformed.headers, ...headers } });
        if (res.status >= 500) failures.push(`${r.method} ${r.path} → ${res.status}`);
        else if (res.status >= 400 && !/problem\+json|text\/html/.test(res.headers.get('content-type') ?? ''))
          failures.push(`${r.method} ${r.path} → ${res.status} ${res.headers.get('content-type')}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
