import type { AppDeps, Principal } from '../context.js';
import { conflict, forbidden, notFound } from '../errors.js';
import { signingKeyFor } from '../issuing/keys.js';
import { issuerProfile } from '../issuing/profile.js';
import { changeStatus, issueCredential, type StatusSlot } from '../issuing/service.js';
import { issuerDid } from '../ob3/did.js';
import { buildEndorsementCredential, type EndorsementCredential } from '../ob3/endorsement.js';
import { credentialFromJwtPayload, decodeJwt, signCredential } from '../ob3/jwt.js';
import type { Profile } from '../ob3/types.js';
import { findOrganisation, type OrganisationRow } from '../organisations/lookup.js';
import { addMonths, formatDate } from '../lib/dates.js';
import { toDateTimeZ } from '../ob3/dates.js';
import type { LabelProgramme } from '../referentials/label-schema.js';
import { labelAchievement } from './achievement.js';
import { structureStatus, type StructureLabelStatus } from './state.js';
import * as store from './store.js';

// What other features use of this folder's tables (its store.ts is private to it: ARCHITECTURE.md, "Layers and imports").
export { labelsOf, type LabelWithState } from './store.js';

/**
 * Granting and managing labels: the hub issues a label credential to the structure (subject = the
 * structure's issuer DID, validUntil from the programme) and signs an EndorsementCredential that
 * the structure's issuer Profile carries while the label holds. Suspension and withdrawal act on
 * the label credential (its status list entry), so that every verifier reads the same state.
 */

export function canManageLabels(actor: Principal, hubId: string): boolean {
  return actor.memberships.some((m) => m.orgId === hubId && (m.role === 'hub-admin' || m.role === 'committee'));
}

export interface GrantInput {
  hub: OrganisationRow;
  structure: OrganisationRow;
  programme: LabelProgramme;
  certifiedMediators: number;
  applicationId?: string | null;
  renewalOf?: string | null;
}

export async function grantLabel(deps: AppDeps, actor: Principal | null, input: GrantInput): Promise<store.LabelRow> {
  const { hub, structure, programme } = input;
  if (structure.kind !== 'structure' || structure.hubId !== hub.id)
    throw forbidden({ fr: 'Ce lieu n’est pas du réseau de ce hub.', en: 'This place is not in this hub’s network.' });
  if (actor && !canManageLabels(actor, hub.id)) throw forbidden();
  const db = deps.database.db;
  const now = deps.clock();
  const validUntil = addMonths(now, programme.decision.validityMonths);
  const structureDid = issuerDid(deps.config.publicUrl, structure.slug);
  const [hubProfile, key] = await Promise.all([issuerProfile(deps, hub), signingKeyFor(deps, hub)]);
  const endorsementId = crypto.randomUUID();
  // Signed once the label credential's status slot is known: the endorsement shares it, so that
  // suspending or withdrawing the label revokes every copy of the endorsement too.
  const endorse = (status: StatusSlot) =>
    signCredential(
      buildEndorsementCredential({
        id: `urn:uuid:${endorsementId}`,
        name: `${programme.title} — ${structure.name}`,
        description: `${hub.name} atteste que ce lieu de médiation numérique est labellisé.`,
        issuer: hubProfile,
        subjectId: structureDid,
        comment: `Lieu labellisé « ${programme.title} » (version ${programme.version}) par ${hub.name}, du ${formatDate(now, 'fr')} au ${formatDate(validUntil, 'fr')}.`,
        validFrom: now,
        validUntil,
        status,
      }),
      key,
    );
  const labelId = crypto.randomUUID();
  let label: store.LabelRow | undefined;
  await issueCredential(deps, {
    org: hub,
    actor,
    achievement: labelAchievement(deps.config.publicUrl, programme),
    referential: { slug: programme.slug, version: programme.version },
    recipient: { name: structure.name, subjectId: structureDid },
    validUntil,
    at: now,
    extra: async (credentialId, status) => {
      const endorsementJwt = await endorse(status);
      label = {
        id: labelId,
        structureId: structure.id,
        hubId: hub.id,
        programmeSlug: programme.slug,
        programmeVersion: programme.version,
        applicationId: input.applicationId ?? null,
        credentialId,
        endorsementId,
        endorsementJwt,
        grantedAt: now.toISOString(),
        grantedBy: actor?.userId ?? null,
        // The credential's own dates (whole seconds, as signed).
        validFrom: toDateTimeZ(now),
        validUntil: toDateTimeZ(validUntil),
        certifiedMediators: input.certifiedMediators,
        renewalOf: input.renewalOf ?? null,
      };
      return {
        statements: [store.insertLabel(db, label)],
        events: [
          {
            action: input.renewalOf ? 'label.renewed' : 'label.granted',
            orgId: hub.id,
            targetType: 'organisation',
            targetId: structure.id,
            data: { label: labelId, credential: credentialId, programme: `${programme.slug}@${programme.version}` },
          },
        ],
      };
    },
  });
  return label!;
}

export type LabelAction = 'suspend' | 'reinstate' | 'withdraw';

/** Suspends, reinstates or withdraws a label (on its credential), with the reason given. */
/** A label of a hub whose labels the actor manages (its committee and admins); hidden from anyone else. */
export async function managedLabel(deps: AppDeps, actor: Principal, labelId: string): Promise<store.LabelWithState> {
  const label = await store.findLabel(deps.database.db, labelId);
  if (!label || !canManageLabels(actor, label.hubId))
    throw notFound({ fr: 'Ce label n’existe pas.', en: 'This label does not exist.' });
  return label;
}

