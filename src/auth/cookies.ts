import type { AppConfig } from '../config.js';

/** `__Host-` pins the cookie to this exact origin over https; plain http (localhost) cannot use it. */
export function sessionCookieName(config: AppConfig): string {
  return config.secureCookies ? '__Host-jalon_session' : 'jalon_session';
}

/** The anonymous CSRF cookie (sign-in and invitation forms): `__Host-` over https, like the session's. */
export function anonymousCsrfCookieName(config: AppConfig): string {
  return config.secureCookies ? '__Host-jalon_csrf' : 'jalon_csrf';
}

const BASE = 'http://next.invalid';

/**
 * Only a same-origin path, so a crafted `?suite=` link cannot send a person elsewhere. Browsers
 * drop tabs and newlines and read `\\` as `/` in URLs (`/\t/evil.example` is `//evil.example`), so
 * such characters are refused outright; what is left is parsed as a URL against a fixed origin and
 * kept only if it stays on that origin. The result is the parsed, re-serialised path (never the raw
 * text), which is safe in a Location header.
 */
export function safeNextPath(value: string | undefined, fallback = '/espace'): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused here.
  if (!value || value.length > 2000 || !value.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  if (value.startsWith('//')) return fallback;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE || url.username || url.password) return fallback;
  const path = url.pathname + url.search + url.hash;
  return path.startsWith('//') ? fallback : path;
}
