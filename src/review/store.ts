import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db, Statement } from '../db/client.js';
import { type REVIEW_KINDS, reviewApplications, reviewItemDecisions, reviewItems, reviewVotes } from '../db/schema.js';
import type { ItemDecision, Review, ReviewState, Vote } from './rules.js';

export type ReviewKind = (typeof REVIEW_KINDS)[number];
export type ApplicationRow = Omit<typeof reviewApplications.$inferSelect, 'state' | 'kind'> & {
  state: ReviewState;
  kind: ReviewKind;
};
export type ItemRow = typeof reviewItems.$inferSelect;

export interface StoredReview extends Review {
  id: string;
  round: number;
  createdAt: string;
}

export function insertApplication(db: Db, row: typeof reviewApplications.$inferInsert): Statement {
  return db.insert(reviewApplications).values(row);
}

export function insertItems(db: Db, applicationId: string, items: { code: string; claim: unknown }[]): Statement[] {
  return items.map((item) =>
    db.insert(reviewItems).values({ applicationId, code: item.code, claim: JSON.stringify(item.claim ?? {}) }),
  );
}

export function deleteItems(db: Db, applicationId: string): Statement {
  return db.delete(reviewItems).where(eq(reviewItems.applicationId, applicationId));
}

export function setItemResponse(db: Db, applicationId: string, code: string, response: string | null): Statement {
  return db
    .update(reviewItems)
    .set({ response })
    .where(and(eq(reviewItems.applicationId, applicationId), eq(reviewItems.code, code)));
}

export function setItemOutcome(db: Db, applicationId: string, code: string, outcome: ItemDecision): Statement {
  return db
    .update(reviewItems)
    .set({ outcome })
    .where(and(eq(reviewItems.applicationId, applicationId), eq(reviewItems.code, code)));
}

export async function findApplication(db: Db, id: string): Promise<ApplicationRow | undefined> {
  const rows = await db.select().from(reviewApplications).where(eq(reviewApplications.id, id)).limit(1);
  return rows[0] as ApplicationRow | undefined;
}

export async function itemsOf(db: Db, applicationId: string): Promise<ItemRow[]> {
  return db
    .select()
    .from(reviewItems)
    .where(eq(reviewItems.applicationId, applicationId))
    .orderBy(asc(reviewItems.code));
}

/** Applications waiting for (or decided by) a committee, newest activity first. */
export async function applicationsFor(
  db: Db,
  deciderOrgId: string,
  kind: ReviewKind,
  states: readonly ReviewState[],
  limit = 200,
): Promise<ApplicationRow[]> {
  const rows = await db
    .select()
    .from(reviewApplications)
    .where(
      and(
        eq(reviewApplications.deciderOrgId, deciderOrgId),
        eq(reviewApplications.kind, kind),
        inArray(reviewApplications.state, [...states]),
      ),
    )
    .orderBy(desc(reviewApplications.updatedAt))
    .limit(limit);
  return rows as ApplicationRow[];
}

export async function applicationsOfApplicant(db: Db, userId: string, kind: ReviewKind): Promise<ApplicationRow[]> {
  const rows = await db
    .select()
    .from(reviewApplications)
    .where(and(eq(reviewApplications.applicantUserId, userId), eq(reviewApplications.kind, kind)))
    .orderBy(desc(reviewApplications.createdAt));
  return rows as ApplicationRow[];
}

/**
 * Changes an application only if nobody changed it since it was read (`revision`): the
 * update matches no row otherwise, and the caller reports a conflict.
 */
export function updateApplication(
  db: Db,
  id: string,
  revision: number,
  patch: Partial<Pick<ApplicationRow, 'state' | 'round' | 'submittedAt' | 'decidedAt' | 'updatedAt'>>,
): Statement {
  return db
    .update(reviewApplications)
    .set({ ...patch, revision: revision + 1 })
    .where(and(eq(reviewApplications.id, id), eq(reviewApplications.revision, revision)));
}

export function insertReview(
  db: Db,
  input: { id: string; applicationId: string; round: number; createdAt: string; review: Review },
): Statement[] {
  return [
    db.insert(reviewVotes).values({
      id: input.id,
      applicationId: input.applicationId,
      round: input.round,
      reviewerUserId: input.review.reviewerUserId,
      vote: input.review.vote,
      comment: input.review.comment?.trim() || null,
      createdAt: input.createdAt,
    }),
    ...input.review.items.map((item) =>
      db.insert(reviewItemDecisions).values({
        voteId: input.id,
        code: item.code,
        decision: item.decision,
        comment: item.comment?.trim() || null,
      }),
    ),
  ];
}

/** Reviews of an application (of one round, or all), oldest first, with their item decisions. */
export async function reviewsOf(db: Db, applicationId: string, round?: number): Promise<StoredReview[]> {
  const votes = await db
    .select()
    .from(reviewVotes)
    .where(
      round === undefined
        ? eq(reviewVotes.applicationId, applicationId)
        : and(eq(reviewVotes.applicationId, applicationId), eq(reviewVotes.round, round)),
    )
    .orderBy(asc(reviewVotes.createdAt), asc(reviewVotes.id));
  if (votes.length === 0) return [];
  const decisions = await db
    .select()
    .from(reviewItemDecisions)
    .where(
      inArray(
        reviewItemDecisions.voteId,
        votes.map((v) => v.id),
      ),
    )
    .orderBy(asc(reviewItemDecisions.code));
  return votes.map((v) => ({
    id: v.id,
    round: v.round,
    createdAt: v.createdAt,
    reviewerUserId: v.reviewerUserId,
    vote: v.vote as Vote,
    ...(v.comment ? { comment: v.comment } : {}),
    items: decisions
      .filter((d) => d.voteId === v.id)
      .map((d) => ({
        code: d.code,
        decision: d.decision as ItemDecision,
        ...(d.comment ? { comment: d.comment } : {}),
      })),
  }));
}
