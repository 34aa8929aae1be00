/** Verifying badges in the browser (pasted JWT, uploaded baked PNG, QR link, holder name, revocation) and the public credential page. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  changeStatusViaApi,
  checkPage,
  issueViaApi,
  shot,
  startE2E,
  tokenFor,
  userWith,
  type E2E,
  type Issued,
} from './browser.js';

let e: E2E;
let token: string;
let issued: Issued;
beforeAll(async () => {
  e = await startE2E();
  token = await tokenFor(e, await userWith(e, e.h.boot.structure!.id, 'mediator'));
  issued = await issueViaApi(e, token, {
    achievement: 'abecedaire/1.0.0/competences/A1',
    recipient: { name: 'Awa Diallo' },
    level: 'autonome',
  });
});
afterAll(() => e?.stop());

/** The verdict card: its headline and sentence, and the text of one named technical check ("Nom du titulaire"…). */
async function verdict(page: Page): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the rendered text a reader sees, not the DOM property.
  return (await page.locator('section.verdict').innerText()).replace(/\s+/g, ' ').trim();
}
async function checkLine(page: Page, label: string): Promise<{ ok: boolean; text: string }> {
  const li = page.locator('.checks li').filter({ hasText: label });
  return { ok: (await li.getAttribute('class')) === 'ok', text: (await li.textContent())!.replace(/\s+/g, ' ').trim() };
}

describe('verifier', () => {
  it('the empty form', async () => {
    const page = await e.newPage();
    await page.goto(e.url('/verifier'));
    await checkPage(page);
  });

  it('a pasted JWT is authentic', async () => {
    const page = await e.newPage();
    await page.goto(e.url('/verifier'));
    await page.getByLabel('Ou lien / texte du badge').fill(issued.jwt);
    await page.getByRole('button', { name: 'Vérifier', exact: true }).click();
    await page.waitForLoadState();
    expect(await verdict(page)).toContain('Badge authentique et valide');
    expect(await verdict(page)).toContain('Badge Créer une adresse e-mail et ouvrir sa boîte de réception');
    // The technical checks are folded away.
    expect(await page.locator('details.tech').getAttribute('open')).toBeNull();
    expect(await page.getByText('Signature électronique').isVisible()).toBe(false);
    expect((await checkLine(page, 'Signature électronique')).ok).toBe(true);
    await checkPage(page);
    await shot(page, 'verifier-result');
  });

  it('an uploaded baked PNG is authentic', async () => {
    const png = Buffer.from(await (await fetch(e.url(`/credentials/${issued.uuid}.png`))).arrayBuffer());
    const page = await e.newPage();
    await page.goto(e.url('/verifier'));
    await page
      .getByLabel('Fichier du badge ou du passeport')
      .setInputFiles({ name: 'badge-awa.png', mimeType: 'image/png', buffer: png });
    await page.getByRole('button', { name: 'Vérifier', exact: true }).click();
    await page.waitForLoadState();
    expect(await verdict(page)).toContain('Badge authentique et valide');
    // Same result page as a pasted badge (checked above): only the heading source differs.
  });

  it('a QR link (?credential=urn:uuid:…) verifies on arrival', async () => {
    const page = await e.newPage();
    await page.goto(e.url(`/verifier?credential=${encodeURIComponent(issued.id)}`));
    expect(await verdict(page)).toContain('Badge authentique et valide');
    // The badge's link goes with the one name form, to verify it with a holder name without pasting it again.
    expect(await page.locator('form input[name=value]').inputValue()).toBe(issued.id);
    expect(await page.locator('input[name=holderName]').count()).toBe(1);
  });

  it('a wrong holder name fails the recipient check in plain French', async () => {
    const page = await e.newPage();
    await page.goto(e.url('/verifier'));
    await page.getByLabel('Ou lien / texte du badge').fill(issued.jwt);
    await page.getByLabel('Nom du titulaire (facultatif)').fill('Jean Dupont');
    await page.getByRole('button', { name: 'Vérifier', exact: true }).click();
    await page.waitForLoadState();
    const text = await verdict(page);
    expect(text).toContain('Le nom saisi ne correspond pas');
    expect(text).toContain('Le nom saisi, « Jean Dupont », ne correspond pas.');
    expect(text).not.toContain('non valide');
    const recipient = await checkLine(page, 'Nom du titulaire');
    expect(recipient.ok).toBe(false);
    expect(recipient.text).toMatch(/échoué.*ne correspond pas au titulaire du badge/);
    // The name typed stays in the form, to correct it.
    expect(await page.getByLabel('Nom du titulaire (facultatif)').inputValue()).toBe('Jean Dupont');
    await checkPage(page);
    await shot(page, 'verifier-wrong-name');
  });

  it('the right holder name passes, whatever its accents and case', async () => {
    const page = await e.newPage();
    await page.goto(e.url('/verifier'));
    await page.getByLabel('Ou lien / texte du badge').fill(issued.jwt);
    await page.getByLabel('Nom du titulaire (facultatif)').fill('awa diallo');
    await page.getByRole('button', { name: 'Vérifier', exact: true }).click();
    await page.waitForLoadState();
    expect((await checkLine(page, 'Nom du titulaire')).ok).toBe(true);
  });

  it('a revoked badge says "révoqué" with the reason', async () => {
    const revoked = await issueViaApi(e, token);
    await changeStatusViaApi(e, token, revoked.uuid, 'revoke', 'Délivré par erreur');
    const page = await e.newPage();
    await page.goto(e.url(`/verifier?credential=${encodeURIComponent(revoked.id)}`));
    const text = await verdict(page);
    expect(text).toContain('Badge non valide');
    expect(text).toMatch(/révoqué.*Délivré par erreur/);
    expect((await checkLine(page, 'Révocation et suspension')).ok).toBe(false);
    await checkPage(page);

    // Its public page says so too.
    await page.goto(e.url(`/credentials/${revoked.uuid}`));
    expect(await page.getByRole('status').textContent()).toMatch(/révoqué.*Délivré par erreur/);
    await checkPage(page);
  });
});

describe('public credential page', () => {
  it('shows the badge, its issuer, and leads to verification', async () => {
    const page = await e.newPage();
    await page.goto(e.url(`/credentials/${issued.uuid}`));
    await checkPage(page);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Créer une adresse e-mail et ouvrir sa boîte de réception',
    );
    expect(await page.getByRole('link', { name: 'Structure de démonstration' }).count()).toBe(1);
    await shot(page, 'credential');
    // One step: the holder's name typed on the badge's page, one button.
    await page.getByLabel('Nom du titulaire (facultatif)').fill('AWA DIALLO');
    await Promise.all([
      page.waitForURL(/\/verifier$/),
      page.getByRole('button', { name: 'Vérifier ce badge' }).click(),
    ]);
    expect(await verdict(page)).toContain('Badge authentique et valide');
    expect(await verdict(page)).toContain('Le nom saisi, « AWA DIALLO », correspond.');
  });
});
