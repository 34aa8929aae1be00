import { DEVICE_STORE_JS } from './device-store.js';
import { KEEP_DAYS, KEEP_PAGES, OUTBOX_PATHS, SHELL_PATHS } from './offline-policy.js';

/**
 * The service worker, served at /sw.js (its scope is the whole site). Plain Web APIs, no build step.
 * - The shell (the outbox page, CSS, scripts, fonts) is cached at install; a new version of the
 *   site is a new worker (the version is the hash of what it caches) that replaces the old cache.
 * - Pages the server marks `x-jalon-offline: keep` (the mediator's lists, a person's page and its
 *   evaluation forms) are fetched from the network first and kept for when it is gone, per account:
 *   a page answered for another account, or for nobody (signed out), drops them.
 * - A form of the outbox paths that cannot reach the server is kept on the device (IndexedDB) with
 *   its device key, and the browser is sent to the outbox page; the pages send it later.
 */
export function serviceWorkerScript(version: string): string {
  return `'use strict';
const VERSION = ${JSON.stringify(version)};
const SHELL = 'jalon-shell-' + VERSION;
const PAGES_PREFIX = 'jalon-pages-';
const SHELL_PATHS = ${JSON.stringify(SHELL_PATHS)};
const OUTBOX_PATHS = ${JSON.stringify(OUTBOX_PATHS)}.map((p) => new RegExp(p));
const KEEP_PAGES = ${KEEP_PAGES};
const KEEP_MS = ${KEEP_DAYS} * 86400000;
${DEVICE_STORE_JS}
self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(SHELL_PATHS)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith('jalon-shell-') && n !== SHELL).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

const pageCaches = async () => (await caches.keys()).filter((n) => n.startsWith(PAGES_PREFIX));

/** Keeps only the pages of the account that is signed in now (none when signed out). */
async function keepAccount(account) {
  for (const name of await pageCaches()) if (name !== PAGES_PREFIX + account) await caches.delete(name);
}

async function remember(request, response, account) {
  const cache = await caches.open(PAGES_PREFIX + account);
  const headers = new Headers(response.headers);
  headers.set('x-jalon-kept-at', String(Date.now()));
  await cache.put(request.url, new Response(await response.blob(), { status: response.status, headers }));
  const kept = await cache.keys();
  for (const old of kept.slice(0, Math.max(0, kept.length - KEEP_PAGES))) await cache.delete(old);
}

async function keptPage(url) {
  for (const name of await pageCaches()) {
    const found = await (await caches.open(name)).match(url);
    if (found && Date.now() - Number(found.headers.get('x-jalon-kept-at') || 0) < KEEP_MS) return found;
  }
  return undefined;
}

async function networkFirst(event) {
  const request = event.request;
  try {
    const response = await fetch(request);
    const account = response.headers.get('x-jalon-account');
    if (response.type === 'basic' || response.type === 'default') {
      await keepAccount(account || '');
      if (account && response.ok && response.headers.get('x-jalon-offline') === 'keep')
        event.waitUntil(remember(request, response.clone(), account));
      // A page gone for good (an erased person) leaves the phone too.
      if (response.status === 404 || response.status === 410)
        for (const name of await pageCaches()) await (await caches.open(name)).delete(request.url);
    }
    return response;
  } catch (error) {
    const kept = await keptPage(request.url);
    if (kept) return kept;
    const shell = await caches.match('/hors-ligne', { cacheName: SHELL });
    if (shell) return shell;
    throw error;
  }
}

async function cacheFirst(request) {
  const cached = await caches.match(request, { cacheName: SHELL });
  return cached || fetch(request);
}

/** A form of the outbox: sent now if the network is there, kept on the device if not. */
async function sendOrKeep(request) {
  const body = await request.clone().text();
  try {
    const response = await fetch(request);
    const fields = new URLSearchParams(body);
    // Sent (the server redirects after a write): a corrected copy kept on the device is done with.
    if (fields.get('deviceKey') && response.type === 'opaqueredirect') await storeDelete('outbox', fields.get('deviceKey'));
    return response;
  } catch {
    const fields = new URLSearchParams(body);
    const id = fields.get('deviceKey') || crypto.randomUUID();
    fields.set('deviceKey', id);
    const url = new URL(request.url);
    const before = (await storeAll('outbox')).find((item) => item.id === id);
    await storePut('outbox', {
      id,
      path: url.pathname,
      body: fields.toString(),
      label: (fields.get('deviceLabel') || 'Formulaire') + (fields.get('displayName') ? ' : ' + fields.get('displayName') : ''),
      from: request.referrer || '',
      account: fields.get('deviceAccount') || '',
      createdAt: before ? before.createdAt : Date.now(),
      state: 'pending',
      reason: '',
    });
    return Response.redirect(new URL('/hors-ligne?garde=' + encodeURIComponent(id), self.location.origin).href, 303);
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === 'POST' && request.mode === 'navigate' && OUTBOX_PATHS.some((p) => p.test(url.pathname)))
    return event.respondWith(sendOrKeep(request));
  if (request.method !== 'GET') return;
  if (SHELL_PATHS.includes(url.pathname) && url.pathname.startsWith('/static/'))
    return event.respondWith(cacheFirst(request));
  if (request.mode === 'navigate') return event.respondWith(networkFirst(event));
});
`;
}
