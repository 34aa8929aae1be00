import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { organisations } from './accounts.js';
import { createdAt } from './columns.js';

/** People helped and their evaluations (owned by learners/): personal data only in learner_personal. */

export const learners = sqliteTable(
  'learners',
  {
    id: text('id').primaryKey(),
    structureId: text('structure_id')
      .notNull()
      .references(() => organisations.id),
    /** Random, shown on pages and passports instead of any personal data. */
    publicId: text('public_id').notNull().unique(),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    erasedAt: text('erased_at'),
  },
  (t) => [index('learners_structure').on(t.structureId)],
);
export const learnerPersonal = sqliteTable('learner_personal', {
  learnerId: text('learner_id')
    .primaryKey()
    .references(() => learners.id, { onDelete: 'cascade' }),
  displayName: text('display_name').notNull(),
  email: text('email'),
  /** The name in Latin letters as on the person's papers (for a name in another script), if given. */
  latinName: text('latin_name'),
  birthYear: integer('birth_year'),
  consentAt: text('consent_at').notNull(),
  /** Version of the consent text the person agreed to. */
  consentText: text('consent_text').notNull(),
});
export const holderLinks = sqliteTable(
  'holder_links',
  {
    id: text('id').primaryKey(),
    learnerId: text('learner_id')
      .notNull()
      .references(() => learners.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: createdAt(),
    revokedAt: text('revoked_at'),
  },
  (t) => [index('holder_links_learner').on(t.learnerId)],
);
export const EVALUATION_METHODS = ['positioning', 'observation', 'exercise', 'self-assessment'] as const;
export type EvaluationMethod = (typeof EVALUATION_METHODS)[number];
export const evaluations = sqliteTable(
  'evaluations',
  {
    id: text('id').primaryKey(),
    learnerId: text('learner_id')
      .notNull()
      .references(() => learners.id, { onDelete: 'cascade' }),
    structureId: text('structure_id')
      .notNull()
      .references(() => organisations.id),
    mediatorUserId: text('mediator_user_id'),
    referentialSlug: text('referential_slug').notNull(),
    referentialVersion: text('referential_version').notNull(),
    method: text('method', { enum: EVALUATION_METHODS }).notNull(),
    /** Day of the session (YYYY-MM-DD). */
    date: text('date').notNull(),
    /** JSON array of themes chosen with the person (positioning). */
    themes: text('themes').notNull().default('[]'),
    /** The group session (workshop) this evaluation was recorded in, if any: its badges are issued together. */
    workshopId: text('workshop_id'),
    createdAt: createdAt(),
  },
  (t) => [index('evaluations_learner').on(t.learnerId, t.date), index('evaluations_workshop').on(t.workshopId)],
);
export const evaluationItems = sqliteTable(
  'evaluation_items',
  {
    evaluationId: text('evaluation_id')
      .notNull()
      .references(() => evaluations.id, { onDelete: 'cascade' }),
    competenceCode: text('competence_code').notNull(),
    /** A level id of the referential scale. "Pas évalué" is the absence of a row. */
    level: text('level').notNull(),
    method: text('method', { enum: EVALUATION_METHODS }).notNull(),
    evidenceNote: text('evidence_note'),
  },
  (t) => [primaryKey({ columns: [t.evaluationId, t.competenceCode] })],
);
/** What erasure keeps of evaluations: counts without any link to a person. */
export const evaluationAggregates = sqliteTable(
  'evaluation_aggregates',
  {
    structureId: text('structure_id').notNull(),
    referentialSlug: text('referential_slug').notNull(),
    referentialVersion: text('referential_version').notNull(),
    competenceCode: text('competence_code').notNull(),
    level: text('level').notNull(),
    /** Month of the observation (YYYY-MM). */
    month: text('month').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [
    primaryKey({
      columns: [t.structureId, t.referentialSlug, t.referentialVersion, t.competenceCode, t.level, t.month],
    }),
  ],
);
/** What erasure keeps of how many sessions a structure ran: counts per month, no link to a person. */
export const evaluationCounts = sqliteTable(
  'evaluation_counts',
  {
    structureId: text('structure_id').notNull(),
    /** Month of the session (YYYY-MM). */
    month: text('month').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.structureId, t.month] })],
);
