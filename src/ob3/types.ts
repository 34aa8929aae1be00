/**
 * Types of the Open Badges 3.0 documents Jalon emits and reads (VC Data Model 2.0 shape).
 * Sets are always arrays (the strict 1EdTech JSON Schema rejects compacted single values);
 * the few `type` properties the schema wants as plain strings are typed as such.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A public or private EC key as a JWK (only the members we use). */
export interface EcJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  /** Private scalar: present only on private keys. */
  d?: string;
  kid?: string;
  alg?: string;
  use?: string;
}

export interface Image {
  id: string;
  type: 'Image';
  caption?: string;
}

export interface Profile {
  id: string;
  type: string[];
  name?: string;
  url?: string;
  description?: string;
  email?: string;
  phone?: string;
  image?: Image;
  /** Embedded EndorsementCredentials (e.g. the hub endorsing a labelled structure). */
  endorsement?: Record<string, unknown>[];
  endorsementJwt?: string[];
  /** The organisation this one belongs to (a structure's hub). */
  parentOrg?: Profile;
}

export interface Criteria {
  id?: string;
  /** Markdown. */
  narrative?: string;
}

export type AlignmentTargetType =
  | 'ceasn:Competency'
  | 'ceterms:Credential'
  | 'CFItem'
  | 'CFRubric'
  | 'CFRubricCriterion'
  | 'CFRubricCriterionLevel'
  | 'CTDL'
  | `ext:${string}`;

export interface Alignment {
  type: ['Alignment'];
  targetName: string;
  targetUrl: string;
  targetCode?: string;
  targetDescription?: string;
  targetFramework?: string;
  targetType?: AlignmentTargetType;
}

export interface RubricCriterionLevel {
  id: string;
  type: ['RubricCriterionLevel'];
  name: string;
  description?: string;
  /** Position on the scale as text ("1" = the first step), as the spec types it. */
  level?: string;
  points?: string;
  alignment?: Alignment[];
}

export type ResultType =
  | 'GradePointAverage'
  | 'LetterGrade'
  | 'Percent'
  | 'PerformanceLevel'
  | 'PredictedScore'
  | 'RawScore'
  | 'Result'
  | 'RubricCriterion'
  | 'RubricCriterionLevel'
  | 'RubricScore'
  | 'ScaledScore'
  | 'Status'
  | `ext:${string}`;

export interface ResultDescription {
  id: string;
  type: ['ResultDescription'];
  name: string;
  resultType: ResultType;
  rubricCriterionLevel?: RubricCriterionLevel[];
  /** Id of the RubricCriterionLevel required to earn the achievement. */
  requiredLevel?: string;
  alignment?: Alignment[];
  allowedValue?: string[];
  requiredValue?: string;
  valueMin?: string;
  valueMax?: string;
}

export type ResultStatus = 'Completed' | 'Enrolled' | 'Failed' | 'InProgress' | 'OnHold' | 'Provisional' | 'Withdrew';

export interface Result {
  type: ['Result'];
  /** Id of a ResultDescription of the asserted achievement. */
  resultDescription?: string;
  /** Id of a RubricCriterionLevel of that ResultDescription. */
  achievedLevel?: string;
  value?: string;
  status?: ResultStatus;
  alignment?: Alignment[];
}

export interface Achievement {
  id: string;
  type: ['Achievement'];
  name: string;
  description: string;
  criteria: Criteria;
  achievementType?: string;
  image?: Image;
  alignment?: Alignment[];
  resultDescription?: ResultDescription[];
  tag?: string[];
  humanCode?: string;
  inLanguage?: string;
  version?: string;
  creator?: Profile;
  fieldOfStudy?: string;
  specialization?: string;
}

export interface Evidence {
  type: string[];
  /** URL or data: URI of the evidence. */
  id?: string;
  narrative?: string;
  name?: string;
  description?: string;
  genre?: string;
  audience?: string;
}

export type IdentityType =
  | 'name'
  | 'emailAddress'
  | 'sourcedId'
  | 'systemId'
  | 'productId'
  | 'userName'
  | 'accountId'
  | 'nationalIdentityNumber'
  | 'isbn'
  | 'issn'
  | 'lisSourcedId'
  | 'oneRosterSourcedId'
  | 'sisSourcedId'
  | 'ltiContextId'
  | 'ltiDeploymentId'
  | 'ltiToolId'
  | 'ltiPlatformId'
  | 'ltiUserId'
  | 'identifier'
  | `ext:${string}`;

export interface IdentityObject {
  type: 'IdentityObject';
  hashed: boolean;
  /** `sha256$<hex>` when hashed, the plain value otherwise. */
  identityHash: string;
  identityType: IdentityType;
  salt?: string;
}

export interface AchievementSubject {
  id?: string;
  type: ['AchievementSubject'];
  identifier?: IdentityObject[];
  achievement: Achievement;
  result?: Result[];
}

export interface CredentialSchema {
  id: string;
  type: string;
}

export type StatusPurpose = 'revocation' | 'suspension' | 'message';

export interface StatusMessage {
  /** Hexadecimal status value, e.g. "0x2". */
  status: string;
  message: string;
}

export interface BitstringStatusListEntry {
  id: string;
  type: 'BitstringStatusListEntry';
  statusPurpose: StatusPurpose;
  /** Base-10 integer as a string (spec). */
  statusListIndex: string;
  statusListCredential: string;
  /** Bits per entry; absent means 1. */
  statusSize?: number;
  statusMessage?: StatusMessage[];
}

export interface OpenBadgeCredential {
  '@context': string[];
  id: string;
  type: string[];
  name?: string;
  description?: string;
  issuer: Profile;
  validFrom: string;
  validUntil?: string;
  awardedDate?: string;
  credentialSubject: AchievementSubject;
  evidence?: Evidence[];
  credentialSchema?: CredentialSchema[];
  /** One entry (OB 3.0 allows 0..1; see credential.ts). An array is accepted when reading. */
  credentialStatus?: BitstringStatusListEntry | BitstringStatusListEntry[];
  proof?: Record<string, unknown>[];
}

export interface BitstringStatusList {
  id: string;
  type: 'BitstringStatusList';
  statusPurpose: StatusPurpose;
  encodedList: string;
  /** Milliseconds a verifier may cache the list. */
  ttl?: number;
}

export interface BitstringStatusListCredential {
  '@context': string[];
  id: string;
  type: ['VerifiableCredential', 'BitstringStatusListCredential'];
  /** A plain id: the Profile class is an OB term, undefined under the VC v2 context alone. */
  issuer: string;
  validFrom: string;
  validUntil?: string;
  credentialSubject: BitstringStatusList;
}

export interface VerificationMethod {
  id: string;
  type: 'JsonWebKey2020';
  controller: string;
  publicKeyJwk: EcJwk;
}

/** The Ed25519 half of a key, for Data Integrity proofs (see data-integrity/multikey.ts). */
export interface MultikeyVerificationMethod {
  id: string;
  type: 'Multikey';
  controller: string;
  publicKeyMultibase: string;
}

export interface DidDocument {
  '@context': string[];
  id: string;
  verificationMethod: (VerificationMethod | MultikeyVerificationMethod)[];
  assertionMethod: string[];
  authentication: string[];
}
