import { mediatorCertifications } from '../certification/status.js';
import type { AppDeps } from '../context.js';
import { credentialState } from '../issuing/service.js';
import { mediatorsIn } from './store.js';

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
  const now = deps.clock().getTime();
  const [mediators, certifications] = await Promise.all([
    mediatorsIn(deps.database.db, structureIds),
    mediatorCertifications(deps, structureIds),
  ]);
  const standing = new Set(
    certifications
      .filter(({ chain }) => {
        const current = chain[chain.length - 1]!;
        const expired = current.validUntil !== null && Date.parse(current.validUntil) <= now;
        return credentialState(current) === 'active' && !expired;
      })
      .map((m) => `${m.orgId} ${m.userId}`),
  );
  const out = new Map<string, CertifiedMediator[]>(structureIds.map((id) => [id, []]));
  for (const { orgId, userId, displayName, consent } of mediators)
    if (standing.has(`${orgId} ${userId}`)) out.get(orgId)!.push({ userId, displayName, consent });
  return out;
}
