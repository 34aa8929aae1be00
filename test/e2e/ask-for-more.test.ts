/**
 * The committee asks for more, and the loop closes (issue 17), in Chromium on a 390×844 phone with
 * JavaScript off, checked with axe: the mediator signs in, sees the request on /espace, follows
 * the link to the flagged competence, adds a link in place and sends the application back; the
 * block page stays within two screens per competence. The committee's reviews go through the API.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certifiedMediator } from '../helpers/certify.js';
import { shippedReferentials } from '../../src/referentials/files.js';
import type { MediatorReferential } from '../../src/referentials/schema.js';
import { api, type TestUser } from '../helpers/harness.js';
import { checkPage, type E2E, shot, signInThroughPage, startE2E, tokenFor, userWith } from './browser.js';

const ref = shippedReferentials().find((f) => f.referential.slug === 'mediateurs')!.referential as MediatorReferential;
const M1 = ref.blocks.find((b) => b.code === 'M1')!;
const SCREEN = 844;

let e: E2E;
let mediator: TestUser;
let reviewers: string[];
let applicationId = '';

/** The page's height and each competence section's, in CSS pixels, as the phone lays them out. */
async function heights(page: Page): Promise<{ page: number; sections: Record<string, number> }> {
  return page.evaluate(() => ({
    page: document.documentElement.scrollHeight,
    sections: Object.fromEntries(
      [...document.querySelectorAll('section.competence-evidence')].map((s) => [
        s.id,
        s.getBoundingClientRect().height,
      ]),
    ),
  }));
}

beforeAll(async () => {
  e = await startE2E();
  mediator = await userWith(e, e.h.boot.structure!.id, 'mediator');
  reviewers = [
    await tokenFor(e, await userWith(e, e.h.boot.hub.id, 'committee')),
    await tokenFor(e, await userWith(e, e.h.boot.hub.id, 'committee')),
  ];
  const token = await tokenFor(e, mediator);
  for (const c of M1.competences) {
    await api(e.h, token, '/api/v1/certification/levels', { body: { levels: { [c.code]: 'maitrise' } } });
    await api(e.h, token, '/api/v1/certification/evidence', {
      body: {
        code: c.code,
        kind: 'text',
        text: 'Récit réflexif anonymisé : une situation d’accueil, ce que j’ai fait, ce que j’en retiens.',
      },
    });
  }
  const applied = await api(e.h, token, '/api/v1/certification/applications', { body: { blocks: ['M1'] } });
  applicationId = ((await applied.json()) as { id: string }).id;
  for (const reviewer of reviewers) {
    const res = await api(e.h, reviewer, `/api/v1/certification/applications/${applicationId}/reviews`, {
      body: {
        vote: 'changes',
        comment: 'Il manque une trace concrète.',
        items: M1.competences.map((c) =>
          c.code === 'M1.2'
            ? { code: c.code, decision: 'more', comment: 'Joignez une trame d’entretien (lien ou fichier).' }
            : { code: c.code, decision: 'accept' },
        ),
      },
    });
    expect(res.status).toBe(201);
  }
});
afterAll(() => e?.stop());

