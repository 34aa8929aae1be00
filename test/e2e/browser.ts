/**
 * Browser end-to-end helpers: the real app on a loopback port, driven by Debian's Chromium through
 * playwright-core, checked with axe-core. Run: `npx vitest run --project node test/e2e`.
 *
 * The pattern for a new page (see the *.test.ts files next to this one; one app + one browser per file):
 *
 *   let e: E2E;
 *   let mediator: TestUser;
 *   beforeAll(async () => {
 *     e = await startE2E();
 *     mediator = await userWith(e, e.h.boot.structure!.id, 'mediator');   // a real account (invitation service)
 *   });
 *   afterAll(() => e?.stop());
 *
 *   it('…', async () => {
 *     const page = await e.newPage();                 // phone 390×844, JavaScript OFF, own cookies
 *     await signInThroughPage(page, e, mediator);      // a real sign-in through the /connexion form
 *     await page.goto(e.url('/structures/structure-demo/apprenants'));
 *     await checkPage(page);                          // axe + one <h1> + lang="fr" + no sideways scroll
 *   });                                               //   + named controls + a clean console
 *
 * Data: `issueViaApi(e, await tokenFor(e, mediator), {...})` issues a credential through the JSON API;
 * `api(e.h, token, path, { body })` from ../helpers/harness.ts calls any other endpoint (learners, holder
 * links…). Holder pages (`/p/<token>`) need no sign-in: open them in a fresh `e.newPage()`.
 *
 * Budget: the whole e2e suite should stay around a minute on 2 cores. A `checkPage` costs about 0.5–2 s
 * (axe runs on a JavaScript-enabled twin of the page, see below): one per distinct page state, not one per
 * step. `shot(page, 'name')` saves /tmp/jalon-shots/name.png: look at it, as a person would.
 *
 * What the checks have caught so far, so as not to reintroduce it: inline `style="…"` attributes (the CSP
 * blocks them; use a class), elements wider than the phone (long identifiers: let them wrap), tables that
 * scroll sideways on a phone (use `table.cards-sm` with `CellLabel`, see src/web/layout.tsx), a scrolling
 * box without keyboard access (`.table-wrap` gets `role="region"`, a name and `tabindex="0"`).
 */
import { mkdirSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Role } from '../../src/db/schema.js';
import type { OpenBadgeCredential } from '../../src/ob3/types.js';
import { api, apiTokenFor, createHarness, createUser, type Harness, type TestUser } from '../helpers/harness.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Without the background-networking flags Chromium keeps calling home, which a closed network punishes. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // The browser's own words (the file picker's button) in French, as our publics see them.
  '--lang=fr-FR',
];

/** A phone (iPhone 12–15 size): the layout every page must survive. */
export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  // 1, not a phone's 2–3: layout is the same in CSS pixels and rendering costs a quarter on 2 cores.
  deviceScaleFactor: 1,
  isMobile: true,
  hasTouch: true,
  locale: 'fr-FR',
  // Pages must work without JavaScript: that is the default of every test page.
  javaScriptEnabled: false,
};

export const SHOTS_DIR = '/tmp/jalon-shots';

