/**
 * A group session on a phone (390×844, JavaScript off), checked with axe (issue 19): from the list of
 * people to the group's badges issued, counting every tap (clicks, ticks, and the tap into the search
 * box; a button that sends a form is one tap), and the pages a mediator corrects from, measured in screens.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/harness.js';
import { checkPage, shot, signInThroughPage, startE2E, tokenFor, userWith, type E2E } from './browser.js';

let e: E2E;
let token: string;
let page: Page;

const SLUG = 'structure-demo';
const LIST = `/structures/${SLUG}/apprenants`;
const C1 = 'Écrire avec le clavier';
const PHONE_SCREEN = 844;
const NAMES = ['Atelier Un', 'Atelier Deux', 'Atelier Trois'];

/** Taps a person makes; every step of the journey goes through `tap`. */
let taps = 0;
async function tap(target: Locator, action: 'click' | 'check' = 'click'): Promise<void> {
  taps++;
  if (action === 'check') await target.check();
  else await target.click();
}
/** A button that sends a form: one tap, then the page it leads to. */
async function send(button: Locator, landing: RegExp | string): Promise<void> {
  const loaded = page.waitForEvent('load');
  await tap(button);
  await loaded;
  await page.waitForURL(landing);
}

async function register(displayName: string): Promise<string> {
  const res = await api(e.h, token, `/api/v1/structures/${SLUG}/learners`, { body: { displayName, consent: true } });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

const top = (locator: Locator) => locator.evaluate((el) => el.getBoundingClientRect().top + window.scrollY);

beforeAll(async () => {
  e = await startE2E();
  const mediator = await userWith(e, e.h.boot.structure!.id, 'mediator');
  token = await tokenFor(e, mediator);
  page = await e.newPage();
  await signInThroughPage(page, e, mediator);
});
afterAll(() => e?.stop());

describe('a workshop of three, from the list to the badges issued', () => {
  it('takes at most 15 taps, with the sheet on the first two screens and one button for the group’s badges', async () => {
    const ids = await Promise.all(NAMES.map(register));
    await page.goto(e.url(LIST));
    taps = 0;
    await send(page.getByRole('link', { name: 'Séance de groupe (atelier)' }), /\/atelier$/);
    for (const n of NAMES) await tap(page.getByLabel(n), 'check');
    await tap(page.getByLabel('Chercher une compétence (code ou mots)'));
    await page.getByLabel('Chercher une compétence (code ou mots)').fill('clavier');
    await send(page.getByRole('button', { name: 'Rechercher', exact: true }), /etape=chercher/);
    // The people ticked stay ticked; the search found the keyboard competence.
    for (const n of NAMES) expect(await page.getByLabel(n).isChecked()).toBe(true);
    await checkPage(page);
    await shot(page, 'workshop-search');
    await tap(page.getByLabel(new RegExp(C1)), 'check');
    await send(page.getByRole('button', { name: 'Préparer la feuille' }), /etape=feuille/);
    // The choices and the search fold away: the sheet is on the first or second screen.
    expect(await page.getByLabel('Chercher une compétence (code ou mots)').isVisible()).toBe(false);
    const sheet = page.getByRole('group', { name: new RegExp(C1) });
    const sheetTop = await top(page.getByRole('heading', { name: '3. Ce que vous avez observé' }));
    const saveTop = await top(page.getByRole('button', { name: 'Enregistrer la séance pour 3 personnes' }));
    console.info(`workshop sheet: heading at ${sheetTop} px, save button at ${saveTop} px`);
    await shot(page, 'workshop-sheet-empty');
    expect(sheetTop).toBeLessThan(PHONE_SCREEN);
    expect(saveTop).toBeLessThan(2 * PHONE_SCREEN);
    await tap(sheet.getByRole('group', { name: 'Atelier Un' }).getByLabel('Autonome', { exact: true }), 'check');
    await tap(
      sheet
        .getByRole('group', { name: 'Atelier Deux' })
        .getByLabel('Autonome avec guidage en cas de besoin', { exact: true }),
      'check',
    );
    await tap(sheet.getByRole('group', { name: 'Atelier Trois' }).getByLabel('Avec guidage', { exact: true }), 'check');
    await checkPage(page);
    await shot(page, 'workshop-sheet');
    await send(
      page.getByRole('button', { name: 'Enregistrer la séance pour 3 personnes' }),
      /\/atelier\/[0-9a-f-]{36}$/,
    );
    const sessionUrl = page.url();
    // Per person what was earned; one button for the whole group.
    expect(await page.getByRole('button', { name: 'Délivrer les badges du groupe' }).count()).toBe(1);
    expect(await page.getByRole('listitem').filter({ hasText: 'Atelier Un' }).textContent()).toContain(C1);
    await checkPage(page);
    await shot(page, 'workshop-to-issue');
    await send(page.getByRole('button', { name: 'Délivrer les badges du groupe' }), sessionUrl);
    expect(await page.getByRole('status').textContent()).toContain('2 badges délivrés à 2 personnes.');
    expect(await page.getByRole('button', { name: 'Délivrer les badges du groupe' }).count()).toBe(0);
    await checkPage(page);
    await shot(page, 'workshop-issued');
    console.info(`workshop of 3 from the list to issued badges: ${taps} taps`);
    expect(taps).toBeLessThanOrEqual(15);

    const rs = await e.h.opened.client.execute({
      sql: 'select learner_id, competence_code from credentials where learner_id in (?, ?, ?)',
      args: ids,
    });
    expect(rs.rows.map((r) => String(r.learner_id)).sort()).toEqual([ids[0]!, ids[1]!].sort());
    // A reload issues nothing more; the list marks nobody any more.
    await page.reload();
    expect((await e.h.opened.client.execute('select count(*) as n from credentials')).rows[0]!.n).toBe(rs.rows.length);
    await page.goto(e.url(`${LIST}?q=atelier`));
    expect(await page.getByText('badges à délivrer').count()).toBe(0);
  }, 120_000);

  it('the list marks « badges à délivrer » on a person whose earned badges wait', async () => {
    const id = await register('Atelier Attente');
    const res = await api(e.h, token, `/api/v1/learners/${id}/evaluations`, {
      body: { method: 'observation', date: '2026-10-01', items: [{ code: 'C1', level: 'autonome' }] },
    });
    expect(res.status).toBe(201);
    await page.goto(e.url(`${LIST}?q=attente`));
    expect(await page.getByRole('listitem').filter({ hasText: 'Atelier Attente' }).textContent()).toContain(
      'badges à délivrer',
    );
    await checkPage(page);
    await shot(page, 'workshop-list-mark');
  });
});

describe('corrections: one word per thing, pages that fit', () => {
  it('names each « Corriger » for what it corrects; both correction pages are at most 2 screens', async () => {
    const id = await register('Correction Courte');
    const res = await api(e.h, token, `/api/v1/learners/${id}/evaluations`, {
      body: { method: 'observation', date: '2026-10-01', items: [{ code: 'C1', level: 'autonome' }] },
    });
    expect(res.status).toBe(201);
    await page.goto(e.url(`${LIST}/${id}`));
    const links = await page.getByRole('link', { name: /^Corriger/ }).allTextContents();
    expect(links.map((l) => l.replace(/\s+/g, ' ').trim().split(' — ')[0])).toEqual([
      'Corriger l’identité',
      'Corriger cette séance',
    ]);
    expect(await page.locator('main').textContent()).not.toContain('compétence(s)');
    expect(await page.locator('main').textContent()).toMatch(/— \d+ suffisent pour le passeport/);
    await tap(page.getByRole('link', { name: 'Corriger l’identité' }));
    await page.waitForURL(/\/modifier$/);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    console.info(`identity correction page: ${height} px = ${(height / PHONE_SCREEN).toFixed(1)} screens`);
    await checkPage(page);
    await shot(page, 'correction-identity');
    expect(height).toBeLessThanOrEqual(2 * PHONE_SCREEN);
    await page.goto(e.url(`${LIST}/${id}`));
    await page.getByRole('link', { name: /^Corriger cette séance/ }).click();
    await page.waitForURL(/\/seances\/[0-9a-f-]{36}\/modifier$/);
    const session = await page.evaluate(() => document.documentElement.scrollHeight);
    console.info(`session correction page: ${session} px = ${(session / PHONE_SCREEN).toFixed(1)} screens`);
    await checkPage(page);
    await shot(page, 'correction-session');
    expect(session).toBeLessThanOrEqual(2 * PHONE_SCREEN);
  }, 60_000);
});
