import type { AppDeps } from '../context.js';

/**
 * Certified mediators of structures, counted by Jalon itself (never declared by the structure).
 * PENDING the mediator certification (issue 9): until its review core and certification records
 * are merged, no structure has a certified mediator.
 */
export interface CertifiedMediator {
  userId: string;
  displayName: string;
  /** Agreed to be named on the structure's public page. */
  consent: boolean;
}

export async function certifiedMediatorsOf(
  _deps: AppDeps,
  structureIds: readonly string[],
): Promise<Map<string, CertifiedMediator[]>> {
  return new Map(structureIds.map((id) => [id, []]));
}
