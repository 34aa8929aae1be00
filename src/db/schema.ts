import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * One schema for libSQL (Node, Turso) and D1 (Workers). Times are ISO-8601 UTC strings so that
 * they sort and compare as text on both engines. Personal data of learners lives only in
 * `learner_personal`, so that export and erasure touch one table.
 */

const createdAt = () => text('created_at').notNull();

// ---------------------------------------------------------------------------------------------
// Organisations and accounts

export const organisations = sqliteTable('organisations', {
  id: text('id').primaryKey(),
  kind: text('kind', { enum: ['hub', 'structure'] }).notNull(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  url: text('url'),
  description: text('description'),
  email: text('email'),
  /** A structure belongs to one hub's network. */
  hubId: text('hub_id'),
  /** Issue newly earned learner badges without a click (structure setting). */
  autoIssue: integer('auto_issue', { mode: 'boolean' }).notNull().default(false),
  createdAt: createdAt(),
});

export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  /** Normalised: trimmed, lower-cased. */
  email: text('email').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  createdAt: createdAt(),
  disabledAt: text('disabled_at'),
});

export const ROLES = ['hub-admin', 'committee', 'structure-admin', 'mediator'] as const;
export type Role = (typeof ROLES)[number];

export const memberships = sqliteTable(
  'memberships',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    orgId: text('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ROLES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.orgId, t.role] }), index('memberships_org').on(t.orgId)],
);

export const invitations = sqliteTable('invitations', {
  id: text('id').primaryKey(),
  tokenHash: text('token_hash').notNull().unique(),
  orgId: text('org_id')
    .notNull()
    .references(() => organisations.id, { onDelete: 'cascade' }),
  role: text('role', { enum: ROLES }).notNull(),
  /** When set, only this address may accept. */
  email: text('email'),
  createdBy: text('created_by'),
  createdAt: createdAt(),
  expiresAt: text('expires_at').notNull(),
  acceptedAt: text('accepted_at'),
  acceptedBy: text('accepted_by'),
  revokedAt: text('revoked_at'),
});

export const sessions = sqliteTable(
  'sessions',
  {
    /** SHA-256 of the cookie value: a database leak does not hand out live sessions. */
    idHash: text('id_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    expiresAt: text('expires_at').notNull(),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

export const apiTokens = sqliteTable('api_tokens', {
  id: text('id').primaryKey(),
  userId: text('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  /** First characters of the token, shown to the owner to tell tokens apart. */
  prefix: text('prefix').notNull(),
  createdAt: createdAt(),
  lastUsedAt: text('last_used_at'),
  revokedAt: text('revoked_at'),
});

export const rateLimits = sqliteTable('rate_limits', {
  key: text('key').primaryKey(),
  windowStart: text('window_start').notNull(),
  count: integer('count').notNull(),
});

// ---------------------------------------------------------------------------------------------
// Referentials

export const referentialVersions = sqliteTable(
  'referential_versions',
  {
    slug: text('slug').notNull(),
    version: text('version').notNull(),
    kind: text('kind', { enum: ['learner', 'mediator'] }).notNull(),
    title: text('title').notNull(),
    /** Canonical JSON of the validated file. */
    content: text('content').notNull(),
    /** SHA-256 of the canonical JSON: a known version loaded again with other content is refused. */
    contentHash: text('content_hash').notNull(),
    /** Award rules (learner referentials), canonical JSON, or null. */
    rules: text('rules'),
    /** Sortable form of the semver (zero-padded), so that "latest" is one ORDER BY. */
    sortKey: text('sort_key').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.slug, t.version] })],
);

// ---------------------------------------------------------------------------------------------
// Audit: append-only; `chainHash` is sealed in sequence order after each write (see db/audit.ts)

export const auditEvents = sqliteTable(
  'audit_events',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    at: text('at').notNull(),
    actorUserId: text('actor_user_id'),
    orgId: text('org_id'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    /** JSON; never personal data in clear. */
    data: text('data').notNull(),
    entryHash: text('entry_hash').notNull(),
    chainHash: text('chain_hash'),
  },
  (t) => [
    index('audit_org').on(t.orgId, t.seq),
    index('audit_target').on(t.targetType, t.targetId),
    // Sealing looks for the events not yet chained: without this it would scan the whole log.
    index('audit_unsealed').on(t.seq).where(sql`chain_hash is null`),
  ],
);

// ---------------------------------------------------------------------------------------------
// Issuers: keys and status lists

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
     * The Ed25519 half of the same key (issue 18): Data Integrity proofs (eddsa-rdfc-2022) are made
     * with it, so that rotation and compromise apply to both forms of a credential at once. Multikey
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
  },
  (t) => [index('status_lists_org').on(t.orgId, t.purpose)],
);

