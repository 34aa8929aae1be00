/**
 * Sharing a badge on a phone (issue 18): the « Ajouter à LinkedIn » and « Ajouter à un portefeuille »
 * block on the holder's page and on the badge's page, readable at 390×844 without JavaScript.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, json } from '../helpers/harness.js';
import { checkPage, type E2E, shot, startE2E, tokenFor, userWith } from './browser.js';

let e: E2E;
let holderPath = '';
let credentialId = '';

beforeAll(async () => {
  e = await startE2E();
  const token = await tokenFor(e, await userWith(e, e.h.boot.structure!.id, 'structure-admin'));
  const learner = await json<{ id: string }>(
    await api(e.h, token, '/api/v1/structures/structure-demo/learners', {
      body: { displayName: 'Inès Partage', consent: true },
    }),
  );
  await api(e.h, token, `/api/v1/learners/${learner.id}/evaluations`, {
    body: { method: 'observation', date: '2026-10-01', items: [{ code: 'A1', level: 'autonome' }] },
  });
  const awards = await json<{ issued: { id: string }[] }>(
    await api(e.h, token, `/api/v1/learners/${learner.id}/awards`, { method: 'POST' }),
  );
  credentialId = awards.issued[0]!.id.slice('urn:uuid:'.length);
  const link = await json<{ url: string }>(
    await api(e.h, token, `/api/v1/learners/${learner.id}/holder-link`, { method: 'POST' }),
  );
  holderPath = new URL(link.url).pathname;
});
afterAll(() => e?.stop());

describe('sharing a badge on a phone (390×844, no JavaScript)', () => {
  it('the holder opens « Ajouter à LinkedIn ou à un portefeuille »: two full-width buttons, each with its sentence', async () => {
    const page = await e.newPage();
    await page.goto(e.url(holderPath));
    await checkPage(page);
    // The badges are folded after the summary of the page (issue 19): open them first.
    await page.locator('summary', { hasText: /^Mes badges/ }).click();
    await page.getByText('Ajouter à LinkedIn ou à un portefeuille').click();
    const linkedIn = page.getByRole('link', { name: 'Ajouter à LinkedIn' });
    const wallet = page.getByRole('link', { name: 'Ajouter à un portefeuille' });
    expect(await linkedIn.isVisible()).toBe(true);
    expect(await wallet.isVisible()).toBe(true);
    for (const button of [linkedIn, wallet]) {
      const box = (await button.boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(44);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
    }
    await wallet.scrollIntoViewIfNeeded();
    await shot(page, 'share-holder');
  });

  it('the badge’s page shows the same block under « Ajouter ce badge »', async () => {
    const page = await e.newPage();
    await page.goto(e.url(`/credentials/${credentialId}`));
    await checkPage(page);
    expect(await page.getByRole('heading', { name: 'Ajouter ce badge' }).isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'Ajouter à un portefeuille' }).isVisible()).toBe(true);
    await shot(page, 'share-credential');
  });
});
