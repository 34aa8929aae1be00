import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './accounts.js';
import { createdAt } from './columns.js';

/**
 * Forms sent from a phone's outbox (offline mediation): the key the device made for the form is
 * written in the same batch as what the form created, so a form sent twice (a retry after the
 * network dropped, a second tab) creates one thing and the second send answers the first result.
 * No personal data: the key, who sent it, what it did and the id of what it created.
 */
export const deviceSubmissions = sqliteTable(
  'device_submissions',
  {
    key: text('key').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** What the form did (an audit action name, e.g. `learner.registered`). */
    action: text('action').notNull(),
    /** The id of what the form created (a learner, an evaluation). */
    resultId: text('result_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('device_submissions_user_created').on(t.userId, t.createdAt)],
);