export interface E2E {
  h: Harness;
  browser: Browser;
  /** http://127.0.0.1:<port> — also the instance's PUBLIC_URL, so links, QR codes and did:web match. */
  origin: string;
  url(path: string): string;
  /** A fresh context (own cookies) on the phone viewport, JavaScript off unless told otherwise. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

let clientCounter = 0;

/** Starts the app (real libSQL database in a temporary file) on a loopback port and launches Chromium. */
export async function startE2E(): Promise<E2E> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const [h, browser] = await Promise.all([
    createHarness({ publicUrl: origin }),
    chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS }),
  ]);
  // The twin page axe runs in (see withTwin) is opened while the server starts.
  const warm = releaseTwin(browser, acquireTwin(browser));
  const server = serve({ fetch: h.app.fetch, port, hostname: '127.0.0.1' });
  await new Promise<void>((resolve, reject) => {
    if (server.listening) return resolve();
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
  await warm;
  const contexts: BrowserContext[] = [];
  return {
    h,
    browser,
    origin,
    url: (path) => `${origin}${path}`,
    async newPage(options = {}) {
      const context = await browser.newContext({
        ...PHONE,
        ...options,
        // Each context is its own "client address", so that sign-in rate limits never couple tests.
        extraHTTPHeaders: {
          'x-test-client-ip': `10.0.${Math.floor(++clientCounter / 250)}.${clientCounter % 250}`,
          ...options.extraHTTPHeaders,
        },
      });
      context.setDefaultTimeout(10_000);
      contexts.push(context);
      const page = await context.newPage();
      watchConsole(page);
      return page;
    },
    async stop() {
      await Promise.allSettled(contexts.map((c) => c.close()));
      await browser.close().catch(() => undefined);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      h.close();
    },
  };
}

// ---------------------------------------------------------------- page checks

const consoleErrors = new WeakMap<Page, string[]>();

/** Console errors of the current document: CSP refusals (an inline style attribute is one), failed loads. */
function watchConsole(page: Page): void {
  const list: string[] = [];
  consoleErrors.set(page, list);
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) list.length = 0;
  });
  page.on('console', (msg) => {
    if (msg.type() !== 'error' && msg.type() !== 'warning') return;
    const url = msg.location().url;
    // The page itself may be an expected error page (a 401 after a wrong password); what it loads may not fail.
    if (msg.text().startsWith('Failed to load resource') && url === page.url()) return;
    // A test that cuts the network (offline tests) sees the app's attempts to send fail: Chromium logs each.
    if (msg.text().includes('net::ERR_INTERNET_DISCONNECTED')) return;
    list.push(`${msg.type()}: ${msg.text()}${url ? ` (${url})` : ''}`);
  });
}

/**
 * axe-core needs timers, which never fire in a page whose scripts are disabled. So the page's
 * current DOM (with every <details> opened, to check what they hide too) is loaded into a twin
 * page with the same device settings and JavaScript on, at the same URL so the stylesheet and
 * fonts come from the live server, and axe runs there. Our pages ship no script, so the twin
 * renders exactly what the person sees.
 */
interface Twin {
  page: Page;
  html: string;
}
/** Per browser: one JavaScript-enabled context and its idle twin pages (tests of a file may run concurrently). */
const twinPools = new WeakMap<Browser, { context: Promise<BrowserContext>; idle: Twin[] }>();

async function acquireTwin(browser: Browser): Promise<Twin> {
  let pool = twinPools.get(browser);
  if (!pool) {
    pool = { context: browser.newContext({ ...PHONE, javaScriptEnabled: true }), idle: [] };
    twinPools.set(browser, pool);
  }
  const idle = pool.idle.pop();
  if (idle) return idle;
  const twin: Twin = { page: await (await pool.context).newPage(), html: '' };
  await twin.page.route('**/*', (route) =>
    route.request().isNavigationRequest()
      ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: twin.html })
      : route.continue(),
  );
  return twin;
}

