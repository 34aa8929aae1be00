/** The label in the browser at phone width (390 px), JavaScript off unless said: registry, place page, committee pages, bulk verification. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { principalFromApiToken } from '../../src/auth/service.js';
import { getProgramme } from '../../src/label/programme.js';
import { grantLabel } from '../../src/label/service.js';
import { api } from '../helpers/harness.js';
import {
  checkPage,
  issueViaApi,
  shot,
  signInThroughPage,
  startE2E,
  tokenFor,
  userWith,
  type E2E,
  type Issued,
} from './browser.js';

let e: E2E;
let issued: Issued;

beforeAll(async () => {
  e = await startE2E();
  const admin = await tokenFor(e, await userWith(e, e.h.boot.structure!.id, 'structure-admin'));
  await api(e.h, admin, '/api/v1/structures/structure-demo/details', {
    method: 'PUT',
    body: {
      pivot: '73282932000074',
      adresse: '12 rue de la Liberté',
      codePostal: '21000',
      commune: 'Dijon',
      horaires: 'Mo-Fr 09:00-12:00,14:00-17:00',
      services: ['Aide aux démarches administratives', 'Maîtrise des outils numériques du quotidien'],
      fraisACharge: ['Gratuit'],
    },
  });
  const hubAdmin = await tokenFor(e, await userWith(e, e.h.boot.hub.id, 'hub-admin'));
  await grantLabel(e.h.deps, (await principalFromApiToken(e.h.deps, hubAdmin))!, {
    hub: e.h.boot.hub,
    structure: e.h.boot.structure!,
    programme: await getProgramme(e.h.deps.database.db, 'label-regional'),
    certifiedMediators: 0,
  });
  const mediator = await tokenFor(e, await userWith(e, e.h.boot.structure!.id, 'mediator'));
  issued = await issueViaApi(e, mediator, {
    achievement: 'abecedaire/1.0.0/competences/A1',
    recipient: { name: 'Awa' },
  });
});
afterAll(() => e?.stop());

describe('public registry and place page', () => {
  it('lists the labelled place and finds it by town', async () => {
    const page = await e.newPage();
    await page.goto(e.url('/registre'));
    await page.getByLabel('Chercher par nom ou par commune').fill('dijon');
    await page.getByRole('button', { name: 'Chercher' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('status').first().textContent()).toContain('1 lieu(x) labellisé(s).');
    expect(await page.getByRole('link', { name: 'Structure de démonstration' }).count()).toBe(1);
    await checkPage(page);
    await shot(page, 'registre');
  });

  it('the place page shows its label in words', async () => {
    const page = await e.newPage();
    await page.goto(e.url('/lieux/structure-demo'));
    expect(await page.textContent('main')).toContain('Lieu labellisé depuis le');
    await checkPage(page);
    await shot(page, 'lieu');
  });

  it('the programme page lists the criteria', async () => {
    const page = await e.newPage();
    await page.goto(e.url('/label/label-regional/1.0.0'));
    expect(await page.getByRole('heading', { level: 3 }).count()).toBeGreaterThanOrEqual(9);
    await checkPage(page);
  });
});

describe('committee pages', () => {
  it('bulk verification without JavaScript: drop files, read the report with problems first', async () => {
    const page = await e.newPage();
    await signInThroughPage(page, e, await userWith(e, e.h.boot.hub.id, 'committee'));
    await page.goto(e.url('/comite/verification'));
    await checkPage(page);
    await page.getByLabel('Fichiers de badges').setInputFiles([
      { name: 'valide.jwt', mimeType: 'text/plain', buffer: Buffer.from(issued.jwt) },
      { name: 'charabia.txt', mimeType: 'text/plain', buffer: Buffer.from('pas un badge') },
    ]);
    await page.getByRole('button', { name: 'Vérifier', exact: true }).click();
    await page.waitForLoadState();
    const rows = await page.locator('tbody tr td:first-child').allTextContents();
    expect(rows).toEqual(['charabia.txt', 'valide.jwt']);
    expect(await page.getByRole('status').first().textContent()).toContain('1 élément sur 2 pose problème');
    await checkPage(page);
    await shot(page, 'comite-verification-rapport');
  });

  it('bulk verification with JavaScript shows progress, then the report', async () => {
    const page = await e.newPage({ javaScriptEnabled: true });
    await signInThroughPage(page, e, await userWith(e, e.h.boot.hub.id, 'committee'));
    await page.goto(e.url('/comite/verification'));
    await page.getByLabel('Fichiers de badges').setInputFiles(
      Array.from({ length: 40 }, (_, i) => ({
        name: `badge-${i}.jwt`,
        mimeType: 'text/plain',
        buffer: Buffer.from(issued.jwt),
      })),
    );
    // The upload is held back a moment, so that the progress shown while it runs can be seen.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/comite/verification', async (route) => {
      await held;
      await route.continue();
    });
    await page.getByRole('button', { name: 'Vérifier', exact: true }).click();
    await page.waitForSelector('#bulk-progress:not([hidden])');
    expect(await page.getByRole('button', { name: 'Vérifier', exact: true }).isDisabled()).toBe(true);
    release();
    await page.waitForSelector('#report-title');
    expect(await page.getByRole('status').first().textContent()).toContain(
      'Les 40 éléments sont authentiques et valides.',
    );
  });

  it('the label committee queue and the structure admin’s label page', async () => {
    const page = await e.newPage();
    await signInThroughPage(page, e, await userWith(e, e.h.boot.hub.id, 'committee'));
    await page.goto(e.url('/comite/labels'));
    await checkPage(page);
    const admin = await e.newPage();
    await signInThroughPage(admin, e, await userWith(e, e.h.boot.structure!.id, 'structure-admin'));
    await admin.goto(e.url('/structures/structure-demo/label'));
    await checkPage(admin);
    await admin.goto(e.url('/structures/structure-demo/fiche'));
    await checkPage(admin);
    await shot(admin, 'fiche-du-lieu');
  });
});
