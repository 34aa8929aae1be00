import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './accounts.js';
import { createdAt } from './columns.js';
import { credentials } from './issuing.js';
import { reviewApplications } from './review.js';

/** Mediator certification: portfolio, evidence, credentials issued per application (owned by certification/). */

export const portfolioEntries = sqliteTable(
  'portfolio_entries',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    referentialSlug: text('referential_slug').notNull(),
    referentialVersion: text('referential_version').notNull(),
    competenceCode: text('competence_code').notNull(),
    /** Self-assessed level (a level id of the referential's scale). */
    level: text('level').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.referentialSlug, t.referentialVersion, t.competenceCode] })],
);
export const EVIDENCE_KINDS = ['text', 'link', 'file'] as const;
export const portfolioEvidence = sqliteTable(
  'portfolio_evidence',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    referentialSlug: text('referential_slug').notNull(),
    referentialVersion: text('referential_version').notNull(),
    competenceCode: text('competence_code').notNull(),
    kind: text('kind', { enum: EVIDENCE_KINDS }).notNull(),
    /** Text evidence, or the description of a link or file. */
    text: text('text'),
    url: text('url'),
    /** Key of the file in the blob store (never a path). */
    fileKey: text('file_key'),
    fileName: text('file_name'),
    fileType: text('file_type'),
    fileSize: integer('file_size'),
    createdAt: createdAt(),
  },
  (t) => [index('portfolio_evidence_user').on(t.userId, t.referentialSlug, t.referentialVersion, t.competenceCode)],
);
/** Which mediator holds which credential, from which application (kept out of the credential). */
export const certificationCredentials = sqliteTable(
  'certification_credentials',
  {
    credentialId: text('credential_id')
      .primaryKey()
      .references(() => credentials.id),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    applicationId: text('application_id')
      .notNull()
      .references(() => reviewApplications.id),
    /** block | certification */
    kind: text('kind').notNull(),
    blockCode: text('block_code'),
    createdAt: createdAt(),
  },
  (t) => [index('certification_credentials_user').on(t.userId)],
);
