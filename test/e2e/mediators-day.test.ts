/**
 * A mediator's day in Chromium on a phone (390 px, JavaScript off unless said), checked with axe:
 * a whole journey where reloading after every form creates nothing twice (rows counted in the
 * database), a workshop for three people, a name correction, a withdrawal that the regenerated PDF
 * reflects, a password reset link, the height of the evaluation form, the figures page.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type TestUser } from '../helpers/harness.js';
import { checkPage, shot, signInThroughPage, startE2E, tokenFor, userWith, type E2E } from './browser.js';

let e: E2E;
let mediator: TestUser;
let admin: TestUser;
let token: string;
let page: Page;

const SLUG = 'structure-demo';
const LIST = `/structures/${SLUG}/apprenants`;
const TABLES = ['learners', 'evaluations', 'evaluation_items', 'credentials', 'holder_links', 'learner_personal'];
const A1 = 'Créer une adresse e-mail et ouvrir sa boîte de réception';
const C1 = 'Écrire avec le clavier';
const PHONE_SCREEN = 844;

/** Rows of every table a mediator's forms write to. */
async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLES) {
    const rs = await e.h.opened.client.execute(`select count(*) as n from ${table}`);
    out[table] = Number(rs.rows[0]!.n);
  }
  return out;
}

/** Submits with the button, waits for the page the POST redirects to, then reloads it: nothing may change. */
async function submitThenReload(button: ReturnType<Page['getByRole']>, landing: RegExp | string): Promise<void> {
  // The page the POST redirects to may have the same address as the form's: wait for its own load.
  const loaded = page.waitForEvent('load');
  await button.click();
  await loaded;
  await page.waitForURL(landing);
  const before = await counts();
  await page.reload();
  await page.reload();
  expect(await counts(), `rows after reloading ${page.url()}`).toEqual(before);
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  const doc = await getDocument({ data: bytes.slice(), useSystemFonts: false, isEvalSupported: false }).promise;
  let text = '';
  for (let p = 1; p <= doc.numPages; p++) {
    const content = await (await doc.getPage(p)).getTextContent();
    text += `${content.items.map((i) => ('str' in i ? i.str + (i.hasEOL ? ' ' : '') : '')).join('')} `;
  }
  await doc.destroy();
  return text.replace(/\s+/g, ' ');
}

