import { and, desc, eq, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import { chunkedInserts, inSlices, MAX_BOUND_PARAMETERS } from '../db/chunked.js';
import type { Db, Statement } from '../db/client.js';
import { builtOnce } from '../db/prepared.js';
import {
  credentialLdp,
  credentials,
  issuerKeys,
  organisations,
  statusListJwt,
  statusListLdp,
  statusLists,
} from '../db/schema.js';
import type { OrganisationRow } from '../organisations/lookup.js';

export type IssuerKeyRow = typeof issuerKeys.$inferSelect;
export type StatusListRow = typeof statusLists.$inferSelect;
export type CredentialRow = typeof credentials.$inferSelect;

// --- keys

export async function keysOf(db: Db, orgId: string): Promise<IssuerKeyRow[]> {
  return db.select().from(issuerKeys).where(eq(issuerKeys.orgId, orgId)).orderBy(desc(issuerKeys.createdAt));
}

export async function activeKeyOf(db: Db, orgId: string): Promise<IssuerKeyRow | undefined> {
  const rows = await db
    .select()
    .from(issuerKeys)
    .where(and(eq(issuerKeys.orgId, orgId), eq(issuerKeys.status, 'active')))
    .limit(1);
  return rows[0];
}

/**
 * An issuer (by its slug) and one of its keys (by fragment, null when it has none such) in one read:
 * what every verification asks first. Built once (db/prepared.ts); organisations are only read.
 */
export async function findIssuerAndKey(
  db: Db,
  slug: string,
  fragment: string,
): Promise<{ org: OrganisationRow; key: IssuerKeyRow | null } | undefined> {
  const query = builtOnce(db, 'issuerAndKey', () =>
    db
      .select({ org: organisations, key: issuerKeys })
      .from(organisations)
      .leftJoin(
        issuerKeys,
        and(eq(issuerKeys.orgId, organisations.id), eq(issuerKeys.fragment, sql.placeholder('fragment'))),
      )
      .where(eq(organisations.slug, sql.placeholder('slug')))
      .limit(1)
      .prepare(),
  );
  const rows = await query.all({ slug, fragment });
  return rows[0];
}

export async function findKey(db: Db, orgId: string, fragment: string): Promise<IssuerKeyRow | undefined> {
  const rows = await db
    .select()
    .from(issuerKeys)
    .where(and(eq(issuerKeys.orgId, orgId), eq(issuerKeys.fragment, fragment)))
    .limit(1);
  return rows[0];
}

export async function findKeyById(db: Db, id: string): Promise<IssuerKeyRow | undefined> {
  const rows = await db.select().from(issuerKeys).where(eq(issuerKeys.id, id)).limit(1);
  return rows[0];
}

export function insertKey(db: Db, row: typeof issuerKeys.$inferInsert): Statement {
  return db.insert(issuerKeys).values(row);
}

export function retireActiveKey(db: Db, orgId: string, now: string): Statement {
  return db
    .update(issuerKeys)
    .set({ status: 'retired', retiredAt: now })
    .where(and(eq(issuerKeys.orgId, orgId), eq(issuerKeys.status, 'active')));
}

/** Fills the Ed25519 half of a key row that has none (rows made before it existed). */
export function setMultikey(
  db: Db,
  keyId: string,
  half: { multikeyPublic: string; multikeySecretEnc: string },
): Statement {
  return db
    .update(issuerKeys)
    .set(half)
    .where(and(eq(issuerKeys.id, keyId), isNull(issuerKeys.multikeyPublic)));
}

export function markKeyCompromised(db: Db, keyId: string, now: string, reason: string): Statement {
  return db
    .update(issuerKeys)
    .set({ status: 'compromised', compromisedAt: now, compromiseReason: reason })
    .where(eq(issuerKeys.id, keyId));
}

// --- status lists

export async function statusListsOf(
  db: Db,
  orgId: string,
  purpose: StatusListRow['purpose'],
): Promise<StatusListRow[]> {
  return db
    .select()
    .from(statusLists)
    .where(and(eq(statusLists.orgId, orgId), eq(statusLists.purpose, purpose)))
    .orderBy(desc(statusLists.createdAt));
}

export async function findStatusList(db: Db, id: string): Promise<StatusListRow | undefined> {
  const rows = await db.select().from(statusLists).where(eq(statusLists.id, id)).limit(1);
  return rows[0];
}

export type StatusListForm = (typeof statusListJwt.$inferSelect)['form'];

/** A kept signed list: current while `revision` is the list's and its key is still the active one. */
export interface KeptStatusListJwt {
  jwt: string;
  revision: number;
  keyStatus: IssuerKeyRow['status'];
}

/** A list and its kept signed form, in one statement (the verifier's and the public route's one read). */
export async function findStatusListWithJwt(
  db: Db,
  id: string,
  form: StatusListForm,
): Promise<{ list: StatusListRow; kept: KeptStatusListJwt | null } | undefined> {
  // Built once (db/prepared.ts): every verification reads its status list.
  const query = builtOnce(db, 'statusListWithJwt', () =>
    db
      .select({
        list: statusLists,
        jwt: statusListJwt.jwt,
        revision: statusListJwt.revision,
        keyStatus: issuerKeys.status,
      })
      .from(statusLists)
      .leftJoin(
        statusListJwt,
        and(eq(statusListJwt.listId, statusLists.id), eq(statusListJwt.form, sql.placeholder('form'))),
      )
      .leftJoin(issuerKeys, eq(issuerKeys.id, statusListJwt.keyId))
      .where(eq(statusLists.id, sql.placeholder('id')))
      .limit(1)
      .prepare(),
  );
  const rows = await query.all({ form, id });
  const row = rows[0];
  if (!row) return undefined;
  const kept =
    row.jwt !== null && row.revision !== null && row.keyStatus !== null
      ? { jwt: row.jwt, revision: row.revision, keyStatus: row.keyStatus }
      : null;
  return { list: row.list, kept };
}

/** Keeps a signed list; a concurrent signer's copy of an older revision never replaces a newer one. */
export async function saveStatusListJwt(db: Db, row: typeof statusListJwt.$inferInsert): Promise<void> {
  const { listId: _listId, form: _form, ...rest } = row;
  await db
    .insert(statusListJwt)
    .values(row)
    .onConflictDoUpdate({
      target: [statusListJwt.listId, statusListJwt.form],
      set: rest,
      setWhere: sql`excluded.revision >= ${statusListJwt.revision}`,
    });
}

export async function insertStatusList(db: Db, row: typeof statusLists.$inferInsert): Promise<void> {
  await db.insert(statusLists).values(row);
}

/** Entries of a list whose status is not "valid" (revoked or suspended). */
export async function flaggedEntries(
  db: Db,
  listId: string,
): Promise<{ index: number; revoked: boolean; suspended: boolean }[]> {
  const rows = await db
    .select({ index: credentials.statusIndex, revokedAt: credentials.revokedAt, suspendedAt: credentials.suspendedAt })
    .from(credentials)
    .where(
      and(
        eq(credentials.statusListId, listId),
        or(isNotNull(credentials.revokedAt), isNotNull(credentials.suspendedAt)),
      ),
    );
  return rows.map((r) => ({ index: r.index, revoked: r.revokedAt !== null, suspended: r.suspendedAt !== null }));
}

// --- credentials

export function insertCredential(db: Db, row: typeof credentials.$inferInsert): Statement {
  return db.insert(credentials).values(row);
}

/** A batch's credentials as multi-row inserts within D1's parameter limit. */
export function insertCredentials(db: Db, rows: readonly (typeof credentials.$inferInsert)[]): Statement[] {
  return chunkedInserts(db, credentials, rows);
}

/** Which of these slots of a list are already taken. */
export async function takenSlots(db: Db, listId: string, indexes: readonly number[]): Promise<Set<number>> {
  const found = await Promise.all(
    inSlices(indexes, 1).map((part) =>
      db
        .select({ index: credentials.statusIndex })
        .from(credentials)
        .where(and(eq(credentials.statusListId, listId), inArray(credentials.statusIndex, part))),
    ),
  );
  return new Set(found.flat().map((r) => r.index));
}

/** The credentials an issuer already made under these idempotency keys. */
export async function findByIdempotencyKeys(db: Db, orgId: string, keys: readonly string[]): Promise<CredentialRow[]> {
  const found = await Promise.all(
    inSlices(keys, 1).map((part) =>
      db
        .select()
        .from(credentials)
        .where(and(eq(credentials.issuerOrgId, orgId), inArray(credentials.idempotencyKey, part))),
    ),
  );
  return found.flat();
}

export async function findCredential(db: Db, id: string): Promise<CredentialRow | undefined> {
  const rows = await db.select().from(credentials).where(eq(credentials.id, id)).limit(1);
  return rows[0];
}

/** Credentials by id, in any order; unknown ids are left out. */
export async function findCredentials(db: Db, ids: readonly string[]): Promise<CredentialRow[]> {
  const found = await Promise.all(
    inSlices([...new Set(ids)]).map((part) => db.select().from(credentials).where(inArray(credentials.id, part))),
  );
  return found.flat();
}

/** Keys are scoped to their caller (the stored key starts with the caller's id), whatever the issuer. */
export async function findByIdempotencyKey(db: Db, key: string): Promise<CredentialRow | undefined> {
  const rows = await db.select().from(credentials).where(eq(credentials.idempotencyKey, key)).limit(1);
  return rows[0];
}

export async function credentialsOfIssuer(db: Db, orgId: string, limit = 200, offset = 0): Promise<CredentialRow[]> {
  return db
    .select()
    .from(credentials)
    .where(eq(credentials.issuerOrgId, orgId))
    .orderBy(desc(credentials.issuedAt))
    .limit(limit)
    .offset(offset);
}

export function setRevoked(db: Db, id: string, now: string, reason: string): Statement {
  return db.update(credentials).set({ revokedAt: now, revocationReason: reason }).where(eq(credentials.id, id));
}

export function setSuspended(db: Db, id: string, at: string | null, reason: string | null): Statement {
  return db.update(credentials).set({ suspendedAt: at, suspensionReason: reason }).where(eq(credentials.id, id));
}

export function setSupersededBy(db: Db, id: string, by: string): Statement {
  return db.update(credentials).set({ supersededBy: by }).where(eq(credentials.id, id));
}

/**
 * Older credentials marked as replaced on pages by newer ones (old id → new id): a few per UPDATE
 * (`CASE id WHEN … THEN …`, 3 parameters each within D1's limit), to go in the newer ones' batch.
 */
export function setSupersededByMany(db: Db, pairs: readonly { id: string; by: string }[]): Statement[] {
  const latest = [...new Map(pairs.map((p) => [p.id, p.by])).entries()];
  const perStatement = Math.floor(MAX_BOUND_PARAMETERS / 3);
  const statements: Statement[] = [];
  for (let i = 0; i < latest.length; i += perStatement) {
    const part = latest.slice(i, i + perStatement);
    statements.push(
      db
        .update(credentials)
        .set({
          supersededBy: sql`case ${credentials.id} ${sql.join(
            part.map(([id, by]) => sql`when ${id} then ${by}`),
            sql` `,
          )} end`,
        })
        .where(
          inArray(
            credentials.id,
            part.map(([id]) => id),
          ),
        ),
    );
  }
  return statements;
}

export function setReplacedBy(db: Db, id: string, by: string): Statement {
  return db.update(credentials).set({ replacedBy: by }).where(eq(credentials.id, id));
}

// --- Data Integrity forms (issue 18)

export type StatusListLdpRow = typeof statusListLdp.$inferSelect;

export async function findCredentialLdp(db: Db, credentialId: string): Promise<string | undefined> {
  const rows = await db
    .select({ document: credentialLdp.document })
    .from(credentialLdp)
    .where(eq(credentialLdp.credentialId, credentialId))
    .limit(1);
  return rows[0]?.document;
}

/** The first form stored is kept: a concurrent request's copy is dropped (both are valid). */
export async function insertCredentialLdp(db: Db, row: typeof credentialLdp.$inferInsert): Promise<void> {
  await db.insert(credentialLdp).values(row).onConflictDoNothing();
}

export async function findStatusListLdp(db: Db, listId: string): Promise<StatusListLdpRow | undefined> {
  const rows = await db.select().from(statusListLdp).where(eq(statusListLdp.listId, listId)).limit(1);
  return rows[0];
}

export async function saveStatusListLdp(db: Db, row: StatusListLdpRow): Promise<void> {
  const { listId, ...rest } = row;
  await db.insert(statusListLdp).values(row).onConflictDoUpdate({ target: statusListLdp.listId, set: rest });
}
