/**
 * Issue 19 on a 390×844 phone: the employer's verifier fits its first screen, the learner's own page
 * (from the secret link as handed over) says what they have and how to share it on its first
 * screen, its copy button works, a revoked badge shows no doubt on the name, and a signed-in header
 * stays under 100 px. Each test logs the page's length in screens (the figures of the report).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, json } from '../helpers/harness.js';
import { passportLearner, type PassportLearner } from '../helpers/passports.js';
import {
  changeStatusViaApi,
  checkPage,
  shot,
  signInThroughPage,
  startE2E,
  tokenFor,
  userWith,
  type E2E,
} from './browser.js';

const NAME = 'Hélène Lefèvre-N’Diaye';
let e: E2E;
let token: string;
let helene: PassportLearner;
let holderLink: string;

beforeAll(async () => {
  e = await startE2E();
  token = await tokenFor(e, await userWith(e, e.h.boot.structure!.id, 'mediator'));
  helene = await passportLearner(e.h, token, { name: NAME });
  const link = await api(e.h, token, `/api/v1/learners/${helene.learnerId}/holder-link`, { body: {} });
  holderLink = (await json<{ url: string }>(link)).url;
});
afterAll(() => e?.stop());

/** Bottom edge of the first element matching, in CSS px from the top of the page. */
async function bottomOf(page: Page, selector: string): Promise<number> {
  const box = await page.locator(selector).first().boundingBox();
  expect(box, selector).not.toBeNull();
  return box!.y + box!.height;
}

/** How many phone screens the page is long (one decimal). */
async function screens(page: Page): Promise<number> {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  return Math.round((height / page.viewportSize()!.height) * 10) / 10;
}

describe('on a 390×844 phone', () => {
  it('the empty verifier has its « Vérifier » button on the first screen', async () => {
    const page = await e.newPage();
    await page.goto(e.url('/verifier'));
    const button = page.getByRole('button', { name: 'Vérifier', exact: true });
    const bottom = await bottomOf(page, 'main button[type=submit]');
    expect(await button.count()).toBe(1);
    expect(bottom, `the button ends at ${bottom}px`).toBeLessThanOrEqual(844);
    console.log(`/verifier: button bottom ${Math.round(bottom)} px, ${await screens(page)} screens`);
    await checkPage(page);
    await shot(page, 'h19-verifier-empty');
  });

  it('the learner’s page from the secret link: « 13 compétences » and a share control on the first screen', async () => {
    const page = await e.newPage();
    await page.goto(holderLink);
    const summary = page.locator('p.summary');
    expect(await summary.textContent()).toBe('Vous avez 13 compétences reconnues.');
    expect(await bottomOf(page, 'p.summary')).toBeLessThanOrEqual(844);
    const download = page.getByRole('link', { name: 'Télécharger mon passeport numérique (PDF)' });
    expect(await download.count()).toBe(1);
    // Without JavaScript: the SMS and e-mail links (the copy and share buttons need the script).
    const sms = page.getByRole('link', { name: 'Envoyer par SMS' });
    expect(await sms.isVisible()).toBe(true);
    const smsBottom = await bottomOf(page, 'a[href^="sms:"]');
    expect(smsBottom, `the SMS link ends at ${smsBottom}px`).toBeLessThanOrEqual(844);
    expect(await page.getByRole('button', { name: 'Copier le lien' }).isVisible()).toBe(false);
    // Everything else is folded.
    expect(await page.locator('main details[open]').count()).toBe(0);
    console.log(`holder page: SMS link bottom ${Math.round(smsBottom)} px, ${await screens(page)} screens`);
    await checkPage(page);
    await shot(page, 'h19-holder-page');
  });

  it('the copy button copies the verification link (with the script), and no share sheet shows where there is none', async () => {
    const page = await e.newPage({ javaScriptEnabled: true });
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: e.origin });
    await page.goto(holderLink);
    const copy = page.getByRole('button', { name: 'Copier le lien' });
    await copy.click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      `${e.origin}/verifier?passeport=${helene.publicId}`,
    );
    expect(await page.locator('[data-copied-for="lien-verification"]').textContent()).toBe('Lien copié.');
    const hasShare = await page.evaluate(() => typeof navigator.share === 'function');
    expect(await page.getByRole('button', { name: 'Partager', exact: true }).isVisible()).toBe(hasShare);
    await shot(page, 'h19-holder-page-js');
  });

  it('a revoked badge verified from its page: the verdict and its reason, no « ? », no label', async () => {
    const competence = helene.credentials.find((c) => c.kind === 'competence')!;
    const uuid = competence.url.split('/').pop()!;
    await changeStatusViaApi(e, token, uuid, 'revoke', 'Délivré par erreur');
    const page = await e.newPage();
    await page.goto(e.url(`/credentials/${uuid}`));
    await page.getByRole('button', { name: 'Vérifier ce badge' }).click();
    await page.waitForLoadState();
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the rendered text a reader sees.
    const card = (await page.locator('section.verdict').innerText()).replace(/\s+/g, ' ');
    expect(card).toContain('Badge non valide');
    expect(card).toContain('Délivré par erreur');
    expect(card).not.toContain('?');
    expect(card).not.toMatch(/label/i);
    await checkPage(page);
    await shot(page, 'h19-revoked');
  });

  it('a signed-in page has a header of at most 100 px, its menu folded under « Menu »', async () => {
    const page = await e.newPage();
    await signInThroughPage(page, e, await userWith(e, e.h.boot.structure!.id, 'mediator'));
    const header = await page.locator('header.site').boundingBox();
    expect(header!.height, `header ${header!.height}px`).toBeLessThanOrEqual(100);
    console.log(`signed-in header: ${Math.round(header!.height)} px`);
    await shot(page, 'h19-signed-in-header');
    await page.locator('header details.menu > summary').click();
    expect(await page.getByRole('button', { name: 'Se déconnecter' }).isVisible()).toBe(true);
    await checkPage(page);
    await shot(page, 'h19-signed-in-menu');
  });
});