describe('the committee asks for more (phone, no JavaScript)', () => {
  it('the mediator sees the request on /espace, adds a link in place and sends the application back', async () => {
    const page = await e.newPage();
    await signInThroughPage(page, e, mediator);
    const request = page.getByRole('region', { name: 'Le comité demande des compléments' });
    expect(await request.textContent()).toContain('Joignez une trame d’entretien');
    await checkPage(page);
    await shot(page, 'ask-for-more-espace');

    const competence = M1.competences.find((c) => c.code === 'M1.2')!;
    await Promise.all([
      page.waitForURL(e.url('/certification/blocs/M1#M1.2')),
      request.getByRole('link', { name: `M1.2 — ${competence.title}` }).click(),
    ]);
    // The link lands on the competence's section: its heading is on the first screen.
    const heading = page.getByRole('heading', { name: /^Preuves M1\.2/ });
    const box = (await heading.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeLessThan(SCREEN / 2);
    await checkPage(page);
    await shot(page, 'ask-for-more-block');

    // One evidence form: the link's address shows only once « Lien » is chosen.
    const section = page.locator('[id="M1.2"]');
    expect(await section.getByText('Joignez une trame d’entretien').count()).toBe(1);
    expect(await section.getByLabel('Adresse du lien').isVisible()).toBe(false);
    await section.locator('label', { hasText: /^Lien$/ }).click();
    expect(await section.getByLabel('Adresse du lien').isVisible()).toBe(true);
    expect(await section.getByLabel('Fichier PDF, PNG ou JPEG, 5 Mo au plus').isVisible()).toBe(false);
    await shot(page, 'ask-for-more-link-chosen');
    await section.getByLabel('Adresse du lien').fill('https://exemple.org/trame-entretien');
    await Promise.all([
      page.waitForURL(/\/certification\/blocs\/M1\?ok=preuve#M1\.2$/),
      section.getByRole('button', { name: 'Ajouter la preuve M1.2' }).click(),
    ]);
    expect(await page.getByRole('status').first().textContent()).toContain('Preuve ajoutée.');
    expect(
      await page.locator('[id="M1.2"]').getByRole('link', { name: 'https://exemple.org/trame-entretien' }).count(),
    ).toBe(1);

    // Back to the request, answer, send it back.
    await Promise.all([
      page.waitForURL(e.url(`/certification/demandes/${applicationId}`)),
      page.getByRole('link', { name: 'ma demande' }).click(),
    ]);
    await checkPage(page);
    await shot(page, 'ask-for-more-request');
    await page.getByLabel(/^Ma réponse pour M1\.2/).fill('La trame d’entretien est en lien.');
    await Promise.all([
      page.waitForURL(/ok=renvoyee$/),
      page.getByRole('button', { name: 'Renvoyer au comité' }).click(),
    ]);
    expect(await page.getByText('Complétée, en cours d’examen').count()).toBeGreaterThan(0);
    await page.goto(e.url('/espace'));
    expect(await page.getByRole('region', { name: 'Le comité demande des compléments' }).count()).toBe(0);
  }, 120_000);

  it('the block page takes at most two screens per competence', async () => {
    const page = await e.newPage();
    await signInThroughPage(page, e, mediator);
    await page.goto(e.url('/certification/blocs/M1'));
    const h = await heights(page);
    const perCompetence = h.page / M1.competences.length;
    console.info(
      `block page M1 at 390×844: ${h.page}px = ${(h.page / SCREEN).toFixed(1)} screens for ${M1.competences.length} competences, ` +
        `${(perCompetence / SCREEN).toFixed(2)} screens each; sections ${Object.entries(h.sections)
          .map(([k, v]) => `${k} ${(v / SCREEN).toFixed(2)}`)
          .join(', ')}`,
    );
    expect(perCompetence).toBeLessThanOrEqual(2 * SCREEN);
    for (const [code, height] of Object.entries(h.sections)) expect(height, code).toBeLessThanOrEqual(2 * SCREEN);
    await shot(page, 'ask-for-more-block-full');
  }, 60_000);
});

describe('the committee asks a place for more (phone, no JavaScript)', () => {
  it('the structure admin sees the request on /espace and lands on the criterion to complete', async () => {
    const adminUser = await userWith(e, e.h.boot.structure!.id, 'structure-admin');
    const admin = await tokenFor(e, adminUser);
    // A label needs the programme's minimum of certified mediators (a criterion Jalon counts).
    await certifiedMediator(e.h, e.h.boot.structure!.id);
    await api(e.h, admin, '/api/v1/structures/structure-demo/details', {
      method: 'PUT',
      body: {
        pivot: 'W212000123',
        adresse: '1 place Carnot',
        codePostal: '21200',
        commune: 'Beaune',
        services: ['Maîtrise des outils numériques du quotidien'],
      },
    });
    const created = await api(e.h, admin, '/api/v1/structures/structure-demo/label-applications', {
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
    const app = (await created.json()) as { id: string; items: { code: string; title: string }[] };
    for (const reviewer of reviewers)
      await api(e.h, reviewer, `/api/v1/label-applications/${app.id}/reviews`, {
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
    const page = await e.newPage();
    await signInThroughPage(page, e, adminUser);
    const request = page.getByRole('region', { name: 'Le comité demande des compléments' });
    expect(await request.textContent()).toContain('Donnez aussi les horaires du samedi.');
    await checkPage(page);
    await shot(page, 'ask-for-more-espace-structure');
    const horaires = app.items.find((i) => i.code === 'horaires')!.title;
    await Promise.all([
      page.waitForURL(e.url('/structures/structure-demo/label/label-regional#critere-horaires')),
      request.getByRole('link', { name: horaires }).click(),
    ]);
    // The criterion's field is on the first screen, ready to be completed in place.
    const field = page.getByRole('textbox', { name: horaires });
    const box = (await field.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(SCREEN);
    await checkPage(page);
    await shot(page, 'ask-for-more-label-criterion');
  }, 90_000);
});
