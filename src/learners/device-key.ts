import { isUniqueViolation } from '../db/busy.js';
import type { Db, Statement } from '../db/client.js';
import { priorSubmission, submissionStatements } from '../db/device-submissions.js';
import { conflict } from '../errors.js';

/**
 * Runs a write at most once per device key. Without a key it just runs. With one: a key already
 * committed answers what it created (`replay`); otherwise `run` puts `extra(resultId, at)` in its
 * batch, and if a concurrent send of the same key committed first (the key's primary key refuses
 * the batch, so nothing of it is written) the answer is that send's result.
 */
export async function oncePerDeviceKey<T>(
  db: Db,
  who: { userId: string; key: string | undefined; action: string },
  run: (extra: (resultId: string, at: Date) => Statement[]) => Promise<T>,
  replay: (resultId: string) => Promise<T>,
): Promise<T> {
  const { userId, key, action } = who;
  if (!key) return run(() => []);
  const prior = await priorSubmission(db, userId, key);
  if (prior) return replay(prior.resultId);
  try {
    return await run((resultId, at) => submissionStatements(db, { key, userId, action, resultId }, at));
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const raced = await priorSubmission(db, userId, key);
    if (raced) return replay(raced.resultId);
    // Taken by another account: never theirs to replay, and this send cannot reuse it.
    throw conflict({
      fr: 'Cette clé d’envoi a déjà servi : rechargez le formulaire et envoyez-le de nouveau.',
      en: 'This sending key was already used: reload the form and send it again.',
    });
  }
}
