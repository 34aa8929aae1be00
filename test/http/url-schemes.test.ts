/**
 * Web addresses people type are http(s) only — place details (site web, prise de rendez-vous, fiche
 * Acceslibre), organisation websites and evidence links — whatever the case or the spaces around,
 * through the API and the page forms; and an address stored before that rule (written straight into
 * the database here) is never published: not on the place's public page, the registry JSON or the
 * open-data CSV.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { principalFromApiToken } from '../../src/auth/service.js';
import { organisations, structureProfiles } from '../../src/db/schema.js';
import { getProgramme } from '../../src/label/programme.js';
import { grantLabel } from '../../src/label/service.js';
import {
  api,
  apiTokenFor,
  createHarness,
  createStructure,
  createUser,
  type Harness,
  signedInClient,
  type TestUser,
} from '../helpers/harness.js';

const HOSTILE = [
  'javascript:alert(1)',
  'JavaScript:alert(1)',
  '  javascript:alert(1)  ',
  ' \tjavascript:alert(1)',
  'java\tscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
];
const MESSAGE = 'elle doit commencer par https:// (ou http://)';

const DETAILS = {
  pivot: '732 829 320 00074',
  adresse: '12 rue de la Liberté',
  codePostal: '21000',
  commune: 'Dijon',
  services: ['Aide aux démarches administratives'],
  fraisACharge: ['Gratuit'],
};

let h: Harness;
let hubAdmin: TestUser;
let hubToken: string;
let structureAdmin: TestUser;
let adminToken: string;
let mediator: TestUser;
let mediatorToken: string;

beforeAll(async () => {
  h = await createHarness({ now: '2026-03-02T09:00:00Z' });
  hubAdmin = await createUser(h, h.boot.hub.id, 'hub-admin');
  hubToken = await apiTokenFor(h, hubAdmin);
  structureAdmin = await createUser(h, h.boot.structure!.id, 'structure-admin');
  adminToken = await apiTokenFor(h, structureAdmin);
  mediator = await createUser(h, h.boot.structure!.id, 'mediator');
  mediatorToken = await apiTokenFor(h, mediator);
});
afterAll(() => h.close());

type Problem = { status: number; errors?: { path: string; message: string }[] };

describe('only http(s) addresses are accepted (422 otherwise)', () => {
  it('place details: siteWeb, priseRdv and ficheAccesLibre, through the API', async () => {
    for (const field of ['siteWeb', 'priseRdv', 'ficheAccesLibre']) {
      for (const value of HOSTILE) {
        const res = await api(h, adminToken, '/api/v1/structures/structure-demo/details', {
          method: 'PUT',
          body: { ...DETAILS, [field]: value },
        });
        expect(res.status, `${field} = ${JSON.stringify(value)}`).toBe(422);
        const problem = (await res.json()) as Problem;
        expect(problem.errors).toContainEqual(expect.objectContaining({ path: field }));
        expect(problem.errors!.find((e) => e.path === field)!.message).toContain(MESSAGE);
      }
    }
    // A tab or line break inside an address (which the URL parser would silently drop) is refused too.
    const tab = await api(h, adminToken, '/api/v1/structures/structure-demo/details', {
      method: 'PUT',
      body: { ...DETAILS, siteWeb: 'https://media\ttheque.example.org' },
    });
    expect(tab.status).toBe(422);
    expect(((await tab.json()) as Problem).errors![0]!.message).toContain('caractère invisible');
    // Any case of the scheme, spaces around: accepted and stored trimmed.
    const ok = await api(h, adminToken, '/api/v1/structures/structure-demo/details', {
      method: 'PUT',
      body: { ...DETAILS, siteWeb: '  HTTPS://mediatheque.example.org  ', priseRdv: 'Http://rdv.example.org/x' },
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      siteWeb: 'HTTPS://mediatheque.example.org',
      priseRdv: 'Http://rdv.example.org/x',
    });
  });

  it('place details: the page form shows the message beside the field and keeps the page', async () => {
    const client = await signedInClient(h, structureAdmin);
    await client.get('/structures/structure-demo/fiche');
    for (const field of ['siteWeb', 'priseRdv', 'ficheAccesLibre']) {
      for (const value of HOSTILE) {
        const res = await client.postForm('/structures/structure-demo/fiche', { ...DETAILS, [field]: value });
        expect(res.status, `${field} = ${JSON.stringify(value)}`).toBe(422);
        const html = await res.text();
        expect(html).toContain(MESSAGE);
        expect(html).toContain(`href="#${field}"`);
      }
    }
  });

  it('organisation websites, through the API and the page form', async () => {
    for (const value of HOSTILE) {
      const res = await api(h, hubToken, '/api/v1/organisations', { body: { name: 'Lieu piégé', url: value } });
      expect(res.status, JSON.stringify(value)).toBe(422);
      expect(((await res.json()) as Problem).errors).toContainEqual(expect.objectContaining({ path: 'url' }));
    }
    const client = await signedInClient(h, hubAdmin);
    await client.get('/admin');
    for (const value of HOSTILE) {
      const res = await client.postForm('/admin/structures', { name: 'Lieu piégé', url: value });
      expect(res.status, JSON.stringify(value)).toBe(422);
      expect(await res.text()).toContain(MESSAGE);
    }
  });

  it('evidence links, through the API and the page form', async () => {
    for (const value of HOSTILE) {
      const res = await api(h, mediatorToken, '/api/v1/certification/evidence', {
        body: { code: 'M7.1', kind: 'link', url: value },
      });
      expect(res.status, JSON.stringify(value)).toBe(422);
      expect(((await res.json()) as Problem).errors).toContainEqual(expect.objectContaining({ path: 'url' }));
    }
    const client = await signedInClient(h, mediator);
    await client.get('/certification/blocs/M7');
    for (const value of HOSTILE) {
      const form = new FormData();
      for (const [k, v] of Object.entries({ _csrf: client.csrf, code: 'M7.1', kind: 'link', url: value, text: '' }))
        form.set(k, v);
      const res = await client.request('/certification/preuves', { method: 'POST', body: form });
      expect(res.status, JSON.stringify(value)).toBe(422);
      const html = await res.text();
      expect(html).toContain(MESSAGE);
      expect(html).toContain('href="#url-M7.1"');
    }
    const listed = (await (await api(h, mediatorToken, '/api/v1/certification')).json()) as {
      portfolio: { code: string; evidence: unknown[] }[];
    };
    expect(listed.portfolio.find((c) => c.code === 'M7.1')!.evidence).toEqual([]);
  });
});

describe('addresses stored before the rule are never published', () => {
  it('not on /lieux/<slug>, in the registry JSON or in the CSV', async () => {
    const db = h.deps.database.db;
    const actor = (await principalFromApiToken(h.deps, hubToken))!;
    const programme = await getProgramme(db, 'label-regional');
    // Two labelled places: one whose details hold hostile addresses, one without a website of its
    // own whose organisation website (the CSV's fallback) is hostile.
    const withDetails = await createStructure(h, 'Lieu ancien');
    const withOrgUrl = await createStructure(h, 'Lieu ancien bis');
    for (const structure of [withDetails, withOrgUrl])
      await grantLabel(h.deps, actor, { hub: h.boot.hub, structure, programme, certifiedMediators: 0 });
    const row = {
      pivot: '73282932000074',
      adresse: '1 place de la Mairie',
      codePostal: '21000',
      commune: 'Dijon',
      services: JSON.stringify(DETAILS.services),
      fraisACharge: '[]',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    await db.insert(structureProfiles).values({
      ...row,
      orgId: withDetails.id,
      siteWeb: 'javascript:alert(1)',
      priseRdv: ' JavaScript:alert(2)',
      ficheAccesLibre: 'data:text/html,<script>alert(3)</script>',
    });
    await db.insert(structureProfiles).values({ ...row, orgId: withOrgUrl.id });
    await db.update(organisations).set({ url: 'vbscript:msgbox(4)' }).where(eq(organisations.id, withOrgUrl.id));

    const hostile = /javascript:|vbscript:|data:text/i;
    for (const structure of [withDetails, withOrgUrl]) {
      const page = await h.app.request(`/lieux/${structure.slug}`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain(structure.name);
      expect(html).not.toMatch(hostile);
    }
    const registry = await api(h, null, '/api/v1/registry');
    const text = await registry.text();
    expect(text).toContain('Lieu ancien bis');
    expect(text).not.toMatch(hostile);
    const csv = await (await api(h, null, '/api/v1/registry?format=csv')).text();
    expect(csv).toContain('Lieu ancien bis');
    expect(csv).not.toMatch(hostile);
    // Nor handed out by the organisations API.
    const orgs = await (await api(h, hubToken, '/api/v1/organisations')).text();
    expect(orgs).toContain('Lieu ancien bis');
    expect(orgs).not.toMatch(hostile);
  });

  it('a stored http(s) address is still published', async () => {
    const db = h.deps.database.db;
    const actor = (await principalFromApiToken(h.deps, hubToken))!;
    const structure = await createStructure(h, 'Lieu correct');
    await grantLabel(h.deps, actor, {
      hub: h.boot.hub,
      structure,
      programme: await getProgramme(db, 'label-regional'),
      certifiedMediators: 0,
    });
    await db.insert(structureProfiles).values({
      orgId: structure.id,
      pivot: '73282932000074',
      adresse: '2 place de la Mairie',
      codePostal: '21000',
      commune: 'Dijon',
      services: JSON.stringify(DETAILS.services),
      fraisACharge: '[]',
      siteWeb: 'https://lieu-correct.example.org',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    const html = await (await h.app.request(`/lieux/${structure.slug}`, { headers: { accept: 'text/html' } })).text();
    expect(html).toContain('href="https://lieu-correct.example.org"');
    const csv = await (await api(h, null, '/api/v1/registry?format=csv')).text();
    expect(csv).toContain('https://lieu-correct.example.org');
  });
});