async function registerViaApi(displayName: string): Promise<string> {
  const res = await api(e.h, token, `/api/v1/structures/${SLUG}/learners`, { body: { displayName, consent: true } });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

async function evaluateViaApi(id: string, date: string, items: { code: string; level: string }[]): Promise<void> {
  const res = await api(e.h, token, `/api/v1/learners/${id}/evaluations`, {
    body: { method: 'observation', date, items },
  });
  expect(res.status).toBe(201);
}

beforeAll(async () => {
  e = await startE2E();
  mediator = await userWith(e, e.h.boot.structure!.id, 'mediator');
  admin = await userWith(e, e.h.boot.structure!.id, 'structure-admin');
  token = await tokenFor(e, mediator);
  page = await e.newPage();
  await signInThroughPage(page, e, mediator);
});
afterAll(() => e?.stop());

describe('a whole journey where a reload after every form creates nothing twice', () => {
  let learnerUrl = '';

  it('registers a person, then warns before registering the same name and birth year again', async () => {
    await page.goto(e.url(LIST));
    await page.getByLabel('Nom (comme la personne l’écrit)').fill('Yasmina Haddad');
    await page.getByLabel('Année de naissance (facultatif)').fill('1958');
    await page.getByLabel(/La personne accepte/).check();
    await submitThenReload(
      page.getByRole('button', { name: 'Enregistrer', exact: true }),
      /\/apprenants\/[0-9a-f-]{36}$/,
    );
    learnerUrl = page.url();
    expect(await page.getByText('Personne enregistrée.').count()).toBe(0); // shown once, before the reloads
    // Same name (other case and spacing) and birth year: a warning, what was typed kept, nothing created.
    await page.goto(e.url(LIST));
    const before = await counts();
    await page.getByLabel('Nom (comme la personne l’écrit)').fill('  yasmina   HADDAD ');
    await page.getByLabel('Année de naissance (facultatif)').fill('1958');
    await page.getByLabel(/La personne accepte/).check();
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('alert').textContent()).toContain('Cette personne est peut-être déjà enregistrée');
    expect(await page.getByLabel('Nom (comme la personne l’écrit)').inputValue()).toBe('  yasmina   HADDAD ');
    expect(await page.getByLabel(/La personne accepte/).isChecked()).toBe(true);
    expect(await counts()).toEqual(before);
    await checkPage(page);
  });

  it('records a positioning and an evaluation; a reload repeats neither', async () => {
    await page.goto(`${learnerUrl}/positionnement?themes=E-mail&themes=Bureautique`);
    await page.locator('summary', { hasText: 'Lettre A' }).click();
    await page
      .getByRole('group', { name: /Créer une adresse e-mail/ })
      .getByLabel('Avec guidage', { exact: true })
      .check();
    await submitThenReload(page.getByRole('button', { name: 'Enregistrer le positionnement' }), learnerUrl);
    // An empty evaluation: a plain French message, and the form keeps the date and method typed.
    await page.goto(`${learnerUrl}/evaluation`);
    await page.getByLabel('Date de la séance').fill('2026-10-05');
    await page.getByLabel('Façon d’évaluer').selectOption('exercise');
    await page.getByRole('button', { name: 'Enregistrer l’évaluation' }).click();
    await page.waitForLoadState();
    const summary = (await page.getByRole('alert').textContent()) ?? '';
    expect(summary).toContain('Choisissez un niveau pour au moins une compétence');
    expect(summary).not.toMatch(/items|notez au moins/);
    expect(await page.getByLabel('Date de la séance').inputValue()).toBe('2026-10-05');
    expect(await page.getByLabel('Façon d’évaluer').inputValue()).toBe('exercise');
    await checkPage(page);
    // The competences worked on today, picked by code (no script): only they are shown, open.
    await page.getByText('Choisir les compétences travaillées aujourd’hui').click();
    await page.getByRole('checkbox', { name: /^A1 —/ }).check();
    await page.getByRole('checkbox', { name: /^C1 —/ }).check();
    await Promise.all([
      page.waitForURL(/codes=A1/),
      page.getByRole('button', { name: 'Afficher', exact: true }).click(),
    ]);
    expect(await page.locator('fieldset.competence:visible').count()).toBe(2);
    await page
      .getByRole('group', { name: new RegExp(A1) })
      .getByLabel('Autonome', { exact: true })
      .check();
    await page
      .getByRole('group', { name: new RegExp(C1) })
      .getByLabel('Autonome', { exact: true })
      .check();
    await submitThenReload(page.getByRole('button', { name: 'Enregistrer l’évaluation' }), learnerUrl);
    expect(await page.getByRole('status').count()).toBe(0); // the confirmation was shown once, before the reloads
  });

  it('issues the badges, creates the personal link with its card; reloads change nothing', async () => {
    await page.goto(learnerUrl);
    await submitThenReload(page.getByRole('button', { name: /Délivrer les 2 badges/ }), learnerUrl);
    expect(await page.getByRole('region', { name: 'Nouveaux badges obtenus' }).count()).toBe(0);
    await page.goto(`${learnerUrl}/lien`);
    const before = await counts();
    await page.reload(); // opening the page creates nothing
    expect(await counts()).toEqual(before);
    await page.getByRole('button', { name: 'Créer le lien personnel et la carte' }).click();
    await page.waitForURL(`${learnerUrl}/lien`);
    const card = page.getByRole('region', { name: 'Vos badges numériques' });
    expect(await card.getByText('Structure de démonstration').count()).toBe(1);
    expect(await card.getByRole('listitem').first().textContent()).toContain('appareil photo');
    const link = (await page.locator('#lien-personnel').textContent())!.trim();
    expect(link).toMatch(/\/p\/[A-Za-z0-9_-]{43}$/);
    const sms = await page.getByRole('link', { name: 'Envoyer par SMS' }).getAttribute('href');
    expect(decodeURIComponent(sms!)).toContain(link);
    expect(decodeURIComponent(sms!)).toContain('Bonjour, voici le lien vers vos badges numériques');
    const mail = await page.getByRole('link', { name: 'Envoyer par e-mail' }).getAttribute('href');
    expect(mail).toMatch(/^mailto:\?subject=/);
    await checkPage(page);
    await shot(page, 'day-card');
    const links = (await counts()).holder_links;
    await page.reload();
    expect(await page.locator('#lien-personnel').count()).toBe(0); // shown once
    expect((await counts()).holder_links).toBe(links);
    const holder = await e.newPage();
    expect((await holder.goto(link))!.status()).toBe(200);
  });

  it('withdraws a badge from the person’s page, with a reason; the PDF no longer lists it and it is not offered again', async () => {
    await page.goto(learnerUrl);
    const pdfBefore = await pdfText(
      new Uint8Array(await (await page.request.get(`${learnerUrl}/passeport.pdf`)).body()),
    );
    expect(pdfBefore).toContain('Relevé de compétences'); // no passport credential yet: a record
    expect(pdfBefore).toContain(A1);
    await page.getByRole('link', { name: `Retirer ce badge — ${A1}` }).click();
    await page.waitForURL(/\/badges\/[0-9a-f-]{36}\/retirer$/);
    await checkPage(page);
    // Without the confirmation nor a reason: the page comes back with plain messages.
    await page.getByRole('button', { name: 'Retirer ce badge définitivement' }).click();
    expect(page.url()).toMatch(/\/retirer$/); // required fields stop the browser itself
    await page.getByLabel('Raison').fill('Compétence notée par erreur');
    await page.getByLabel('Je confirme le retrait de ce badge.').check();
    await submitThenReload(page.getByRole('button', { name: 'Retirer ce badge définitivement' }), learnerUrl);
    expect(await page.getByRole('region', { name: 'Nouveaux badges obtenus' }).count()).toBe(0);
    const after = await pdfText(new Uint8Array(await (await page.request.get(`${learnerUrl}/passeport.pdf`)).body()));
    expect(after).not.toContain(A1);
    expect(after).toContain(C1);
    // A new evaluation that says so offers it again.
    const id = learnerUrl.split('/').pop()!;
    await evaluateViaApi(id, '2026-10-06', [{ code: 'A1', level: 'autonome' }]);
    await page.reload();
    expect(await page.getByRole('region', { name: 'Nouveaux badges obtenus' }).textContent()).toContain(A1);
  });
});

