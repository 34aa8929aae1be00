/**
 * "Ask for more" closes the loop (issue 17): when the committee asks for more on a mediator's
 * certification or a place's label application, the person's /espace says so, names each flagged
 * competence or criterion by its title with the committee's words, and links straight to the form
 * where its evidence is added; errors name the competence by its title and link to its field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shippedReferentials } from '../../src/referentials/files.js';
import { certifiedMediator } from '../helpers/certify.js';
import type { MediatorReferential } from '../../src/referentials/schema.js';
import {
  api,
  apiTokenFor,
  type Client,
  createHarness,
  createUser,
  type Harness,
  signedInClient,
} from '../helpers/harness.js';

let h: Harness;
let mediator: Client;
let mediatorToken: string;
let admin: Client;
let adminToken: string;
let reviewers: string[];

const ref = shippedReferentials().find((f) => f.referential.slug === 'mediateurs')!.referential as MediatorReferential;
const titleOf = (code: string) => ref.blocks.flatMap((b) => b.competences).find((c) => c.code === code)!.title;
/** The text of a page, HTML entities of apostrophes and quotes turned back into characters. */
const textOf = async (res: Response) => (await res.text()).replaceAll('&#39;', '’').replaceAll('&quot;', '"');

beforeAll(async () => {
  h = await createHarness({ now: '2026-03-02T09:00:00Z' });
  const structure = h.boot.structure!;
  const mediatorUser = await createUser(h, structure.id, 'mediator');
  mediator = await signedInClient(h, mediatorUser);
  mediatorToken = await apiTokenFor(h, mediatorUser);
  const adminUser = await createUser(h, structure.id, 'structure-admin');
  admin = await signedInClient(h, adminUser);
  adminToken = await apiTokenFor(h, adminUser);
  reviewers = [
    await apiTokenFor(h, await createUser(h, h.boot.hub.id, 'committee')),
    await apiTokenFor(h, await createUser(h, h.boot.hub.id, 'committee')),
  ];
});
afterAll(() => h.close());

