import { OPEN_BADGE_CONTEXTS } from './context.js';
import { type CredentialStatusInput, credentialStatusEntry, pruneJson } from './credential.js';
import { toDateTimeZ } from './dates.js';
import type { BitstringStatusListEntry, Profile } from './types.js';

/**
 * An OB 3.0 EndorsementCredential: an issuer (the hub) vouches for another profile (a labelled
 * structure). Valid against the official endorsement schema; signed as a VC-JWT like the others.
 * Its `credentialStatus` may share the status slot of what it stands for (the label credential): then
 * a verifier holding a copy reads it revoked as soon as that is suspended or withdrawn.
 */

export const ENDORSEMENT_CREDENTIAL_SCHEMA_URL =
  'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_endorsementcredential_schema.json';

export interface EndorsementCredential {
  '@context': string[];
  id: string;
  type: ['VerifiableCredential', 'EndorsementCredential'];
  name: string;
  description?: string;
  issuer: Profile;
  validFrom: string;
  validUntil?: string;
  credentialSubject: { id: string; type: ['EndorsementSubject']; endorsementComment?: string };
  credentialSchema: { id: string; type: '1EdTechJsonSchemaValidator2019' }[];
  credentialStatus?: BitstringStatusListEntry;
}

export interface BuildEndorsementInput {
  id: string;
  name: string;
  description?: string;
  issuer: Profile;
  /** What is endorsed: the structure's issuer DID. */
  subjectId: string;
  comment?: string;
  validFrom: Date | string;
  validUntil?: Date | string;
  status?: CredentialStatusInput;
}

export function buildEndorsementCredential(input: BuildEndorsementInput): EndorsementCredential {
  const validFrom = toDateTimeZ(input.validFrom);
  const validUntil = input.validUntil === undefined ? undefined : toDateTimeZ(input.validUntil);
  if (validUntil !== undefined && validUntil <= validFrom) throw new Error('validUntil must be after validFrom');
  return pruneJson<EndorsementCredential>({
    '@context': [...OPEN_BADGE_CONTEXTS],
    id: input.id,
    type: ['VerifiableCredential', 'EndorsementCredential'],
    name: input.name,
    description: input.description,
    issuer: input.issuer,
    validFrom,
    validUntil,
    credentialSubject: { id: input.subjectId, type: ['EndorsementSubject'], endorsementComment: input.comment },
    credentialSchema: [{ id: ENDORSEMENT_CREDENTIAL_SCHEMA_URL, type: '1EdTechJsonSchemaValidator2019' }],
    credentialStatus: input.status ? credentialStatusEntry(input.status) : undefined,
  });
}
