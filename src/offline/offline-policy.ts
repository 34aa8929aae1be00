/**
 * What the phone keeps for itinerant mediation, in one place (ARCHITECTURE.md, "Offline
 * mediation", says it in words): the pages kept, for how long, and the forms the outbox holds.
 */

/** Cached at install: the outbox page, the look of the site and its scripts. */
export const SHELL_PATHS = [
  '/hors-ligne',
  '/static/app.css',
  '/static/app.js',
  '/static/hors-ligne.js',
  '/static/fonts/atkinson-latin-400.woff',
  '/static/fonts/atkinson-latin-ext-400.woff',
  '/static/fonts/atkinson-latin-700.woff',
  '/static/fonts/atkinson-latin-ext-700.woff',
];

/** Pages of a signed-in mediator kept for when the network is gone (patterns on the path). */
export const KEPT_PAGE_PATHS = [
  '^/espace$',
  '^/structures/[a-z0-9-]+/apprenants$',
  '^/structures/[a-z0-9-]+/apprenants/[0-9a-f-]{36}$',
  '^/structures/[a-z0-9-]+/apprenants/[0-9a-f-]{36}/(evaluation|positionnement)$',
  '^/structures/[a-z0-9-]+/atelier$',
];

/** The forms a mediator uses in the field, kept on the device when they cannot be sent. */
export const OUTBOX_PATHS = [
  '^/structures/[a-z0-9-]+/apprenants$',
  '^/structures/[a-z0-9-]+/atelier$',
  '^/structures/[a-z0-9-]+/apprenants/[0-9a-f-]{36}/(evaluation|positionnement)$',
];

/** At most this many pages, each for at most this many days (then only the network answers). */
export const KEEP_PAGES = 40;
export const KEEP_DAYS = 7;

const keptPatterns = KEPT_PAGE_PATHS.map((p) => new RegExp(p));
export const isKeptPage = (path: string): boolean => keptPatterns.some((p) => p.test(path));
