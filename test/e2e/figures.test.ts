/** The figures a funder reads, on a phone: from the hub admin's space to the period picker and the chart on the first screen. */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/harness.js';
import type { TestUser } from '../helpers/harness.js';
import { checkPage, SHOTS_DIR, shot, signInThroughPage, startE2E, tokenFor, userWith, type E2E } from './browser.js';

let e: E2E;
let hubAdmin: TestUser;

beforeAll(async () => {
  e = await startE2E();
  hubAdmin = await userWith(e, e.h.boot.hub.id, 'hub-admin');
  const mediator = await tokenFor(e, await userWith(e, e.h.boot.structure!.id, 'mediator'));
  // A few sessions this month and last month, so that the chart has bars.
  const today = new Date();
  const lastMonth = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 10));
  for (const name of [
    'Awa Chiffres',
    'Bruno Chiffres',
    'Chloé Chiffres',
    'Dina Chiffres',
    'Élie Chiffres',
    'Fanny C',
  ]) {
    const res = await api(e.h, mediator, '/api/v1/structures/structure-demo/learners', {
      body: { displayName: name, consent: true },
    });
    const { id } = (await res.json()) as { id: string };
    for (const [date, level] of [
      [lastMonth.toISOString().slice(0, 10), 'avec-guidage'],
      [today.toISOString().slice(0, 10), 'autonome'],
    ] as const)
      await api(e.h, mediator, `/api/v1/learners/${id}/evaluations`, {
        body: { method: 'observation', date, items: [{ code: 'A1', level }] },
      });
    await api(e.h, mediator, `/api/v1/learners/${id}/awards`, { body: {} });
  }
});
afterAll(() => e?.stop());

describe('figures for a funder, on a phone', () => {
  it('the hub admin’s space links the figures page, whose first screen shows the period picker and the chart', async () => {
    const page = await e.newPage();
    await signInThroughPage(page, e, hubAdmin);
    const slug = e.h.boot.hub.slug;
    await Promise.all([
      page.waitForURL(e.url(`/organisations/${slug}/chiffres`)),
      page.getByRole('link', { name: 'Chiffres (pour les financeurs)' }).click(),
    ]);
    await checkPage(page);
    // Choose this year, without JavaScript: a GET form.
    const year = String(new Date().getUTCFullYear());
    await page.getByRole('combobox', { name: 'Période' }).selectOption(year);
    await Promise.all([
      page.waitForURL(e.url(`/organisations/${slug}/chiffres?periode=${year}&from=&to=`)),
      page.getByRole('button', { name: 'Afficher' }).click(),
    ]);
    await checkPage(page);
    expect(await page.getByRole('heading', { level: 2, name: `Les chiffres : ${year}` }).count()).toBe(1);
    const screen = page.viewportSize()!.height;
    const picker = await page.getByRole('combobox', { name: 'Période' }).boundingBox();
    const button = await page.getByRole('button', { name: 'Afficher' }).boundingBox();
    const chart = await page.getByRole('img', { name: /Évaluations et badges délivrés par mois/ }).boundingBox();
    expect(picker!.y + picker!.height).toBeLessThanOrEqual(screen);
    expect(button!.y + button!.height).toBeLessThanOrEqual(screen);
    expect(chart!.y + chart!.height, 'the whole chart on the first screen').toBeLessThanOrEqual(screen);
    expect(await page.locator('[data-headline]').count()).toBe(8);
    mkdirSync(SHOTS_DIR, { recursive: true });
    await page.screenshot({ path: `${SHOTS_DIR}/figures-first-screen.png` });
    await shot(page, 'figures-page');
    await page.locator('#figures-title').evaluate((el) => el.scrollIntoView());
    await page.screenshot({ path: `${SHOTS_DIR}/figures-second-screen.png` });
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('form.period-picker').isVisible()).toBe(false);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${SHOTS_DIR}/figures-print.png` });
  }, 120_000);
});
