/**
 * The mediator's certification pages and the committee's pages, in Chromium on a phone with
 * JavaScript off, checked with axe: portfolio, evidence, application, review, decision.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type TestUser } from '../helpers/harness.js';
import { checkPage, shot, signInThroughPage, startE2E, tokenFor, userWith, type E2E } from './browser.js';

let e: E2E;
let mediator: TestUser;
let c1: TestUser;
let c2: TestUser;
let mediatorPage: Page;
let applicationUrl = '';

beforeAll(async () => {
  e = await startE2E();
  mediator = await userWith(e, e.h.boot.structure!.id, 'mediator');
  c1 = await userWith(e, e.h.boot.hub.id, 'committee');
  c2 = await userWith(e, e.h.boot.hub.id, 'committee');
  mediatorPage = await e.newPage();
  await signInThroughPage(mediatorPage, e, mediator);
});
afterAll(() => e?.stop());

/**
 * The mediator's application for `block`, each of its competences declared mastered with a text
 * piece of evidence (through the API); with the block's competence codes.
 */
async function applicationFor(token: string, block: string): Promise<{ id: string; codes: string[] }> {
  const status = (await (await api(e.h, token, '/api/v1/certification')).json()) as {
    portfolio: { code: string; block: string }[];
  };
  const codes = status.portfolio.filter((c) => c.block === block).map((c) => c.code);
  await api(e.h, token, '/api/v1/certification/levels', {
    body: { levels: Object.fromEntries(codes.map((c) => [c, 'maitrise'])) },
  });
  for (const code of codes)
    await api(e.h, token, '/api/v1/certification/evidence', { body: { code, kind: 'text', text: 'Récit.' } });
  const created = (await (
    await api(e.h, token, '/api/v1/certification/applications', { body: { blocks: [block] } })
  ).json()) as { id: string };
  return { id: created.id, codes };
}