// ---------------------------------------------------------------------------------------------
// Learners (issue 4): personal data only in learner_personal

export const learners = sqliteTable(
  'learners',
  {
    id: text('id').primaryKey(),
    structureId: text('structure_id')
      .notNull()
      .references(() => organisations.id),
    /** Random, shown on pages and passports instead of any personal data. */
    publicId: text('public_id').notNull().unique(),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    erasedAt: text('erased_at'),
  },
  (t) => [index('learners_structure').on(t.structureId)],
);

export const learnerPersonal = sqliteTable('learner_personal', {
  learnerId: text('learner_id')
    .primaryKey()
    .references(() => learners.id, { onDelete: 'cascade' }),
  displayName: text('display_name').notNull(),
  email: text('email'),
  /** The name in Latin letters as on the person's papers (for a name in another script), if given. */
  latinName: text('latin_name'),
  birthYear: integer('birth_year'),
  consentAt: text('consent_at').notNull(),
  /** Version of the consent text the person agreed to. */
  consentText: text('consent_text').notNull(),
});

export const holderLinks = sqliteTable(
  'holder_links',
  {
    id: text('id').primaryKey(),
    learnerId: text('learner_id')
      .notNull()
      .references(() => learners.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: createdAt(),
    revokedAt: text('revoked_at'),
  },
  (t) => [index('holder_links_learner').on(t.learnerId)],
);

export const EVALUATION_METHODS = ['positioning', 'observation', 'exercise', 'self-assessment'] as const;
export type EvaluationMethod = (typeof EVALUATION_METHODS)[number];

export const evaluations = sqliteTable(
  'evaluations',
  {
    id: text('id').primaryKey(),
    learnerId: text('learner_id')
      .notNull()
      .references(() => learners.id, { onDelete: 'cascade' }),
    structureId: text('structure_id')
      .notNull()
      .references(() => organisations.id),
    mediatorUserId: text('mediator_user_id'),
    referentialSlug: text('referential_slug').notNull(),
    referentialVersion: text('referential_version').notNull(),
    method: text('method', { enum: EVALUATION_METHODS }).notNull(),
    /** Day of the session (YYYY-MM-DD). */
    date: text('date').notNull(),
    /** JSON array of themes chosen with the person (positioning). */
    themes: text('themes').notNull().default('[]'),
    createdAt: createdAt(),
  },
  (t) => [index('evaluations_learner').on(t.learnerId, t.date)],
);

export const evaluationItems = sqliteTable(
  'evaluation_items',
  {
    evaluationId: text('evaluation_id')
      .notNull()
      .references(() => evaluations.id, { onDelete: 'cascade' }),
    competenceCode: text('competence_code').notNull(),
    /** A level id of the referential scale. "Pas évalué" is the absence of a row. */
    level: text('level').notNull(),
    method: text('method', { enum: EVALUATION_METHODS }).notNull(),
    evidenceNote: text('evidence_note'),
  },
  (t) => [primaryKey({ columns: [t.evaluationId, t.competenceCode] })],
);

/** What erasure keeps of evaluations: counts without any link to a person. */
export const evaluationAggregates = sqliteTable(
  'evaluation_aggregates',
  {
    structureId: text('structure_id').notNull(),
    referentialSlug: text('referential_slug').notNull(),
    referentialVersion: text('referential_version').notNull(),
    competenceCode: text('competence_code').notNull(),
    level: text('level').notNull(),
    /** Month of the observation (YYYY-MM). */
    month: text('month').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [
    primaryKey({
      columns: [t.structureId, t.referentialSlug, t.referentialVersion, t.competenceCode, t.level, t.month],
    }),
  ],
);

// ---------------------------------------------------------------------------------------------
// Credentials

export const credentials = sqliteTable(
  'credentials',
  {
    /** UUID; the credential id is `urn:uuid:<id>`. */
    id: text('id').primaryKey(),
    issuerOrgId: text('issuer_org_id')
      .notNull()
      .references(() => organisations.id),
    achievementId: text('achievement_id').notNull(),
    /** competence | passport | block | certified | label | other */
    achievementKind: text('achievement_kind').notNull(),
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

// ---------------------------------------------------------------------------------------------
// Committee review (issue 9; shared with label applications): generic over what is reviewed.

export const REVIEW_KINDS = ['mediator-certification', 'structure-label'] as const;

export const reviewApplications = sqliteTable(
  'review_applications',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: REVIEW_KINDS }).notNull(),
    /** The organisation whose committee decides (the hub). */
    deciderOrgId: text('decider_org_id')
      .notNull()
      .references(() => organisations.id),
    /** The person who applies (a mediator, or the structure admin applying for a label). */
    applicantUserId: text('applicant_user_id')
      .notNull()
      .references(() => users.id),
    /** The applicant's organisation (structure), for scoping and conflicts of interest. */
    applicantOrgId: text('applicant_org_id').references(() => organisations.id),
    /** What is applied for, feature-defined (e.g. `mediateurs@1.0.0`). */
    subjectRef: text('subject_ref').notNull(),
    /** draft | submitted | changes-requested | resubmitted | approved | rejected | withdrawn */
    state: text('state').notNull(),
    /** Review round: 1 at the first submission, +1 at each resubmission. */
    round: integer('round').notNull().default(0),
    /** An application renewing an earlier approved one. */
    renews: text('renews'),
    createdAt: createdAt(),
    updatedAt: text('updated_at').notNull(),
    submittedAt: text('submitted_at'),
    decidedAt: text('decided_at'),
    /** Optimistic concurrency: every write checks and bumps it. */
    revision: integer('revision').notNull().default(0),
  },
  (t) => [
    index('review_applications_queue').on(t.deciderOrgId, t.kind, t.state),
    index('review_applications_applicant').on(t.applicantUserId, t.kind),
  ],
);

export const reviewItems = sqliteTable(
  'review_items',
  {
    applicationId: text('application_id')
      .notNull()
      .references(() => reviewApplications.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    /** Feature-defined JSON claim (self-assessed level, evidence references…). */
    claim: text('claim').notNull().default('{}'),
    /** The applicant's answer to the last "ask for more". */
    response: text('response'),
    /** Final decision on the item once the application is decided. */
    outcome: text('outcome'),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.code] })],
);

