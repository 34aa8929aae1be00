import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { chunkedInserts, inSlices } from '../db/chunked.js';
import type { Db, Statement } from '../db/client.js';
import {
  credentials,
  evaluationAggregates,
  evaluationCounts,
  evaluationItems,
  evaluations,
  holderLinks,
  learnerPersonal,
  learners,
} from '../db/schema.js';

export type LearnerRow = typeof learners.$inferSelect;
export type PersonalRow = typeof learnerPersonal.$inferSelect;
export type EvaluationRow = typeof evaluations.$inferSelect;
export type EvaluationItemRow = typeof evaluationItems.$inferSelect;

export interface LearnerWithPersonal extends LearnerRow {
  personal: PersonalRow | null;
}

export function insertLearner(db: Db, row: typeof learners.$inferInsert): Statement {
  return db.insert(learners).values(row);
}

export function insertPersonal(db: Db, row: typeof learnerPersonal.$inferInsert): Statement {
  return db.insert(learnerPersonal).values(row);
}

export function updatePersonal(
  db: Db,
  learnerId: string,
  patch: Partial<Pick<PersonalRow, 'displayName' | 'latinName' | 'email' | 'birthYear'>>,
): Statement {
  return db.update(learnerPersonal).set(patch).where(eq(learnerPersonal.learnerId, learnerId));
}

export async function findLearner(db: Db, id: string): Promise<LearnerWithPersonal | undefined> {
  const rows = await db
    .select({ learner: learners, personal: learnerPersonal })
    .from(learners)
    .leftJoin(learnerPersonal, eq(learnerPersonal.learnerId, learners.id))
    .where(eq(learners.id, id))
    .limit(1);
  const row = rows[0];
  return row ? { ...row.learner, personal: row.personal } : undefined;
}

/** Several learners by id (a workshop's people), in one query per 100 of them. */
export async function findLearners(db: Db, ids: readonly string[]): Promise<LearnerWithPersonal[]> {
  const found = await Promise.all(
    inSlices(ids).map((part) =>
      db
        .select({ learner: learners, personal: learnerPersonal })
        .from(learners)
        .leftJoin(learnerPersonal, eq(learnerPersonal.learnerId, learners.id))
        .where(inArray(learners.id, part)),
    ),
  );
  return found.flat().map((row) => ({ ...row.learner, personal: row.personal }));
}

export async function findLearnerByPublicId(db: Db, publicId: string): Promise<LearnerRow | undefined> {
  const rows = await db.select().from(learners).where(eq(learners.publicId, publicId)).limit(1);
  return rows[0];
}

export async function learnersOf(db: Db, structureId: string): Promise<LearnerWithPersonal[]> {
  const rows = await db
    .select({ learner: learners, personal: learnerPersonal })
    .from(learners)
    .leftJoin(learnerPersonal, eq(learnerPersonal.learnerId, learners.id))
    .where(and(eq(learners.structureId, structureId), isNull(learners.erasedAt)))
    .orderBy(asc(sql`lower(${learnerPersonal.displayName})`));
  return rows.map((r) => ({ ...r.learner, personal: r.personal }));
}

// --- evaluations

export function insertEvaluation(db: Db, row: typeof evaluations.$inferInsert): Statement {
  return db.insert(evaluations).values(row);
}

export function insertEvaluationItems(db: Db, rows: (typeof evaluationItems.$inferInsert)[]): Statement {
  return db.insert(evaluationItems).values(rows);
}

export async function evaluationsOf(
  db: Db,
  learnerId: string,
): Promise<{ evaluation: EvaluationRow; items: EvaluationItemRow[] }[]> {
  const rows = await db
    .select({ evaluation: evaluations, item: evaluationItems })
    .from(evaluations)
    .leftJoin(evaluationItems, eq(evaluationItems.evaluationId, evaluations.id))
    .where(eq(evaluations.learnerId, learnerId))
    .orderBy(asc(evaluations.date), asc(evaluations.createdAt));
  const out = new Map<string, { evaluation: EvaluationRow; items: EvaluationItemRow[] }>();
  for (const r of rows) {
    const entry = out.get(r.evaluation.id) ?? { evaluation: r.evaluation, items: [] };
    if (r.item) entry.items.push(r.item);
    out.set(r.evaluation.id, entry);
  }
  return [...out.values()];
}

