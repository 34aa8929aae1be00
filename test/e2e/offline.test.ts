/**
 * Itinerant mediation in Chromium on a phone with JavaScript on: the network is cut (the context goes
 * offline), forms are kept on the device, survive a reload, and reach the server exactly once when the
 * network is back — also when the connection drops while sending. Sign-out leaves nothing behind.
 */
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluations, learnerPersonal } from '../../src/db/schema.js';
import type { TestUser } from '../helpers/harness.js';
import { checkPage, type E2E, shot, signInThroughPage, signOutThroughPage, startE2E, userWith } from './browser.js';

let e: E2E;
let mediator: TestUser;

const LIST = '/structures/structure-demo/apprenants';

beforeAll(async () => {
  e = await startE2E();
  mediator = await userWith(e, e.h.boot.structure!.id, 'mediator');
});
afterAll(() => e?.stop());

const named = async (name: string) =>
  e.h.deps.database.db.select().from(learnerPersonal).where(eq(learnerPersonal.displayName, name));

/** Signed in with JavaScript on, the service worker installed and in control of the page. */
async function mediatorPhone(user: TestUser): Promise<Page> {
  const page = await e.newPage({ javaScriptEnabled: true });
  await signInThroughPage(page, e, user);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  // The first page was loaded before the worker: the next ones go through it (and are kept).
  await page.goto(e.url(LIST));
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  return page;
}

async function registerThroughForm(page: Page, name: string) {
  await page.getByLabel('Nom (comme la personne l’écrit)').fill(name);
  await page.getByLabel(/La personne accepte/).check();
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
}