describe('workshop mode', () => {
  it('records one group session for three people at once, and a reload records nothing more', async () => {
    const names = ['Atelier Un', 'Atelier Deux', 'Atelier Trois'];
    const ids = await Promise.all(names.map(registerViaApi));
    await page.goto(e.url(`/structures/${SLUG}/atelier`));
    for (const n of names) await page.getByLabel(n).check();
    await page.getByLabel('Chercher une compétence (code ou mots)').fill('clavier');
    await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
    await page.waitForLoadState();
    await page.getByLabel(new RegExp(C1)).check();
    await page.getByRole('button', { name: 'Préparer la feuille' }).click();
    await page.waitForLoadState();
    const sheet = page.getByRole('group', { name: new RegExp(C1) });
    const level = (who: string, label: string) =>
      sheet.getByRole('group', { name: who }).getByLabel(label, { exact: true }).check();
    await level('Atelier Un', 'Autonome');
    await level('Atelier Deux', 'Autonome avec guidage en cas de besoin');
    await level('Atelier Trois', 'Avec guidage');
    await checkPage(page);
    const before = await counts();
    await submitThenReload(
      page.getByRole('button', { name: 'Enregistrer la séance pour 3 personnes' }),
      /\/atelier\/[0-9a-f-]{36}$/,
    );
    const after = await counts();
    expect(after.evaluations! - before.evaluations!).toBe(3);
    expect(after.evaluation_items! - before.evaluation_items!).toBe(3);
    const rs = await e.h.opened.client.execute({
      sql: `select learner_id, level from evaluations join evaluation_items on evaluation_id = id
            where learner_id in (?, ?, ?) order by learner_id`,
      args: ids,
    });
    expect(new Map(rs.rows.map((r) => [String(r.learner_id), String(r.level)]))).toEqual(
      new Map([
        [ids[0]!, 'autonome'],
        [ids[1]!, 'autonome-si-besoin'],
        [ids[2]!, 'avec-guidage'],
      ]),
    );
  });
});

