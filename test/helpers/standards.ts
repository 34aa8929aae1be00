/**
 * Independent checks of what Jalon emits, not using Jalon's own verifier: ajv against the official
 * OB 3.0 JSON Schemas (copied unmodified from 1EdTech's published specification into src/ob3/schemas),
 * and raw WebCrypto for ES256 signatures.
 */
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import achievementCredentialSchema from '../../src/ob3/schemas/ob_v3p0_achievementcredential_schema.json' with {
  type: 'json',
};
import endorsementCredentialSchema from '../../src/ob3/schemas/ob_v3p0_endorsementcredential_schema.json' with {
  type: 'json',
};
import profileSchema from '../../src/ob3/schemas/ob_v3p0_profile_schema.json' with { type: 'json' };

const ajv = new Ajv2019({ strict: false, allErrors: true });
addFormats(ajv);
const credentialValidator = ajv.compile(achievementCredentialSchema);
const profileValidator = ajv.compile(profileSchema);
const endorsementValidator = ajv.compile(endorsementCredentialSchema);

export function officialEndorsementErrors(credential: unknown): unknown[] {
  return endorsementValidator(credential) ? [] : (endorsementValidator.errors ?? ['invalid']);
}

export function officialSchemaErrors(credential: unknown): unknown[] {
  return credentialValidator(credential) ? [] : (credentialValidator.errors ?? ['invalid']);
}

export function officialProfileErrors(profile: unknown): unknown[] {
  return profileValidator(profile) ? [] : (profileValidator.errors ?? ['invalid']);
}

function b64url(text: string): Uint8Array<ArrayBuffer> {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0));
}

export function decodePart<T = Record<string, unknown>>(jwt: string, part: 0 | 1): T {
  return JSON.parse(new TextDecoder().decode(b64url(jwt.split('.')[part]!))) as T;
}

/** ES256 compact JWS check with WebCrypto alone: raw r||s signature over `header.payload`. */
export async function webCryptoVerify(jwt: string, publicJwk: JsonWebKey): Promise<boolean> {
  const [h, p, s] = jwt.split('.') as [string, string, string];
  const key = await crypto.subtle.importKey(
    'jwk',
    { kty: publicJwk.kty, crv: publicJwk.crv, x: publicJwk.x, y: publicJwk.y },
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['verify'],
  );
  return crypto.subtle.verify(
    { name: 'ECDSA', hash: 'SHA-256' },
    key,
    b64url(s),
    new TextEncoder().encode(`${h}.${p}`),
  );
}
