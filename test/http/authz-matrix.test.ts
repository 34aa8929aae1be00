/**
 * The authorization matrix: every route of the app must be listed here with who may call it, and
 * each is exercised as every kind of actor, plus one bad-input request that must get problem+json.
 * A route added to the app without an entry (or without an `allow(...)` guard) fails this file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Access } from '../../src/auth/access.js';
import {
  Client,
  createHarness,
  createStructure,
  createUser,
  signedInClient,
  type Harness,
  type TestUser,
} from '../helpers/harness.js';
import { ACTORS, MATRIX, type Actor, type Fixture, type Req, type SignedInActor } from './matrix-routes.js';
import { prepareCertification } from './matrix-certification.js';
import { prepareIssuing } from './matrix-issuing.js';
import { prepareLabel } from './matrix-label.js';
import { prepareLearners } from './matrix-learners.js';
import { createOrganisation } from '../../src/organisations/service.js';

let h: Harness;
const clients = new Map<Actor, Client>();
let fixture: Fixture;

async function send(actor: Actor, req: Req, method: string, fresh = false): Promise<Response> {
  let client = clients.get(actor)!;
  if (fresh && actor !== 'anonymous') client = await signedInClient(h, fixture.users[actor]);
  return sendWith(client, req, method);
}

async function sendWith(client: Client, req: Req, method: string): Promise<Response> {
  const headers: Record<string, string> = { ...(req.headers ?? {}) };
  let body: string | undefined;
  if (req.form) {
    const form = new URLSearchParams({ _csrf: client.csrf, ...req.form });
    body = form.toString();
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
  } else if (req.json !== undefined) {
    body = typeof req.json === 'string' ? req.json : JSON.stringify(req.json);
    headers['content-type'] ??= 'application/json';
    headers['x-csrf-token'] ??= client.csrf;
  } else if (method !== 'GET' && method !== 'HEAD') {
    headers['x-csrf-token'] ??= client.csrf;
  }
  return client.request(req.path, {
    method: req.method ?? method,
    headers,
    ...(body !== undefined ? { body } : {}),
    accept: req.accept ?? 'application/json',
  });
}

/** A value no field schema accepts (too long for any bounded string, not a number, boolean, list or object). */
const JUNK = 'x'.repeat(10_001);

/**
 * Bodies that fail validation, sent to the actor's own path: nothing at all, the entry's bad
 * input, and every field of the sample request set to junk.
 */
function invalidBodies(sample: Req, bad: Req): Req[] {
  const path = sample.path;
  if (sample.form) {
    const junk = Object.fromEntries(Object.keys(sample.form).map((k) => [k, JUNK]));
    return [
      { path, form: {} },
      { path, form: { ...junk, [`niveau.${JUNK}`]: JUNK } },
      ...(bad.form ? [{ path, form: bad.form }] : []),
    ];
  }
  const fields = sample.json && typeof sample.json === 'object' ? Object.keys(sample.json) : [];
  return [
    { path, json: 42 },
    { path, json: {} },
    { path, json: Object.fromEntries(fields.map((k) => [k, JUNK])) },
    ...(bad.json !== undefined ? [{ path, json: bad.json }] : []),
  ];
}

/** A body in a failure message, without the junk. */
const shown = (req: Req) => JSON.stringify(req.json ?? req.form).replaceAll(JUNK, '<junk>');

function describeAccess(a: Access): string {
  return a.kind === 'role' ? `role:${[...a.roles].sort().join(',')}` : a.kind;
}

beforeAll(async () => {
  h = await createHarness();
  const structureB = await createStructure(h, 'Structure B');
  const users: Record<SignedInActor, TestUser> = {
    noRole: await createUser(h, h.boot.structure!.id, 'mediator'),
    mediatorA: await createUser(h, h.boot.structure!.id, 'mediator'),
    structureAdminA: await createUser(h, h.boot.structure!.id, 'structure-admin'),
    mediatorB: await createUser(h, structureB.id, 'mediator'),
    structureAdminB: await createUser(h, structureB.id, 'structure-admin'),
    committee: await createUser(h, h.boot.hub.id, 'committee'),
    hubAdmin: await createUser(h, h.boot.hub.id, 'hub-admin'),
  };
  // An account whose only role was removed: signed in, but no role anywhere.
  await h.opened.client.execute({ sql: 'delete from memberships where user_id = ?', args: [users.noRole.id] });
  clients.set('anonymous', new Client(h));
  await clients.get('anonymous')!.get('/connexion');
  for (const [actor, user] of Object.entries(users)) clients.set(actor as Actor, await signedInClient(h, user));
  fixture = { h, structureA: h.boot.structure!, structureB, hub: h.boot.hub, users, extra: {} };
  await prepareIssuing(fixture);
  await prepareLearners(fixture);
  await prepareCertification(fixture);
  await (await import('./matrix-learners-day.js')).prepareDay(fixture);
  await prepareLabel(fixture);
});
afterAll(() => h.close());