describe('mediator certification pages (phone, no JavaScript)', () => {
  it('shows the certification space and a block of the portfolio', async () => {
    const page = mediatorPage;
    await page.goto(e.url('/espace'));
    await page.getByRole('link', { name: 'Ma certification de médiateur' }).click();
    await page.waitForURL(e.url('/certification'));
    await checkPage(page);
    await page.getByRole('link', { name: 'Compléter le bloc M1' }).click();
    await page.waitForURL(e.url('/certification/blocs/M1'));
    await checkPage(page);
  });

  it('records levels and a piece of evidence through the forms, then applies', async () => {
    const page = mediatorPage;
    const token = await tokenFor(e, mediator);
    const codes = ['M1.1', 'M1.2', 'M1.3', 'M1.4'];
    for (const code of codes)
      await page.getByLabel(new RegExp(`^${code.replace('.', '\\.')} —`)).selectOption('maitrise');
    await Promise.all([
      page.waitForURL(/ok=niveaux/),
      page.getByRole('button', { name: 'Enregistrer mes niveaux' }).click(),
    ]);
    expect(await page.getByRole('status').textContent()).toContain('Vos niveaux sont enregistrés.');
    await page
      .getByLabel('Votre preuve, en quelques lignes')
      .first()
      .fill('Trame d’accueil conçue avec l’équipe, commentée.');
    await Promise.all([
      page.waitForURL(/ok=preuve/),
      page.getByRole('button', { name: 'Ajouter la preuve' }).first().click(),
    ]);
    expect(await page.getByText('Trame d’accueil conçue avec l’équipe').count()).toBeGreaterThan(0);
    // The other competences' evidence through the API (same service).
    const status = (await (await api(e.h, token, '/api/v1/certification')).json()) as {
      portfolio: { code: string; block: string }[];
    };
    for (const { code } of status.portfolio.filter((c) => c.block === 'M1' && c.code !== 'M1.1')) {
      await api(e.h, token, '/api/v1/certification/levels', { body: { levels: { [code]: 'maitrise' } } });
      await api(e.h, token, '/api/v1/certification/evidence', { body: { code, kind: 'text', text: 'Récit.' } });
    }
    await page.goto(e.url('/certification'));
    await page.getByLabel(/^M1 —/).check();
    await Promise.all([
      page.waitForURL(/\/certification\/demandes\/[0-9a-f-]{36}\?ok=envoyee$/),
      page.getByRole('button', { name: 'Demander la validation des blocs cochés' }).click(),
    ]);
    applicationUrl = page.url().split('?')[0]!;
    expect(await page.getByText('En cours d’examen').count()).toBeGreaterThan(0);
    // Withdrawing is a section of its own, away from the update form's button.
    const withdrawal = page.getByRole('heading', { name: 'Retirer ma demande' });
    expect(await withdrawal.count()).toBe(1);
    const updateButton = await page.getByRole('button', { name: 'Mettre à jour' }).boundingBox();
    const withdrawalTop = (await withdrawal.boundingBox())!.y;
    expect(withdrawalTop - (updateButton!.y + updateButton!.height)).toBeGreaterThan(24);
    await checkPage(page);
    await shot(page, 'certification-application-mediator');
  });

  it('an incomplete application comes back with the errors and the ticked blocks', async () => {
    const other = await userWith(e, e.h.boot.structure!.id, 'mediator');
    const page = await e.newPage();
    await signInThroughPage(page, e, other);
    await page.goto(e.url('/certification'));
    await page.getByLabel(/^M2 —/).check();
    await page.getByRole('button', { name: 'Demander la validation des blocs cochés' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('alert').textContent()).toContain('indiquez votre niveau');
    expect(await page.getByLabel(/^M2 —/).isChecked()).toBe(true);
    await checkPage(page);
  });
});

describe('committee pages (phone, no JavaScript)', () => {
  it('lists the application, reviews it per competence, and the second review decides', async () => {
    for (const [i, member] of [c1, c2].entries()) {
      const page = await e.newPage();
      await signInThroughPage(page, e, member);
      await page.goto(e.url('/comite'));
      if (i === 0) await checkPage(page);
      await page
        .getByRole('link', { name: /Test mediator/ })
        .first()
        .click();
      await page.waitForURL(applicationUrl);
      if (i === 0) {
        await checkPage(page);
        await shot(page, 'certification-review-form');
      }
      // Nothing is chosen in advance: accept each competence, then vote approve.
      for (const accept of await page
        .getByRole('group', { name: /^Pour les \d+ compétences du bloc/ })
        .getByLabel('Accepter', { exact: true })
        .all())
        await accept.check();
      await page.getByLabel('Valider', { exact: true }).check();
      await Promise.all([page.waitForURL(/ok=avis/), page.getByRole('button', { name: 'Envoyer mon avis' }).click()]);
      if (i === 1) {
        expect(await page.getByText('Validée').count()).toBeGreaterThan(0);
        expect(await page.getByRole('heading', { name: 'Badges délivrés' }).count()).toBe(1);
        await checkPage(page);
      }
    }
  });

  it('withdraws an application from its page once, with the reason given; a reload repeats nothing', async () => {
    const token = await tokenFor(e, mediator);
    const app = await applicationFor(token, 'M3');
    const page = mediatorPage;
    await page.goto(e.url(`/certification/demandes/${app.id}`));
    await page.getByLabel('Motif (facultatif)').fill('Je reviendrai avec de meilleures preuves.');
    await Promise.all([
      page.waitForURL(/\/certification\?ok=retrait$/),
      page.getByRole('button', { name: 'Retirer ma demande' }).click(),
    ]);
    expect(await page.getByText('Votre demande est retirée.').count()).toBe(1);
    await page.reload();
    await checkPage(page);
    const events = await e.h.opened.client.execute({
      sql: "select data from audit_events where target_id = ? and action like '%withdraw%'",
      args: [app.id],
    });
    expect(events.rows.map((r) => String(r.data))).toEqual([
      expect.stringContaining('Je reviendrai avec de meilleures preuves.'),
    ]);
    const after = (await (await api(e.h, token, `/api/v1/certification/applications/${app.id}`)).json()) as {
      state: string;
    };
    expect(after.state).toBe('withdrawn');
    await page.goto(e.url(`/certification/demandes/${app.id}`));
    expect(await page.getByRole('button', { name: 'Retirer ma demande' }).count()).toBe(0);
    // The page says when and why it was withdrawn, not where a review that will not happen stood.
    expect(await page.getByText(/demande retirée le/).count()).toBe(1);
    expect(await page.getByText('Je reviendrai avec de meilleures preuves.').count()).toBe(1);
    expect(await page.getByText(/tour d’examen/).count()).toBe(0);
    expect(await page.getByText('Aucun avis : la demande a été retirée avant son examen.').count()).toBe(1);
    await shot(page, 'certification-application-withdrawn');
  });

  it('a review with a missing reason comes back with what was typed', async () => {
    const member = await userWith(e, e.h.boot.hub.id, 'committee');
    const token = await tokenFor(e, mediator);
    await api(e.h, token, '/api/v1/certification/levels', { body: { levels: { 'M8.1': 'maitrise' } } });
    const app = await applicationFor(token, 'M8');
    const page = await e.newPage();
    await signInThroughPage(page, e, member);
    await page.goto(e.url(`/certification/demandes/${app.id}`));
    // The whole block accepted, its first competence refused on its own (in the folded detail).
    await page
      .getByRole('group', { name: /^Pour les \d+ compétences du bloc/ })
      .getByLabel('Accepter')
      .check();
    await page.locator('summary', { hasText: 'Détail' }).first().click();
    await page
      .getByRole('group', { name: new RegExp(`^${app.codes[0]!.replace('.', '\\.')} —`) })
      .getByLabel('Refuser')
      .check();
    await page.getByLabel('Refuser', { exact: true }).last().check();
    // The general comment is folded until needed.
    await page.locator('summary', { hasText: 'Commentaire général' }).click();
    await page.getByLabel('Commentaire général').fill('Preuves trop minces.');
    await page.getByRole('button', { name: 'Envoyer mon avis' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('alert').textContent()).toContain('Expliquez votre réponse');
    expect(await page.getByLabel('Commentaire général').inputValue()).toBe('Preuves trop minces.');
    await checkPage(page);
  });
});
