import type { AppDeps, Principal } from '../context.js';
import { type AuditActor, type AuditedChange, commitAudited } from '../db/audit.js';
import type { Statement } from '../db/client.js';
import { AppError, forbidden, notFound } from '../errors.js';
import { normaliseEmail } from '../lib/text.js';
import type { DerivedAchievement } from './derive-achievements.js';
import { buildCredential } from '../ob3/credential.js';
import { credentialFromJwtPayload, decodeJwt, signCredential } from '../ob3/jwt.js';
import { buildIdentifiers } from '../ob3/recipient.js';
import type { Evidence, OpenBadgeCredential, Result } from '../ob3/types.js';
import type { OrganisationRow } from '../organisations/lookup.js';
import { signingKeyFor } from './keys.js';
import { KIND_POLICY } from './kinds.js';
import { issuerProfile } from './profile.js';
import { currentStatusList, randomIndex, statusListUrl } from './status.js';
import * as store from './store.js';

/**
 * Issuance: a credential signed with the issuer's key, stored with a random slot on its revocation
 * list and its audit event in one batch (status changes are in `credential-status.ts`).
 */

export interface IssueInput {
  org: OrganisationRow;
  /** Null when the system issues (automatic issuance, demo). */
  actor: Principal | null;
  achievement: DerivedAchievement;
  referential: { slug: string; version: string };
  recipient: {
    name: string;
    /** The name in Latin letters as on the person's papers: a second hashed name identifier. */
    latinName?: string | null | undefined;
    email?: string | undefined;
    subjectId?: string | undefined;
  };
  results?: Result[];
  evidence?: Evidence[];
  validUntil?: Date | undefined;
  learnerId?: string | undefined;
  competenceCode?: string | undefined;
  level?: string | undefined;
  /**
   * A key under which this issuance happens once: a retry gets the same credential back. The
   * service's own keys (one award per learner and level…) are plain; a client's Idempotency-Key is
   * scoped by the route to its caller and comes with `idempotencyRequest`, a hash of the request,
   * so that the key reused for another request is a 422.
   */
  idempotencyKey?: string | undefined;
  idempotencyRequest?: string | undefined;
  /**
   * Writes that belong with this issuance (e.g. the label this credential grants) and their audit
   * events, in its batch. They learn the credential's status slot: a document that must live and die
   * with it (the hub's endorsement of a labelled place) shares it.
   */
  extra?: Extra | undefined;
  /** When it is issued, if the caller writes rows of the same moment (default: the clock, read once). */
  at?: Date | undefined;
}

export interface Issued {
  row: store.CredentialRow;
  credential: OpenBadgeCredential;
  jwt: string;
  /** True when an earlier issuance with the same idempotency key was returned. */
  replayed: boolean;
}

/** Statements (and the audit events that record them) written in the same batch as a credential. */
export interface ExtraWrites {
  statements: Statement[];
  events?: AuditedChange[];
}

/** Writes that go with an issuance, given the new credential's id and status slot. */
export type Extra = (id: string, status: StatusSlot) => ExtraWrites | Promise<ExtraWrites>;
export interface StatusSlot {
  listUrl: string;
  index: number;
}

export function credentialUrl(deps: AppDeps, id: string): string {
  return `${deps.config.publicUrl}/credentials/${id}`;
}

export function assertMayIssue(input: Pick<IssueInput, 'org' | 'actor' | 'achievement'>): void {
  const rule = KIND_POLICY[input.achievement.kind];
  if (input.org.kind !== rule.issuer) {
    throw forbidden({
      fr:
        rule.issuer === 'hub'
          ? 'Seul le hub délivre les badges des médiateurs.'
          : 'Seule une structure délivre les badges des personnes accompagnées.',
      en: rule.issuer === 'hub' ? 'Only the hub issues mediator badges.' : 'Only a structure issues learner badges.',
    });
  }
  if (input.actor && !input.actor.memberships.some((m) => m.orgId === input.org.id && rule.roles.includes(m.role)))
    throw forbidden();
}

const MAX_SLOT_ATTEMPTS = 8;

/**
 * Issues one credential: signed VC-JWT, stored with its status slot and an audit event in one
 * atomic batch. The random status index is guarded by a unique constraint: on the rare collision
 * the credential is rebuilt with another index (the index is inside what is signed).
 */
