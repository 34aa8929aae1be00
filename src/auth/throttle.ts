import type { AppDeps } from '../context.js';
import { AppError } from '../errors.js';
import { sha256Hex } from '../lib/crypto.js';
import { dummyPasswordHash, verifyPassword } from './password.js';
import * as store from './store.js';

/**
 * The one throttle in front of every password check (sign-in, invitation acceptance with an existing
 * account, password change or reset): 5 attempts per account and 30 per client address per
 * 15-minute window.
 *
 * Each attempt reserves its slot BEFORE the password is hashed, with one atomic upsert per key
 * (`count = count + 1 … returning count`, all keys in one batch): two hundred parallel guesses get
 * counts 1…200 and only the first ones reach PBKDF2. A successful check frees the account's slots.
 * An unknown account costs the same hash (a dummy one) and answers the same, so timing and
 * answers do not tell whether an account exists.
 */
export const LOGIN_WINDOW_SECONDS = 15 * 60;
export const LOGIN_MAX_FAILURES_PER_ACCOUNT = 5;
export const LOGIN_MAX_ATTEMPTS_PER_CLIENT = 30;

export function tooManyAttempts(): AppError {
  return new AppError(
    'rate_limited',
    {
      fr: 'Trop de tentatives de connexion. Patientez 15 minutes avant de réessayer.',
      en: 'Too many sign-in attempts. Wait 15 minutes before trying again.',
    },
    { retryAfterSeconds: LOGIN_WINDOW_SECONDS },
  );
}

export interface PasswordAttempt {
  /** Normalised e-mail of the account tried (whether or not it exists). */
  email: string;
  password: string;
  /** The account's stored hash, or null when no account has this e-mail. */
  passwordHash: string | null;
  clientIp?: string | undefined;
  /**
   * Further keys limited like an account (e.g. one invitation link, so that a link cannot be used
   * to probe many addresses).
   */
  scopes?: readonly string[];
}

interface Slot {
  key: string;
  limit: number;
  /** The client's slot stays spent even on success: it limits how fast one address can try. */
  client?: true;
}

function clientSlot(clientIp: string): Slot {
  return { key: `login:client:${sha256Hex(clientIp)}`, limit: LOGIN_MAX_ATTEMPTS_PER_CLIENT, client: true };
}

function slotsFor(attempt: Pick<PasswordAttempt, 'email' | 'clientIp' | 'scopes'>): Slot[] {
  const slots: Slot[] = [{ key: `login:account:${sha256Hex(attempt.email)}`, limit: LOGIN_MAX_FAILURES_PER_ACCOUNT }];
  if (attempt.clientIp) slots.push(clientSlot(attempt.clientIp));
  for (const scope of attempt.scopes ?? [])
    slots.push({ key: `login:scope:${sha256Hex(scope)}`, limit: LOGIN_MAX_FAILURES_PER_ACCOUNT });
  return slots;
}

/** Reserves one attempt on every key (one batch of atomic upserts); throws rate_limited when any is spent. */
async function reserve(deps: AppDeps, slots: readonly Slot[]): Promise<void> {
  const db = deps.database.db;
  const now = deps.clock();
  const cutoff = new Date(now.getTime() - LOGIN_WINDOW_SECONDS * 1000).toISOString();
  const results = await deps.database.batch(
    slots.map((slot) => store.hitRateLimitStatement(db, slot.key, now.toISOString(), cutoff)),
  );
  slots.forEach((slot, i) => {
    const rows = results[i] as { count: number }[] | undefined;
    if ((rows?.[0]?.count ?? 1) > slot.limit) throw tooManyAttempts();
  });
}

/**
 * Checks a password behind the throttle. Returns true only when the account exists and the
 * password is its own; throws rate_limited (before hashing) when a limit is reached.
 */
export async function checkPassword(deps: AppDeps, attempt: PasswordAttempt): Promise<boolean> {
  const slots = slotsFor(attempt);
  await reserve(deps, slots);
  const ok = await verifyPassword(
    attempt.password,
    attempt.passwordHash ?? dummyPasswordHash(deps.config.passwordIterations),
  );
  const accepted = ok && attempt.passwordHash !== null;
  if (accepted)
    await store.clearRateLimits(
      deps.database.db,
      slots.filter((s) => !s.client).map((s) => s.key),
    );
  return accepted;
}

/**
 * An attempt that checks no password but must not be faster or freer than one that does (creating
 * an account through an invitation): spends the client's slot and one hash.
 */
export async function spendClientAttempt(deps: AppDeps, clientIp: string | undefined): Promise<void> {
  if (clientIp) await reserve(deps, [clientSlot(clientIp)]);
}

/**
 * A limit on an action that checks no password (creating reset links, spending them): the same
 * atomic reservation, on its own key.
 */
export async function reserveAttempt(deps: AppDeps, key: string, limit: number): Promise<void> {
  await reserve(deps, [{ key, limit }]);
}

/** Forgets finished windows (housekeeping on a rare path). */
export async function pruneThrottle(deps: AppDeps): Promise<void> {
  const cutoff = new Date(deps.clock().getTime() - LOGIN_WINDOW_SECONDS * 1000).toISOString();
  await store.pruneRateLimits(deps.database.db, cutoff);
}
