/**
 * Accounts through the browser: sign in and out, invitation acceptance, API tokens on the account
 * page, closing them with a password change, and the team page's actions on accounts (issue 15).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvitation } from '../../src/auth/service.js';
import { addRole, type TestUser } from '../helpers/harness.js';
import {
  checkPage,
  signInThroughPage,
  signOutThroughPage,
  startE2E,
  tokenFor,
  userWith,
  type E2E,
  openMenu,
} from './browser.js';

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
    await openMenu(page);
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

describe('passwords and API tokens', () => {
  it('a password change offers to close the API tokens, unticked; ticked, it closes them', async () => {
    const person = await userWith(e, e.h.boot.structure!.id, 'mediator');
    await tokenFor(e, person);
    const page = await e.newPage();
    await signInThroughPage(page, e, person);
    await page.goto(e.url('/compte/mot-de-passe'));
    const box = page.getByRole('checkbox', { name: 'Fermer aussi les jetons d’API' });
    expect(await box.isChecked()).toBe(false);
    await checkPage(page);
    await page.getByLabel('Mot de passe actuel').fill(person.password);
    await page.getByLabel('Nouveau mot de passe').fill('une phrase de passe toute neuve');
    await box.check();
    await Promise.all([
      page.waitForURL(e.url('/compte')),
      page.getByRole('button', { name: 'Changer le mot de passe' }).click(),
    ]);
    expect(await page.getByRole('status').textContent()).toContain('Vos jetons d’API sont fermés');
    expect(await page.getByRole('row').filter({ hasText: 'tests' }).textContent()).toContain('révoqué');
  });

  it('the team page offers no reset link for a hub admin who is also a mediator; the reset page says tokens close', async () => {
    const structure = e.h.boot.structure!;
    const admin = await userWith(e, structure.id, 'structure-admin');
    const hubAdmin = await userWith(e, e.h.boot.hub.id, 'hub-admin');
    await addRole(e.h, hubAdmin, structure.id, 'mediator');
    const mediator = await userWith(e, structure.id, 'mediator');
    const page = await e.newPage();
    await signInThroughPage(page, e, admin);
    await page.goto(e.url(`/organisations/${structure.slug}/equipe`));
    const hubRow = page.getByRole('row').filter({ hasText: hubAdmin.email });
    expect(await hubRow.getByRole('button').count()).toBe(0);
    expect(await hubRow.textContent()).toContain('Rôle aussi ailleurs');
    await checkPage(page);
    await Promise.all([
      page.waitForURL(/\/equipe#lien-mdp$/),
      page
        .getByRole('row')
        .filter({ hasText: mediator.email })
        .getByRole('button', { name: /^Lien pour un nouveau mot de passe/ })
        .click(),
    ]);
    const link = (await page.locator('#lien-mot-de-passe').textContent())!.trim();
    const own = await e.newPage();
    await own.goto(link);
    expect(await own.getByRole('main').textContent()).toContain('tous les jetons d’API de ce compte seront fermés');
    await checkPage(own);
  });
});
