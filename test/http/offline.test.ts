import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, deviceSubmissions, evaluations, learnerPersonal } from '../../src/db/schema.js';
import { KEPT_PAGE_PATHS, OUTBOX_PATHS, SHELL_PATHS } from '../../src/offline/offline-policy.js';
import {
  api,
  apiTokenFor,
  type Client,
  createHarness,
  createUser,
  type Harness,
  signedInClient,
  type TestUser,
} from '../helpers/harness.js';

let h: Harness;
let mediator: TestUser;
let client: Client;

const SLUG = 'structure-demo';

async function learnersNamed(name: string) {
  return h.deps.database.db.select().from(learnerPersonal).where(eq(learnerPersonal.displayName, name));
}

beforeAll(async () => {
  h = await createHarness();
  mediator = await createUser(h, h.boot.structure!.id, 'mediator');
  client = await signedInClient(h, mediator);
});
afterAll(() => h.close());

describe('a form sent twice from a phone’s outbox creates one thing', () => {
  it('gives the registration and evaluation forms an empty device key field for the script to fill', async () => {
    const list = await (await client.get(`/structures/${SLUG}/apprenants`)).text();
    expect(list).toMatch(/<input type="hidden" name="deviceKey" value="" data-device-key/);
    expect(list).toContain('name="deviceLabel" value="Nouvelle personne"');
  });

  it('registers one person when the same key is sent again after the first answer was lost', async () => {
    const key = crypto.randomUUID();
    const fields = { displayName: 'Odile Marchand', consent: 'oui', deviceKey: key };
    const first = await client.postForm(`/structures/${SLUG}/apprenants`, fields);
    expect(first.status).toBe(303);
    // The retry of a request cut after the server committed: same key, same answer, no namesake question.
    const again = await client.postForm(`/structures/${SLUG}/apprenants`, fields);
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(await learnersNamed('Odile Marchand')).toHaveLength(1);
    const registered = await h.deps.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'learner.registered'));
    expect(registered.filter((e) => e.targetId === first.headers.get('location')!.split('/').pop())).toHaveLength(1);
  });

  it('registers one person when two sends of the same key race', async () => {
    const key = crypto.randomUUID();
    const fields = { displayName: 'Yann Le Gall', consent: 'oui', deviceKey: key };
    const [a, b, c] = await Promise.all([
      client.postForm(`/structures/${SLUG}/apprenants`, fields),
      client.postForm(`/structures/${SLUG}/apprenants`, fields),
      client.postForm(`/structures/${SLUG}/apprenants`, fields),
    ]);
    expect([a.status, b.status, c.status]).toEqual([303, 303, 303]);
    expect(new Set([a, b, c].map((r) => r.headers.get('location'))).size).toBe(1);
    expect(await learnersNamed('Yann Le Gall')).toHaveLength(1);
    const rows = await h.deps.database.db.select().from(deviceSubmissions).where(eq(deviceSubmissions.key, key));
    expect(rows).toHaveLength(1);
  });

  it('records one evaluation for a key sent twice, and a new key records a new one', async () => {
    const res = await client.postForm(`/structures/${SLUG}/apprenants`, {
      displayName: 'Inès Carvalho',
      consent: 'oui',
    });
    const path = res.headers.get('location')!;
    const learnerId = path.split('/').pop()!;
    const key = crypto.randomUUID();
    const fields = { date: '2026-11-20', method: 'observation', 'niveau.A1': 'autonome', deviceKey: key };
    expect((await client.postForm(`${path}/evaluation`, fields)).status).toBe(303);
    expect((await client.postForm(`${path}/evaluation`, fields)).status).toBe(303);
    const count = async () =>
      (await h.deps.database.db.select().from(evaluations).where(eq(evaluations.learnerId, learnerId))).length;
    expect(await count()).toBe(1);
    expect((await client.postForm(`${path}/evaluation`, { ...fields, deviceKey: crypto.randomUUID() })).status).toBe(
      303,
    );
    expect(await count()).toBe(2);
  });

  it('records one group session for a workshop sheet sent twice', async () => {
    const ids: string[] = [];
    for (const name of ['Atelier Un', 'Atelier Deux']) {
      const res = await client.postForm(`/structures/${SLUG}/apprenants`, { displayName: name, consent: 'oui' });
      ids.push(res.headers.get('location')!.split('/').pop()!);
    }
    const sheet = {
      personnes: ids,
      method: 'observation',
      date: '2026-11-21',
      deviceKey: crypto.randomUUID(),
      ...Object.fromEntries(ids.map((id) => [`niveau.${id}.A1`, 'autonome'])),
    };
    const first = await client.postForm(`/structures/${SLUG}/atelier`, sheet);
    const again = await client.postForm(`/structures/${SLUG}/atelier`, sheet);
    expect(first.status).toBe(303);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    for (const id of ids)
      expect(await h.deps.database.db.select().from(evaluations).where(eq(evaluations.learnerId, id))).toHaveLength(1);
  });

  it('answers the API the same way: the same key twice gives the same person', async () => {
    const token = await apiTokenFor(h, mediator);
    const body = { displayName: 'Paul Tessier', consent: true, deviceKey: crypto.randomUUID() };
    const first = await api(h, token, `/api/v1/structures/${SLUG}/learners`, { body });
    const again = await api(h, token, `/api/v1/structures/${SLUG}/learners`, { body });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(((await again.json()) as { id: string }).id).toBe(((await first.json()) as { id: string }).id);
    expect(await learnersNamed('Paul Tessier')).toHaveLength(1);
  });

  it('refuses a device key that is not a UUID, naming the field', async () => {
    const res = await client.postForm(
      `/structures/${SLUG}/apprenants`,
      { displayName: 'Nom', consent: 'oui', deviceKey: 'pas-une-clé' },
      { accept: 'application/json' },
    );
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('deviceKey');
  });

  it('does not let another account replay someone’s key to learn what it created', async () => {
    const key = crypto.randomUUID();
    await client.postForm(`/structures/${SLUG}/apprenants`, {
      displayName: 'Léa Roux',
      consent: 'oui',
      deviceKey: key,
    });
    const other = await signedInClient(h, await createUser(h, h.boot.structure!.id, 'mediator'));
    const res = await other.postForm(`/structures/${SLUG}/apprenants`, {
      displayName: 'Autre Personne',
      consent: 'oui',
      deviceKey: key,
    });
    // The key belongs to the first account: the second send fails as a whole, nothing is created.
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(await learnersNamed('Autre Personne')).toHaveLength(0);
  });
});

