import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';

/** French first; English on request (`?lang=en`, the `lang` cookie, or Accept-Language). */
export type Lang = 'fr' | 'en';
export const LANGS: readonly Lang[] = ['fr', 'en'];

export function negotiateLang(c: Context): Lang {
  const q = c.req.query('lang');
  if (q === 'fr' || q === 'en') return q;
  const cookie = getCookie(c, 'lang');
  if (cookie === 'fr' || cookie === 'en') return cookie;
  const header = c.req.header('accept-language') ?? '';
  // The first language the person lists wins; French unless English comes before it.
  for (const part of header.split(',')) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if (tag === 'fr') return 'fr';
    if (tag === 'en') return 'en';
  }
  return 'fr';
}

/** `t('Bonjour', 'Hello')`: French text stays next to its translation in the view. */
export type T = (fr: string, en: string) => string;

export function translator(lang: Lang): T {
  return lang === 'en' ? (_fr, en) => en : (fr) => fr;
}

const DATE_LOCALE: Record<Lang, string> = { fr: 'fr-FR', en: 'en-GB' };

/** "12 mars 2027" — dates for people, in UTC so that a date never shifts by a day. */
export function formatDate(iso: string, lang: Lang = 'fr'): string {
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(DATE_LOCALE[lang], {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(d);
}

export function formatDateTime(iso: string, lang: Lang = 'fr'): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(DATE_LOCALE[lang], {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Paris',
  }).format(d);
}