describe('the committee asks a mediator for more', () => {
  let applicationId = '';
  const codes = ref.blocks.find((b) => b.code === 'M1')!.competences.map((c) => c.code);

  beforeAll(async () => {
    for (const code of codes) {
      await api(h, mediatorToken, '/api/v1/certification/levels', { body: { levels: { [code]: 'maitrise' } } });
      await api(h, mediatorToken, '/api/v1/certification/evidence', {
        body: { code, kind: 'text', text: 'Récit anonymisé.' },
      });
    }
    const applied = await api(h, mediatorToken, '/api/v1/certification/applications', { body: { blocks: ['M1'] } });
    applicationId = ((await applied.json()) as { id: string }).id;
    for (const token of reviewers) {
      const res = await api(h, token, `/api/v1/certification/applications/${applicationId}/reviews`, {
        body: {
          vote: 'changes',
          comment: 'Il manque une trace concrète.',
          items: codes.map((code) =>
            code === 'M1.2'
              ? { code, decision: 'more', comment: 'Joignez une trame d’entretien.' }
              : { code, decision: 'accept' },
          ),
        },
      });
      expect(res.status).toBe(201);
    }
  });

  it('shows on the mediator’s /espace, naming the competence with the committee’s words and linking to its evidence form', async () => {
    const html = await textOf(await mediator.get('/espace'));
    expect(html).toContain('Le comité demande des compléments');
    expect(html).toContain(`M1.2 — ${titleOf('M1.2')}`);
    expect(html).toContain('« Joignez une trame d’entretien. »');
    expect(html).toContain('href="/certification/blocs/M1#M1.2"');
    // Only the flagged competence is listed.
    expect(html).not.toContain('href="/certification/blocs/M1#M1.1"');
    expect(html).toContain(`href="/certification/demandes/${applicationId}"`);
    // The mediator's certification page says the same.
    const home = await textOf(await mediator.get('/certification'));
    expect(home).toContain('Le comité demande des compléments');
    expect(home).toContain('href="/certification/blocs/M1#M1.2"');
  });

  it('the link leads to the competence’s section, with the committee’s words and its evidence form', async () => {
    const html = await textOf(await mediator.get('/certification/blocs/M1'));
    const section = html.slice(
      html.indexOf('<section id="M1.2"'),
      html.indexOf('</section>', html.indexOf('id="M1.2"')),
    );
    expect(section).toContain('Joignez une trame d’entretien.');
    expect(section).toContain('action="/certification/preuves"');
    expect(section).toContain('name="code" value="M1.2"');
    for (const kind of ['text', 'link', 'file']) expect(section).toContain(`id="kind-M1.2-${kind}"`);
    expect(section).toContain('id="url-M1.2"');
  });

  it('the request page links each flagged competence to where its evidence is added', async () => {
    const html = await textOf(await mediator.get(`/certification/demandes/${applicationId}`));
    expect(html).toContain('Le comité demande des compléments');
    expect(html).toMatch(/<a href="\/certification\/blocs\/M1#M1\.2">Ajouter une preuve : M1\.2 — /);
    expect(html).toContain(`Ma réponse pour M1.2 — ${titleOf('M1.2')}`);
  });

  it('an evidence error names the competence by its title and links to its field', async () => {
    const form = new FormData();
    for (const [k, v] of Object.entries({ _csrf: mediator.csrf, code: 'M1.2', kind: 'link', url: '', text: '' }))
      form.set(k, v);
    const res = await mediator.request('/certification/preuves', { method: 'POST', body: form });
    expect(res.status).toBe(422);
    const html = await textOf(res);
    const summary = /<div class="callout bad" role="alert"[\s\S]*?<\/div>/.exec(html)![0];
    expect(summary).toContain(`<a href="#url-M1.2">M1.2 — ${titleOf('M1.2')} : `);
    expect(html).toMatch(/<input[^>]*id="url-M1\.2"[^>]*aria-describedby="url-M1\.2-error"/);
    expect(html).toContain('<p class="field-error" id="url-M1.2-error">');
    // The link form comes back chosen, in its competence.
    expect(html).toMatch(/<input[^>]*id="kind-M1\.2-link"[^>]*checked/);
  });

  it('a resubmission the portfolio no longer supports names the competence by its title and links to it', async () => {
    await api(h, mediatorToken, '/api/v1/certification/levels', { body: { levels: { 'M1.3': 'notions' } } });
    await mediator.get(`/certification/demandes/${applicationId}`);
    const res = await mediator.postForm(`/certification/demandes/${applicationId}/mise-a-jour`, {
      'response.M1.2': 'Trame ajoutée.',
      resubmit: 'oui',
    });
    expect(res.status).toBe(422);
    const html = await textOf(res);
    expect(html).toContain(
      `<a href="/certification/blocs/M1#M1.3">M1.3 — ${titleOf('M1.3')} : le bloc demande au moins le niveau`,
    );
    await api(h, mediatorToken, '/api/v1/certification/levels', { body: { levels: { 'M1.3': 'maitrise' } } });
  });

  it('once resubmitted, the request leaves /espace', async () => {
    await api(h, mediatorToken, '/api/v1/certification/evidence', {
      body: { code: 'M1.2', kind: 'link', url: 'https://exemple.org/trame' },
    });
    await mediator.get(`/certification/demandes/${applicationId}`);
    const res = await mediator.postForm(`/certification/demandes/${applicationId}/mise-a-jour`, {
      'response.M1.2': 'Trame ajoutée en lien.',
      resubmit: 'oui',
    });
    expect(res.status).toBe(303);
    expect(await textOf(await mediator.get('/espace'))).not.toContain('Le comité demande des compléments');
  });

  it('applying with an incomplete block names each competence by its title, linked to its section', async () => {
    const other = await signedInClient(h, await createUser(h, h.boot.structure!.id, 'mediator'));
    await other.get('/certification');
    const res = await other.postForm('/certification/demandes', { blocks: 'M2' });
    expect(res.status).toBe(422);
    expect(await textOf(res)).toContain(
      `<a href="/certification/blocs/M2#M2.1">M2.1 — ${titleOf('M2.1')} : indiquez votre niveau.</a>`,
    );
  });
});