export const reviewVotes = sqliteTable(
  'review_votes',
  {
    id: text('id').primaryKey(),
    applicationId: text('application_id')
      .notNull()
      .references(() => reviewApplications.id, { onDelete: 'cascade' }),
    round: integer('round').notNull(),
    reviewerUserId: text('reviewer_user_id')
      .notNull()
      .references(() => users.id),
    /** approve | changes | reject */
    vote: text('vote').notNull(),
    comment: text('comment'),
    createdAt: createdAt(),
  },
  // One review per reviewer and round, even when two submissions race.
  (t) => [uniqueIndex('review_votes_once').on(t.applicationId, t.round, t.reviewerUserId)],
);

export const reviewItemDecisions = sqliteTable(
  'review_item_decisions',
  {
    voteId: text('vote_id')
      .notNull()
      .references(() => reviewVotes.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    /** accept | more | reject */
    decision: text('decision').notNull(),
    comment: text('comment'),
  },
  (t) => [primaryKey({ columns: [t.voteId, t.code] })],
);

// ---------------------------------------------------------------------------------------------
// Mediator certification (issue 9): portfolio, evidence, credentials issued per application

export const portfolioEntries = sqliteTable(
  'portfolio_entries',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    referentialSlug: text('referential_slug').notNull(),
    referentialVersion: text('referential_version').notNull(),
    competenceCode: text('competence_code').notNull(),
    /** Self-assessed level (a level id of the referential's scale). */
    level: text('level').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.referentialSlug, t.referentialVersion, t.competenceCode] })],
);

export const EVIDENCE_KINDS = ['text', 'link', 'file'] as const;

export const portfolioEvidence = sqliteTable(
  'portfolio_evidence',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    referentialSlug: text('referential_slug').notNull(),
    referentialVersion: text('referential_version').notNull(),
    competenceCode: text('competence_code').notNull(),
    kind: text('kind', { enum: EVIDENCE_KINDS }).notNull(),
    /** Text evidence, or the description of a link or file. */
    text: text('text'),
    url: text('url'),
    /** Key of the file in the blob store (never a path). */
    fileKey: text('file_key'),
    fileName: text('file_name'),
    fileType: text('file_type'),
    fileSize: integer('file_size'),
    createdAt: createdAt(),
  },
  (t) => [index('portfolio_evidence_user').on(t.userId, t.referentialSlug, t.referentialVersion, t.competenceCode)],
);

/** Which mediator holds which credential, from which application (kept out of the credential). */
export const certificationCredentials = sqliteTable(
  'certification_credentials',
  {
    credentialId: text('credential_id')
      .primaryKey()
      .references(() => credentials.id),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    applicationId: text('application_id')
      .notNull()
      .references(() => reviewApplications.id),
    /** block | certification */
    kind: text('kind').notNull(),
    blockCode: text('block_code'),
    createdAt: createdAt(),
  },
  (t) => [index('certification_credentials_user').on(t.userId)],
);

