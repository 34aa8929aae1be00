/**
 * What an employer sees on a phone: a 14-badge passport with one revoked badge, from its QR link and
 * from its PDF. The verdict and the revoked badge are on the first screen, the technical checks are
 * folded, and no address the browser visits carries the holder's name.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passportLearner, type PassportLearner } from '../helpers/passports.js';
import { changeStatusViaApi, checkPage, shot, startE2E, tokenFor, userWith, type E2E } from './browser.js';

const NAME = 'Hélène Lefèvre-N’Diaye';
let e: E2E;
let helene: PassportLearner;
/** Every URL the browser requested in this file's tests (pages, forms, assets). */
const visited: string[] = [];

beforeAll(async () => {
  e = await startE2E();
  const token = await tokenFor(e, await userWith(e, e.h.boot.structure!.id, 'mediator'));
  helene = await passportLearner(e.h, token, { name: NAME });
  const revoked = helene.credentials.find((c) => c.kind === 'competence')!;
  await changeStatusViaApi(e, token, revoked.url.split('/').pop()!, 'revoke', 'Délivré par erreur');
});
afterAll(() => e?.stop());

async function phonePage(): Promise<Page> {
  const page = await e.newPage();
  page.on('request', (req) => visited.push(req.url()));
  return page;
}

/** Bottom edge (CSS px from the top of the page) of the first element matching, and the viewport height. */
async function bottomOf(page: Page, selector: string): Promise<{ bottom: number; viewport: number }> {
  const box = await page.locator(selector).first().boundingBox();
  expect(box, selector).not.toBeNull();
  return { bottom: box!.y + box!.height, viewport: page.viewportSize()!.height };
}

describe('a 14-badge passport with one revoked badge, on a phone', () => {
  it('from its QR link: the verdict and the revoked badge fit in the first screen; details folded', async () => {
    const page = await phonePage();
    await page.goto(e.url(`/verifier?passeport=${helene.publicId}`));
    const verdict = page.getByRole('heading', { level: 2, name: 'Passeport numérique valide en partie' });
    expect(await verdict.count()).toBe(1);
    expect(await page.getByRole('status').textContent()).toBe(
      '13 badges sont valides sur 14 ; 1 ne l’est plus (voir ci-dessous).',
    );
    const problems = page.locator('.problems');
    const revokedTitle = (await problems.locator('li strong').textContent())!;
    expect(await problems.getByRole('heading', { level: 3 }).textContent()).toBe('1 badge n’est pas valide');
    expect(await problems.locator('li').textContent()).toMatch(
      /révoqué par son émetteur le \d{1,2}(er)? \S+ \d{4} : Délivré par erreur\./,
    );
    for (const selector of ['section.verdict h2', '.problems li']) {
      const { bottom, viewport } = await bottomOf(page, selector);
      expect(bottom, `${selector} ends at ${bottom}px, the screen is ${viewport}px`).toBeLessThanOrEqual(viewport);
    }
    // Who, by whom, when, what — in plain words.
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the rendered text a reader sees, not the DOM property.
    const card = (await page.locator('section.verdict').innerText()).replace(/\s+/g, ' ');
    expect(card).toContain('Délivré par Structure de démonstration');
    // The competence whose badge was revoked is not counted, although the (valid) passport lists it.
    expect(card).toContain('12 compétences reconnues');
    expect(await page.locator('ul.competences li').allTextContents()).not.toContain(`${revokedTitle} — Autonome`);
    expect(card).toContain('Créer et protéger ses mots de passe — Autonome');
    expect(card).toContain('Nom non vérifié');
    expect(card).toMatch(
      /Vérifié le (?:1er|\d{1,2}) \S+ \d{4} à \d{2}:\d{2} \(heure de Paris\) sur 127\.0\.0\.1:\d+ — passeport n° /,
    );
    // No technical words outside the folded details.
    expect(card).not.toMatch(/JWT|did:|JSON|Open Badges|signature|schéma|statut/i);
    const details = page.locator('details.tech');
    expect(await details.getAttribute('open')).toBeNull();
    // Seven checks per badge: parse, schema, signature, issuer, label (the place's label), status, validity.
    expect(await details.locator('.checks li').count()).toBe(14 * 7);
    expect(await page.getByText('Signature électronique').first().isVisible()).toBe(false);
    await checkPage(page);
    await shot(page, 'passport-verdict-qr');
    // Printed, the page is a receipt: the verdict card and its date, without forms or folded details.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('section.verdict').isVisible()).toBe(true);
    expect(await page.locator('.receipt').isVisible()).toBe(true);
    const forms = page.locator('form');
    for (let i = 0; i < (await forms.count()); i++) expect(await forms.nth(i).isVisible()).toBe(false);
    expect(await page.locator('details.tech').isVisible()).toBe(false);
    expect(await page.locator('header.site').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    await page.screenshot({ path: '/tmp/jalon-shots/passport-verdict-qr-first-screen.png' });

    // The name is added by POST; the address stays /verifier.
    await page.getByLabel('Nom inscrit sur le passeport ou la pièce d’identité').fill("Helene Lefevre-N'Diaye");
    await page.getByRole('button', { name: 'Vérifier ce nom' }).click();
    await page.waitForLoadState();
    expect(page.url()).toBe(e.url('/verifier'));
    expect(await page.locator('section.verdict').textContent()).toContain(
      "Le nom saisi, « Helene Lefevre-N'Diaye », correspond.",
    );
    await page.getByLabel('Nom inscrit sur le passeport ou la pièce d’identité').fill('Hélène Martin');
    await page.getByRole('button', { name: 'Vérifier ce nom' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('heading', { level: 2, name: 'Le nom saisi ne correspond pas' }).count()).toBe(1);
    await checkPage(page);
    await shot(page, 'passport-verdict-wrong-name');
  });

  it('from its PDF: the printed name is checked against its badges without typing it', async () => {
    const page = await phonePage();
    await page.goto(e.url('/verifier'));
    await page
      .getByLabel('Fichier du badge ou du passeport')
      .setInputFiles({ name: 'passeport.pdf', mimeType: 'application/pdf', buffer: Buffer.from(helene.pdf) });
    await page.getByRole('button', { name: 'Vérifier', exact: true }).click();
    await page.waitForLoadState();
    // The PDF was made before the revocation: it holds the 14 badges, one of them revoked since.
    expect(await page.getByRole('heading', { level: 2, name: 'Passeport numérique valide en partie' }).count()).toBe(1);
    expect(await page.locator('section.verdict .name-check.ok').textContent()).toContain(
      `Le nom imprimé sur ce passeport, « ${NAME} », correspond à ses 14 badges.`,
    );
    for (const selector of ['section.verdict h2', '.problems li']) {
      const { bottom, viewport } = await bottomOf(page, selector);
      expect(bottom, selector).toBeLessThanOrEqual(viewport);
    }
    await checkPage(page);
    await shot(page, 'passport-verdict-pdf');
  });

  it('no address the browser requested carries a name', () => {
    expect(visited.length).toBeGreaterThan(3);
    expect(visited.filter((u) => /[?&](nom|name|holderName)=/i.test(u) || u.includes('Lef%C3%A8vre'))).toEqual([]);
  });
});
