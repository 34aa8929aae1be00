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
import { currentStatusList, randomIndex, randomIndexes, statusListUrl } from './status.js';
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

/**
 * Refuses an issuance the kind's policy does not allow. `hubAdmins`: the admins of the issuer's hub
 * act for it too (a cohort import, which a hub runs for its structures).
 */
export function assertMayIssue(input: Pick<IssueInput, 'org' | 'actor' | 'achievement'>, hubAdmins = false): void {
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
  const mandated = (m: Principal['memberships'][number]) =>
    (m.orgId === input.org.id && rule.roles.includes(m.role)) ||
    (hubAdmins && m.orgId === input.org.hubId && m.role === 'hub-admin');
  if (input.actor && !input.actor.memberships.some(mandated)) throw forbidden();
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
  const [profile, identifiers] = await Promise.all([issuerProfile(deps, input.org), identifiersOf(input.recipient)]);
  const now = input.at ?? deps.clock();
  try {
    return await signAndStore(deps, {
      org: input.org,
      actor: input.actor,
      at: now,
      ...issuancePlan(input, profile, identifiers, now),
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

type IssueWhat = Omit<IssueInput, 'org' | 'actor' | 'extra' | 'at'>;

/** How one issuance's credential is built (given its id and slot) and the row fields stored with it. */
function issuancePlan(
  input: IssueWhat,
  profile: Awaited<ReturnType<typeof issuerProfile>>,
  identifiers: Awaited<ReturnType<typeof buildIdentifiers>>,
  now: Date,
): { build: (id: string, status: StatusSlot) => OpenBadgeCredential; row: RowFields } {
  return {
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
  };
}

function identifiersOf(recipient: IssueInput['recipient']) {
  return buildIdentifiers({
    name: recipient.name,
    latinName: recipient.latinName ?? null,
    ...(recipient.email ? { email: normaliseEmail(recipient.email) } : {}),
  });
}

// --- many at once

/** One credential of a batch: what `issueCredential` takes, with a key that makes it happen once. */
export type BatchItem = Omit<IssueWhat, 'idempotencyRequest' | 'idempotencyKey'> & {
  idempotencyKey: string;
  /** Credentials this one replaces on pages and in the passport (they stay valid), marked in its batch. */
  supersedes?: readonly string[] | undefined;
};

export interface BatchInput {
  org: OrganisationRow;
  /** Null when the system issues. */
  actor: Principal | null;
  items: readonly BatchItem[];
  /** Writes that belong with the batch (the people a cohort import registers) and their events. */
  writes?: ExtraWrites | undefined;
  /** The issuer's hub's admins may issue it (a cohort import). */
  hubAdmins?: boolean | undefined;
  at?: Date | undefined;
}

/** Most items one batch writes: one transaction each, within what D1 takes in one batch. */
export const MAX_BATCH_ITEMS = 500;

/**
 * Issues many credentials in one batch, all or nothing: slots for the whole batch drawn at once
 * (distinct, checked against the list while the signatures are computed), the credentials and their
 * events written as multi-row inserts within D1's parameter limit, in one transaction with `writes`.
 * An item whose key was already used returns its earlier credential (`replayed`), so a re-run
 * issues nothing twice; the credentials an issued item `supersedes` are marked in the same
 * transaction. Answers in the items' order.
 */
export async function issueBatch(deps: AppDeps, input: BatchInput): Promise<Issued[]> {
  if (input.items.length > MAX_BATCH_ITEMS) throw new RangeError(`at most ${MAX_BATCH_ITEMS} items per batch`);
  if (new Set(input.items.map((i) => i.idempotencyKey)).size !== input.items.length)
    throw new RangeError('one idempotency key per item');
  for (const achievement of new Set(input.items.map((i) => i.achievement)))
    assertMayIssue({ org: input.org, actor: input.actor, achievement }, input.hubAdmins);
  for (let attempt = 1; ; attempt++) {
    try {
      return await issueBatchOnce(deps, input);
    } catch (err) {
      // A slot or a key taken meanwhile by another writer: nothing was written, start again (the
      // keys now found are replays).
      const raced = String(err).includes('status_list_id') || String(err).includes('idempotency');
      if (!raced || attempt >= MAX_SLOT_ATTEMPTS) throw err;
    }
  }
}

async function issueBatchOnce(deps: AppDeps, input: BatchInput): Promise<Issued[]> {
  const db = deps.database.db;
  const previous = new Map(
    (
      await store.findByIdempotencyKeys(
        db,
        input.org.id,
        input.items.map((i) => i.idempotencyKey),
      )
    ).map((r) => [r.idempotencyKey, r]),
  );
  const fresh = input.items.filter((i) => !previous.has(i.idempotencyKey));
  const issued = new Map<string, Issued>();
  if (fresh.length > 0 || input.writes?.statements.length) {
    const at = input.at ?? deps.clock();
    const [list, key, profile, identifiers] = await Promise.all([
      currentStatusList(deps, input.org, 'revocation', Math.max(fresh.length, 1)),
      signingKeyFor(deps, input.org),
      issuerProfile(deps, input.org),
      Promise.all(fresh.map((i) => identifiersOf(i.recipient))),
    ]);
    const plans = fresh.map((item, n) => ({
      id: crypto.randomUUID(),
      ...issuancePlan(item, profile, identifiers[n]!, at),
    }));
    const sign = (n: number, index: number) => {
      const plan = plans[n]!;
      const credential = plan.build(plan.id, { listUrl: statusListUrl(deps, input.org, list.id), index });
      return signCredential(credential, key).then((jwt) => ({ credential, jwt, index }));
    };
    let indexes = randomIndexes(list.size, plans.length);
    // The signatures are computed while the database says which drawn slots are taken (rarely any).
    let [signed, taken] = await Promise.all([
      Promise.all(indexes.map((index, n) => sign(n, index))),
      store.takenSlots(db, list.id, indexes),
    ]);
    while (taken.size > 0) {
      const again = indexes.flatMap((index, n) => (taken.has(index) ? [n] : []));
      const avoid = new Set([...indexes, ...taken]);
      const redrawn = randomIndexes(list.size, again.length, avoid);
      indexes = [...indexes];
      for (const [k, n] of again.entries()) indexes[n] = redrawn[k]!;
      const resigned = await Promise.all(again.map((n) => sign(n, indexes[n]!)));
      signed = [...signed];
      for (const [k, n] of again.entries()) signed[n] = resigned[k]!;
      taken = await store.takenSlots(db, list.id, redrawn);
    }
    const rows = plans.map((plan, n) =>
      credentialRow(
        { org: input.org, actor: input.actor, at, row: plan.row },
        { id: plan.id, keyId: key.keyId, listId: list.id, ...signed[n]! },
      ),
    );
    await commitAudited(
      deps,
      input.actor,
      [
        ...(input.writes?.statements ?? []),
        ...store.insertCredentials(db, rows),
        ...store.setSupersededByMany(
          db,
          fresh.flatMap((item, n) => (item.supersedes ?? []).map((id) => ({ id, by: rows[n]!.id }))),
        ),
      ],
      [
        ...(input.writes?.events ?? []),
        ...rows.map((row, n) => ({
          action: 'credential.issued',
          orgId: input.org.id,
          targetType: 'credential',
          targetId: row.id,
          data: { achievement: fresh[n]!.achievement.key, kind: fresh[n]!.achievement.kind, batch: true },
        })),
      ],
      at,
    );
    for (const [n, row] of rows.entries())
      issued.set(row.idempotencyKey!, { row, credential: signed[n]!.credential, jwt: row.jwt, replayed: false });
  }
  return input.items.map(
    (item) => issued.get(item.idempotencyKey) ?? replay(previous.get(item.idempotencyKey)!, undefined),
  );
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
    const row = credentialRow(input, { id, keyId: key.keyId, jwt, credential, listId: list.id, index });
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

/** The stored row of a signed credential. */
function credentialRow(
  input: { org: OrganisationRow; actor: AuditActor; at: Date; row: RowFields },
  signed: { id: string; keyId: string; jwt: string; credential: OpenBadgeCredential; listId: string; index: number },
): store.CredentialRow {
  return {
    ...input.row,
    id: signed.id,
    issuerOrgId: input.org.id,
    keyId: signed.keyId,
    jwt: signed.jwt,
    issuedAt: input.at.toISOString(),
    issuedBy: input.actor?.userId ?? null,
    validFrom: signed.credential.validFrom,
    validUntil: signed.credential.validUntil ?? null,
    statusListId: signed.listId,
    statusIndex: signed.index,
    revokedAt: null,
    revocationReason: null,
    suspendedAt: null,
    suspensionReason: null,
    supersededBy: null,
    replacedBy: null,
  };
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
