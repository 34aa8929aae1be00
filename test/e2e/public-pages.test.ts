/** Public pages anyone reaches without an account: home, referentials, frameworks, issuer and achievement pages. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, shot, startE2E, type E2E } from './browser.js';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(() => e?.stop());

describe('public pages on a phone, without JavaScript', () => {
  it('home page', async () => {
    const page = await e.newPage();
    await page.goto(e.url('/'));
    await expect.poll(() => page.title()).toBe('Accueil — Jalon');
    await expect.poll(() => page.getByRole('link', { name: 'Vérifier un badge ou un passeport' }).count()).toBe(1);
    await checkPage(page);
    await shot(page, 'home');
    // Keyboard: the first Tab shows the skip link, which moves focus to the content.
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Aller au contenu' });
    expect(await skip.evaluate((el) => el === document.activeElement && el.getBoundingClientRect().left >= 0)).toBe(
      true,
    );
    await page.keyboard.press('Enter');
    await page.waitForURL(/#contenu$/);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('contenu');
  });

  it('referential list links to both shipped referentials', async () => {
    const page = await e.newPage();
    await page.goto(e.url('/referentials'));
    await checkPage(page);
    await page
      .getByRole('link', { name: /Abécédaire/i })
      .first()
      .click();
    await page.waitForURL(e.url('/referentials/abecedaire'));
  });

  it('abécédaire: the letter navigation jumps to a letter, each competence opens without JavaScript', async () => {
    const page = await e.newPage();
    await page.goto(e.url('/referentials/abecedaire'));
    await checkPage(page);
    const letters = page.getByRole('navigation', { name: 'Lettres' }).getByRole('link');
    expect(await letters.count()).toBe(26);
    await letters.filter({ hasText: /^M$/ }).click();
    await page.waitForURL(/#lettre-M$/);
    // The section of letter M is now at the top of the screen.
    const top = await page.locator('#lettre-M').evaluate((el) => el.getBoundingClientRect().top);
    expect(Math.abs(top)).toBeLessThan(40);
    const details = page.locator('#lettre-M details').first();
    expect(await details.getAttribute('open')).toBeNull();
    const levels = details.locator('.levels');
    expect(await levels.isVisible()).toBe(false);
    await details.locator('summary').click();
    expect(await details.getAttribute('open')).not.toBeNull();
    expect(await levels.isVisible()).toBe(true);
    // A1 is reachable by its own anchor (the alignment pages link to it).
    await page.goto(e.url('/referentials/abecedaire#A1'));
    await page.locator('#A1 > summary').click();
    expect(await page.locator('#A1 .levels').isVisible()).toBe(true);
    await shot(page, 'referential-abecedaire');
  });

  it('référentiel des médiateurs', async () => {
    const page = await e.newPage();
    await page.goto(e.url('/referentials/mediateurs'));
    await checkPage(page);
    await page.locator('details').first().locator('summary').click();
    expect(await page.locator('details').first().getByRole('heading', { name: 'Preuves attendues' }).isVisible()).toBe(
      true,
    );
    await shot(page, 'referential-mediateurs');
  });

  it('CRCN framework page', async () => {
    const page = await e.newPage();
    await page.goto(e.url('/frameworks/CRCN'));
    await checkPage(page);
    await shot(page, 'framework-crcn');
  });

  it('issuer page of the demo structure', async () => {
    const page = await e.newPage();
    await page.goto(e.url('/issuers/structure-demo'));
    await checkPage(page);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Structure de démonstration');
    await shot(page, 'issuer');
  });

  it('achievement page of A1', async () => {
    const page = await e.newPage();
    await page.goto(e.url('/achievements/abecedaire/1.0.0/competences/A1'));
    await checkPage(page);
    await expect.poll(() => page.getByRole('heading', { name: 'Critères' }).count()).toBe(1);
    await shot(page, 'achievement');
  });

  it('the same pages read in English keep lang="en"', async () => {
    const page = await e.newPage({ locale: 'en-GB' });
    await page.goto(e.url('/referentials?lang=en'));
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Competence frameworks');
  });
});