// ---------------------------------------------------------------------------------------------
// Issue 12: a mediator's day

/** What erasure keeps of how many sessions a structure ran: counts per month, no link to a person. */
export const evaluationCounts = sqliteTable(
  'evaluation_counts',
  {
    structureId: text('structure_id').notNull(),
    /** Month of the session (YYYY-MM). */
    month: text('month').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.structureId, t.month] })],
);

/** One-time password reset links, generated by an admin of the person's organisation. */
export const passwordResets = sqliteTable(
  'password_resets',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** SHA-256 of the secret in the link; the link itself is shown once. */
    tokenHash: text('token_hash').notNull().unique(),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    expiresAt: text('expires_at').notNull(),
    usedAt: text('used_at'),
  },
  (t) => [index('password_resets_user').on(t.userId)],
);

// ---------------------------------------------------------------------------------------------
// Regional label (issue 10): programme versions, structure details for open data, public listing
// consent of mediators, labels granted.

export const labelProgrammes = sqliteTable(
  'label_programmes',
  {
    slug: text('slug').notNull(),
    version: text('version').notNull(),
    title: text('title').notNull(),
    /** Canonical JSON of the validated file. */
    content: text('content').notNull(),
    /** SHA-256 of the content: a known version loaded again with other content is refused. */
    contentHash: text('content_hash').notNull(),
    sortKey: text('sort_key').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.slug, t.version] })],
);

/**
 * What the national open-data schema of mediation places (LaMednum/standard-mediation-num) needs
 * about a structure beyond its name. Public data about a place, never about a person.
 */
export const structureProfiles = sqliteTable('structure_profiles', {
  orgId: text('org_id')
    .primaryKey()
    .references(() => organisations.id, { onDelete: 'cascade' }),
  /** SIRET (14 digits) or RNA (W + 9 digits). */
  pivot: text('pivot'),
  adresse: text('adresse'),
  complementAdresse: text('complement_adresse'),
  commune: text('commune'),
  codePostal: text('code_postal'),
  codeInsee: text('code_insee'),
  /** International format without spaces (+33…), as the schema wants. */
  telephone: text('telephone'),
  courriel: text('courriel'),
  siteWeb: text('site_web'),
  /** OpenStreetMap opening_hours syntax, or plain text. */
  horaires: text('horaires'),
  presentationResume: text('presentation_resume'),
  /** JSON array of values of the schema's `services` vocabulary. */
  services: text('services').notNull().default('[]'),
  /** JSON array of values of the schema's `frais_a_charge` vocabulary. */
  fraisACharge: text('frais_a_charge').notNull().default('[]'),
  ficheAccesLibre: text('fiche_acces_libre'),
  priseRdv: text('prise_rdv'),
  updatedAt: text('updated_at').notNull(),
});

/** A mediator agreed to have their name shown on the public page of a structure. */
export const publicListingConsents = sqliteTable(
  'public_listing_consents',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    orgId: text('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    consentAt: text('consent_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.orgId] })],
);

/**
 * A label granted by a hub to a structure. Its state lives on its credential row (suspended /
 * revoked = withdrawn) so that the status list, the registry and verification read one truth.
 */
export const labels = sqliteTable(
  'labels',
  {
    id: text('id').primaryKey(),
    structureId: text('structure_id')
      .notNull()
      .references(() => organisations.id),
    hubId: text('hub_id')
      .notNull()
      .references(() => organisations.id),
    programmeSlug: text('programme_slug').notNull(),
    programmeVersion: text('programme_version').notNull(),
    /** The application the committee decided on (null for a label granted outside an application). */
    applicationId: text('application_id'),
    credentialId: text('credential_id')
      .notNull()
      .references(() => credentials.id),
    /** The hub's EndorsementCredential of the structure's profile (compact JWT), shown while valid. */
    endorsementId: text('endorsement_id').notNull(),
    endorsementJwt: text('endorsement_jwt').notNull(),
    grantedAt: text('granted_at').notNull(),
    grantedBy: text('granted_by'),
    validFrom: text('valid_from').notNull(),
    validUntil: text('valid_until').notNull(),
    /** Certified mediators counted by Jalon when the label was granted. */
    certifiedMediators: integer('certified_mediators').notNull(),
    /** The label this one renews (an unbroken chain gives "labellisée depuis…"). */
    renewalOf: text('renewal_of'),
  },
  (t) => [
    index('labels_structure').on(t.structureId, t.grantedAt),
    uniqueIndex('labels_credential').on(t.credentialId),
  ],
);

// ---------------------------------------------------------------------------------------------
// Data Integrity forms (issue 18): signed on first request, then kept (signing costs tens of ms).

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
