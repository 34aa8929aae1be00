import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemo } from '../../src/cli/demo.js';
import { run } from '../../src/cli/main.js';
import { auditStatement } from '../../src/db/audit.js';
import { apiTokens, learners, organisations } from '../../src/db/schema.js';
import { keysOf } from '../../src/issuing/store.js';
import { createLogger } from '../../src/lib/logger.js';
import { nodeClientIp } from '../../src/node-runtime.js';
import { eq } from 'drizzle-orm';
import {
  api,
  apiTokenFor,
  Client,
  createHarness,
  createStructure,
  createUser,
  json,
  type Harness,
} from '../helpers/harness.js';

let h: Harness;
let mediatorToken: string;
let otherMediatorToken: string;
let adminToken: string;
let hubAdminToken: string;
beforeAll(async () => {
  h = await createHarness();
  const s = h.boot.structure!.id;
  mediatorToken = await apiTokenFor(h, await createUser(h, s, 'mediator'));
  otherMediatorToken = await apiTokenFor(h, await createUser(h, s, 'mediator'));
  adminToken = await apiTokenFor(h, await createUser(h, s, 'structure-admin'));
  hubAdminToken = await apiTokenFor(h, await createUser(h, h.boot.hub.id, 'hub-admin'));
});
afterAll(() => h.close());

const COMPETENCE = 'abecedaire/1.0.0/competences/A1';
const issue = (token: string, name: string, key?: string) =>
  api(h, token, '/api/v1/credentials', {
    body: { achievement: COMPETENCE, recipient: { name } },
    ...(key ? { headers: { 'idempotency-key': key } } : {}),
  });

describe('Idempotency-Key', () => {
  it('replays the same request, refuses another request with 422, and belongs to its caller only', async () => {
    const first = await issue(mediatorToken, 'Awa Diallo', 'batch-7');
    expect(first.status).toBe(201);
    const firstId = (await json<{ id: string }>(first)).id;
    const replay = await issue(mediatorToken, 'Awa Diallo', 'batch-7');
    expect(replay.status).toBe(200);
    expect((await json<{ id: string }>(replay)).id).toBe(firstId);
    const other = await issue(mediatorToken, 'Someone Else', 'batch-7');
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toMatch(/problem\+json/);
    expect(JSON.stringify(await other.json())).not.toContain('Awa');
    // Another member of the same structure with the same key gets their own credential.
    const colleague = await issue(otherMediatorToken, 'Someone Else', 'batch-7');
    expect(colleague.status).toBe(201);
    expect((await json<{ id: string }>(colleague)).id).not.toBe(firstId);
  });
});

describe('issuer keys changed concurrently', () => {
  it('answers two simultaneous "compromised" declarations with one success and one 409, never a 500', async () => {
    expect((await issue(mediatorToken, 'Key Holder')).status).toBe(201);
    const slug = h.boot.structure!.slug;
    const active = (await keysOf(h.deps.database.db, h.boot.structure!.id)).find((k) => k.status === 'active')!;
    const declare = () =>
      api(h, adminToken, `/api/v1/issuers/${slug}/keys/${active.fragment}/compromised`, {
        body: { reason: 'clé exposée par erreur' },
      });
    const statuses = (await Promise.all([declare(), declare(), declare()])).map((r) => r.status).sort();
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses[0]).toBe(200);
    expect(statuses.slice(1).every((s) => s === 409)).toBe(true);
    const rotations = await Promise.all(
      [1, 2, 3].map(() => api(h, adminToken, `/api/v1/issuers/${slug}/keys/rotate`, { method: 'POST' })),
    );
    expect(rotations.map((r) => r.status).filter((s) => s >= 500)).toEqual([]);
    expect((await keysOf(h.deps.database.db, h.boot.structure!.id)).filter((k) => k.status === 'active')).toHaveLength(
      1,
    );
  });
});