/** Runs `fn` on a twin page showing `page`'s current DOM with every <details> opened. */
async function withTwin<R>(page: Page, fn: (twin: Page) => Promise<R>): Promise<R> {
  const browser = page.context().browser()!;
  const twin = await acquireTwin(browser);
  try {
    twin.html = await page.content();
    await twin.page.setViewportSize(page.viewportSize() ?? PHONE.viewport!);
    // Without the fragment: a fragment-only change would not load the new document.
    await twin.page.goto(page.url().replace(/#.*$/, ''), { waitUntil: 'load' });
    await twin.page.evaluate(async () => {
      for (const d of document.querySelectorAll('details')) d.open = true;
      await document.fonts.ready;
    });
    return await fn(twin.page);
  } finally {
    twinPools.get(browser)!.idle.push(twin);
  }
}

async function releaseTwin(browser: Browser, twin: Promise<Twin>): Promise<void> {
  twinPools.get(browser)!.idle.push(await twin);
}

interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: { target: unknown; failureSummary?: string }[];
}

function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help}\n${v.nodes
          .slice(0, 5)
          .map((n) => `    ${JSON.stringify(n.target)} ${n.failureSummary?.replace(/\s+/g, ' ') ?? ''}`)
          .join('\n')}`,
    )
    .join('\n');
}

async function axeOn(twin: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page: twin })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    // Legacy mode runs axe in the page itself (no extra blank page); our pages have no iframes.
    .setLegacyMode(true)
    // Passes and inapplicable rules are not needed: skipping their details halves the time on long pages.
    .options({ resultTypes: ['violations'] })
    .analyze();
  const serious = (results.violations as AxeViolation[]).filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
  expect(
    serious.map((v) => `${v.impact} ${v.id}`),
    `axe on ${where}:\n${describeViolations(serious)}`,
  ).toEqual([]);
}

/** Fails listing every serious or critical WCAG 2.1 A/AA violation axe finds on the page (<details> opened). */
export async function expectNoSeriousAxeViolations(page: Page): Promise<void> {
  await withTwin(page, (twin) => axeOn(twin, page.url()));
}

const CONTROL_ROLES = new Set([
  'textbox',
  'searchbox',
  'combobox',
  'listbox',
  'checkbox',
  'radio',
  'spinbutton',
  'slider',
  'switch',
  'button',
  'menuitem',
  'tab',
]);

interface AxNode {
  ignored: boolean;
  role?: { value: string };
  name?: { value: string };
  backendDOMNodeId?: number;
}

/**
 * Chromium's accessibility tree (what a screen reader gets), as role and name pairs; ignored nodes left out.
 * Useful to check that CSS did not strip semantics, e.g. `table.cards-sm` still exposes a table on a phone.
 */
export async function accessibilityTree(page: Page): Promise<{ role: string; name: string }[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AxNode[] };
    return nodes.filter((n) => !n.ignored && n.role).map((n) => ({ role: n.role!.value, name: n.name?.value ?? '' }));
  } finally {
    await cdp.detach();
  }
}

/** Form controls without an accessible name, as Chromium's own accessibility tree computes it. */
async function unnamedControls(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AxNode[] };
    const bad: string[] = [];
    for (const n of nodes) {
      if (n.ignored || !n.role || !CONTROL_ROLES.has(n.role.value)) continue;
      if ((n.name?.value ?? '').trim() !== '') continue;
      let html = '';
      if (n.backendDOMNodeId) {
        const { outerHTML } = (await cdp.send('DOM.getOuterHTML', { backendNodeId: n.backendDOMNodeId })) as {
          outerHTML: string;
        };
        html = outerHTML.slice(0, 160);
      }
      bad.push(`${n.role.value}: ${html}`);
    }
    return bad;
  } finally {
    await cdp.detach();
  }
}

/** What every page must satisfy on a phone, read from the page as it is. */
export async function expectPageBasics(page: Page): Promise<void> {
  // The width the page was given, not window.innerWidth: a mobile browser zooms out to show content
  // that sticks out, and innerWidth grows with it.
  const width = page.viewportSize()!.width;
  const facts = await page.evaluate(
    (width) => ({
      lang: document.documentElement.getAttribute('lang'),
      h1: document.querySelectorAll('h1').length,
      title: document.title,
      scrollWidth: document.documentElement.scrollWidth,
      // Elements sticking out on the right (what causes sideways scrolling), looked for only when it happens.
      wide:
        document.documentElement.scrollWidth <= width
          ? []
          : [...document.body.querySelectorAll('*')]
              .filter((el) => el.getBoundingClientRect().right > width + 1)
              .slice(-5)
              .map(
                (el) =>
                  `<${el.tagName.toLowerCase()} class="${el.getAttribute('class') ?? ''}"> right=${Math.round(el.getBoundingClientRect().right)}`,
              ),
      // Controls with no name in the markup at all (hidden inputs excepted).
      unlabelled: [...document.querySelectorAll<HTMLInputElement>('input:not([type=hidden]), select, textarea')]
        .filter(
          (el) =>
            !(
              el.labels?.length ||
              el.getAttribute('aria-label') ||
              el.getAttribute('aria-labelledby') ||
              el.getAttribute('title')
            ),
        )
        .map((el) => el.outerHTML.slice(0, 120)),
    }),
    width,
  );
  const where = page.url();
  expect(facts.lang, `<html lang> on ${where}`).toBe('fr');
  expect(facts.h1, `number of <h1> on ${where}`).toBe(1);
  expect(facts.title, `<title> on ${where}`).toMatch(/\S.* — Jalon$/);
  expect(facts.scrollWidth, `sideways scroll on ${where}: ${facts.wide.join(', ')}`).toBeLessThanOrEqual(width);
  expect(facts.unlabelled, `controls without a label on ${where}`).toEqual([]);
  expect(await unnamedControls(page), `controls without an accessible name on ${where}`).toEqual([]);
  expect(consoleErrors.get(page) ?? [], `browser console on ${where}`).toEqual([]);
}

/** All the checks every page gets: basics on the page as it is, then axe and sideways scrolling with every <details> opened. */
export async function checkPage(page: Page): Promise<void> {
  await expectPageBasics(page);
  await withTwin(page, async (twin) => {
    await axeOn(twin, page.url());
    const opened = await twin.evaluate(() => document.documentElement.scrollWidth);
    expect(opened, `sideways scroll with <details> opened on ${page.url()}`).toBeLessThanOrEqual(
      page.viewportSize()!.width,
    );
  });
}

/** Full-page screenshot to /tmp/jalon-shots/<name>.png, for a person to look at. */
export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(SHOTS_DIR, { recursive: true });
  const path = `${SHOTS_DIR}/${name}.png`;
  await page.screenshot({ path, fullPage: true });
  return path;
}

// ---------------------------------------------------------------- actors and data

/** A real account with a role in an organisation (through the invitation service), e.g. `userWith(e, e.h.boot.structure!.id, 'mediator')`. */
export function userWith(e: E2E, orgId: string, role: Role, email?: string): Promise<TestUser> {
  return createUser(e.h, orgId, role, email);
}

/** Signs in through the real /connexion form and waits for the landing page (`/espace` unless `suite` says otherwise). */
export async function signInThroughPage(page: Page, e: E2E, user: TestUser, landing = '/espace'): Promise<void> {
  await page.goto(e.url('/connexion'));
  await page.getByLabel('Adresse e-mail').fill(user.email);
  await page.getByLabel('Mot de passe').fill(user.password);
  await Promise.all([page.waitForURL(e.url(landing)), page.getByRole('button', { name: 'Se connecter' }).click()]);
}

/** Signs out with the header button (a form: works without JavaScript). */
export async function signOutThroughPage(page: Page, e: E2E): Promise<void> {
  await openMenu(page);
  await Promise.all([page.waitForURL(e.url('/')), page.getByRole('button', { name: 'Se déconnecter' }).click()]);
}

/** Opens the signed-in menu where a phone folds it under « Menu » (a <details>: no JavaScript needed). */
export async function openMenu(page: Page): Promise<void> {
  const menu = page.locator('header details.menu > summary').first();
  if ((await menu.count()) && (await menu.isVisible())) {
    const open = await menu.evaluate((s) => (s.parentElement as HTMLDetailsElement).open);
    if (!open) await menu.click();
  }
}

export interface Issued {
  /** urn:uuid:… */
  id: string;
  /** the credential's UUID, for /credentials/<uuid>… */
  uuid: string;
  url: string;
  jwt: string;
  credential: OpenBadgeCredential;
}

/** An API token for a user (created the way the account page does). */
export function tokenFor(e: E2E, user: TestUser): Promise<string> {
  return apiTokenFor(e.h, user);
}

/** Issues a credential through POST /api/v1/credentials with a bearer token. */
export async function issueViaApi(
  e: E2E,
  token: string,
  body: { achievement: string; recipient: { name: string; email?: string }; level?: string; issuer?: string } = {
    achievement: 'abecedaire/1.0.0/competences/A1',
    recipient: { name: 'Awa Diallo' },
    level: 'autonome',
  },
): Promise<Issued> {
  const res = await api(e.h, token, '/api/v1/credentials', { body });
  if (res.status !== 201) throw new Error(`issuing failed: ${res.status} ${await res.text()}`);
  const issued = (await res.json()) as Omit<Issued, 'uuid'>;
  return { ...issued, uuid: issued.id.replace('urn:uuid:', '') };
}

/** Revokes (or suspends) a credential through the API. */
export async function changeStatusViaApi(
  e: E2E,
  token: string,
  uuid: string,
  action: 'revoke' | 'suspend' | 'reinstate',
  reason: string,
): Promise<void> {
  const res = await api(e.h, token, `/api/v1/credentials/${uuid}/${action}`, { body: { reason } });
  if (res.status !== 200) throw new Error(`${action} failed: ${res.status} ${await res.text()}`);
}
