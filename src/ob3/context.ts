import type { CredentialSchema } from './types.js';

/** VC Data Model 2.0 base context: always first. */
export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
/** Open Badges 3.0 context, current revision (3.0.2 added `@protected`, 3.0.3 is current). */
export const OB_V3_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
/** Defines `1EdTechJsonSchemaValidator2019`: without it the credentialSchema type is undefined in JSON-LD. */
export const OB_V3_EXTENSIONS_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json';

export const OPEN_BADGE_CONTEXTS: readonly string[] = Object.freeze([
  VC_V2_CONTEXT,
  OB_V3_CONTEXT,
  OB_V3_EXTENSIONS_CONTEXT,
]);

export const ACHIEVEMENT_CREDENTIAL_SCHEMA_URL =
  'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';

/** The credentialSchema entry every OpenBadgeCredential we issue carries. */
export const ACHIEVEMENT_CREDENTIAL_SCHEMA: Readonly<CredentialSchema> = Object.freeze({
  id: ACHIEVEMENT_CREDENTIAL_SCHEMA_URL,
  type: '1EdTechJsonSchemaValidator2019',
});

/** DID Core v1 context and the JsonWebKey2020 suite context (defines `publicKeyJwk`). */
export const DID_V1_CONTEXT = 'https://www.w3.org/ns/did/v1';
export const JWS_2020_CONTEXT = 'https://w3id.org/security/suites/jws-2020/v1';