// Service worker installs, offline/online turns and axe on a shared 2-core machine: minutes, not seconds.
describe('a mediator’s phone without network (JavaScript on, service worker)', { timeout: 120_000 }, () => {
  it('keeps a registration made offline, shows it after a reload, and sends it once when the network returns', async () => {
    const page = await mediatorPhone(mediator);
    await page.context().setOffline(true);
    await page.goto(e.url(LIST)); // served from what the phone kept
    await registerThroughForm(page, 'Gisèle Offline');
    await page.waitForURL(/\/hors-ligne\?garde=/);
    await expect
      .poll(() => page.locator('[data-outbox-status]').textContent())
      .toContain('Enregistré sur cet appareil — sera envoyé au retour du réseau.');
    await expect.poll(() => page.locator('.outbox-item').textContent()).toContain('Nouvelle personne : Gisèle Offline');
    await shot(page, 'offline-kept');
    expect(await named('Gisèle Offline')).toHaveLength(0);

    await page.reload();
    await expect.poll(() => page.locator('.outbox-item').count()).toBe(1);
    await expect
      .poll(() => page.locator('.outbox-item').textContent())
      .toContain('Enregistré sur cet appareil — sera envoyé au retour du réseau.');
    await checkPage(page);

    await page.context().setOffline(false);
    await expect
      .poll(() => page.locator('[data-outbox-status]').textContent(), { timeout: 20_000 })
      .toContain('1 enregistrement envoyé.');
    expect(await named('Gisèle Offline')).toHaveLength(1);
    await expect.poll(() => page.locator('[data-outbox-sent] a').textContent()).toContain('Gisèle Offline');
    await shot(page, 'offline-sent');

    await page.reload();
    await page.goto(e.url(LIST));
    await page.waitForTimeout(500);
    expect(await named('Gisèle Offline')).toHaveLength(1);
  });

  it('records an evaluation offline on a person opened before, sent once back online', async () => {
    const page = await mediatorPhone(mediator);
    await registerThroughForm(page, 'Marcel Itinérant');
    await page.waitForURL(/\/apprenants\/[0-9a-f-]{36}$/);
    const learnerUrl = page.url();
    const learnerId = learnerUrl.split('/').pop()!;
    await page.goto(`${learnerUrl}/evaluation`); // opened once with network: kept

    await page.context().setOffline(true);
    await page.goto(learnerUrl);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Marcel Itinérant');
    await page.goto(`${learnerUrl}/evaluation`);
    await page.locator('summary', { hasText: 'Lettre A' }).first().click();
    const a1 = page.getByRole('group', { name: /Créer une adresse e-mail/ });
    await a1
      .getByLabel(/Autonome/)
      .first()
      .check();
    await page.getByRole('button', { name: /Enregistrer l’évaluation/ }).click();
    await page.waitForURL(/\/hors-ligne\?garde=/);
    await expect.poll(() => page.locator('.outbox-item').textContent()).toContain('Évaluation de Marcel Itinérant');

    await page.context().setOffline(false);
    await expect
      .poll(() => page.locator('[data-outbox-status]').textContent(), { timeout: 20_000 })
      .toContain('1 enregistrement envoyé.');
    const recorded = await e.h.deps.database.db.select().from(evaluations).where(eq(evaluations.learnerId, learnerId));
    expect(recorded).toHaveLength(1);
  });

  it('sends once when the connection drops after the server saved the form', async () => {
    const page = await mediatorPhone(mediator);
    await page.context().setOffline(true);
    await page.goto(e.url(LIST));
    await registerThroughForm(page, 'Rosa Coupure');
    await page.waitForURL(/\/hors-ligne\?garde=/);

    // The first send reaches the server, which saves it; the answer is lost on the way back.
    let cut = 0;
    await page.route(`**${LIST}`, async (route) => {
      if (route.request().method() !== 'POST' || cut !== 0) return route.continue();
      cut = -1; // sending
      await route.fetch({ maxRedirects: 0 });
      cut = 1; // saved by the server
      await route.abort('connectionreset');
    });
    await page.context().setOffline(false);
    await expect.poll(() => cut, { timeout: 20_000 }).toBe(1);
    expect(await named('Rosa Coupure')).toHaveLength(1);
    await expect.poll(() => page.locator('.outbox-item').count()).toBe(1);

    // The next chance (a page opened with network) sends it again with the same key: nothing new is created.
    await page.reload();
    await expect
      .poll(() => page.locator('[data-outbox-status]').textContent(), { timeout: 20_000 })
      .toContain('1 enregistrement envoyé.');
    expect(await named('Rosa Coupure')).toHaveLength(1);
    await expect.poll(() => page.locator('.outbox-item').count()).toBe(0);
  });

  it('says why the server refused a kept form, and lets it be corrected where the server asks and sent once', async () => {
    const page = await mediatorPhone(mediator);
    await registerThroughForm(page, 'Gisèle Homonyme');
    await page.waitForURL(/\/apprenants\/[0-9a-f-]{36}$/);
    await page.goto(e.url(LIST));
    await page.context().setOffline(true);
    await page.goto(e.url(LIST));
    // A namesake of someone already registered: the server asks whether it is the same person.
    await registerThroughForm(page, 'Gisèle Homonyme');
    await page.waitForURL(/\/hors-ligne\?garde=/);
    await page.context().setOffline(false);
    await expect
      .poll(() => page.locator('.outbox-item').textContent(), { timeout: 20_000 })
      .toMatch(/Refusé : .*(même nom|déjà)/);
    await shot(page, 'offline-refused');
    // Corrected where the server asks its question: the form comes back filled in, with the same key.
    await page.getByRole('button', { name: 'Corriger' }).click();
    await page.waitForURL(e.url(LIST));
    expect(await page.getByLabel('Nom (comme la personne l’écrit)').inputValue()).toBe('Gisèle Homonyme');
    await page.getByLabel(/C’est une autre personne/).check();
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.waitForURL(/\/apprenants\/[0-9a-f-]{36}$/);
    expect(await named('Gisèle Homonyme')).toHaveLength(2);
    await page.goto(e.url('/hors-ligne'));
    await expect.poll(() => page.locator('.outbox-item').count()).toBe(0);
  });

  it('leaves no page and no form of a person on the phone after sign-out', async () => {
    const page = await mediatorPhone(mediator);
    await page.goto(e.url(LIST));
    const kept = () =>
      page.evaluate(async () => {
        const names = (await caches.keys()).filter((n) => n.startsWith('jalon-pages-'));
        let pages = 0;
        for (const n of names) pages += (await (await caches.open(n)).keys()).length;
        return pages;
      });
    await expect.poll(kept).toBeGreaterThan(0);
    page.on('dialog', (d) => void d.accept());
    await signOutThroughPage(page, e);
    expect(await kept()).toBe(0);

    // Another mediator signs in on the same phone, then the network goes: the first one's list is not shown.
    const other = await userWith(e, e.h.boot.structure!.id, 'mediator');
    await signInThroughPage(page, e, other);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.context().setOffline(true);
    await page.goto(e.url(LIST)).catch(() => undefined);
    expect(await page.content()).not.toContain('Gisèle Offline');
    await page.context().setOffline(false);
  });
});
