import { and, asc, count, desc, eq, inArray, type SQL, sql, sum } from 'drizzle-orm';
import type { Db, Statement } from '../db/client.js';
import { insertWhere } from '../db/insert-where.js';
import {
  certificationCredentials,
  credentials,
  memberships,
  portfolioEntries,
  portfolioEvidence,
} from '../db/schema.js';

export type EntryRow = typeof portfolioEntries.$inferSelect;
export type EvidenceRow = typeof portfolioEvidence.$inferSelect;

interface RefKey {
  userId: string;
  slug: string;
  version: string;
}

/** Rows of one person's portfolio for one version of the referential. */
const inPortfolio = (table: typeof portfolioEntries | typeof portfolioEvidence, k: RefKey) =>
  and(eq(table.userId, k.userId), eq(table.referentialSlug, k.slug), eq(table.referentialVersion, k.version));

export async function entriesOf(db: Db, k: RefKey): Promise<EntryRow[]> {
  return db.select().from(portfolioEntries).where(inPortfolio(portfolioEntries, k));
}

export async function evidenceOf(db: Db, k: RefKey): Promise<EvidenceRow[]> {
  return db
    .select()
    .from(portfolioEvidence)
    .where(inPortfolio(portfolioEvidence, k))
    .orderBy(asc(portfolioEvidence.createdAt), asc(portfolioEvidence.id));
}

export async function evidenceCount(db: Db, k: RefKey, code: string): Promise<number> {
  const rows = await db
    .select({ n: count() })
    .from(portfolioEvidence)
    .where(and(inPortfolio(portfolioEvidence, k), eq(portfolioEvidence.competenceCode, code)));
  return rows[0]?.n ?? 0;
}

export async function findEvidence(db: Db, id: string): Promise<EvidenceRow | undefined> {
  const rows = await db.select().from(portfolioEvidence).where(eq(portfolioEvidence.id, id)).limit(1);
  return rows[0];
}

export function upsertEntry(db: Db, row: EntryRow): Statement {
  return db
    .insert(portfolioEntries)
    .values(row)
    .onConflictDoUpdate({
      target: [
        portfolioEntries.userId,
        portfolioEntries.referentialSlug,
        portfolioEntries.referentialVersion,
        portfolioEntries.competenceCode,
      ],
      set: { level: row.level, updatedAt: row.updatedAt },
    });
}

/** Bytes of the evidence files one person keeps, every referential version together. */
export async function fileBytesOf(db: Db, userId: string): Promise<number> {
  const rows = await db
    .select({ bytes: sum(portfolioEvidence.fileSize) })
    .from(portfolioEvidence)
    .where(eq(portfolioEvidence.userId, userId));
  return Number(rows[0]?.bytes ?? 0);
}

export interface EvidenceLimits {
  perCompetence: number;
  quotaBytes: number;
}

/**
 * The piece of evidence, inserted only while its competence holds fewer than `perCompetence`
 * pieces and, for a file, while the person's files stay within `quotaBytes` — both read by the
 * insert itself. A conditional insert rather than a slot column under a unique constraint: a slot
 * can only count pieces, while the quota is a sum over every competence, and both must be decided
 * in the same step as the write (no migration needed either).
 */
export function insertEvidenceWithin(db: Db, row: EvidenceRow, limits: EvidenceLimits): Statement {
  const e = portfolioEvidence;
  const key = { userId: row.userId, slug: row.referentialSlug, version: row.referentialVersion };
  const room = sql`(select count(*) from ${e} where ${and(inPortfolio(e, key), eq(e.competenceCode, row.competenceCode))}) < ${limits.perCompetence}`;
  const fits = sql`(select coalesce(sum(${e.fileSize}), 0) from ${e} where ${eq(e.userId, row.userId)}) + ${row.fileSize} <= ${limits.quotaBytes}`;
  return insertWhere(db, e, row, row.fileSize ? sql`${room} and ${fits}` : room);
}

/** Holds once the piece of evidence is stored: the condition of its audit event. */
export function evidenceStored(id: string): SQL {
  return sql`exists (select 1 from ${portfolioEvidence} where ${eq(portfolioEvidence.id, id)})`;
}

export function deleteEvidence(db: Db, id: string): Statement {
  return db.delete(portfolioEvidence).where(eq(portfolioEvidence.id, id));
}

export async function insertHeld(db: Db, row: typeof certificationCredentials.$inferInsert): Promise<void> {
  await db.insert(certificationCredentials).values(row).onConflictDoNothing();
}

/** The mediator's certification credentials with their current rows, newest first. */
export async function heldBy(db: Db, userId: string) {
  return db
    .select({ held: certificationCredentials, credential: credentials })
    .from(certificationCredentials)
    .innerJoin(credentials, eq(credentials.id, certificationCredentials.credentialId))
    .where(eq(certificationCredentials.userId, userId))
    .orderBy(desc(credentials.issuedAt));
}

export async function heldFromApplication(db: Db, applicationId: string) {
  return db
    .select({ held: certificationCredentials, credential: credentials })
    .from(certificationCredentials)
    .innerJoin(credentials, eq(credentials.id, certificationCredentials.credentialId))
    .where(eq(certificationCredentials.applicationId, applicationId));
}

/**
 * The « médiateur numérique certifié » credentials of the mediators of these structures, as issued
 * (a reinstatement's replacement is not followed here), one row per structure a mediator is in.
 */
export async function mediatorCertifications(db: Db, structureIds: readonly string[]) {
  if (structureIds.length === 0) return [];
  return db
    .select({ orgId: memberships.orgId, userId: memberships.userId, credential: credentials })
    .from(memberships)
    .innerJoin(
      certificationCredentials,
      and(eq(certificationCredentials.userId, memberships.userId), eq(certificationCredentials.kind, 'certification')),
    )
    .innerJoin(credentials, eq(credentials.id, certificationCredentials.credentialId))
    .where(and(inArray(memberships.orgId, [...structureIds]), eq(memberships.role, 'mediator')));
}
