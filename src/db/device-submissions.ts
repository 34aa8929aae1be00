import { and, eq, lt } from 'drizzle-orm';
import type { Db, Statement } from './client.js';
import { deviceSubmissions } from './schema.js';

/** How long a device key is remembered: well beyond any outbox's life on a phone. */
const KEPT_DAYS = 30;

export interface DeviceSubmission {
  /** The key the device made (a UUID); unique, so a second send of the same form cannot commit. */
  key: string;
  userId: string;
  action: string;
  resultId: string;
}

/** What an earlier send of this key by this user created, if it committed. */
export async function priorSubmission(
  db: Db,
  userId: string,
  key: string,
): Promise<{ action: string; resultId: string } | null> {
  const [row] = await db
    .select({
      action: deviceSubmissions.action,
      resultId: deviceSubmissions.resultId,
      userId: deviceSubmissions.userId,
    })
    .from(deviceSubmissions)
    .where(eq(deviceSubmissions.key, key))
    .limit(1);
  // Another account's key (never made by a device of this user) is not theirs to replay.
  if (!row || row.userId !== userId) return null;
  return { action: row.action, resultId: row.resultId };
}

/**
 * The statements to put in the batch of the write the form makes: the key's row (its primary key
 * refuses a second commit of the same form) and the removal of this user's expired keys.
 */
export function submissionStatements(db: Db, s: DeviceSubmission, at: Date): Statement[] {
  const expired = new Date(at.getTime() - KEPT_DAYS * 86_400_000).toISOString();
  return [
    db.insert(deviceSubmissions).values({ ...s, createdAt: at.toISOString() }),
    db
      .delete(deviceSubmissions)
      .where(and(eq(deviceSubmissions.userId, s.userId), lt(deviceSubmissions.createdAt, expired))),
  ];
}
