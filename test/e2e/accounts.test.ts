/** Accounts through the browser: sign in and out, invitation acceptance, API tokens on the account page. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvitation } from '../../src/auth/service.js';
import type { TestUser } from '../helpers/harness.js';
import { checkPage, signInThroughPage, signOutThroughPage, startE2E, userWith, type E2E } from './browser.js';

let e: E2E;
let mediator: TestUser;
beforeAll(async () => {
  e = await startE2E();
  mediator = await userWith(e, e.h.boot.structure!.id, 'mediator');
});
afterAll(() => e?.stop());

describe('signing in and out', () => {
  it('signs in with a real account, lands on /espace, signs out', async () => {
    const page = await e.newPage();
    await page.goto(e.url('/connexion'));
    await checkPage(page);
    await signInThroughPage(page, e, mediator);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Bonjour /);
    await checkPage(page);
    await signOutThroughPage(page, e);
    expect(await page.getByRole('link', { name: 'Se connecter' }).count()).toBe(1);
    // The session is gone: the account page sends back to the sign-in form.
    await page.goto(e.url('/compte'));
    expect(new URL(page.url()).pathname).toBe('/connexion');
  });

  it('a wrong password shows the French error on the form, with the e-mail kept', async () => {
    const page = await e.newPage();
    await page.goto(e.url('/connexion'));
    await page.getByLabel('Adresse e-mail').fill(mediator.email);
    await page.getByLabel('Mot de passe').fill('pas le bon mot de passe');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForLoadState();
    const alert = page.getByRole('alert');
    expect(await alert.textContent()).toMatch(/mot de passe/i);
    expect(await page.getByLabel('Adresse e-mail').inputValue()).toBe(mediator.email);
    await checkPage(page);
  });
});

describe('accepting an invitation', () => {
  async function invitationPath(): Promise<string> {
    const inv = await createInvitation(e.h.deps, null, { orgId: e.h.boot.structure!.id, role: 'mediator' });
    return new URL(inv.url).pathname;
  }

  it('an invalid field shows the error summary at the top, each error linked to its field', async () => {
    const page = await e.newPage();
    await page.goto(e.url(await invitationPath()));
    await page.getByLabel('Adresse e-mail').fill('nouvelle@example.org');
    // Spaces get past the browser's `required` but not the server: the summary path a person can reach.
    await page.getByLabel('Nom affiché').fill('   ');
    await page.getByLabel('Mot de passe').fill('un mot de passe assez long');
    await page.getByRole('button', { name: 'Accepter l’invitation' }).click();
    await page.waitForLoadState();
    const summary = page
      .getByRole('alert')
      .filter({ has: page.getByRole('heading', { name: 'Le formulaire contient des erreurs' }) });
    expect(await summary.count()).toBe(1);
    const link = summary.getByRole('link');
    expect(await link.getAttribute('href')).toBe('#displayName');
    expect(await link.textContent()).toBe('Indiquez un nom');
    const field = page.locator('#displayName');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await field.getAttribute('aria-describedby')).toContain('displayName-error');
    expect(await page.getByLabel('Adresse e-mail').inputValue()).toBe('nouvelle@example.org');
    await checkPage(page);
    // Following the link moves focus to the field.
    await link.click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('displayName');
  });

  it('a too-short password is refused in plain French, the other answers kept', async () => {
    const page = await e.newPage();
    await page.goto(e.url(await invitationPath()));
    await page.getByLabel('Adresse e-mail').fill('courte@example.org');
    await page.getByLabel('Nom affiché').fill('Nadia Nouvelle');
    await page.getByLabel('Mot de passe').fill('court');
    await page.getByRole('button', { name: 'Accepter l’invitation' }).click();
    await page.waitForLoadState();
    const summary = page.getByRole('alert');
    expect(await summary.textContent()).toContain('Le mot de passe doit compter au moins 12 caractères.');
    expect(
      await summary
        .getByRole('link', { name: 'Le mot de passe doit compter au moins 12 caractères.' })
        .getAttribute('href'),
    ).toBe('#password');
    expect(await page.locator('#password').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Nom affiché').inputValue()).toBe('Nadia Nouvelle');
  });

  it('filling the form lands signed in on /espace', async () => {
    const page = await e.newPage();
    await page.goto(e.url(await invitationPath()));
    await page.getByLabel('Adresse e-mail').fill(`invitee-${Date.now()}@example.org`);
    await page.getByLabel('Nom affiché').fill('Inès Invitée');
    await page.getByLabel('Mot de passe').fill('un mot de passe assez long');
    await Promise.all([
      page.waitForURL(e.url('/espace')),
      page.getByRole('button', { name: 'Accepter l’invitation' }).click(),
    ]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Inès Invitée');
    expect(await page.getByRole('button', { name: 'Se déconnecter' }).count()).toBe(1);
  });
});

describe('account page', () => {
  it('creates an API token shown once, then revokes it', async () => {
    const page = await e.newPage();
    await signInThroughPage(page, e, mediator);
    await page.goto(e.url('/compte'));
    await page.getByLabel('Nom du nouveau jeton').fill('Logiciel de la médiathèque');
    await page.getByRole('button', { name: 'Créer un jeton' }).click();
    await page.waitForLoadState();
    const secret = page.locator('.secret');
    const token = (await secret.textContent())!.trim();
    expect(token.length).toBeGreaterThan(20);
    await checkPage(page);
    // Shown once: reloading the account page does not show it again.
    await page.goto(e.url('/compte'));
    expect(await page.locator('.secret').count()).toBe(0);
    const row = page.getByRole('row').filter({ hasText: 'Logiciel de la médiathèque' });
    expect(await row.textContent()).toContain('jamais utilisé');
    await row.getByRole('button', { name: /Révoquer/ }).click();
    await page.waitForURL(/\/compte#jetons$/);
    expect(await page.getByRole('row').filter({ hasText: 'Logiciel de la médiathèque' }).textContent()).toContain(
      'révoqué',
    );
    await checkPage(page);
  });
});
