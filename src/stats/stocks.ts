import { mediatorCertifications } from '../certification/status.js';
import type { AppDeps } from '../context.js';
import type { CredentialRow } from '../issuing/service.js';
import { coveredAt } from '../label/state.js';
import { labelsOf } from '../label/service.js';

/** The stocks a period ends with: labelled places and certified mediators, each read at a date. */

/** A stock read at the end of the period, and at the end of the previous one (null when there is none). */
export interface Stock {
  value: number;
  previous: number | null;
}

/** Structures holding a label at `at` (and at `before`). */
export async function labelledPlacesAt(deps: AppDeps, ids: string[], at: Date, before: Date | null): Promise<Stock> {
  const labels = ids.length ? await labelsOf(deps.database.db, ids) : [];
  const count = (when: Date) => new Set(labels.filter((l) => coveredAt(l, when)).map((l) => l.structureId)).size;
  return { value: count(at), previous: before ? count(before) : null };
}

/** A credential stood at `t`: begun, not expired, neither withdrawn nor suspended by then. */
function stood(c: CredentialRow, t: number): boolean {
  if (t < Date.parse(c.validFrom) || (c.validUntil && t >= Date.parse(c.validUntil))) return false;
  if (c.revokedAt && t >= Date.parse(c.revokedAt)) return false;
  return !(c.suspendedAt && t >= Date.parse(c.suspendedAt));
}

/**
 * Mediators certified at `at` (and at `before`), each once: one of their certifications, or the
 * credential a reinstatement issued in its place, stood then.
 */
export async function certifiedMediatorsAt(
  deps: AppDeps,
  ids: string[],
  at: Date,
  before: Date | null,
): Promise<Stock> {
  const certifications = await mediatorCertifications(deps, ids);
  const count = (when: Date) =>
    new Set(certifications.filter((m) => m.chain.some((c) => stood(c, when.getTime()))).map((m) => m.userId)).size;
  return { value: count(at), previous: before ? count(before) : null };
}
