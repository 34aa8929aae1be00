import { primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt } from './columns.js';

/** Published referential versions (owned by referentials/). */

export const referentialVersions = sqliteTable(
  'referential_versions',
  {
    slug: text('slug').notNull(),
    version: text('version').notNull(),
    kind: text('kind', { enum: ['learner', 'mediator'] }).notNull(),
    title: text('title').notNull(),
    /** Canonical JSON of the validated file. */
    content: text('content').notNull(),
    /** SHA-256 of the canonical JSON: a known version loaded again with other content is refused. */
    contentHash: text('content_hash').notNull(),
    /** Award rules (learner referentials), canonical JSON, or null. */
    rules: text('rules'),
    /** Sortable form of the semver (zero-padded), so that "latest" is one ORDER BY. */
    sortKey: text('sort_key').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.slug, t.version] })],
);
