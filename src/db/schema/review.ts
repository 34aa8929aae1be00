import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { organisations, users } from './accounts.js';
import { createdAt } from './columns.js';

/** Committee review, generic over what is reviewed (owned by review/; used by certification and the label). */

export const REVIEW_KINDS = ['mediator-certification', 'structure-label'] as const;
export const reviewApplications = sqliteTable(
  'review_applications',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: REVIEW_KINDS }).notNull(),
    /** The organisation whose committee decides (the hub). */
    deciderOrgId: text('decider_org_id')
      .notNull()
      .references(() => organisations.id),
    /** The person who applies (a mediator, or the structure admin applying for a label). */
    applicantUserId: text('applicant_user_id')
      .notNull()
      .references(() => users.id),
    /** The applicant's organisation (structure), for scoping and conflicts of interest. */
    applicantOrgId: text('applicant_org_id').references(() => organisations.id),
    /** What is applied for, feature-defined (e.g. `mediateurs@1.0.0`). */
    subjectRef: text('subject_ref').notNull(),
    /** draft | submitted | changes-requested | resubmitted | approved | rejected | withdrawn */
    state: text('state').notNull(),
    /** Review round: 1 at the first submission, +1 at each resubmission. */
    round: integer('round').notNull().default(0),
    /** An application renewing an earlier approved one. */
    renews: text('renews'),
    createdAt: createdAt(),
    updatedAt: text('updated_at').notNull(),
    submittedAt: text('submitted_at'),
    decidedAt: text('decided_at'),
    /** Optimistic concurrency: every write checks and bumps it. */
    revision: integer('revision').notNull().default(0),
  },
  (t) => [
    index('review_applications_queue').on(t.deciderOrgId, t.kind, t.state),
    index('review_applications_applicant').on(t.applicantUserId, t.kind),
  ],
);
export const reviewItems = sqliteTable(
  'review_items',
  {
    applicationId: text('application_id')
      .notNull()
      .references(() => reviewApplications.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    /** Feature-defined JSON claim (self-assessed level, evidence references…). */
    claim: text('claim').notNull().default('{}'),
    /** The applicant's answer to the last "ask for more". */
    response: text('response'),
    /** Final decision on the item once the application is decided. */
    outcome: text('outcome'),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.code] })],
);
export const reviewVotes = sqliteTable(
  'review_votes',
  {
    id: text('id').primaryKey(),
    applicationId: text('application_id')
      .notNull()
      .references(() => reviewApplications.id, { onDelete: 'cascade' }),
    round: integer('round').notNull(),
    reviewerUserId: text('reviewer_user_id')
      .notNull()
      .references(() => users.id),
    /** approve | changes | reject */
    vote: text('vote').notNull(),
    comment: text('comment'),
    createdAt: createdAt(),
  },
  // One review per reviewer and round, even when two submissions race.
  (t) => [uniqueIndex('review_votes_once').on(t.applicationId, t.round, t.reviewerUserId)],
);
export const reviewItemDecisions = sqliteTable(
  'review_item_decisions',
  {
    voteId: text('vote_id')
      .notNull()
      .references(() => reviewVotes.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    /** accept | more | reject */
    decision: text('decision').notNull(),
    comment: text('comment'),
  },
  (t) => [primaryKey({ columns: [t.voteId, t.code] })],
);