describe('authorization matrix', () => {
  it('lists every route of the app, each guarded by allow() with the declared access', () => {
    const declared = new Map<string, string[]>();
    for (const r of h.app.routes) {
      if (r.method === 'ALL') continue;
      const key = `${r.method} ${r.path}`;
      const access = (r.handler as { access?: Access }).access;
      const list = declared.get(key) ?? [];
      if (access) list.push(describeAccess(access));
      declared.set(key, list);
    }
    const unguarded = [...declared].filter(([, list]) => list.length !== 1).map(([k]) => k);
    expect(unguarded, 'routes without exactly one allow() guard').toEqual([]);
    const missing = [...declared.keys()].filter((k) => !MATRIX.some((m) => m.route === k));
    expect(missing, 'routes missing from the authorization matrix').toEqual([]);
    const stale = MATRIX.filter((m) => !declared.has(m.route)).map((m) => m.route);
    expect(stale, 'matrix entries for routes that no longer exist').toEqual([]);
    for (const m of MATRIX) expect(declared.get(m.route)?.[0], m.route).toBe(m.access);
  });

  const nameOf = (entry: (typeof MATRIX)[number]) => `${entry.route}${entry.label ? ` (${entry.label})` : ''}`;

  for (const entry of MATRIX) {
    it(`${nameOf(entry)} — ${entry.access}`, async () => {
      const [method] = entry.route.split(' ') as [string];
      for (const actor of ACTORS) {
        const expected = entry.expect(actor);
        const res = await send(actor, entry.request(fixture, actor), method, entry.freshClient);
        const where = `${entry.route} as ${actor}: got ${res.status}`;
        if (expected === 'denied') {
          expect([401, 403], where).toContain(res.status);
          expect(res.headers.get('content-type'), where).toContain('application/problem+json');
        } else if (expected === 'hidden') {
          expect([403, 404], where).toContain(res.status);
        } else {
          expect([401, 403], where).not.toContain(res.status);
          expect(res.status, where).toBeLessThan(500);
        }
      }
    });
  }

  // Scope before validation (ARCHITECTURE.md): someone who may not see the resource learns nothing
  // of its form — an invalid body still gets 401/403/404 from them, never a 422 with the fields. A
  // route that counts refused attempts against a limit (reset links) may answer 429 once it is reached.
  for (const entry of MATRIX) {
    const [method] = entry.route.split(' ') as [string];
    if (method === 'GET' || method === 'HEAD' || entry.resourceInBody) continue;
    it(`${entry.route} refuses outsiders before it reads their body`, async () => {
      for (const actor of ACTORS) {
        const expected = entry.expect(actor);
        if (expected === 'allowed') continue;
        for (const req of invalidBodies(entry.request(fixture, actor), entry.badInput(fixture))) {
          const res = await send(actor, req, method, entry.freshClient);
          const where = `${entry.route} as ${actor} with ${shown(req)}: got ${res.status}`;
          const refusals = expected === 'denied' ? [401, 403] : [403, 404];
          expect(entry.countsRefusals ? [...refusals, 429] : refusals, where).toContain(res.status);
        }
      }
    });
  }

  for (const entry of MATRIX) {
    it(`${nameOf(entry)} answers bad input with problem+json`, async () => {
      const bad = entry.badInput(fixture);
      const [method] = entry.route.split(' ') as [string];
      const res = await send(bad.as, { ...bad, accept: 'application/json' }, method, entry.freshClient);
      expect(res.status, `${entry.route}: ${res.status}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${entry.route}: ${res.status}`).toBeLessThan(500);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const body = (await res.json()) as { code: string; requestId: string; detail: string };
      expect(body.code).toMatch(/^[a-z_]+$/);
      expect(body.requestId).toBeTruthy();
      expect(body.detail).toBeTruthy();
    });
  }

  // The matrix's actors share one hub: another hub's staff hold the hub roles and must be scoped
  // out of this hub's resources too. Whatever refuses them the sample request refuses them before
  // an invalid body as well (last in the file: a sample they may send changes only their own hub).
  it('refuses another hub’s admin and committee before it reads their body', async () => {
    const otherHub = await createOrganisation(h.deps, null, { kind: 'hub', name: 'Autre hub' });
    const outsiders = [
      await signedInClient(h, await createUser(h, otherHub.id, 'hub-admin')),
      await signedInClient(h, await createUser(h, otherHub.id, 'committee')),
    ];
    let refusals = 0;
    for (const entry of MATRIX) {
      const [method] = entry.route.split(' ') as [string];
      if (method === 'GET' || method === 'HEAD' || entry.resourceInBody || entry.freshClient) continue;
      for (const [i, client] of outsiders.entries()) {
        const sample = entry.request(fixture, i === 0 ? 'hubAdmin' : 'committee');
        const refused = (await sendWith(client, sample, method)).status;
        if (![401, 403, 404].includes(refused)) continue;
        refusals++;
        for (const req of invalidBodies(sample, entry.badInput(fixture))) {
          const res = await sendWith(client, req, method);
          expect([401, 403, 404], `${entry.route} from another hub with ${shown(req)}: got ${res.status}`).toContain(
            res.status,
          );
        }
      }
    }
    // The check above is not vacuous: the hub's label and certification decisions are out of their reach.
    expect(refusals).toBeGreaterThan(10);
  });
});
