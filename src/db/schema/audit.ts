import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** The audit log: append-only; `chainHash` is sealed in sequence order after each write (see db/audit.ts). */

export const auditEvents = sqliteTable(
  'audit_events',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    at: text('at').notNull(),
    actorUserId: text('actor_user_id'),
    orgId: text('org_id'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    /** JSON; never personal data in clear. */
    data: text('data').notNull(),
    entryHash: text('entry_hash').notNull(),
    chainHash: text('chain_hash'),
  },
  (t) => [
    index('audit_org').on(t.orgId, t.seq),
    index('audit_target').on(t.targetType, t.targetId),
    // Sealing looks for the events not yet chained: without this it would scan the whole log.
    index('audit_unsealed').on(t.seq).where(sql`chain_hash is null`),
  ],
);
