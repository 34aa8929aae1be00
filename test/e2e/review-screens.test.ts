/**
 * The committee's review pages of the demo's applications, in Chromium on a 390×844 phone with
 * JavaScript off, checked with axe (issue 17): nothing chosen in advance, each page at most three
 * screens, and a label suspended only after a confirmation page.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { principalFromApiToken } from '../../src/auth/service.js';
import { DEMO_LABEL_EVIDENCE } from '../../src/cli/demo-label.js';
import { startApplication } from '../../src/label/applications.js';
import { reviewApplication } from '../../src/label/committee.js';
import { getProgramme } from '../../src/label/programme.js';
import { api, type TestUser } from '../helpers/harness.js';
import { certifiedMediator, mediatorApplication } from '../helpers/certify.js';
import { checkPage, shot, signInThroughPage, startE2E, tokenFor, userWith, type E2E } from './browser.js';

let e: E2E;
let member: TestUser;
let labelApplication = '';
let certificationApplication = '';

/** How many 844-pixel screens the page is tall. */
async function screens(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollHeight / 844);
}

beforeAll(async () => {
  e = await startE2E();
  const structure = e.h.boot.structure!;
  const adminUser = await userWith(e, structure.id, 'structure-admin');
  const adminToken = await tokenFor(e, adminUser);
  await api(e.h, adminToken, '/api/v1/structures/structure-demo/details', {
    method: 'PUT',
    body: {
      pivot: '73282932000074',
      adresse: '12 rue de la Liberté',
      codePostal: '21000',
      commune: 'Dijon',
      services: ['Aide aux démarches administratives'],
    },
  });
  // As in the demo: a mediator of the place is certified, then the place applies with the demo's evidence.
  await certifiedMediator(e.h, structure.id);
  const admin = (await principalFromApiToken(e.h.deps, adminToken))!;
  labelApplication = (
    await startApplication(e.h.deps, admin, 'structure-demo', 'label-regional', DEMO_LABEL_EVIDENCE, true)
  ).id;
  certificationApplication = (await mediatorApplication(e.h, structure.id)).id;
  member = await userWith(e, e.h.boot.hub.id, 'committee');
});
afterAll(() => e?.stop());

describe('committee review pages (390×844, no JavaScript)', () => {
  it('the demo’s label application: nothing pre-selected, at most 3 screens, the count of criteria to decide in view', async () => {
    const page = await e.newPage();
    await signInThroughPage(page, e, member);
    await page.goto(e.url(`/comite/labels/${labelApplication}`));
    expect(await page.locator('input[type=radio]:checked').count()).toBe(0);
    expect(await page.locator('.round-summary').textContent()).toContain('9 critères à décider');
    expect(await page.textContent('main')).toContain('1 médiateur certifié sur 1 requis');
    await shot(page, 'review-label');
    const height = await screens(page);
    console.info(`label review: ${height.toFixed(2)} screens at 390×844`);
    expect(height).toBeLessThanOrEqual(3);
    await checkPage(page);
  });

  it('the demo’s certification review: nothing pre-selected, at most 3 screens', async () => {
    const page = await e.newPage();
    await signInThroughPage(page, e, member);
    await page.goto(e.url(`/certification/demandes/${certificationApplication}`));
    expect(await page.locator('input[type=radio]:checked').count()).toBe(0);
    expect(await page.locator('.round-summary').textContent()).toContain('compétences à décider');
    await shot(page, 'review-certification');
    const height = await screens(page);
    console.info(`certification review: ${height.toFixed(2)} screens at 390×844`);
    expect(height).toBeLessThanOrEqual(3);
    await checkPage(page);
  });

  it('suspending a label asks for confirmation, saying what the public will see', async () => {
    const programme = await getProgramme(e.h.deps.database.db, 'label-regional');
    const approve = {
      vote: 'approve' as const,
      items: programme.criteria.map((c) => ({ code: c.code, decision: 'accept' as const })),
    };
    for (let i = 0; i < 2; i++) {
      const reviewer = (await principalFromApiToken(
        e.h.deps,
        await tokenFor(e, await userWith(e, e.h.boot.hub.id, 'committee')),
      ))!;
      await reviewApplication(e.h.deps, reviewer, labelApplication, approve);
    }
    const page = await e.newPage();
    await signInThroughPage(page, e, member);
    await page.goto(e.url('/comite/labels'));
    await Promise.all([
      page.waitForURL(/confirmer\?action=suspend/),
      page.getByRole('link', { name: 'Suspendre…' }).click(),
    ]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Suspendre le label');
    expect(await page.textContent('main')).toContain('Le lieu disparaît du registre public');
    await checkPage(page);
    await shot(page, 'label-suspend-confirm');
    await page.getByLabel('Motif (public)').fill('Contrôle en cours.');
    await Promise.all([
      page.waitForURL(e.url('/comite/labels')),
      page.getByRole('button', { name: 'Oui, suspendre le label' }).click(),
    ]);
    expect(await page.textContent('main')).toContain('Label suspendu');
    await checkPage(page);
  });
});
