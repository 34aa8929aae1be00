import type { AppDeps, Principal } from '../context.js';
import { commitAudited } from '../db/audit.js';
import type { Statement } from '../db/client.js';
import type { Role } from '../db/schema.js';
import { AppError, conflict, notFound } from '../errors.js';
import { buildCredential } from '../ob3/credential.js';
import { findOrganisation, type OrganisationRow } from '../organisations/lookup.js';
import { credentialById, credentialOfRow, type Extra, type Issued, signAndStore } from './issuance.js';
import { KIND_POLICY } from './kinds.js';
import { issuerProfile } from './profile.js';
import * as store from './store.js';

/** Status changes of an issued credential: revocation, suspension, reinstatement (by a fresh credential). */

export type StatusAction = 'revoke' | 'suspend' | 'reinstate';

export function credentialState(row: store.CredentialRow): 'active' | 'revoked' | 'suspended' {
  return row.revokedAt ? 'revoked' : row.suspendedAt ? 'suspended' : 'active';
}

/** Who may change a credential's status: the issuing organisation's issuing roles. */
export async function manageableCredential(
  deps: AppDeps,
  actor: Principal | null,
  id: string,
): Promise<{ row: store.CredentialRow; org: OrganisationRow }> {
  const row = await credentialById(deps, id);
  const org = await findOrganisation(deps.database.db, row.issuerOrgId);
  if (!org) throw notFound();
  if (actor) {
    const roles: Role[] = [
      ...KIND_POLICY[row.achievementKind].roles,
      ...(org.kind === 'structure' ? (['structure-admin'] as Role[]) : []),
    ];
    // Others must not learn that the credential exists in someone else's register.
    if (!actor.memberships.some((m) => m.orgId === org.id && roles.includes(m.role)))
      throw notFound({ fr: 'Ce badge n’existe pas.', en: 'This badge does not exist.' });
  }
  return { row, org };
}

export interface StatusChange {
  /** The credential as it stands after the change. */
  row: store.CredentialRow;
  /** On reinstatement: the fresh credential that replaces the suspended one. */
  replacement?: Issued;
}

export async function changeStatus(
  deps: AppDeps,
  actor: Principal | null,
  id: string,
  action: StatusAction,
  reason: string,
  /** On reinstatement by a fresh credential: statements written in the same batch as it (e.g. a row re-pointed to it). */
  onReplacement?: Extra,
): Promise<StatusChange> {
  const db = deps.database.db;
  const { row, org } = await manageableCredential(deps, actor, id);
  const at = deps.clock();
  const now = at.toISOString();
  const state = credentialState(row);
  let statement: Statement;
  if (action === 'revoke') {
    if (state === 'revoked') throw conflict({ fr: 'Ce badge est déjà révoqué.', en: 'This badge is already revoked.' });
    statement = store.setRevoked(db, id, now, reason);
  } else if (action === 'suspend') {
    if (!row.suspendable) {
      throw new AppError('conflict', {
        fr: 'Ce badge ne peut pas être suspendu, seulement révoqué (badges des personnes accompagnées).',
        en: 'This badge cannot be suspended, only revoked (learner badges).',
      });
    }
    if (state !== 'active')
      throw conflict({
        fr: `Ce badge est déjà ${state === 'revoked' ? 'révoqué' : 'suspendu'}.`,
        en: `This badge is already ${state}.`,
      });
    statement = store.setSuspended(db, id, now, reason);
  } else {
    if (state !== 'suspended' || row.replacedBy) {
      throw conflict({
        fr:
          state === 'revoked'
            ? 'Un badge révoqué ne peut pas être rétabli : délivrez-en un nouveau.'
            : row.replacedBy
              ? 'Ce badge a déjà été rétabli : un nouveau badge le remplace.'
              : 'Ce badge n’est pas suspendu.',
        en:
          state === 'revoked'
            ? 'A revoked badge cannot be reinstated: issue a new one.'
            : row.replacedBy
              ? 'This badge was already reinstated: a new badge replaces it.'
              : 'This badge is not suspended.',
      });
    }
    const list = await store.findStatusList(db, row.statusListId);
    // Credentials issued on a 2-bit `message` list (before the one-entry decision) are reinstated
    // in place, as they always were; every other one is replaced by a fresh credential.
    if (list?.purpose !== 'message') {
      const replacement = await reissue(deps, actor, row, org, reason, onReplacement);
      return { row: (await store.findCredential(db, id))!, replacement };
    }
    statement = store.setSuspended(db, id, null, null);
  }
  await commitAudited(
    deps,
    actor,
    [statement],
    {
      action: `credential.${action === 'revoke' ? 'revoked' : action === 'suspend' ? 'suspended' : 'reinstated'}`,
      orgId: org.id,
      targetType: 'credential',
      targetId: id,
      data: { reason },
    },
    at,
  );
  return { row: (await store.findCredential(db, id))! };
}

/**
 * Reinstatement of a suspended credential: its revocation bit stays set for good (every verifier
 * keeps reading it as not valid), and a fresh credential with the same achievement, results,
 * evidence, hashed recipient and expiry is issued, `awardedDate` keeping the original award.
 * The old row records its replacement (Jalon's verifier says "remplacé par …").
 */
async function reissue(
  deps: AppDeps,
  actor: Principal | null,
  old: store.CredentialRow,
  org: OrganisationRow,
  reason: string,
  onReplacement?: Extra,
): Promise<Issued> {
  const now = deps.clock();
  if (old.validUntil && new Date(old.validUntil) <= now) {
    throw conflict({
      fr: 'Ce badge a expiré pendant sa suspension : il ne peut pas être rétabli, seulement renouvelé.',
      en: 'This badge expired while suspended: it cannot be reinstated, only renewed.',
    });
  }
  const previous = credentialOfRow(old);
  const subject = previous.credentialSubject;
  const profile = await issuerProfile(deps, org);
  const db = deps.database.db;
  return signAndStore(deps, {
    org,
    actor,
    at: now,
    build: (id, status) =>
      buildCredential({
        id: `urn:uuid:${id}`,
        issuer: profile,
        achievement: subject.achievement,
        ...(subject.identifier ? { identifiers: subject.identifier } : {}),
        ...(subject.id ? { subjectId: subject.id } : {}),
        ...(subject.result ? { results: subject.result } : {}),
        ...(previous.evidence ? { evidence: previous.evidence } : {}),
        validFrom: now,
        ...(previous.validUntil ? { validUntil: previous.validUntil } : {}),
        awardedDate: previous.awardedDate ?? previous.validFrom,
        status,
      }),
    row: {
      achievementId: old.achievementId,
      achievementKind: old.achievementKind,
      referentialSlug: old.referentialSlug,
      referentialVersion: old.referentialVersion,
      competenceCode: old.competenceCode,
      level: old.level,
      learnerId: old.learnerId,
      recipientNameHash: old.recipientNameHash,
      recipientEmailHash: old.recipientEmailHash,
      suspendable: old.suspendable,
      idempotencyKey: null,
      idempotencyRequestHash: null,
      replaces: old.id,
    },
    audit: { action: 'credential.reinstated', data: { reason, replaces: old.id } },
    extra: async (id, slot) => {
      const more = await onReplacement?.(id, slot);
      return {
        statements: [store.setReplacedBy(db, old.id, id), ...(more?.statements ?? [])],
        events: more?.events ?? [],
      };
    },
  });
}
