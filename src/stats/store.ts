import { and, count, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import {
  credentials,
  evaluationAggregates,
  evaluationCounts,
  evaluationItems,
  evaluations,
  learners,
} from '../db/schema.js';

/**
 * Monthly totals of structures, read from live rows plus what erasure kept as anonymous counts, so
 * that erased people are still counted. Only aggregates leave this file.
 */

export interface MonthCount {
  structureId: string;
  month: string;
  n: number;
}
export interface CodeCount extends MonthCount {
  code: string;
}

const monthOf = (col: unknown) => sql<string>`substr(${col}, 1, 7)`;

export async function learnersByMonth(db: Db, structureIds: string[]): Promise<MonthCount[]> {
  const month = monthOf(learners.createdAt);
  return db
    .select({ structureId: learners.structureId, month, n: count() })
    .from(learners)
    .where(inArray(learners.structureId, structureIds))
    .groupBy(learners.structureId, month);
}

export async function evaluationsByMonth(db: Db, structureIds: string[]): Promise<MonthCount[]> {
  const month = monthOf(evaluations.date);
  const live = await db
    .select({ structureId: evaluations.structureId, month, n: count() })
    .from(evaluations)
    .where(inArray(evaluations.structureId, structureIds))
    .groupBy(evaluations.structureId, month);
  const erased = await db
    .select({ structureId: evaluationCounts.structureId, month: evaluationCounts.month, n: evaluationCounts.count })
    .from(evaluationCounts)
    .where(inArray(evaluationCounts.structureId, structureIds));
  return [...live, ...erased];
}

/** Competences observed (evaluation items), by code. */
export async function observationsByMonth(db: Db, structureIds: string[]): Promise<CodeCount[]> {
  const month = monthOf(evaluations.date);
  const live = await db
    .select({ structureId: evaluations.structureId, month, code: evaluationItems.competenceCode, n: count() })
    .from(evaluationItems)
    .innerJoin(evaluations, sql`${evaluations.id} = ${evaluationItems.evaluationId}`)
    .where(inArray(evaluations.structureId, structureIds))
    .groupBy(evaluations.structureId, month, evaluationItems.competenceCode);
  const erased = await db
    .select({
      structureId: evaluationAggregates.structureId,
      month: evaluationAggregates.month,
      code: evaluationAggregates.competenceCode,
      n: sql<number>`sum(${evaluationAggregates.count})`,
    })
    .from(evaluationAggregates)
    .where(inArray(evaluationAggregates.structureId, structureIds))
    .groupBy(evaluationAggregates.structureId, evaluationAggregates.month, evaluationAggregates.competenceCode);
  return [...live, ...erased];
}

/**
 * Credentials issued to learners, by kind and code. A badge issued again after a name correction
 * replaces one already counted, so replaced-and-revoked credentials are the ones left out.
 */
export async function credentialsByMonth(db: Db, structureIds: string[]): Promise<(CodeCount & { kind: string })[]> {
  const month = monthOf(credentials.issuedAt);
  const rows = await db
    .select({
      structureId: credentials.issuerOrgId,
      month,
      kind: credentials.achievementKind,
      code: sql<string>`coalesce(${credentials.competenceCode}, '')`,
      n: count(),
    })
    .from(credentials)
    .where(
      and(
        inArray(credentials.issuerOrgId, structureIds),
        inArray(credentials.achievementKind, ['competence', 'passport']),
        sql`not (${credentials.supersededBy} is not null and ${credentials.revokedAt} is not null)`,
      ),
    )
    .groupBy(credentials.issuerOrgId, month, credentials.achievementKind, credentials.competenceCode);
  return rows;
}

/**
 * Learners who progressed in a period, by structure: those with at least one competence evaluated
 * in the period at a higher level than at their previous evaluation of it (`ranks`: the scale's
 * level ids, lowest first). Only live evaluations: an erased person's sessions are gone. Also the
 * months those progressions fall in (how many month × structure cells feed a count, suppress.ts).
 */
export async function progressedByStructure(
  db: Db,
  structureIds: string[],
  ranks: readonly string[],
  period: { from: string | null; to: string | null },
): Promise<{ structureId: string; n: number; months: number }[]> {
  if (structureIds.length === 0 || ranks.length === 0) return [];
  const rank = sql`case ${evaluationItems.level} ${sql.join(
    ranks.map((id, i) => sql`when ${id} then ${i}`),
    sql` `,
  )} end`;
  const to = period.to ? sql`and substr(${evaluations.date}, 1, 7) <= ${period.to}` : sql``;
  const from = period.from ? sql`and substr(date, 1, 7) >= ${period.from}` : sql``;
  const rows = await db.all<{ structureId: string; n: number; months: number }>(sql`
    with steps as (
      select ${evaluations.learnerId} as learner, ${evaluations.structureId} as structure, ${evaluations.date} as date,
        ${rank} as level,
        lag(${rank}) over (
          partition by ${evaluations.learnerId}, ${evaluationItems.competenceCode}
          order by ${evaluations.date}, ${evaluations.createdAt}
        ) as before
      from ${evaluationItems} join ${evaluations} on ${evaluations.id} = ${evaluationItems.evaluationId}
      where ${inArray(evaluations.structureId, structureIds)} ${to}
    )
    select structure as structureId, count(distinct learner) as n, count(distinct substr(date, 1, 7)) as months
    from steps where level > before ${from}
    group by structure`);
  return rows.map((r) => ({ structureId: String(r.structureId), n: Number(r.n), months: Number(r.months) }));
}
