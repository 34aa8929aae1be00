import type { AppDeps } from '../context.js';
import { coveredAt } from '../label/state.js';
import { labelsOf } from '../label/service.js';
import * as store from './store.js';

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

const ms = (iso: string) => Date.parse(iso);

/** A credential stood at `t`: begun, not expired, neither withdrawn nor suspended by then. */
function stood(c: store.CertificationLink, t: number): boolean {
  if (t < ms(c.validFrom) || (c.validUntil && t >= ms(c.validUntil))) return false;
  if (c.revokedAt && t >= ms(c.revokedAt)) return false;
  return !(c.suspendedAt && t >= ms(c.suspendedAt));
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
  const db = deps.database.db;
  const rows = await store.mediatorCertifications(db, ids);
  const links = new Map<string, store.CertificationLink>(rows.map((r) => [r.id, r]));
  let next = rows.flatMap((r) => (r.replacedBy ? [r.replacedBy] : []));
  for (let hops = 0; next.length && hops < 20; hops++) {
    const found = await store.credentialLinks(
      db,
      next.filter((id) => !links.has(id)),
    );
    for (const l of found) links.set(l.id, l);
    next = found.flatMap((l) => (l.replacedBy && !links.has(l.replacedBy) ? [l.replacedBy] : []));
  }
  const chain = (first: store.CertificationLink) => {
    const out = [first];
    for (let c = first; c.replacedBy && links.has(c.replacedBy) && out.length < 20; ) {
      c = links.get(c.replacedBy)!;
      out.push(c);
    }
    return out;
  };
  const count = (when: Date) =>
    new Set(rows.filter((r) => chain(r).some((c) => stood(c, when.getTime()))).map((r) => r.userId)).size;
  return { value: count(at), previous: before ? count(before) : null };
}
