import type { AppDeps, Principal } from '../context.js';
import { commitAudited } from '../db/audit.js';
import { AppError } from '../errors.js';
import { randomToken, sha256Hex } from '../lib/crypto.js';
import { iso } from '../lib/dates.js';
import { normaliseEmail } from '../lib/text.js';
import * as store from './store.js';
import { checkPassword, pruneThrottle } from './throttle.js';

/** Who is asking (a session cookie or an API token), signing in and out. */

const SESSION_DAYS = 7;
const DAY_MS = 86_400_000;

export function principalFrom(
  user: store.UserRow,
  memberships: Principal['memberships'],
  via: Principal['via'],
  csrfToken?: string,
): Principal {
  return {
    userId: user.id,
    email: user.email,
    displayName: user.displayName,
    memberships,
    via,
    ...(csrfToken ? { csrfToken } : {}),
  };
}

export async function principalFromSession(deps: AppDeps, cookieValue: string): Promise<Principal | null> {
  const db = deps.database.db;
  const found = await store.findLiveSession(db, sha256Hex(cookieValue), iso(deps.clock()));
  if (!found) return null;
  return principalFrom(found.user, await store.membershipsOf(db, found.user.id), 'session', found.session.csrfToken);
}

/** `last_used_at` of an API token is written at most this often. */
const TOKEN_TOUCH_INTERVAL_MS = 10 * 60 * 1000;

export async function principalFromApiToken(deps: AppDeps, bearer: string): Promise<Principal | null> {
  const db = deps.database.db;
  const found = await store.findLiveApiToken(db, sha256Hex(bearer));
  if (!found) return null;
  const now = deps.clock();
  const last = found.token.lastUsedAt ? Date.parse(found.token.lastUsedAt) : 0;
  // "Last used" is shown to the token's owner to the nearest few minutes: writing it on every request
  // would make every API call, even a GET, a write that contends with real ones. It is best-effort:
  // a busy database must not refuse a request for its sake.
  if (!(now.getTime() - last < TOKEN_TOUCH_INTERVAL_MS)) {
    await store
      .touchApiToken(db, found.token.id, iso(now), iso(new Date(now.getTime() - TOKEN_TOUCH_INTERVAL_MS)))
      .catch(() => undefined);
  }
  return principalFrom(found.user, await store.membershipsOf(db, found.user.id), 'token');
}

/** A new session's token (for the cookie) and the statement that stores it, created at `now`. */
export async function newSession(deps: AppDeps, userId: string, now: Date) {
  const token = randomToken();
  const csrfToken = randomToken();
  const statement = store.insertSession(deps.database.db, {
    idHash: sha256Hex(token),
    userId,
    csrfToken,
    createdAt: iso(now),
    expiresAt: iso(new Date(now.getTime() + SESSION_DAYS * DAY_MS)),
  });
  return { token, csrfToken, statement, maxAgeSeconds: SESSION_DAYS * 86_400 };
}

export interface SignInResult {
  sessionToken: string;
  maxAgeSeconds: number;
  principal: Principal;
}

export function wrongCredentials(): AppError {
  return new AppError('unauthenticated', {
    fr: 'Adresse e-mail ou mot de passe incorrect.',
    en: 'Incorrect e-mail address or password.',
  });
}

export async function signIn(
  deps: AppDeps,
  input: { email: string; password: string; clientIp?: string },
): Promise<SignInResult> {
  const db = deps.database.db;
  const email = normaliseEmail(input.email);
  const now = deps.clock();
  const user = await store.findUserByEmail(db, email);
  const ok = await checkPassword(deps, {
    email,
    password: input.password,
    passwordHash: user && !user.disabledAt ? user.passwordHash : null,
    clientIp: input.clientIp,
  });
  if (!user || !ok) {
    await commitAudited(
      deps,
      user ? { userId: user.id } : null,
      [],
      { action: 'auth.sign-in-failed', data: { knownAccount: Boolean(user) } },
      now,
    );
    throw wrongCredentials();
  }
  // Housekeeping on a rare, non-hot path: expired sessions and finished rate-limit windows.
  await Promise.all([store.deleteExpiredSessions(db, iso(now)), pruneThrottle(deps)]);
  const session = await newSession(deps, user.id, now);
  await commitAudited(deps, { userId: user.id }, [session.statement], { action: 'auth.signed-in' }, now);
  return {
    sessionToken: session.token,
    maxAgeSeconds: session.maxAgeSeconds,
    principal: principalFrom(user, await store.membershipsOf(db, user.id), 'session', session.csrfToken),
  };
}

export async function signOut(deps: AppDeps, cookieValue: string): Promise<void> {
  await store.deleteSession(deps.database.db, sha256Hex(cookieValue));
}
