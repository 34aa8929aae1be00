/**
 * Two label programmes on one service, each addressed by its slug: the shipped `label-regional` and a
 * second one that is only a YAML file (test/fixtures/label-programmes/label/label-territorial/1.0.0.yaml).
 * A place applies under each; each application is decided by its own programme's criteria and rules
 * (quorum, majority, validity), and a request that names no programme is asked which one.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importLabelProgramme } from '../../src/label/programme.js';
import { decodeJwt } from '../../src/ob3/jwt.js';
import { shippedLabelProgrammes } from '../../src/referentials/label-files.js';
import type { LabelProgramme } from '../../src/referentials/label-schema.js';
import {
  api,
  apiTokenFor,
  type Client,
  createHarness,
  createUser,
  json,
  signedInClient,
  type Harness,
} from '../helpers/harness.js';
import { certifiedMediator } from '../helpers/certify.js';

const SECOND = join(import.meta.dirname, '../fixtures/label-programmes');

let h: Harness;
let admin: string;
let adminPage: Client;
let reviewerA: string;
let reviewerB: string;
let regional: LabelProgramme;
let territorial: LabelProgramme;

interface Application {
  id: string;
  state: string;
  programme: { slug: string; version: string };
  items: { code: string }[];
}

const REGIONAL_ANSWERS = {
  'acces-gratuit': 'Accompagnement gratuit, affiché à l’entrée.',
  horaires: 'Du lundi au vendredi, 9 h – 12 h, publiés sur la cartographie nationale.',
  accessibilite: 'Fiche Acceslibre à jour.',
  'donnees-personnelles': 'Charte affichée et signée par l’équipe.',
  'partenariat-social': 'Convention avec le CCAS.',
  equipement: 'Quatre ordinateurs en libre accès.',
};
const TERRITORIAL_ANSWERS = { 'accueil-sans-rendez-vous': 'Le mardi et le jeudi, 14 h – 17 h, affiché en mairie.' };

const approveAll = (p: LabelProgramme) => ({
  vote: 'approve',
  items: p.criteria.map((c) => ({ code: c.code, decision: 'accept' })),
});

async function apply(programme: string | undefined, answers: Record<string, string>) {
  return api(h, admin, '/api/v1/structures/structure-demo/label-applications', {
    body: { ...(programme ? { programme } : {}), answers, submit: true },
  });
}

async function review(token: string, id: string, p: LabelProgramme) {
  const res = await api(h, token, `/api/v1/label-applications/${id}/reviews`, { body: approveAll(p) });
  expect(res.status).toBe(200);
  return json<{ state: string; labelId: string | null }>(res);
}

async function labelCredential(labelId: string) {
  const row = await h.opened.client.execute(
    'select l.programme_slug, c.jwt from labels l join credentials c on c.id = l.credential_id where l.id = ?',
    [labelId],
  );
  const payload = decodeJwt(String(row.rows[0]!.jwt)).payload as {
    validFrom: string;
    validUntil: string;
    credentialSubject: { achievement: { id: string; name: string } };
  };
  return { programme: String(row.rows[0]!.programme_slug), ...payload };
}

const months = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / (30.44 * 86_400_000));

beforeAll(async () => {
  h = await createHarness();
  // The second programme is only a file: loaded like the shipped ones (its folder is its slug).
  const [second] = shippedLabelProgrammes(SECOND);
  expect(await importLabelProgramme(h.deps, second!)).toBe('created');
  regional = shippedLabelProgrammes()[0]!;
  territorial = second!;
  const adminUser = await createUser(h, h.boot.structure!.id, 'structure-admin');
  admin = await apiTokenFor(h, adminUser);
  adminPage = await signedInClient(h, adminUser);
  reviewerA = await apiTokenFor(h, await createUser(h, h.boot.hub.id, 'committee'));
  reviewerB = await apiTokenFor(h, await createUser(h, h.boot.hub.id, 'committee'));
  const details = await api(h, admin, '/api/v1/structures/structure-demo/details', {
    method: 'PUT',
    body: {
      pivot: '73282932000074',
      adresse: '12 rue de la Liberté',
      codePostal: '21000',
      commune: 'Dijon',
      services: ['Aide aux démarches administratives'],
    },
  });
  expect(details.status).toBe(200);
  // Both programmes want certified mediators of the place, counted by Jalon.
  await certifiedMediator(h, h.boot.structure!.id);
});
afterAll(() => h.close());

describe('two label programmes addressed by slug', () => {
  it('serves each programme by its slug, with its own criteria and rules', async () => {
    for (const p of [regional, territorial]) {
      const res = await api(h, null, `/api/v1/label-programmes/${p.slug}`);
      expect(res.status).toBe(200);
      expect(await json<LabelProgramme>(res)).toEqual(p);
    }
    expect((await api(h, null, '/api/v1/label-programmes/label-inconnu')).status).toBe(404);
  });

  it('asks which programme an application is for when the service has several, naming them', async () => {
    const res = await apply(undefined, REGIONAL_ANSWERS);
    expect(res.status).toBe(422);
    const problem = await json<{ detail: string; errors: { path: string; message: string }[] }>(res);
    expect(problem.errors).toEqual([
      { path: 'programme', message: 'programme à choisir : label-regional, label-territorial' },
    ]);
  });

  it('takes one application under each programme, each with its own criteria, each decided by its own rules', async () => {
    const underRegional = await apply('label-regional', REGIONAL_ANSWERS);
    expect(underRegional.status).toBe(201);
    const a = await json<Application>(underRegional);
    // An open application under one programme does not block one under another.
    const underTerritorial = await apply('label-territorial', TERRITORIAL_ANSWERS);
    expect(underTerritorial.status).toBe(201);
    const b = await json<Application>(underTerritorial);
    expect(a.programme).toEqual({ slug: 'label-regional', version: '1.0.0' });
    expect(b.programme).toEqual({ slug: 'label-territorial', version: '1.0.0' });
    expect(a.items.map((i) => i.code)).toEqual(regional.criteria.map((c) => c.code));
    expect(b.items.map((i) => i.code)).toEqual(['accueil-sans-rendez-vous', 'tournee']);
    expect([a.state, b.state]).toEqual(['submitted', 'submitted']);
    expect((await apply('label-territorial', TERRITORIAL_ANSWERS)).status).toBe(409);

    // label-territorial: quorum 1 — the first approval decides.
    const territorialDecided = await review(reviewerA, b.id, territorial);
    expect(territorialDecided.state).toBe('approved');
    // label-regional: quorum 2 — one approval is not enough, the second decides.
    expect(await review(reviewerA, a.id, regional)).toEqual({ state: 'submitted', labelId: null });
    const regionalDecided = await review(reviewerB, a.id, regional);
    expect(regionalDecided.state).toBe('approved');

    const t = await labelCredential(territorialDecided.labelId!);
    const r = await labelCredential(regionalDecided.labelId!);
    expect(t.programme).toBe('label-territorial');
    expect(t.credentialSubject.achievement).toMatchObject({
      id: 'http://jalon.test/label/label-territorial/1.0.0',
      name: 'Label territorial des permanences numériques',
    });
    expect(r.credentialSubject.achievement.id).toBe('http://jalon.test/label/label-regional/1.0.0');
    // Each label lasts as long as its own programme says.
    expect(months(t.validFrom, t.validUntil)).toBe(12);
    expect(months(r.validFrom, r.validUntil)).toBe(36);
  });

  it('offers the structure admin a choice of programmes, then one page per programme that posts to itself', async () => {
    const choice = await adminPage.request('/structures/structure-demo/label', { accept: 'text/html' });
    expect(choice.status).toBe(200);
    const html = await choice.text();
    expect(html).toContain('href="/structures/structure-demo/label/label-regional"');
    expect(html).toContain('href="/structures/structure-demo/label/label-territorial"');
    const page = await adminPage.request('/structures/structure-demo/label/label-territorial', { accept: 'text/html' });
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain('Label territorial des permanences numériques — Structure de démonstration');
    expect(text).toContain('href="/label/label-territorial/1.0.0"');
    expect((await adminPage.request('/structures/structure-demo/label/label-inconnu')).status).toBe(404);
  });

  it('shows the registry with each programme’s criteria', async () => {
    const html = await (await h.app.request('/registre', { headers: { accept: 'text/html' } })).text();
    expect(html).toContain('<a href="/label/label-regional/1.0.0">Label régional des lieux de médiation numérique</a>');
    expect(html).toContain('<a href="/label/label-territorial/1.0.0">Label territorial des permanences numériques</a>');
  });
});
