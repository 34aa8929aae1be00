import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { organisations } from './accounts.js';
import { createdAt } from './columns.js';
import { learners } from './learners.js';

/** Issuers' keys, status lists and every credential issued (owned by issuing/). */

export const issuerKeys = sqliteTable(
  'issuer_keys',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    /** Fragment of the DID URL (`did:web:…#<fragment>`). */
    fragment: text('fragment').notNull(),
    alg: text('alg').notNull(),
    publicJwk: text('public_jwk').notNull(),
    /** AES-GCM ciphertext of the private JWK under a key derived from the master secret. */
    privateJwkEnc: text('private_jwk_enc').notNull(),
    status: text('status', { enum: ['active', 'retired', 'compromised'] }).notNull(),
    createdAt: createdAt(),
    retiredAt: text('retired_at'),
    compromisedAt: text('compromised_at'),
    compromiseReason: text('compromise_reason'),
    /**
     * The Ed25519 half of the same key: Data Integrity proofs (eddsa-rdfc-2022) are made with it, so
     * that rotation and compromise apply to both forms of a credential at once. Multikey
     * `publicKeyMultibase`, and its secret sealed like `private_jwk_enc`; null for rows created before
     * (filled on first need).
     */
    multikeyPublic: text('multikey_public'),
    multikeySecretEnc: text('multikey_secret_enc'),
  },
  (t) => [
    uniqueIndex('issuer_keys_fragment').on(t.orgId, t.fragment),
    // At most one active key per issuer, even when two requests create one at the same time.
    uniqueIndex('issuer_keys_one_active').on(t.orgId).where(sql`status = 'active'`),
  ],
);
/**
 * OB 3.0 allows one `credentialStatus` entry per credential. Every credential issued now has a
 * 1-bit `revocation` entry (a suspension sets the bit too; reinstatement issues a fresh credential).
 * `message` lists (2 bits: valid / suspended / revoked) served mediator credentials issued before
 * that decision and are still published for them. See src/ob3/README.md.
 */
export const statusLists = sqliteTable(
  'status_lists',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: ['revocation', 'message'] }).notNull(),
    /** Number of entries; at least 131,072 for herd privacy, per the Bitstring Status List spec. */
    size: integer('size').notNull(),
    /** Bits per entry. */
    statusSize: integer('status_size').notNull(),
    createdAt: createdAt(),
    /**
     * Bumped by a trigger (drizzle/0003_session_2026_12.sql) whenever a credential's `revoked_at` or
     * `suspended_at` changes, in the same transaction: the signed lists kept in `status_list_jwt` are
     * current while their revision equals this one, whichever code path changed the bits.
     */
    bitsRevision: integer('bits_revision').notNull().default(0),
    /**
     * Slots ever taken on the list, counted by a trigger (drizzle/0004_status_list_fill.sql) at each
     * credential's insertion, in its transaction: deciding whether a list is full no longer counts its
     * credentials on every issuance (0.2 ms at 10,000, growing with the list).
     */
    usedSlots: integer('used_slots').notNull().default(0),
  },
  (t) => [index('status_lists_org').on(t.orgId, t.purpose)],
);

/**
 * A status list signed as a VC-JWT, kept until its bits change (revision) or its key stops being the
 * active one: served and read from here instead of being rebuilt and signed on every request.
 * `form` is the URL it names as its id: its own (`jwt`) or its JSON-LD form's (`ldp`), the one Jalon's
 * verifier asks for when it checks a Data Integrity credential.
 */