describe('organisation websites', () => {
  it('refuses a javascript: address on input', async () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,x', 'ftp://example.org', 'https://']) {
      const res = await api(h, hubAdminToken, '/api/v1/organisations', { body: { name: 'Espace Test', url } });
      expect(res.status, url).toBe(422);
    }
    const ok = await api(h, hubAdminToken, '/api/v1/organisations', {
      body: { name: 'Espace Web', url: 'https://espace.example.org' },
    });
    expect(ok.status).toBe(201);
  });

  it('never signs a non-http(s) address into a credential, even one already stored', async () => {
    const org = await createStructure(h, 'Lieu Ancien');
    await h.deps.database.db
      .update(organisations)
      .set({ url: 'javascript:alert(document.cookie)' })
      .where(eq(organisations.id, org.id));
    const mediator = await apiTokenFor(h, await createUser(h, org.id, 'mediator'));
    const res = await issue(mediator, 'Awa Diallo');
    expect(res.status).toBe(201);
    const { credential } = await json<{ credential: { issuer: { url: string } } }>(res);
    expect(credential.issuer.url).toBe(`${h.deps.config.publicUrl}/issuers/${org.slug}`);
    const page = await (await h.app.request(`/issuers/${org.slug}`, { headers: { accept: 'text/html' } })).text();
    expect(page).not.toContain('javascript:');
  });
});

describe('names', () => {
  const bad = ['Awa\u0000Diallo', 'Awa \ud800', '\u200b\u200b\u200b', '\u0007', ' \u00a0 '];

  it('refuses NUL, lone surrogates and invisible-only names for learners, recipients and organisations', async () => {
    const slug = h.boot.structure!.slug;
    for (const name of bad) {
      const learner = await api(h, mediatorToken, `/api/v1/structures/${slug}/learners`, {
        body: { displayName: name, consent: true },
      });
      expect(learner.status, JSON.stringify(name)).toBe(422);
      const body = await json<{ errors: { path: string; message: string }[] }>(learner);
      expect(body.errors[0]!.path).toBe('displayName');
      expect(body.errors[0]!.message).toMatch(/nom/);
      expect((await issue(mediatorToken, name)).status, JSON.stringify(name)).toBe(422);
      const org = await api(h, hubAdminToken, '/api/v1/organisations', { body: { name: `${name}x` } });
      if (name.includes('\u0000') || name.includes('\ud800') || name.includes('\u0007'))
        expect(org.status, JSON.stringify(name)).toBe(422);
    }
    const fine = await api(h, mediatorToken, `/api/v1/structures/${slug}/learners`, {
      body: { displayName: 'Łucja Nowak-Ngũgĩ 李', consent: true },
    });
    expect(fine.status).toBe(201);
  });
});