describe('corrections', () => {
  it('corrects a name, then issues the badges again with the corrected name', async () => {
    const id = await registerViaApi('Jean-Marc Dupond');
    await evaluateViaApi(id, '2026-10-01', [{ code: 'C1', level: 'autonome' }]);
    expect((await api(e.h, token, `/api/v1/learners/${id}/awards`, { body: {} })).status).toBe(201);
    const url = e.url(`${LIST}/${id}`);
    await page.goto(`${url}/modifier`);
    await checkPage(page);
    await page.getByLabel('Nom (comme la personne l’écrit)').fill('Jean-Marc Dupont');
    await page.getByLabel('Raison').fill('Faute de frappe dans le nom');
    await submitThenReload(page.getByRole('button', { name: 'Enregistrer la correction' }), `${url}#nom-corrige`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Jean-Marc Dupont');
    const offer = page.getByRole('region', { name: 'Badges avec l’ancien nom' });
    expect(await offer.textContent()).toContain('1 badge porte encore l’ancien nom');
    await checkPage(page);
    await submitThenReload(offer.getByRole('button', { name: /Délivrer à nouveau 1 badge/ }), url);
    expect(await page.getByRole('region', { name: 'Badges avec l’ancien nom' }).count()).toBe(0);
    const rows = await e.h.opened.client.execute({
      sql: 'select id, jwt, revoked_at, superseded_by from credentials where learner_id = ? order by issued_at',
      args: [id],
    });
    expect(rows.rows).toHaveLength(2);
    expect(rows.rows[0]!.revoked_at).not.toBeNull();
    expect(rows.rows[0]!.superseded_by).toBe(rows.rows[1]!.id);
    expect(rows.rows[1]!.revoked_at).toBeNull();
    // The new badge names the corrected person: the verifier says so with the new name, not the old one.
    const check = async (holderName: string) =>
      (
        (await (
          await api(e.h, null, '/api/v1/verify', {
            body: { credential: String(rows.rows[1]!.jwt), expected: { name: holderName } },
          })
        ).json()) as { checks: { id: string; ok: boolean }[] }
      ).checks.find((k) => k.id === 'recipient')?.ok;
    expect(await check('Jean-Marc Dupont')).toBe(true);
    expect(await check('Jean-Marc Dupond')).toBe(false);
    // The audit log says a correction happened and why, without the names.
    const audit = await e.h.opened.client.execute({
      sql: "select data from audit_events where action = 'learner.corrected' and target_id = ?",
      args: [id],
    });
    expect(String(audit.rows[0]!.data)).toContain('Faute de frappe');
    expect(String(audit.rows[0]!.data)).not.toContain('Dupon');
  });
});

describe('correcting a session', () => {
  it('lowers a level with a reason; the page then offers to withdraw the badge it no longer supports', async () => {
    const id = await registerViaApi('Session Corrigée');
    await evaluateViaApi(id, '2026-10-02', [{ code: 'C1', level: 'autonome' }]);
    expect((await api(e.h, token, `/api/v1/learners/${id}/awards`, { body: {} })).status).toBe(201);
    const url = e.url(`${LIST}/${id}`);
    await page.goto(url);
    await page.getByRole('link', { name: /^Corriger cette séance — / }).click();
    await page.waitForURL(/\/seances\/[0-9a-f-]{36}\/modifier$/);
    await checkPage(page);
    const c1 = page.getByRole('group', { name: new RegExp(C1) });
    expect(await c1.getByLabel('Autonome', { exact: true }).isChecked()).toBe(true);
    await c1.getByLabel('Avec guidage', { exact: true }).check();
    await page.getByLabel('Raison').fill('Niveau noté sur la mauvaise ligne');
    await shot(page, 'correct-session');
    await submitThenReload(page.getByRole('button', { name: 'Enregistrer la correction' }), `${url}#badges-a-revoir`);
    const offer = page.getByRole('region', { name: 'Badges que les séances ne justifient plus' });
    expect(await offer.textContent()).toContain(C1);
    await checkPage(page);
    await offer.getByRole('link', { name: `Retirer ce badge — ${C1}` }).click();
    await page.waitForURL(/\/badges\/[0-9a-f-]{36}\/retirer$/);
    await page.getByLabel('Raison').fill('Séance corrigée');
    await page.getByLabel('Je confirme le retrait de ce badge.').check();
    await submitThenReload(page.getByRole('button', { name: 'Retirer ce badge définitivement' }), url);
    expect(await page.getByRole('region', { name: 'Badges que les séances ne justifient plus' }).count()).toBe(0);
    const audit = await e.h.opened.client.execute({
      sql: "select data from audit_events where action = 'evaluation.corrected' and target_id = ?",
      args: [id],
    });
    expect(String(audit.rows[0]!.data)).toContain('Niveau noté sur la mauvaise ligne');
  });
});

describe('a forgotten password', () => {
  it('an admin creates a one-time link; the person sets a new password with it and signs in', async () => {
    const person = await userWith(e, e.h.boot.structure!.id, 'mediator');
    const adminPage = await e.newPage();
    await signInThroughPage(adminPage, e, admin);
    await adminPage.goto(e.url(`/organisations/${SLUG}/equipe`));
    await Promise.all([
      adminPage.waitForURL(/\/equipe#lien-mdp$/),
      adminPage
        .getByRole('row')
        .filter({ hasText: person.email })
        .getByRole('button', { name: /^Lien pour un nouveau mot de passe/ })
        .click(),
    ]);
    const link = (await adminPage.locator('#lien-mot-de-passe').textContent())!.trim();
    expect(link).toMatch(/\/mot-de-passe\/[A-Za-z0-9_-]{43}$/);
    await checkPage(adminPage);
    await adminPage.reload();
    expect(await adminPage.locator('#lien-mot-de-passe').count()).toBe(0);

    const own = await e.newPage();
    await own.goto(e.url('/connexion'));
    await own.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
    expect(await own.getByRole('heading', { level: 1 }).textContent()).toBe('Mot de passe oublié');
    await own.goto(link);
    await checkPage(own);
    await own.getByLabel('Nouveau mot de passe').fill('court');
    await own.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await own.waitForLoadState();
    expect(await own.getByRole('alert').textContent()).toContain('au moins 12 caractères');
    await own.getByLabel('Nouveau mot de passe').fill('une phrase de passe toute neuve');
    await Promise.all([
      own.waitForURL(e.url('/connexion')),
      own.getByRole('button', { name: 'Enregistrer le mot de passe' }).click(),
    ]);
    expect(await own.getByRole('status').textContent()).toContain('Mot de passe enregistré');
    await own.getByLabel('Adresse e-mail').fill(person.email);
    await own.getByLabel('Mot de passe').fill('une phrase de passe toute neuve');
    await Promise.all([own.waitForURL(e.url('/espace')), own.getByRole('button', { name: 'Se connecter' }).click()]);
    // The link worked once.
    const again = await (await e.newPage()).goto(link);
    expect(again!.status()).toBe(404);
    const events = await e.h.opened.client.execute(
      "select action from audit_events where action like 'auth.password-reset%' order by at",
    );
    expect(events.rows.map((r) => r.action)).toEqual(['auth.password-reset-link-created', 'auth.password-reset']);
  });
});

describe('fast on a phone', () => {
  it('the evaluation form of a person positioned on 4 themes fits in 4 phone screens, letters collapsed', async () => {
    const id = await registerViaApi('Quatre Thèmes');
    const themes = ['Sécurité numérique', 'Prendre en main du matériel', 'Démarches administratives', 'Santé'];
    await page.goto(
      e.url(`${LIST}/${id}/positionnement?${themes.map((t) => `themes=${encodeURIComponent(t)}`).join('&')}`),
    );
    const positioningHeight = await page.evaluate(() => document.documentElement.scrollHeight);
    // Note every shown competence "avec guidage" through the page (letters open one by one).
    for (const summary of await page.locator('form#positionnement summary').all()) await summary.click();
    for (const group of await page.locator('form#positionnement fieldset.competence').all())
      await group.getByLabel('Avec guidage', { exact: true }).check();
    await Promise.all([
      page.waitForURL(e.url(`${LIST}/${id}`)),
      page.getByRole('button', { name: 'Enregistrer le positionnement' }).click(),
    ]);
    await page.goto(e.url(`${LIST}/${id}/evaluation`));
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    console.info(
      `evaluation form: ${height} px = ${(height / PHONE_SCREEN).toFixed(1)} screens; positioning (4 themes): ${positioningHeight} px = ${(positioningHeight / PHONE_SCREEN).toFixed(1)} screens`,
    );
    expect(height).toBeLessThanOrEqual(4 * PHONE_SCREEN);
    expect(positioningHeight).toBeLessThanOrEqual(4 * PHONE_SCREEN);
    expect(await page.locator('form#evaluation details[open]').count()).toBe(0);
    await checkPage(page);
    await shot(page, 'day-evaluation-form');
  });

  it('searches the list of people by name or identifier', async () => {
    await page.goto(e.url(`${LIST}?q=atelier`));
    expect(await page.getByRole('status').textContent()).toMatch(/^3 personnes sur \d+\.$/);
    await checkPage(page);
  });

  it('with JavaScript, the copy button copies the link and the search filters as one types', async () => {
    const js = await e.newPage({ javaScriptEnabled: true });
    await js.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: e.origin });
    await signInThroughPage(js, e, mediator);
    const id = await registerViaApi('Copie Collée');
    await js.goto(e.url(`${LIST}/${id}/lien`));
    await js.getByRole('button', { name: 'Créer le lien personnel et la carte' }).click();
    await js.waitForURL(e.url(`${LIST}/${id}/lien`));
    await js.getByRole('button', { name: 'Copier le lien' }).click();
    await expect.poll(() => js.locator('[data-copied-for="lien-personnel"]').textContent()).toBe('Lien copié.');
    const copied = await js.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe((await js.locator('#lien-personnel').textContent())!.trim());
    await js.goto(e.url(`${LIST}/${id}/evaluation`));
    await js.getByLabel('Chercher une compétence (code ou mots)').fill('C1');
    expect(await js.locator('fieldset.competence:visible').count()).toBe(1);
    expect(await js.locator('fieldset.competence:visible legend').textContent()).toContain(C1);
  });
});

describe('the figures', () => {
  it('shows the structure’s figures as a table and an SVG chart, readable without JavaScript', async () => {
    await page.goto(e.url(`/organisations/${SLUG}/chiffres`));
    expect(await page.getByRole('img', { name: /^Évaluations et badges délivrés par mois/ }).count()).toBe(1);
    const learners = await e.h.opened.client.execute({
      sql: 'select count(*) as n from learners where structure_id = ?',
      args: [e.h.boot.structure!.id],
    });
    const total = page.getByRole('table', { name: 'Depuis le début' });
    expect(await total.locator('td[data-figure="learners"]').textContent()).toContain(String(learners.rows[0]!.n));
    await checkPage(page);
    await shot(page, 'day-figures');
  });
});
