import type { AppConfig } from '../config.js';

/** `__Host-` pins the cookie to this exact origin over https; plain http (localhost) cannot use it. */
export function sessionCookieName(config: AppConfig): string {
  return config.secureCookies ? '__Host-jalon_session' : 'jalon_session';
}

/** Only same-site relative paths, so a crafted `?suite=` link cannot send a person elsewhere. */
export function safeNextPath(value: string | undefined, fallback = '/espace'): string {
  if (!value?.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  return value;
}
