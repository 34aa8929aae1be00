/**
 * The mediator's learner pages, the holder's pages and the passport verification, in Chromium on a
 * phone with JavaScript off: register a person, position them, record an evaluation, issue the
 * badges and the passport, hand over the personal link, verify the passport PDF.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api } from '../helpers/harness.js';
import { checkPage, shot, signInThroughPage, startE2E, tokenFor, userWith, type E2E } from './browser.js';
import type { TestUser } from '../helpers/harness.js';

let e: E2E;
let mediator: TestUser;
let token: string;
let mediatorPage: Page;
let learnerUrl = '';
let holderUrl = '';

const NAME = 'Amina Benali';

beforeAll(async () => {
  e = await startE2E();
  mediator = await userWith(e, e.h.boot.structure!.id, 'mediator');
  token = await tokenFor(e, mediator);
  mediatorPage = await e.newPage();
  await signInThroughPage(mediatorPage, e, mediator);
});
afterAll(() => e?.stop());

describe('mediator pages (phone, no JavaScript)', () => {
  it('registers a person with their consent', async () => {
    const page = mediatorPage;
    await page.goto(e.url('/structures/structure-demo/apprenants'));
    await checkPage(page);
    await page.getByLabel('Nom (comme la personne l’écrit)').fill(NAME);
    await page.getByLabel(/La personne accepte/).check();
    await Promise.all([
      page.waitForURL(/\/apprenants\/[0-9a-f-]{36}$/),
      page.getByRole('button', { name: 'Enregistrer', exact: true }).click(),
    ]);
    learnerUrl = page.url();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(NAME);
    await checkPage(page);
  });

  it('runs a positioning: themes first, then what is observed', async () => {
    const page = mediatorPage;
    await page.goto(`${learnerUrl}/positionnement`);
    await page.getByLabel('E-mail', { exact: true }).check();
    await page.getByRole('button', { name: 'Afficher les compétences de ces thèmes' }).click();
    await page.waitForLoadState();
    // Letters are collapsed on a phone: open letter A.
    await page.locator('summary', { hasText: 'Lettre A' }).click();
    const a1 = page.getByRole('group', { name: /Créer une adresse e-mail/ });
    await a1.getByLabel(/Avec guidage/).check();
    await checkPage(page);
    await Promise.all([
      page.waitForURL(learnerUrl),
      page.getByRole('button', { name: 'Enregistrer le positionnement' }).click(),
    ]);
    expect(await page.getByText('Avec guidage').count()).toBeGreaterThan(0);
  });

  it('records an evaluation and issues the newly earned badges and the passport', async () => {
    // Earlier sessions through the API: 7 core competences already reached "Autonome".
    const learnerId = learnerUrl.split('/').pop()!;
    const earlier = await api(e.h, token, `/api/v1/learners/${learnerId}/evaluations`, {
      body: {
        method: 'observation',
        date: '2026-10-01',
        items: ['S1', 'O1', 'C1', 'W1', 'N1', 'R1', 'E1'].map((code) => ({ code, level: 'autonome' })),
      },
    });
    expect(earlier.status).toBe(201);
    const page = mediatorPage;
    await page.goto(`${learnerUrl}/evaluation`);
    await checkPage(page);
    // Letters are collapsed; a search by code opens what matches (a GET, no script needed).
    await page.getByLabel('Chercher une compétence (code ou mots)').fill('A1');
    await Promise.all([page.waitForURL(/q=A1/), page.getByRole('button', { name: 'Afficher', exact: true }).click()]);
    const a1 = page.getByRole('group', { name: /Créer une adresse e-mail/ });
    await a1.getByRole('radio', { name: 'Autonome', exact: true }).check();
    await a1.getByLabel('Note (facultatif)').fill('A créé son adresse toute seule');
    await page.getByLabel('Façon d’évaluer').selectOption('exercise');
    await page.getByRole('button', { name: 'Enregistrer l’évaluation' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('status').first().textContent()).toContain('Évaluation enregistrée');
    const earned = page.getByRole('region', { name: 'Nouveaux badges obtenus' });
    expect(await earned.textContent()).toContain('Passeport numérique');
    await checkPage(page);
    await earned.getByRole('button', { name: /Délivrer les 9 badges/ }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('status').first().textContent()).toContain('9 badges délivrés');
    expect(await page.getByRole('link', { name: 'Passeport numérique', exact: true }).count()).toBe(1);
    await shot(page, 'learner-after-issue');
    const pdf = await page.request.get(`${learnerUrl}/passeport.pdf`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
  });

  it('creates the personal link with its printable QR code', async () => {
    const page = mediatorPage;
    await page.goto(`${learnerUrl}/lien`);
    await page.getByRole('button', { name: 'Créer le lien personnel et la carte' }).click();
    await page.waitForLoadState();
    holderUrl = (await page.locator('.secret').textContent())!.trim();
    expect(holderUrl).toMatch(/\/p\/[A-Za-z0-9_-]{43}$/);
    expect(await page.getByRole('img', { name: /Code à scanner pour ouvrir les badges/ }).count()).toBe(1);
    await checkPage(page);
  });
});

describe('holder and verifier pages', () => {
  it('the holder sees their badges and downloads their passport without an account', async () => {
    const page = await e.newPage();
    await page.goto(holderUrl);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Bonjour ${NAME}`);
    // The badges are folded under the summary.
    await page.locator('summary', { hasText: 'Mes badges' }).click();
    expect(await page.getByRole('heading', { level: 3, name: 'Passeport numérique' }).count()).toBe(1);
    await checkPage(page);
    await shot(page, 'holder');
    const pdf = await page.request.get(`${holderUrl}/passeport.pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
  });

  it('the passport PDF uploaded to the verifier, with the holder’s name, is authentic', async () => {
    const pdf = Buffer.from(await (await fetch(`${holderUrl}/passeport.pdf`)).arrayBuffer());
    const page = await e.newPage();
    await page.goto(e.url('/verifier'));
    await page
      .getByLabel('Fichier du badge ou du passeport')
      .setInputFiles({ name: 'passeport.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByLabel('Nom du titulaire (facultatif)').fill(NAME);
    await page.getByRole('button', { name: 'Vérifier', exact: true }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('status').textContent()).toBe(
      'Les 9 badges de ce passeport sont authentiques et valides. Le nom saisi correspond à son titulaire.',
    );
    expect(
      await page.getByText(`Le nom imprimé sur ce passeport, « ${NAME} », correspond à ses 9 badges.`).count(),
    ).toBe(1);
    await checkPage(page);
  });

  it('the passport QR link verifies every badge of the passport, and checks a name', async () => {
    const learnerId = learnerUrl.split('/').pop()!;
    const { publicId } = (await (await api(e.h, token, `/api/v1/learners/${learnerId}`)).json()) as {
      publicId: string;
    };
    const page = await e.newPage();
    await page.goto(e.url(`/verifier?passeport=${publicId}`));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Vérification d’un passeport numérique');
    expect(
      await page.getByRole('heading', { level: 2, name: 'Passeport numérique authentique et valide' }).count(),
    ).toBe(1);
    await checkPage(page);
    await page.getByLabel('Nom inscrit sur le passeport ou la pièce d’identité').fill('Quelqu’un d’autre');
    await page.getByRole('button', { name: 'Vérifier ce nom' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('heading', { level: 2, name: 'Le nom saisi ne correspond pas' }).count()).toBe(1);
    expect(page.url()).toBe(e.url('/verifier'));
  });
});
