import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppEnv, AppContext, Principal } from '../context.js';
import type { Role } from '../db/schema.js';
import { AppError, forbidden } from '../errors.js';
import { constantTimeEqual, randomToken } from '../lib/crypto.js';
import { anonymousCsrfCookieName } from './cookies.js';
import { isFormType, lastValue, readFormBody } from '../web/validate.js';
import { wantsHtml } from '../web/negotiate.js';

/** Where pages ask for it; one negotiation for the whole app (web/negotiate.ts). */
export { wantsHtml };

/**
 * Every route declares who may call it with `allow(...)`. The declaration is attached to the
 * middleware so that a test can list the app's routes and fail on any route without one.
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'signed-in' }
  | { kind: 'role'; roles: readonly Role[] }
  /** Anyone holding the secret link in the path; the route checks the token itself. */
  | { kind: 'holder-link' }
  /** Operators with the JALON_SETUP_TOKEN secret (first set-up of a Workers deployment). */
  | { kind: 'setup-token' };

export const PUBLIC: Access = { kind: 'public' };
export const SIGNED_IN: Access = { kind: 'signed-in' };
export const HOLDER_LINK: Access = { kind: 'holder-link' };
export const SETUP_TOKEN: Access = { kind: 'setup-token' };
export function roles(...list: Role[]): Access {
  return { kind: 'role', roles: list };
}

export type GuardMiddleware = MiddlewareHandler<AppEnv> & { access: Access };

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const CSRF_FIELD = '_csrf';

async function submittedCsrfToken(c: AppContext): Promise<string | undefined> {
  const header = c.req.header('x-csrf-token');
  if (header) return header;
  if (!isFormType(c.req.header('content-type'))) return undefined;
  // The shared reader: an unreadable body is a 400, not a CSRF failure and never a 500.
  const value = lastValue((await readFormBody(c))[CSRF_FIELD]);
  return typeof value === 'string' ? value : undefined;
}

/**
 * CSRF: the submitted token must equal the session's (signed in) or the anonymous cookie's
 * (sign-in and invitation forms). A cross-site Origin is refused outright as a second line.
 */
export async function checkCsrf(c: AppContext): Promise<void> {
  const origin = c.req.header('origin');
  const expectedOrigin = new URL(c.var.deps.config.publicUrl).origin;
  if (origin && origin !== 'null' && origin !== expectedOrigin && origin !== new URL(c.req.url).origin) {
    throw new AppError('csrf_failed', {
      fr: 'Ce formulaire a été envoyé depuis un autre site.',
      en: 'This form was sent from another site.',
    });
  }
  const expected = c.var.csrfToken;
  const submitted = await submittedCsrfToken(c);
  if (!submitted || !expected || !constantTimeEqual(submitted, expected)) {
    throw new AppError('csrf_failed', {
      fr: 'Le formulaire a expiré. Rechargez la page et recommencez.',
      en: 'The form has expired. Reload the page and try again.',
    });
  }
}

/** Sets the anonymous CSRF cookie when a visitor without a session has none yet. */
export function anonymousCsrfToken(c: AppContext): string {
  const name = anonymousCsrfCookieName(c.var.deps.config);
  const existing = getCookie(c, name);
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomToken();
  setCookie(c, name, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: c.var.deps.config.secureCookies,
    path: '/',
  });
  return token;
}

function unauthenticated(): AppError {
  return new AppError('unauthenticated', {
    fr: 'Connectez-vous pour accéder à cette page.',
    en: 'Sign in to access this page.',
  });
}

export function allow(access: Access): GuardMiddleware {
  const guard: MiddlewareHandler<AppEnv> = async (c, next) => {
    const principal = c.get('principal');
    const unsafe = UNSAFE.has(c.req.method);
    switch (access.kind) {
      case 'public':
      case 'holder-link':
        // Forms on public pages (sign-in, invitation, holder actions) carry the anonymous token;
        // the public JSON API is side-effect free or token-checked and takes no cookie.
        if (unsafe && !c.req.path.startsWith('/api/')) await checkCsrf(c);
        break;
      case 'setup-token':
        break;
      case 'signed-in':
      case 'role': {
        if (!principal) {
          if (wantsHtml(c) && c.req.method === 'GET') {
            const next = c.req.path + (new URL(c.req.url).search || '');
            return c.redirect(`/connexion?suite=${encodeURIComponent(next)}`, 303);
          }
          throw unauthenticated();
        }
        if (access.kind === 'role' && !principal.memberships.some((m) => access.roles.includes(m.role))) {
          throw forbidden();
        }
        if (unsafe && principal.via === 'session') await checkCsrf(c);
        break;
      }
    }
    await next();
  };
  return Object.assign(guard, { access });
}

/** The principal of a route guarded by `signed-in` or `role` (never null there). */
export function principalOf(c: { var: { principal: Principal | null } }): Principal {
  const p = c.var.principal;
  if (!p) throw unauthenticated();
  return p;
}

/** The principal's roles in one organisation. */
export function rolesIn(p: Principal, orgId: string): Role[] {
  return p.memberships.filter((m) => m.orgId === orgId).map((m) => m.role);
}
