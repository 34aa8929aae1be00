/**
 * The cohort import in Chromium on a phone (390×844) with JavaScript off: upload a table, read the
 * preview with its errors by line, attest the consent of the new people, confirm, open a badge from
 * the result.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkPage, type E2E, shot, signInThroughPage, startE2E, userWith } from './browser.js';

let e: E2E;
let page: Page;

const CSV = [
  'nom;e-mail;année de naissance;compétence;niveau',
  'Awa Diallo;awa@example.org;1968;A1;autonome',
  'Awa Diallo;awa@example.org;1968;S1;autonome-si-besoin',
  'Jean Martin;;1975;Q9;autonome',
  'Lucie Petit;;;O1;Autonome',
  'Marc Roux;;;C1;débutant',
].join('\n');

beforeAll(async () => {
  e = await startE2E();
  const admin = await userWith(e, e.h.boot.structure!.id, 'structure-admin');
  page = await e.newPage();
  await signInThroughPage(page, e, admin);
});
afterAll(() => e?.stop());

describe('cohort import (phone, no JavaScript)', () => {
  it('previews an uploaded table: errors by line number, what will be issued, nothing written yet', async () => {
    const file = join(tmpdir(), `cohorte-${Date.now()}.csv`);
    writeFileSync(file, CSV);
    await page.goto(e.url('/structures/structure-demo/import'));
    await checkPage(page);
    await shot(page, 'cohort-1-upload');
    await page.getByLabel('Fichier CSV').setInputFiles(file);
    await Promise.all([page.waitForLoadState(), page.getByRole('button', { name: 'Vérifier le fichier' }).click()]);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Vérification du fichier');
    const text = await page.locator('main').innerText();
    expect(text).toContain('ligne 4 : compétence inconnue « Q9 »');
    expect(text).toContain('ligne 6 : niveau inconnu « débutant »');
    expect(text).toContain('5 lignes lues : 3 badges seront délivrés');
    expect(text).toContain('2 nouvelles personnes seront inscrites');
    await checkPage(page);
    await shot(page, 'cohort-2-preview');
  });

  it('issues after the consent is attested, and links each badge from the result', async () => {
    await page.getByLabel(/J’atteste que les 2 nouvelles personnes/).check();
    await Promise.all([
      page.waitForURL(/\/structures\/structure-demo\/import\/[0-9a-f-]{36}$/),
      page.getByRole('button', { name: 'Délivrer 3 badges' }).click(),
    ]);
    expect(await page.locator('main').innerText()).toContain(
      '3 badges délivrés, 2 personnes inscrites, 2 lignes ignorées',
    );
    await checkPage(page);
    await shot(page, 'cohort-3-result');
    const csvLink = page.getByRole('link', { name: /Télécharger le résultat/ });
    const res = await page.request.get(e.url((await csvLink.getAttribute('href'))!));
    expect((await res.text()).split('\r\n').filter(Boolean)).toHaveLength(4);
    await Promise.all([
      page.waitForURL(/\/credentials\//),
      page.getByRole('link', { name: 'Voir le badge' }).first().click(),
    ]);
    expect(await page.locator('main').innerText()).toContain('Créer une adresse e-mail');
    await shot(page, 'cohort-4-badge');
  });
});