/** Evaluations and credentials of many people at once (the list's "badges à délivrer"), in chunks D1 accepts. */
const CHUNK = 90;
function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

export async function evaluationsOfMany(
  db: Db,
  learnerIds: string[],
): Promise<Map<string, { evaluation: EvaluationRow; items: EvaluationItemRow[] }[]>> {
  const out = new Map<string, Map<string, { evaluation: EvaluationRow; items: EvaluationItemRow[] }>>();
  for (const ids of chunks(learnerIds)) {
    const rows = await db
      .select({ evaluation: evaluations, item: evaluationItems })
      .from(evaluations)
      .leftJoin(evaluationItems, eq(evaluationItems.evaluationId, evaluations.id))
      .where(inArray(evaluations.learnerId, ids))
      .orderBy(asc(evaluations.date), asc(evaluations.createdAt));
    for (const r of rows) {
      const mine = out.get(r.evaluation.learnerId) ?? new Map();
      const entry = mine.get(r.evaluation.id) ?? { evaluation: r.evaluation, items: [] };
      if (r.item) entry.items.push(r.item);
      mine.set(r.evaluation.id, entry);
      out.set(r.evaluation.learnerId, mine);
    }
  }
  return new Map([...out].map(([id, evals]) => [id, [...evals.values()]]));
}

export async function credentialsOfMany(db: Db, learnerIds: string[]) {
  const out = new Map<string, (typeof credentials.$inferSelect)[]>();
  for (const ids of chunks(learnerIds)) {
    const rows = await db
      .select()
      .from(credentials)
      .where(inArray(credentials.learnerId, ids))
      .orderBy(desc(credentials.issuedAt));
    for (const r of rows) if (r.learnerId) out.set(r.learnerId, [...(out.get(r.learnerId) ?? []), r]);
  }
  return out;
}

/** The people of a group session (one evaluation each) in a structure, and when it was recorded. */
export async function workshopEvaluations(db: Db, structureId: string, workshopId: string) {
  return db
    .select({ learnerId: evaluations.learnerId, date: evaluations.date, createdAt: evaluations.createdAt })
    .from(evaluations)
    .where(and(eq(evaluations.structureId, structureId), eq(evaluations.workshopId, workshopId)))
    .orderBy(asc(evaluations.createdAt));
}

// --- holder links

export function insertHolderLink(db: Db, row: typeof holderLinks.$inferInsert): Statement {
  return db.insert(holderLinks).values(row);
}

export function revokeHolderLinks(db: Db, learnerId: string, now: string): Statement {
  return db
    .update(holderLinks)
    .set({ revokedAt: now })
    .where(and(eq(holderLinks.learnerId, learnerId), isNull(holderLinks.revokedAt)));
}

export async function findLiveHolderLink(db: Db, tokenHash: string) {
  const rows = await db
    .select({ link: holderLinks, learner: learners })
    .from(holderLinks)
    .innerJoin(learners, eq(learners.id, holderLinks.learnerId))
    .where(and(eq(holderLinks.tokenHash, tokenHash), isNull(holderLinks.revokedAt), isNull(learners.erasedAt)))
    .limit(1);
  return rows[0];
}

export async function liveHolderLinkOf(db: Db, learnerId: string) {
  const rows = await db
    .select()
    .from(holderLinks)
    .where(and(eq(holderLinks.learnerId, learnerId), isNull(holderLinks.revokedAt)))
    .orderBy(desc(holderLinks.createdAt))
    .limit(1);
  return rows[0];
}

// --- erasure

/**
 * The writes of erasing a learner: evaluations become anonymous monthly counts, then personal
 * data, holder links and evaluations are deleted; the learner row stays as a bare random id so
 * that credentials issued to them stay verifiable and revocable by the structure.
 */
