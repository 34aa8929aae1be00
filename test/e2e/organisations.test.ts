/** Running the network through the browser: hub administration, team invitations, badge register, signing keys. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from '../helpers/harness.js';
import {
  accessibilityTree,
  checkPage,
  issueViaApi,
  signInThroughPage,
  startE2E,
  tokenFor,
  userWith,
  type E2E,
  openMenu,
} from './browser.js';

let e: E2E;
let hubAdmin: TestUser;
let structureAdmin: TestUser;
let mediatorToken: string;
beforeAll(async () => {
  e = await startE2E();
  hubAdmin = await userWith(e, e.h.boot.hub.id, 'hub-admin');
  structureAdmin = await userWith(e, e.h.boot.structure!.id, 'structure-admin');
  mediatorToken = await tokenFor(e, await userWith(e, e.h.boot.structure!.id, 'mediator'));
});
afterAll(() => e?.stop());

describe('hub administration', () => {
  it('creates a structure, then an invitation link on its team page', async () => {
    const page = await e.newPage();
    await signInThroughPage(page, e, hubAdmin);
    await openMenu(page);
    await page.getByRole('link', { name: 'Administration' }).click();
    await page.waitForURL(e.url('/admin'));
    await checkPage(page);
    const form = page.getByRole('form', { name: 'Ajouter une structure' });
    await form.getByLabel('Nom de la structure').fill('Médiathèque des Capucins');
    await form.getByLabel('Site web (facultatif)').fill('https://capucins.example.org');
    await Promise.all([
      page.waitForURL(e.url('/organisations/mediatheque-des-capucins/equipe')),
      form.getByRole('button', { name: 'Créer la structure' }).click(),
    ]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Équipe — Médiathèque des Capucins');
    await checkPage(page);

    const invite = page.getByRole('form', { name: 'Inviter quelqu’un' });
    await invite.getByRole('radio', { name: 'responsable de la structure' }).check();
    await invite.getByLabel('E-mail de la personne (facultatif)').fill('responsable@capucins.example.org');
    await invite.getByRole('button', { name: 'Créer le lien d’invitation' }).click();
    await page.waitForLoadState();
    const status = page.getByRole('status');
    expect(await status.textContent()).toContain('Invitation créée.');
    const link = (await status.locator('.secret').textContent())!.trim();
    expect(link).toMatch(new RegExp(`^${e.origin}/invitations/[A-Za-z0-9_-]{20,}$`));
    expect(await page.getByRole('listitem').filter({ hasText: 'responsable@capucins.example.org' }).count()).toBe(1);
    await checkPage(page);
    // The link works: it opens the invitation page of the new structure.
    await page.goto(link);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Rejoindre Médiathèque des Capucins');
  });
});

describe('register of issued badges and signing keys', () => {
  it('revokes a badge through the register form', async () => {
    const issued = await issueViaApi(e, mediatorToken);
    const page = await e.newPage();
    await signInThroughPage(page, e, structureAdmin);
    await page.goto(e.url('/organisations/structure-demo/badges'));
    const row = page.getByRole('row').filter({ has: page.locator(`a[href="/credentials/${issued.uuid}"]`) });
    expect(await row.getByText('Valide').count()).toBe(1);
    await row.locator('summary').click();
    await row.getByLabel('Raison (visible lors de la vérification)').fill('Délivré par erreur');
    await Promise.all([
      page.waitForURL(e.url('/organisations/structure-demo/badges')),
      row.getByRole('button', { name: 'Révoquer ce badge (définitif)' }).click(),
    ]);
    const after = page.getByRole('row').filter({ has: page.locator(`a[href="/credentials/${issued.uuid}"]`) });
    expect(await after.getByText('Révoqué').count()).toBe(1);
    await checkPage(page);
    // On a phone each row is drawn as a card, but a screen reader still gets a table with its column headers.
    const tree = await accessibilityTree(page);
    expect(tree.filter((n) => n.role === 'table').map((n) => n.name)).toEqual([
      'Badges délivrés, du plus récent au plus ancien',
    ]);
    expect(tree.filter((n) => n.role === 'columnheader').map((n) => n.name)).toEqual([
      'Badge',
      'Personne',
      'Délivré le',
      'État',
      'Gérer',
    ]);
  });

  it('rotates the signing key: the old key stays published as retired', async () => {
    await issueViaApi(e, mediatorToken); // makes sure the structure has an active key
    const page = await e.newPage();
    await signInThroughPage(page, e, structureAdmin);
    await page.goto(e.url('/organisations/structure-demo/cles'));
    const rows = page.locator('tbody tr');
    const before = await rows.count();
    expect(await rows.filter({ hasText: /^#.*active/ }).count()).toBe(1);
    await Promise.all([
      page.waitForURL(e.url('/organisations/structure-demo/cles')),
      page.getByRole('button', { name: 'Changer de clé (rotation)' }).click(),
    ]);
    expect(await rows.count()).toBe(before + 1);
    expect(await rows.filter({ hasText: 'retirée le' }).count()).toBeGreaterThanOrEqual(1);
    await checkPage(page);
  });
});