export async function issueCredential(deps: AppDeps, input: IssueInput): Promise<Issued> {
  const db = deps.database.db;
  assertMayIssue(input);
  if (input.idempotencyKey) {
    const previous = await store.findByIdempotencyKey(db, input.idempotencyKey);
    if (previous) return replay(previous, input.idempotencyRequest);
  }
  const [profile, identifiers] = await Promise.all([
    issuerProfile(deps, input.org),
    buildIdentifiers({
      name: input.recipient.name,
      latinName: input.recipient.latinName ?? null,
      ...(input.recipient.email ? { email: normaliseEmail(input.recipient.email) } : {}),
    }),
  ]);
  const now = input.at ?? deps.clock();
  try {
    return await signAndStore(deps, {
      org: input.org,
      actor: input.actor,
      at: now,
      build: (id, status) =>
        buildCredential({
          id: `urn:uuid:${id}`,
          issuer: profile,
          achievement: input.achievement.achievement,
          identifiers,
          ...(input.recipient.subjectId ? { subjectId: input.recipient.subjectId } : {}),
          ...(input.results?.length ? { results: input.results } : {}),
          ...(input.evidence?.length ? { evidence: input.evidence } : {}),
          validFrom: now,
          ...(input.validUntil ? { validUntil: input.validUntil } : {}),
          status,
        }),
      row: {
        achievementId: input.achievement.achievement.id,
        achievementKind: input.achievement.kind,
        referentialSlug: input.referential.slug,
        referentialVersion: input.referential.version,
        competenceCode: input.competenceCode ?? null,
        level: input.level ?? null,
        learnerId: input.learnerId ?? null,
        recipientNameHash: identifiers.find((i) => i.identityType === 'name')?.identityHash ?? null,
        recipientEmailHash: identifiers.find((i) => i.identityType === 'emailAddress')?.identityHash ?? null,
        suspendable: KIND_POLICY[input.achievement.kind].suspendable,
        idempotencyKey: input.idempotencyKey ?? null,
        idempotencyRequestHash: input.idempotencyRequest ?? null,
        replaces: null,
      },
      audit: {
        action: 'credential.issued',
        data: { achievement: input.achievement.key, kind: input.achievement.kind },
      },
      ...(input.extra ? { extra: input.extra } : {}),
    });
  } catch (err) {
    if (input.idempotencyKey && String(err).includes('idempotency')) {
      const previous = await store.findByIdempotencyKey(db, input.idempotencyKey);
      if (previous) return replay(previous, input.idempotencyRequest);
    }
    throw err;
  }
}

export type RowFields = Pick<
  store.CredentialRow,
  | 'achievementId'
  | 'achievementKind'
  | 'referentialSlug'
  | 'referentialVersion'
  | 'competenceCode'
  | 'level'
  | 'learnerId'
  | 'recipientNameHash'
  | 'recipientEmailHash'
  | 'suspendable'
  | 'idempotencyKey'
  | 'idempotencyRequestHash'
  | 'replaces'
>;

/**
 * Signs a credential with a fresh random slot on the issuer's revocation list (every credential,
 * suspendable or not, has one 1-bit `revocation` entry: see src/ob3/README.md) and stores it with
 * its audit event and any `extra` statements and events in one batch; retries on a slot collision
 * (the batch failed as a whole, so nothing of the attempt was written).
 */
export async function signAndStore(
  deps: AppDeps,
  input: {
    org: OrganisationRow;
    actor: AuditActor;
    at: Date;
    build: (id: string, status: { listUrl: string; index: number }) => OpenBadgeCredential;
    row: RowFields;
    audit: { action: string; data: Record<string, unknown> };
    extra?: Extra | undefined;
  },
): Promise<Issued> {
  const db = deps.database.db;
  const [list, key] = await Promise.all([
    currentStatusList(deps, input.org, 'revocation'),
    signingKeyFor(deps, input.org),
  ]);
  const id = crypto.randomUUID();
  for (let attempt = 1; ; attempt++) {
    const index = randomIndex(list.size);
    const slot = { listUrl: statusListUrl(deps, input.org, list.id), index };
    const credential = input.build(id, slot);
    const jwt = await signCredential(credential, key);
    const row: store.CredentialRow = {
      ...input.row,
      id,
      issuerOrgId: input.org.id,
      keyId: key.keyId,
      jwt,
      issuedAt: input.at.toISOString(),
      issuedBy: input.actor?.userId ?? null,
      validFrom: credential.validFrom,
      validUntil: credential.validUntil ?? null,
      statusListId: list.id,
      statusIndex: index,
      revokedAt: null,
      revocationReason: null,
      suspendedAt: null,
      suspensionReason: null,
      supersededBy: null,
      replacedBy: null,
    };
    const extra = await input.extra?.(id, slot);
    try {
      await commitAudited(
        deps,
        input.actor,
        [store.insertCredential(db, row), ...(extra?.statements ?? [])],
        [
          {
            action: input.audit.action,
            orgId: input.org.id,
            targetType: 'credential',
            targetId: id,
            data: input.audit.data,
          },
          ...(extra?.events ?? []),
        ],
        input.at,
      );
    } catch (err) {
      if (String(err).includes('status_list_id') && attempt < MAX_SLOT_ATTEMPTS) continue;
      throw err;
    }
    return { row, credential, jwt, replayed: false };
  }
}

/** The credential an idempotency key already produced; the key reused for another request is refused. */
function replay(row: store.CredentialRow, request: string | undefined): Issued {
  if (request !== undefined && row.idempotencyRequestHash !== request)
    throw new AppError(
      'validation_failed',
      {
        fr: 'Cette clé d’idempotence (Idempotency-Key) a déjà servi pour une autre demande : utilisez une nouvelle clé.',
        en: 'This Idempotency-Key was already used for another request: use a new key.',
      },
      { errors: [{ path: 'Idempotency-Key', message: 'déjà utilisée pour une autre demande' }] },
    );
  return { row, credential: credentialOfRow(row), jwt: row.jwt, replayed: true };
}

/** A credential by its id, as its public address names it (the id is unguessable): 404 when there is none. */
export async function credentialById(deps: AppDeps, id: string): Promise<store.CredentialRow> {
  const row = await store.findCredential(deps.database.db, id);
  if (!row) throw notFound({ fr: 'Ce badge n’existe pas.', en: 'This badge does not exist.' });
  return row;
}

/** The credential inside a stored JWT (payload minus the JWT claims). */
export function credentialOfRow(row: store.CredentialRow): OpenBadgeCredential {
  return credentialFromJwtPayload(decodeJwt(row.jwt).payload) as unknown as OpenBadgeCredential;
}