export function erasureStatements(
  db: Db,
  input: {
    learnerId: string;
    structureId: string;
    items: { referentialSlug: string; referentialVersion: string; code: string; level: string; month: string }[];
    /** Month of each evaluation (statistics count sessions as well as competences). */
    sessions: string[];
    now: string;
  },
): Statement[] {
  const perMonth = new Map<string, number>();
  for (const m of input.sessions) perMonth.set(m, (perMonth.get(m) ?? 0) + 1);
  const sessionCounts = [...perMonth].map(([month, n]) =>
    db
      .insert(evaluationCounts)
      .values({ structureId: input.structureId, month, count: n })
      .onConflictDoUpdate({
        target: [evaluationCounts.structureId, evaluationCounts.month],
        set: { count: sql`${evaluationCounts.count} + ${n}` },
      }),
  );
  const counts = new Map<
    string,
    { referentialSlug: string; referentialVersion: string; code: string; level: string; month: string; n: number }
  >();
  for (const i of input.items) {
    const key = [i.referentialSlug, i.referentialVersion, i.code, i.level, i.month].join('|');
    const entry = counts.get(key) ?? { ...i, n: 0 };
    entry.n++;
    counts.set(key, entry);
  }
  const aggregates = [...counts.values()].map((c) =>
    db
      .insert(evaluationAggregates)
      .values({
        structureId: input.structureId,
        referentialSlug: c.referentialSlug,
        referentialVersion: c.referentialVersion,
        competenceCode: c.code,
        level: c.level,
        month: c.month,
        count: c.n,
      })
      .onConflictDoUpdate({
        target: [
          evaluationAggregates.structureId,
          evaluationAggregates.referentialSlug,
          evaluationAggregates.referentialVersion,
          evaluationAggregates.competenceCode,
          evaluationAggregates.level,
          evaluationAggregates.month,
        ],
        set: { count: sql`${evaluationAggregates.count} + ${c.n}` },
      }),
  );
  return [
    ...aggregates,
    ...sessionCounts,
    db.delete(evaluations).where(eq(evaluations.learnerId, input.learnerId)),
    db.delete(holderLinks).where(eq(holderLinks.learnerId, input.learnerId)),
    db.delete(learnerPersonal).where(eq(learnerPersonal.learnerId, input.learnerId)),
    db.update(learners).set({ erasedAt: input.now, createdBy: null }).where(eq(learners.id, input.learnerId)),
  ];
}

/** The credentials of several people (a workshop, an import), in one query per 100 of them. */
export async function credentialsOfLearners(db: Db, ids: readonly string[]) {
  const found = await Promise.all(
    inSlices(ids).map((part) => db.select().from(credentials).where(inArray(credentials.learnerId, part))),
  );
  return found.flat();
}

/** Credentials by id (an import's result), in one query per 100. */
export async function credentialsByIds(db: Db, ids: readonly string[]) {
  const found = await Promise.all(
    inSlices(ids).map((part) => db.select().from(credentials).where(inArray(credentials.id, part))),
  );
  return found.flat();
}

/** People an import registers, with their personal data: multi-row inserts within D1's limit. */
export function insertLearners(
  db: Db,
  rows: readonly { learner: typeof learners.$inferInsert; personal: typeof learnerPersonal.$inferInsert }[],
): Statement[] {
  return [
    ...chunkedInserts(
      db,
      learners,
      rows.map((r) => r.learner),
    ),
    ...chunkedInserts(
      db,
      learnerPersonal,
      rows.map((r) => r.personal),
    ),
  ];
}

export async function learnerCredentials(db: Db, learnerId: string) {
  return db.select().from(credentials).where(eq(credentials.learnerId, learnerId)).orderBy(desc(credentials.issuedAt));
}

/** The writes of correcting an evaluation: its session details, and its items replaced. */
export function replaceEvaluation(
  db: Db,
  id: string,
  session: { method: EvaluationRow['method']; date: string },
  items: (typeof evaluationItems.$inferInsert)[],
): Statement[] {
  return [
    db.update(evaluations).set(session).where(eq(evaluations.id, id)),
    db.delete(evaluationItems).where(eq(evaluationItems.evaluationId, id)),
    ...(items.length ? [db.insert(evaluationItems).values(items)] : []),
  ];
}

export function deleteEvaluation(db: Db, id: string): Statement[] {
  // Items explicitly too: not every connection enforces the cascade.
  return [
    db.delete(evaluationItems).where(eq(evaluationItems.evaluationId, id)),
    db.delete(evaluations).where(eq(evaluations.id, id)),
  ];
}

/** Names of learners (for the people of their structure and its hub's admins); erased ones have none. */
export async function namesOf(db: Db, learnerIds: string[]): Promise<Map<string, string>> {
  if (learnerIds.length === 0) return new Map();
  const rows = await db
    .select({ id: learnerPersonal.learnerId, name: learnerPersonal.displayName })
    .from(learnerPersonal)
    .where(inArray(learnerPersonal.learnerId, learnerIds));
  return new Map(rows.map((r) => [r.id, r.name]));
}
