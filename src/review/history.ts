/** What the audit log says of an application beyond its row (its events are the review's history). */
import type { AppDeps } from '../context.js';
import { auditEventsAbout } from '../db/audit.js';
import type { ApplicationRow } from './store.js';

/** The audit events of an application's steps are about this target type (`review.<action>`). */
export const AUDIT_TARGET = 'review-application';

/** When and why the applicant withdrew an application (null when it is not withdrawn), from its audit event. */
export async function withdrawalOf(
  deps: AppDeps,
  app: Pick<ApplicationRow, 'id' | 'state' | 'decidedAt'>,
): Promise<{ at: string; reason: string | null } | null> {
  if (app.state !== 'withdrawn') return null;
  const events = await auditEventsAbout(deps.database.db, AUDIT_TARGET, app.id);
  const event = events.findLast((e) => e.action === 'review.withdrawn');
  let reason: unknown;
  try {
    reason = event ? (JSON.parse(event.data) as { reason?: unknown }).reason : undefined;
  } catch {
    // Jalon writes the log's JSON; an unreadable entry only loses the reason shown.
  }
  return {
    at: event?.at ?? app.decidedAt ?? '',
    reason: typeof reason === 'string' && reason.trim() ? reason.trim() : null,
  };
}
