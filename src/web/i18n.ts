import { languageDetector } from 'hono/language';

/** French first; English on request (`?lang=en`, the `lang` cookie, or Accept-Language). */
export type Lang = 'fr' | 'en';
export const LANGS: readonly Lang[] = ['fr', 'en'];

/**
 * hono's language detector, in our order: `?lang=`, then the `lang` cookie (set by the footer link,
 * see app.ts), then Accept-Language (q-values honoured, `en-GB` is English), else French. It caches
 * nothing itself: a cookie on every answer would make public pages uncacheable.
 */
export const detectLanguage = languageDetector({
  supportedLanguages: [...LANGS],
  fallbackLanguage: 'fr',
  order: ['querystring', 'cookie', 'header'],
  lookupQueryString: 'lang',
  lookupCookie: 'lang',
  caches: false,
});

/** `t('Bonjour', 'Hello')`: French text stays next to its translation in the view. */
export type T = (fr: string, en: string) => string;

export function translator(lang: Lang): T {
  return lang === 'en' ? (_fr, en) => en : (fr) => fr;
}
