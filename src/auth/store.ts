import { and, asc, count, desc, eq, gt, inArray, isNull, lt, ne, or, type SQL, sql } from 'drizzle-orm';
import type { MembershipInfo } from '../context.js';
import type { Db, Statement } from '../db/client.js';
import { builtOnce } from '../db/prepared.js';
import {
  apiTokens,
  invitations,
  memberships,
  organisations,
  passwordResets,
  rateLimits,
  sessions,
  users,
  type Role,
} from '../db/schema.js';

export type UserRow = typeof users.$inferSelect;
export type InvitationRow = typeof invitations.$inferSelect;
export type ApiTokenRow = typeof apiTokens.$inferSelect;

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const rows = await db.select().from(users).where(eq(users.email, email)).limit(1);
  return rows[0];
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  const rows = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return rows[0];
}

/** Read on every authenticated request: built once (db/prepared.ts). */
export async function membershipsOf(db: Db, userId: string): Promise<MembershipInfo[]> {
  const query = builtOnce(db, 'membershipsOf', () =>
    db
      .select({
        orgId: organisations.id,
        orgSlug: organisations.slug,
        orgName: organisations.name,
        orgKind: organisations.kind,
        role: memberships.role,
      })
      .from(memberships)
      .innerJoin(organisations, eq(organisations.id, memberships.orgId))
      .where(eq(memberships.userId, sql.placeholder('userId')))
      .orderBy(asc(organisations.name), asc(memberships.role))
      .prepare(),
  );
  return await query.all({ userId });
}

export function insertUser(db: Db, row: typeof users.$inferInsert): Statement {
  return db.insert(users).values(row);
}

export function insertMembership(
  db: Db,
  row: { userId: string; orgId: string; role: Role; createdAt: string },
): Statement {
  return db.insert(memberships).values(row).onConflictDoNothing();
}

export function deleteMembership(db: Db, userId: string, orgId: string, role: Role): Statement {
  return db
    .delete(memberships)
    .where(and(eq(memberships.userId, userId), eq(memberships.orgId, orgId), eq(memberships.role, role)));
}

/** Where each of these accounts holds a role: the organisation and, for a structure, its hub. */
export async function membershipScopesOf(
  db: Db,
  userIds: readonly string[],
): Promise<{ userId: string; orgId: string; hubId: string | null }[]> {
  if (userIds.length === 0) return [];
  return db
    .select({ userId: memberships.userId, orgId: memberships.orgId, hubId: organisations.hubId })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.orgId))
    .where(inArray(memberships.userId, [...userIds]));
}

export async function hasMemberWithRole(db: Db, orgId: string, role: Role): Promise<boolean> {
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, role)))
    .limit(1);
  return rows.length > 0;
}

export async function membersOf(db: Db, orgId: string) {
  return db
    .select({
      userId: users.id,
      email: users.email,
      displayName: users.displayName,
      role: memberships.role,
      since: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.orgId, orgId))
    .orderBy(asc(users.displayName), asc(memberships.role));
}

// --- sessions

export function insertSession(db: Db, row: typeof sessions.$inferInsert): Statement {
  return db.insert(sessions).values(row);
}

/** Read on every request with a session cookie: built once (db/prepared.ts). */
export async function findLiveSession(db: Db, idHash: string, now: string) {
  const query = builtOnce(db, 'liveSession', () =>
    db
      .select({ session: sessions, user: users })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(
        and(
          eq(sessions.idHash, sql.placeholder('idHash')),
          gt(sessions.expiresAt, sql.placeholder('now')),
          isNull(users.disabledAt),
        ),
      )
      .limit(1)
      .prepare(),
  );
  const rows = await query.all({ idHash, now });
  return rows[0];
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.idHash, idHash));
}

export async function deleteExpiredSessions(db: Db, now: string): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}

// --- API tokens

export function insertApiToken(db: Db, row: typeof apiTokens.$inferInsert): Statement {
  return db.insert(apiTokens).values(row);
}

/** Read on every request with a bearer token: built once (db/prepared.ts). */
export async function findLiveApiToken(db: Db, tokenHash: string) {
  const query = builtOnce(db, 'liveApiToken', () =>
    db
      .select({ token: apiTokens, user: users })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(
        and(
          eq(apiTokens.tokenHash, sql.placeholder('tokenHash')),
          isNull(apiTokens.revokedAt),
          isNull(users.disabledAt),
        ),
      )
      .limit(1)
      .prepare(),
  );
  const rows = await query.all({ tokenHash });
  return rows[0];
}

/** Sets `last_used_at` unless another request did since `staleBefore`. */
export async function touchApiToken(db: Db, id: string, now: string, staleBefore: string): Promise<void> {
  await db
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .where(and(eq(apiTokens.id, id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, staleBefore))));
}

export async function apiTokensOf(db: Db, userId: string): Promise<ApiTokenRow[]> {
  return db.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt));
}

export function revokeApiToken(db: Db, id: string, userId: string, now: string): Statement {
  return db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)));
}

export async function countLiveApiTokens(db: Db, userId: string): Promise<number> {
  const rows = await db
    .select({ n: count() })
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)));
  return rows[0]?.n ?? 0;
}

/** Closes every live API token of an account (a password reset; a password change when asked). */
export function revokeApiTokensOfUser(db: Db, userId: string, now: string, onlyIf?: SQL): Statement {
  return db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt), onlyIf));
}

export async function findApiToken(db: Db, id: string): Promise<ApiTokenRow | undefined> {
  const rows = await db.select().from(apiTokens).where(eq(apiTokens.id, id)).limit(1);
  return rows[0];
}

// --- invitations

export function insertInvitation(db: Db, row: typeof invitations.$inferInsert): Statement {
  return db.insert(invitations).values(row);
}

