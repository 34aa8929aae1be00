import { currentOf } from '../certification/status.js';
import type { AppDeps } from '../context.js';
import { credentialState } from '../issuing/service.js';
import { mediatorCertifications } from './store.js';

/**
 * Certified mediators of structures, counted by Jalon itself (never declared by the structure):
 * mediators of the place whose "médiateur numérique certifié" credential from the hub's committee
 * (src/certification) currently stands — following reinstatements, neither suspended, revoked nor
 * expired.
 */
export interface CertifiedMediator {
  userId: string;
  displayName: string;
  /** Agreed to be named on the structure's public page. */
  consent: boolean;
}

export async function certifiedMediatorsOf(
  deps: AppDeps,
  structureIds: readonly string[],
): Promise<Map<string, CertifiedMediator[]>> {
  const out = new Map<string, CertifiedMediator[]>(structureIds.map((id) => [id, []]));
  const now = deps.clock().getTime();
  for (const r of await mediatorCertifications(deps.database.db, structureIds)) {
    const current = await currentOf(deps, r.credential);
    const expired = current.validUntil !== null && Date.parse(current.validUntil) <= now;
    if (credentialState(current) !== 'active' || expired) continue;
    const list = out.get(r.orgId)!;
    if (!list.some((m) => m.userId === r.userId))
      list.push({ userId: r.userId, displayName: r.displayName, consent: r.consentAt !== null });
  }
  return out;
}