describe('the committee asks a place for more on its label application', () => {
  let applicationId = '';
  let horaires = '';

  beforeAll(async () => {
    // A label needs the programme's minimum of certified mediators (a criterion Jalon counts).
    await certifiedMediator(h, h.boot.structure!.id);
    await api(h, adminToken, '/api/v1/structures/structure-demo/details', {
      method: 'PUT',
      body: {
        pivot: 'W212000123',
        adresse: '1 place Carnot',
        codePostal: '21200',
        commune: 'Beaune',
        services: ['Maîtrise des outils numériques du quotidien'],
      },
    });
    const created = await api(h, adminToken, '/api/v1/structures/structure-demo/label-applications', {
      body: {
        submit: true,
        answers: {
          'acces-gratuit': 'Gratuit pour tous.',
          horaires: 'Lundi au vendredi 9h-17h.',
          accessibilite: 'Rez-de-chaussée accessible.',
          'donnees-personnelles': 'Charte adoptée en 2026.',
          'partenariat-social': 'CCAS de Beaune.',
          equipement: 'Cinq ordinateurs.',
        },
      },
    });
    expect(created.status).toBe(201);
    const app = (await created.json()) as { id: string; items: { code: string; title: string }[] };
    applicationId = app.id;
    horaires = app.items.find((i) => i.code === 'horaires')!.title;
    for (const token of reviewers) {
      const res = await api(h, token, `/api/v1/label-applications/${applicationId}/reviews`, {
        body: {
          vote: 'changes',
          comment: 'Presque complet.',
          items: app.items.map(({ code }) =>
            code === 'horaires'
              ? { code, decision: 'more', comment: 'Donnez aussi les horaires du samedi.' }
              : { code, decision: 'accept' },
          ),
        },
      });
      expect(res.status).toBe(200);
    }
  });

  it('shows on the structure admin’s /espace, naming the criterion with the committee’s words and linking to its field', async () => {
    const html = await textOf(await admin.get('/espace'));
    expect(html).toContain('Le comité demande des compléments');
    expect(html).toContain(
      `<a href="/structures/structure-demo/label/label-regional#critere-horaires">${horaires}</a>`,
    );
    expect(html).toContain('« Donnez aussi les horaires du samedi. »');
    expect(html).not.toContain('#critere-acces-gratuit');
    // The mediator of the same place is not the applicant: nothing to do for them here.
    expect(await textOf(await mediator.get('/espace'))).not.toContain('#critere-horaires');
  });

  it('the link leads to the criterion, with the committee’s words and the field to complete', async () => {
    const html = await textOf(await admin.get('/structures/structure-demo/label/label-regional'));
    const start = html.indexOf('id="critere-horaires"');
    expect(start).toBeGreaterThan(0);
    const block = html.slice(start, html.indexOf('id="critere-', start + 10));
    expect(block).toContain('Donnez aussi les horaires du samedi.');
    expect(block).toContain('<textarea id="c-horaires" name="horaires"');
  });

  it('once filed again, the request leaves /espace', async () => {
    await admin.get('/structures/structure-demo/label/label-regional');
    const res = await admin.postForm('/structures/structure-demo/label/label-regional', {
      'acces-gratuit': 'Gratuit pour tous.',
      horaires: 'Lundi au samedi 9h-17h.',
      accessibilite: 'Rez-de-chaussée accessible.',
      'donnees-personnelles': 'Charte adoptée en 2026.',
      'partenariat-social': 'CCAS de Beaune.',
      equipement: 'Cinq ordinateurs.',
      'reponse.horaires': 'Samedi ajouté.',
      action: 'deposer',
    });
    expect(res.status).toBe(303);
    expect(await textOf(await admin.get('/espace'))).not.toContain('Le comité demande des compléments');
  });
});
