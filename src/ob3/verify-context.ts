import type { EcJwk, OpenBadgeCredential } from './types.js';

/** What the caller (the verification service) provides; the core does no I/O itself. */

export type KeyStatus = 'active' | 'retired' | 'compromised';

export interface ResolvedKey {
  /** Public JWK of the verification method `kid` designates. */
  publicJwk: EcJwk;
  /** `retired` keys (rotated out) still verify what they signed; `compromised` ones do not. */
  status: KeyStatus;
  /** When the key was declared compromised. */
  compromisedAt?: Date | string;
  /** The issuer's name as Jalon's registry knows it (preferred over the name inside the badge). */
  issuerName?: string;
}

export interface StatusReason {
  /** Plain French reason given by the issuer (shown to the reader). */
  reason?: string;
  /** When the credential was revoked or suspended. */
  since?: Date | string;
  /**
   * The issuer's own account of a set revocation bit: a suspension (Jalon marks suspended
   * credentials revoked on the list so that every verifier refuses them).
   */
  as?: 'suspended';
  /** URL of the fresh credential issued on reinstatement. */
  replacedBy?: string;
}

export interface VerifyContext {
  /**
   * The key a DID URL designates (`did:web:…:issuers:<slug>#<fragment>`), or null when no known
   * issuer has it. Compromised keys must still be returned (with their status) so that the
   * verdict can say so; only truly unknown keys are null.
   */
  resolveKey(kid: string): Promise<ResolvedKey | null>;
  /** The compact JWT of the status list credential served at `url`, or null when unreachable. */
  loadStatusList(url: string): Promise<string | null>;
  /** The compact JWT Jalon signed for this credential id, to verify a JSON copy without proof. */
  findSignedOriginal?(credentialId: string): Promise<string | null>;
  /** The Data Integrity form Jalon made of that credential (same key row), to trust an exact copy of it. */
  findDataIntegrityForm?(credentialId: string): Promise<string | null>;
  /** Why and since when a credential is revoked or suspended, when the issuer recorded it. */
  statusReason?(credentialId: string, state: 'revoked' | 'suspended'): Promise<StatusReason | string | null>;
  /**
   * What the hub's label says about the credential's issuer (and, for a hub-issued credential, the
   * certification or label it carries): the `label` check. Informative, never a reason to refuse a
   * learner's badge; absent when the caller has no label registry.
   */
  labelOf?(query: LabelQuery): Promise<LabelOutcome | null>;
  /** Clock (defaults to the current time). */
  now?: Date;
  /** Name and/or e-mail the reader expects the holder to have (matched against hashed identifiers). */
  expected?: { name?: string; email?: string };
}

export type CheckId = 'parse' | 'schema' | 'signature' | 'issuer' | 'label' | 'status' | 'validity' | 'recipient';

export interface LabelQuery {
  issuerId: string;
  credentialId?: string;
  /** When the credential was issued (its validFrom). */
  issuedAt: Date;
}

export interface LabelOutcome {
  ok: boolean;
  text: Text;
}

export interface VerificationCheck {
  id: CheckId;
  ok: boolean;
  /** Plain French, for a social worker. */
  message: string;
  messageEn: string;
  /** Technical details (e.g. every JSON Schema error), for those who want them. */
  details?: string[];
}

/**
 * Why a badge is not valid, as a stable code (the first reason, in the order of the checks); the
 * holder's name is reported apart (`holder`), since a badge given to someone else is still valid.
 */
export type BadgeProblem =
  | 'unreadable'
  | 'not_authentic'
  | 'unknown_issuer'
  | 'issuer_unchecked'
  | 'key_compromised'
  | 'revoked'
  | 'suspended'
  | 'status_unchecked'
  | 'expired'
  | 'not_yet_valid'
  | 'invalid_dates'
  | 'invalid_format'
  | 'other';

export interface VerificationResult {
  verified: boolean;
  /** Absent when every check but `recipient` passed: the badge itself is valid. */
  problem?: BadgeProblem;
  /** Whether the name/e-mail given matches the holder; absent when none was given. */
  holder?: 'match' | 'mismatch' | 'unknown';
  checks: VerificationCheck[];
  /** One plain French sentence. */
  summary: string;
  summaryEn: string;
  /** The credential, when it could be read and is schema-valid. */
  credential?: OpenBadgeCredential;
  /** The compact JWT that was verified (the input, or the signed original of a JSON copy). */
  jwt?: string;
  format: 'jwt' | 'json' | 'unknown';
}

/** A message in French (for the reader) and English. */
export interface Text {
  fr: string;
  en: string;
}

export const t = (fr: string, en: string): Text => ({ fr, en });
