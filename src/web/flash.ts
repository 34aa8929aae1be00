import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Context } from 'hono';
import type { AppContext, AppEnv } from '../context.js';
import { base64urlDecode, base64urlEncode, utf8Decode, utf8Encode } from '../lib/bytes.js';

/**
 * Post/redirect/get with a confirmation: a POST sets a short-lived cookie with the message, then
 * redirects; the next page shown reads it once and clears it, so a reload shows nothing twice and
 * repeats no action. The message is words only (both languages), never a secret or personal data
 * beyond what the page itself shows.
 */
export const FLASH_COOKIE = 'jalon_flash';

export interface Flash {
  fr: string;
  en: string;
}

export function setFlash<E extends AppEnv>(c: Context<E>, fr: string, en: string): void {
  setCookie(c, FLASH_COOKIE, base64urlEncode(utf8Encode(JSON.stringify({ fr, en }))), {
    httpOnly: true,
    sameSite: 'Lax',
    secure: c.var.deps.config.secureCookies,
    path: '/',
    maxAge: 120,
  });
}

/** Sets the confirmation and answers 303 to `location` (any route's context, scoped ones included). */
export function redirectWithFlash<E extends AppEnv>(c: Context<E>, location: string, fr: string, en: string): Response {
  setFlash(c, fr, en);
  return c.redirect(location, 303);
}

/** Reads the pending confirmation (once): the cookie is cleared in the same response. */
export function takeFlash(c: AppContext): string | undefined {
  const raw = getCookie(c, FLASH_COOKIE);
  if (!raw) return undefined;
  deleteCookie(c, FLASH_COOKIE, { path: '/', secure: c.var.deps.config.secureCookies });
  try {
    const parsed = JSON.parse(utf8Decode(base64urlDecode(raw))) as Partial<Flash>;
    const text = c.var.lang === 'en' ? parsed.en : parsed.fr;
    return typeof text === 'string' ? text.slice(0, 500) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A value shown once on the page a POST redirects to: a fresh secret link (personal link, reset
 * link, invitation). Kept in an HttpOnly cookie limited to that page's path for a few minutes and
 * cleared when read, so the secret never goes into a URL or the browser history, and a reload
 * neither shows it again nor creates another one.
 */
export function setOnce<E extends AppEnv>(c: Context<E>, name: string, path: string, value: unknown): void {
  setCookie(c, `jalon_once_${name}`, base64urlEncode(utf8Encode(JSON.stringify(value))), {
    httpOnly: true,
    sameSite: 'Strict',
    secure: c.var.deps.config.secureCookies,
    path,
    maxAge: 300,
  });
}

export function takeOnce<E extends AppEnv>(c: Context<E>, name: string, path: string): unknown {
  const raw = getCookie(c, `jalon_once_${name}`);
  if (!raw) return undefined;
  deleteCookie(c, `jalon_once_${name}`, { path, secure: c.var.deps.config.secureCookies });
  try {
    return JSON.parse(utf8Decode(base64urlDecode(raw))) as unknown;
  } catch {
    return undefined;
  }
}