export const statusListJwt = sqliteTable(
  'status_list_jwt',
  {
    listId: text('list_id')
      .notNull()
      .references(() => statusLists.id, { onDelete: 'cascade' }),
    form: text('form', { enum: ['jwt', 'ldp'] }).notNull(),
    /** `status_lists.bits_revision` read before the bits were. */
    revision: integer('revision').notNull(),
    keyId: text('key_id')
      .notNull()
      .references(() => issuerKeys.id),
    jwt: text('jwt').notNull(),
    signedAt: text('signed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.listId, t.form] })],
);
/** What a credential attests: a closed set, each kind with its policy in src/issuing/kinds.ts. */
export const ACHIEVEMENT_KINDS = ['competence', 'passport', 'block', 'certification', 'label'] as const;
export type AchievementKind = (typeof ACHIEVEMENT_KINDS)[number];

export const credentials = sqliteTable(
  'credentials',
  {
    /** UUID; the credential id is `urn:uuid:<id>`. */
    id: text('id').primaryKey(),
    issuerOrgId: text('issuer_org_id')
      .notNull()
      .references(() => organisations.id),
    achievementId: text('achievement_id').notNull(),
    achievementKind: text('achievement_kind', { enum: ACHIEVEMENT_KINDS }).notNull(),
    referentialSlug: text('referential_slug'),
    referentialVersion: text('referential_version'),
    /** Competence code for competence badges (to know what a learner already holds). */
    competenceCode: text('competence_code'),
    level: text('level'),
    learnerId: text('learner_id').references(() => learners.id, { onDelete: 'set null' }),
    /** Hashes as they stand in the credential (no clear personal data). */
    recipientNameHash: text('recipient_name_hash'),
    recipientEmailHash: text('recipient_email_hash'),
    keyId: text('key_id')
      .notNull()
      .references(() => issuerKeys.id),
    jwt: text('jwt').notNull(),
    issuedAt: text('issued_at').notNull(),
    issuedBy: text('issued_by'),
    validFrom: text('valid_from').notNull(),
    validUntil: text('valid_until'),
    statusListId: text('status_list_id')
      .notNull()
      .references(() => statusLists.id),
    statusIndex: integer('status_index').notNull(),
    /** Mediator and label credentials can be suspended (see statusLists); learner ones only revoked. */
    suspendable: integer('suspendable', { mode: 'boolean' }).notNull(),
    revokedAt: text('revoked_at'),
    revocationReason: text('revocation_reason'),
    suspendedAt: text('suspended_at'),
    suspensionReason: text('suspension_reason'),
    /** `<caller's user id>:<Idempotency-Key>`: a key is the caller's, not the organisation's. */
    idempotencyKey: text('idempotency_key'),
    /** SHA-256 of the request an idempotency key was first used with (same key, other request → 422). */
    idempotencyRequestHash: text('idempotency_request_hash'),
    /** A later passport of the same holder replaces this one on pages (it stays valid). */
    supersededBy: text('superseded_by'),
    /**
     * Reinstatement after a suspension issues a fresh credential (the suspended one stays dead on
     * the revocation list, see src/ob3/README.md): the suspended one points at its replacement…
     */
    replacedBy: text('replaced_by'),
    /** …and the replacement at the credential it replaces. */
    replaces: text('replaces'),
  },
  (t) => [
    uniqueIndex('credentials_status_slot').on(t.statusListId, t.statusIndex),
    uniqueIndex('credentials_idempotency').on(t.issuerOrgId, t.idempotencyKey),
    // Keys are looked up across issuers (a caller's key reused for another issuer is a 422).
    index('credentials_idempotency_key').on(t.idempotencyKey).where(sql`idempotency_key is not null`),
    index('credentials_learner').on(t.learnerId),
    // A status list is built from its revoked and suspended entries only (few), not from every row.
    index('credentials_flagged')
      .on(t.statusListId, t.statusIndex, t.revokedAt, t.suspendedAt)
      .where(sql`revoked_at is not null or suspended_at is not null`),
    index('credentials_issuer').on(t.issuerOrgId, t.issuedAt),
  ],
);

// Data Integrity forms: signed on first request, then kept (signing costs tens of ms).

/** A credential's Data Integrity form: the same body as its JWT, signed by the same key row's Ed25519 half. */
export const credentialLdp = sqliteTable('credential_ldp', {
  credentialId: text('credential_id')
    .primaryKey()
    .references(() => credentials.id, { onDelete: 'cascade' }),
  document: text('document').notNull(),
  createdAt: createdAt(),
});

/** A status list's JSON-LD form with its proof, kept until a bit of the list changes. */
export const statusListLdp = sqliteTable('status_list_ldp', {
  listId: text('list_id')
    .primaryKey()
    .references(() => statusLists.id, { onDelete: 'cascade' }),
  /** SHA-256 of the list's entries when it was signed (the bits come from `credentials`, one truth). */
  bitsDigest: text('bits_digest').notNull(),
  keyId: text('key_id')
    .notNull()
    .references(() => issuerKeys.id),
  document: text('document').notNull(),
  signedAt: text('signed_at').notNull(),
});