export async function changeLabelStatus(
  deps: AppDeps,
  actor: Principal,
  labelId: string,
  action: LabelAction,
  reason: string,
): Promise<store.LabelWithState> {
  const db = deps.database.db;
  const label = await managedLabel(deps, actor, labelId);
  if (action !== 'reinstate' && Date.parse(label.validUntil) <= deps.clock().getTime())
    throw conflict({ fr: 'Ce label a déjà expiré.', en: 'This label has already expired.' });
  // Reinstatement issues a fresh credential (the suspended one stays revoked for every verifier):
  // the label follows it in the same batch, so that its state and the registry read the credential
  // that now stands, and a failure leaves neither a new credential nor a re-pointed label.
  // The endorsement follows it: a new one shares the new credential's slot (the former one stays revoked).
  await changeStatus(
    deps,
    actor,
    label.credentialId,
    action === 'withdraw' ? 'revoke' : action,
    reason,
    async (newId, status) => {
      const endorsement = await renewedEndorsement(deps, label, status);
      return {
        statements: [
          store.setLabelCredential(db, labelId, newId),
          store.setLabelEndorsement(db, labelId, endorsement.id, endorsement.jwt),
        ],
      };
    },
  );
  return (await store.findLabel(db, labelId))!;
}

/** The endorsement of a reinstated label: the former one's statements, dated now, on the new slot. */
async function renewedEndorsement(
  deps: AppDeps,
  label: store.LabelRow,
  status: StatusSlot,
): Promise<{ id: string; jwt: string }> {
  const hub = await findOrganisation(deps.database.db, label.hubId);
  if (!hub) throw notFound();
  const former = endorsementOf(label.endorsementJwt);
  const id = crypto.randomUUID();
  const [issuer, key] = await Promise.all([issuerProfile(deps, hub), signingKeyFor(deps, hub)]);
  const jwt = await signCredential(
    buildEndorsementCredential({
      id: `urn:uuid:${id}`,
      name: former.name,
      ...(former.description ? { description: former.description } : {}),
      issuer,
      subjectId: former.credentialSubject.id,
      ...(former.credentialSubject.endorsementComment ? { comment: former.credentialSubject.endorsementComment } : {}),
      validFrom: deps.clock(),
      validUntil: label.validUntil,
      status,
    }),
    key,
  );
  return { id, jwt };
}

/** The structure a label was granted to. */
export function structureOfLabel(deps: AppDeps, label: store.LabelRow): Promise<OrganisationRow | undefined> {
  return findOrganisation(deps.database.db, label.structureId);
}

/** The structure's label status now: of one programme (to renew it), or over all its labels (what the public sees). */
export async function labelStatusOf(
  deps: AppDeps,
  structureId: string,
  programmeSlug?: string,
): Promise<StructureLabelStatus> {
  return structureStatus(await store.labelsOf(deps.database.db, [structureId], programmeSlug), deps.clock());
}

/** What the structure's issuer Profile gains while its label holds: the hub's endorsement. */
export async function profileEndorsements(
  deps: AppDeps,
  org: OrganisationRow,
): Promise<Pick<Profile, 'endorsement' | 'endorsementJwt'>> {
  if (org.kind !== 'structure') return {};
  const status = await labelStatusOf(deps, org.id);
  if (status.state !== 'active' || !status.label) return {};
  const row = await store.findLabel(deps.database.db, status.label.id);
  if (!row) return {};
  return {
    endorsement: [endorsementOf(row.endorsementJwt) as unknown as Record<string, unknown>],
    endorsementJwt: [row.endorsementJwt],
  };
}

/** The hub's endorsement as a structure's profile page tells it: the date is its end, suspension or withdrawal. */
export interface EndorsementState {
  state: 'active' | 'suspended' | 'withdrawn' | 'expired';
  date: string;
  reason?: string;
}

export async function endorsementStateOf(deps: AppDeps, org: OrganisationRow): Promise<EndorsementState | null> {
  if (org.kind !== 'structure') return null;
  const { label, state } = await labelStatusOf(deps, org.id);
  if (!label) return null;
  switch (state) {
    case 'active':
    case 'expired':
      return { state, date: label.validUntil };
    case 'suspended':
      return {
        state,
        date: label.suspendedAt!,
        ...(label.suspensionReason ? { reason: label.suspensionReason } : {}),
      };
    case 'withdrawn':
      return { state, date: label.revokedAt!, ...(label.revocationReason ? { reason: label.revocationReason } : {}) };
    default:
      return null;
  }
}

/**
 * Why the hub's endorsement (by its id) reads revoked: its label's suspension or withdrawal, which
 * set the bit they share. Null for an id that is no current endorsement.
 */
export async function endorsementWithdrawal(
  deps: AppDeps,
  endorsementId: string,
): Promise<{ as?: 'suspended'; since: string; reason?: string } | null> {
  const label = await store.findLabelByEndorsement(deps.database.db, endorsementId);
  if (!label) return null;
  if (label.revokedAt)
    return { since: label.revokedAt, ...(label.revocationReason ? { reason: label.revocationReason } : {}) };
  if (label.suspendedAt)
    return {
      as: 'suspended',
      since: label.suspendedAt,
      ...(label.suspensionReason ? { reason: label.suspensionReason } : {}),
    };
  return null;
}

export function endorsementOf(jwt: string): EndorsementCredential {
  return credentialFromJwtPayload(decodeJwt(jwt).payload) as unknown as EndorsementCredential;
}