describe('headers and cookies', () => {
  it('keeps Referrer-Policy: no-referrer on the holder page (the global header does not override it)', async () => {
    const slug = h.boot.structure!.slug;
    const learner = await json<{ id: string }>(
      await api(h, mediatorToken, `/api/v1/structures/${slug}/learners`, {
        body: { displayName: 'Titulaire Test', consent: true },
      }),
    );
    const link = await json<{ url: string }>(
      await api(h, mediatorToken, `/api/v1/learners/${learner.id}/holder-link`, { method: 'POST' }),
    );
    const page = await h.app.request(new URL(link.url).pathname, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await page.text()).not.toMatch(/<meta name="referrer"/);
    const other = await h.app.request('/connexion', { headers: { accept: 'text/html' } });
    expect(other.headers.get('referrer-policy')).toBe('same-origin');
  });

  it('gives the anonymous CSRF cookie the __Host- prefix on https, and sign-in works with it', async () => {
    const hs = await createHarness({ publicUrl: 'https://jalon.example.org' });
    try {
      const user = await createUser(hs, hs.boot.structure!.id, 'mediator');
      const client = new Client(hs);
      const page = await client.get('/connexion');
      const cookie = page.headers.getSetCookie().find((c) => c.includes('jalon_csrf='))!;
      expect(cookie).toMatch(/^__Host-jalon_csrf=/);
      expect(cookie).toMatch(/Secure/);
      expect(cookie).toMatch(/Path=\//);
      const res = await client.postForm('/connexion', { email: user.email, password: user.password });
      expect(res.status).toBe(303);
    } finally {
      hs.close();
    }
  });

  it('takes the client address from the last X-Forwarded-For hop with TRUST_PROXY', async () => {
    const app = new Hono();
    app.get('/', (c) => c.text(String(nodeClientIp(true)(c))));
    const res = await app.request('/', { headers: { 'x-forwarded-for': '198.51.100.7, 203.0.113.9' } });
    expect(await res.text()).toBe('203.0.113.9');
    const spoof = await app.request('/', { headers: { 'x-forwarded-for': '1.2.3.4,   203.0.113.10 ' } });
    expect(await spoof.text()).toBe('203.0.113.10');
  });
});

describe('API token last use', () => {
  it('is written at most once per interval, not on every request', async () => {
    const ht = await createHarness({ now: '2026-03-01T10:00:00Z' });
    try {
      const user = await createUser(ht, ht.boot.structure!.id, 'mediator');
      const token = await apiTokenFor(ht, user);
      const lastUsed = async () => (await ht.deps.database.db.select().from(apiTokens))[0]!.lastUsedAt;
      expect((await api(ht, token, '/api/v1/me')).status).toBe(200);
      expect(await lastUsed()).toBe('2026-03-01T10:00:00.000Z');
      ht.setNow('2026-03-01T10:05:00Z');
      expect((await api(ht, token, '/api/v1/me')).status).toBe(200);
      expect(await lastUsed()).toBe('2026-03-01T10:00:00.000Z');
      ht.setNow('2026-03-01T10:11:00Z');
      expect((await api(ht, token, '/api/v1/me')).status).toBe(200);
      expect(await lastUsed()).toBe('2026-03-01T10:11:00.000Z');
    } finally {
      ht.close();
    }
  });
});

describe('logs', () => {
  it('log a failing query by class and code only, never its parameters', async () => {
    const hl = await createHarness();
    const lines: string[] = [];
    hl.deps.logger = createLogger('debug', (l) => lines.push(l));
    try {
      // A schema drift makes every query on users fail, with the e-mail among the query's parameters.
      await hl.opened.client.execute('ALTER TABLE users RENAME COLUMN display_name TO display_name_old');
      const client = new Client(hl);
      await client.get('/connexion');
      const res = await client.postForm(
        '/connexion',
        { email: 'secret.person@example.org', password: 'whatever it is' },
        { accept: 'application/json' },
      );
      expect(res.status).toBe(500);
      const logged = lines.join('\n');
      expect(logged).toContain('unhandled error');
      expect(logged).not.toContain('secret.person');
      expect(logged).not.toMatch(/Failed query|params/);
    } finally {
      hl.close();
    }
  });
});

describe('audit verify', () => {
  it('says events are not sealed yet rather than "intact"', async () => {
    await h.deps.database.batch([
      auditStatement(h.deps.database.db, {
        id: crypto.randomUUID(),
        at: new Date().toISOString(),
        action: 'test.unsealed',
      }),
    ]);
    const out: string[] = [];
    const code = await run(
      ['audit', 'verify'],
      { out: (l) => out.push(l), err: (l) => out.push(l) },
      { DATABASE_URL: `file:${join(h.dir, 'jalon.db')}`, PUBLIC_URL: 'http://jalon.test', LOG_LEVEL: 'silent' },
    );
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(/pas encore scellés/);
    expect(out.join('\n')).not.toMatch(/intacte/);
  });
});

describe('npm run demo', () => {
  it('writes into its own demo structure (by slug), never into the first structure by name', async () => {
    const hd = await createHarness();
    const out = mkdtempSync(join(tmpdir(), 'jalon-demo-out-'));
    try {
      const real = await createStructure(hd, 'AAA Vraie structure');
      await runDemo(hd.deps, out);
      const db = hd.deps.database.db;
      expect(await db.select().from(learners).where(eq(learners.structureId, real.id))).toHaveLength(0);
      const demo = (await db.select().from(organisations).where(eq(organisations.slug, 'structure-demo')))[0]!;
      expect((await db.select().from(learners).where(eq(learners.structureId, demo.id))).length).toBeGreaterThan(0);
    } finally {
      hd.close();
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});
