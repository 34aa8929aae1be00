import type { AppDeps, Principal } from '../context.js';
import { AppError, forbidden } from '../errors.js';
import { findOrganisation, type OrganisationRow } from '../organisations/lookup.js';
import type { CertificationRules } from '../referentials/rules-schema.js';
import type { MediatorReferential } from '../referentials/schema.js';
import { getReferential } from '../referentials/service.js';

/**
 * What every area of the certification shares: the referential and its rules, who decides on a
 * mediator (the hub of their structure), who is hub staff. The areas: `portfolio.ts` (levels and
 * evidence), `applications.ts` (apply, update, resubmit, withdraw; what a party sees),
 * `issuance.ts` (the committee's queue and review, the credentials it issues), `status.ts` (what
 * a mediator holds: reinstatements followed, expiry, renewal).
 */

export const MEDIATOR_REFERENTIAL = 'mediateurs';
export const KIND = 'mediator-certification' as const;
export const HUB_STAFF = ['committee', 'hub-admin'] as const;

export interface Setting {
  ref: MediatorReferential;
  rules: CertificationRules;
}

/** The latest mediator referential and its certification rules. */
export async function setting(deps: AppDeps, version?: string): Promise<Setting> {
  const stored = await getReferential(deps, MEDIATOR_REFERENTIAL, version);
  if (stored.referential.kind !== 'mediator' || !stored.certification) {
    throw new AppError('service_unavailable', {
      fr: 'Le référentiel des médiateurs n’a pas de règles de certification : le hub doit les publier.',
      en: 'The mediator referential has no certification rules: the hub must publish them.',
    });
  }
  return { ref: stored.referential, rules: stored.certification };
}

// --- who is who

/** The hub that decides on a mediator: the hub of their structure. */
export async function hubOfMediator(
  deps: AppDeps,
  actor: Principal,
): Promise<{ hub: OrganisationRow; structureId: string }> {
  for (const m of actor.memberships) {
    if (m.role !== 'mediator' || m.orgKind !== 'structure') continue;
    const structure = await findOrganisation(deps.database.db, m.orgId);
    const hub = structure?.hubId ? await findOrganisation(deps.database.db, structure.hubId) : undefined;
    if (hub) return { hub, structureId: m.orgId };
  }
  throw forbidden({
    fr: 'Votre compte n’est médiateur d’aucune structure rattachée à un hub.',
    en: 'Your account is not a mediator of any structure belonging to a hub.',
  });
}

export function isStaffOf(actor: Principal, hubId: string, roles: readonly string[] = HUB_STAFF): boolean {
  return actor.memberships.some((m) => m.orgId === hubId && roles.includes(m.role));
}

/** Credentials a hub issued to mediators, for its staff (suspension, withdrawal, reinstatement). */
export function mayManage(actor: Principal, hubId: string): boolean {
  return isStaffOf(actor, hubId);
}