describe('the installable app and what the phone may keep', () => {
  it('serves a manifest with a French name, icons that are PNGs of their size, and /espace as start', async () => {
    const res = await client.get('/manifest.webmanifest');
    expect(res.headers.get('content-type')).toContain('application/manifest+json');
    const manifest = (await res.json()) as {
      name: string;
      short_name: string;
      start_url: string;
      display: string;
      lang: string;
      icons: { src: string; sizes: string; type: string }[];
    };
    expect(manifest).toMatchObject({ short_name: 'Jalon', start_url: '/espace', display: 'standalone', lang: 'fr' });
    expect(manifest.name).toContain('compétences numériques');
    for (const icon of manifest.icons) {
      const png = new Uint8Array(await (await client.get(icon.src)).arrayBuffer());
      expect([...png.slice(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
      const view = new DataView(png.buffer);
      expect(`${view.getUint32(16)}x${view.getUint32(20)}`).toBe(icon.sizes);
    }
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
  });

  it('serves the service worker at the root with the shell and outbox paths it uses', async () => {
    const res = await client.get('/sw.js');
    expect(res.headers.get('content-type')).toContain('javascript');
    const script = await res.text();
    for (const path of SHELL_PATHS) expect(script).toContain(JSON.stringify(path).slice(1, -1));
    expect(script).toContain(JSON.stringify(OUTBOX_PATHS));
    // Every shell path answers, or the worker would never install.
    for (const path of SHELL_PATHS) expect((await client.get(path)).status).toBe(200);
  });

  it('marks the pages a mediator may keep offline, and says which account every signed-in answer is for', async () => {
    const list = await client.get(`/structures/${SLUG}/apprenants`);
    expect(list.headers.get('x-jalon-offline')).toBe('keep');
    const account = list.headers.get('x-jalon-account');
    expect(account).toMatch(/^[0-9a-f]{24}$/);
    expect(account).not.toContain(mediator.id);
    const accountPage = await client.get('/compte');
    expect(accountPage.headers.get('x-jalon-offline')).toBeNull();
    expect(accountPage.headers.get('x-jalon-account')).toBe(account);
    expect(KEPT_PAGE_PATHS.some((p) => new RegExp(p).test('/compte'))).toBe(false);
    const anonymous = await h.app.request('/verifier');
    expect(anonymous.headers.get('x-jalon-account')).toBeNull();
  });

  it('loads the offline script and the account mark on signed-in pages only', async () => {
    const signedIn = await (await client.get('/espace')).text();
    expect(signedIn).toContain('<script src="/static/hors-ligne.js" defer');
    expect(signedIn).toMatch(/<meta name="jalon-account" content="[0-9a-f]{24}"/);
    const anonymous = await (await h.app.request('/verifier', { headers: { accept: 'text/html' } })).text();
    expect(anonymous).not.toContain('hors-ligne.js');
    expect(anonymous).toContain('<link rel="manifest" href="/manifest.webmanifest"');
  });

  it('erases what the browser keeps when the person signs out', async () => {
    const leaving = await signedInClient(h, mediator);
    await leaving.get('/compte');
    const res = await leaving.postForm('/deconnexion', {});
    expect(res.status).toBe(303);
    expect(res.headers.get('clear-site-data')).toBe('"cache", "storage"');
  });
});