export async function findInvitationByHash(db: Db, tokenHash: string) {
  const rows = await db
    .select({ invitation: invitations, org: organisations })
    .from(invitations)
    .innerJoin(organisations, eq(organisations.id, invitations.orgId))
    .where(eq(invitations.tokenHash, tokenHash))
    .limit(1);
  return rows[0];
}

/**
 * The writes of accepting an invitation (mark it used, create the account if new, grant the role).
 * First acceptance wins: the caller adds an audit event whose id is derived from the invitation,
 * so a second acceptance fails on that unique id and its whole batch is rolled back.
 */
export function acceptInvitationStatements(
  db: Db,
  input: {
    invitationId: string;
    orgId: string;
    role: Role;
    userId: string;
    newUser: { email: string; displayName: string; passwordHash: string } | null;
    now: string;
  },
): Statement[] {
  const { invitationId, orgId, role, userId, newUser, now } = input;
  return [
    db
      .update(invitations)
      .set({ acceptedAt: now, acceptedBy: userId })
      .where(and(eq(invitations.id, invitationId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt))),
    ...(newUser ? [db.insert(users).values({ id: userId, ...newUser, createdAt: now })] : []),
    db.insert(memberships).values({ userId, orgId, role, createdAt: now }).onConflictDoNothing(),
  ];
}

export async function pendingInvitations(db: Db, orgId: string, now: string): Promise<InvitationRow[]> {
  return db
    .select()
    .from(invitations)
    .where(
      and(
        eq(invitations.orgId, orgId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, now),
      ),
    )
    .orderBy(desc(invitations.createdAt));
}

export async function findInvitation(db: Db, id: string): Promise<InvitationRow | undefined> {
  const rows = await db.select().from(invitations).where(eq(invitations.id, id)).limit(1);
  return rows[0];
}

export function revokeInvitationStatement(db: Db, id: string, now: string): Statement {
  return db
    .update(invitations)
    .set({ revokedAt: now })
    .where(and(eq(invitations.id, id), isNull(invitations.acceptedAt)));
}

// --- rate limits (fixed windows, one row per key; atomic on both engines)

/**
 * Counts one attempt on a key and returns the new count, in one statement: a new window starts
 * when the previous one has ended. Callers compare the count with their limit before doing the work.
 */
export function hitRateLimitStatement(db: Db, key: string, now: string, windowStartCutoff: string): Statement {
  return db
    .insert(rateLimits)
    .values({ key, windowStart: now, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${rateLimits.windowStart} < ${windowStartCutoff} then 1 else ${rateLimits.count} + 1 end`,
        windowStart: sql`case when ${rateLimits.windowStart} < ${windowStartCutoff} then ${now} else ${rateLimits.windowStart} end`,
      },
    })
    .returning({ count: rateLimits.count });
}

/** Forgets windows that ended: the table only ever holds the last quarter-hour's keys. */
export async function pruneRateLimits(db: Db, windowStartCutoff: string): Promise<void> {
  await db.delete(rateLimits).where(lt(rateLimits.windowStart, windowStartCutoff));
}

export async function clearRateLimits(db: Db, keys: readonly string[]): Promise<void> {
  if (keys.length) await db.delete(rateLimits).where(inArray(rateLimits.key, [...keys]));
}

// --- passwords (issue 12)

export type PasswordResetRow = typeof passwordResets.$inferSelect;

export function setPasswordHash(db: Db, userId: string, passwordHash: string): Statement {
  return db.update(users).set({ passwordHash }).where(eq(users.id, userId));
}

/** Every session of a user but the one with this CSRF token (empty: all of them). */
export function deleteSessionsOfUserExcept(db: Db, userId: string, keepCsrfToken: string): Statement {
  return db.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.csrfToken, keepCsrfToken)));
}

export function insertPasswordReset(db: Db, row: typeof passwordResets.$inferInsert): Statement {
  return db.insert(passwordResets).values(row);
}

/** A new link replaces the account's pending ones. */
export function replacePendingResets(db: Db, userId: string, now: string): Statement {
  return db
    .update(passwordResets)
    .set({ usedAt: now })
    .where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)));
}

export async function findPasswordReset(db: Db, tokenHash: string): Promise<PasswordResetRow | undefined> {
  const rows = await db.select().from(passwordResets).where(eq(passwordResets.tokenHash, tokenHash)).limit(1);
  return rows[0];
}

/**
 * The writes of using a reset link, for one batch: the link is spent only if still unused, and the
 * password changes (sessions and API tokens closed) only if this very request spent it (two
 * submissions at once: the first wins).
 */
export function useResetStatements(
  db: Db,
  input: { resetId: string; userId: string; passwordHash: string; now: string },
): Statement[] {
  const spentByUs = sql`exists (select 1 from ${passwordResets} where ${passwordResets.id} = ${input.resetId} and ${passwordResets.usedAt} = ${input.now})`;
  return [
    db
      .update(passwordResets)
      .set({ usedAt: input.now })
      .where(and(eq(passwordResets.id, input.resetId), isNull(passwordResets.usedAt))),
    db
      .update(users)
      .set({ passwordHash: input.passwordHash })
      .where(and(eq(users.id, input.userId), spentByUs)),
    db.delete(sessions).where(and(eq(sessions.userId, input.userId), spentByUs)),
    // Whoever made a token before the reset must not keep access through it.
    revokeApiTokensOfUser(db, input.userId, input.now, spentByUs),
    // Any other link still pending for this account stops working too.
    db
      .update(passwordResets)
      .set({ usedAt: input.now })
      .where(and(eq(passwordResets.userId, input.userId), isNull(passwordResets.usedAt), spentByUs)),
  ];
}
