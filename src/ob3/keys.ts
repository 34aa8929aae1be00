import { base64urlDecode, base64urlEncode, randomBytes, utf8Decode, utf8Encode } from '../lib/bytes.js';
import { isRecord } from '../lib/json.js';
import type { EcJwk } from './types.js';

/**
 * Issuer signing keys: ES256 (ECDSA P-256), the JOSE algorithm the 1EdTech validator accepts
 * besides RS256, with small keys and fast signing on Workers. Private keys are stored encrypted
 * with AES-256-GCM under a key derived from the master secret.
 */

const EC_PARAMS: EcKeyImportParams = { name: 'ECDSA', namedCurve: 'P-256' };
const HKDF_INFO = 'jalon/issuer-key/v1';
const CIPHERTEXT_VERSION = 'v1';
export const MIN_MASTER_SECRET_BYTES = 32;

export class KeyError extends Error {
  override name = 'KeyError';
}

export interface SigningKeyPair {
  publicJwk: EcJwk;
  privateJwk: EcJwk;
}

/** Keeps only the members that define the key (drops `key_ops`, `ext` added by WebCrypto). */
function cleanJwk(jwk: JsonWebKey, withPrivate: boolean): EcJwk {
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.x || !jwk.y) throw new KeyError('expected an EC P-256 JWK');
  const out: EcJwk = { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
  if (withPrivate) {
    if (!jwk.d) throw new KeyError('private JWK without d');
    out.d = jwk.d;
  }
  return out;
}

export function publicJwkOf(jwk: EcJwk): EcJwk {
  return { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
}

export async function generateSigningKeyPair(): Promise<SigningKeyPair> {
  const pair = (await crypto.subtle.generateKey(EC_PARAMS, true, ['sign', 'verify'])) as CryptoKeyPair;
  const [pub, priv] = await Promise.all([
    crypto.subtle.exportKey('jwk', pair.publicKey) as Promise<JsonWebKey>,
    crypto.subtle.exportKey('jwk', pair.privateKey) as Promise<JsonWebKey>,
  ]);
  return { publicJwk: cleanJwk(pub, false), privateJwk: cleanJwk(priv, true) };
}

export async function importSigningKey(privateJwk: EcJwk): Promise<CryptoKey> {
  const jwk = cleanJwk(privateJwk, true);
  return crypto.subtle.importKey('jwk', jwk, EC_PARAMS, false, ['sign']);
}

// Imported public keys, by coordinates: importing costs as much as verifying. A bounded cache of
// immutable values (per isolate), not request state.
const verifyingKeys = new Map<string, Promise<CryptoKey>>();
const MAX_CACHED_KEYS = 256;

export function importVerifyingKey(publicJwk: EcJwk | JsonWebKey): Promise<CryptoKey> {
  const jwk = cleanJwk(publicJwk as JsonWebKey, false);
  const cacheKey = `${jwk.x}.${jwk.y}`;
  let key = verifyingKeys.get(cacheKey);
  if (!key) {
    key = crypto.subtle.importKey('jwk', jwk, EC_PARAMS, false, ['verify']);
    key.catch(() => verifyingKeys.delete(cacheKey));
    if (verifyingKeys.size >= MAX_CACHED_KEYS) verifyingKeys.delete(verifyingKeys.keys().next().value!);
    verifyingKeys.set(cacheKey, key);
  }
  return key;
}

async function deriveWrappingKey(masterSecret: Uint8Array): Promise<CryptoKey> {
  if (masterSecret.length < MIN_MASTER_SECRET_BYTES) throw new KeyError('master secret too short');
  const ikm = await crypto.subtle.importKey('raw', masterSecret as Uint8Array<ArrayBuffer>, 'HKDF', false, [
    'deriveKey',
  ]);
  // Empty salt: the master secret is already uniformly random (RFC 5869 §3.1); `info` separates uses.
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: utf8Encode(HKDF_INFO) },
    ikm,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/**
 * `v1.<iv>.<ciphertext>` (base64url). `aad` must name the key's row (its id): the ciphertext then only
 * decrypts for that row, so a database edit cannot swap one issuer's key into another row.
 */
export async function sealSecret(plaintext: string, masterSecret: Uint8Array, aad: string): Promise<string> {
  const key = await deriveWrappingKey(masterSecret);
  const iv = randomBytes(12);
  const ciphertext = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: utf8Encode(aad) },
    key,
    utf8Encode(plaintext),
  );
  return `${CIPHERTEXT_VERSION}.${base64urlEncode(iv)}.${base64urlEncode(new Uint8Array(ciphertext))}`;
}

export async function openSecret(sealed: string, masterSecret: Uint8Array, aad: string): Promise<string> {
  const parts = sealed.split('.');
  if (parts.length !== 3 || parts[0] !== CIPHERTEXT_VERSION) {
    throw new KeyError('encrypted private key: unknown format (expected v1.<iv>.<ciphertext>)');
  }
  let iv: Uint8Array<ArrayBuffer>;
  let data: Uint8Array<ArrayBuffer>;
  try {
    iv = base64urlDecode(parts[1] ?? '');
    data = base64urlDecode(parts[2] ?? '');
  } catch {
    throw new KeyError('encrypted private key: invalid base64url');
  }
  if (iv.length !== 12) throw new KeyError('encrypted private key: invalid IV');
  const key = await deriveWrappingKey(masterSecret);
  let plaintext: ArrayBuffer;
  try {
    plaintext = await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: utf8Encode(aad) }, key, data);
  } catch {
    // GCM does not say which input was wrong, only that authentication failed.
    throw new KeyError(
      'cannot decrypt the issuer private key: wrong master secret, key stored under another row id, or altered ciphertext',
    );
  }
  return utf8Decode(new Uint8Array(plaintext));
}

export async function encryptPrivateJwk(privateJwk: EcJwk, masterSecret: Uint8Array, aad: string): Promise<string> {
  return sealSecret(JSON.stringify(cleanJwk(privateJwk as JsonWebKey, true)), masterSecret, aad);
}

export async function decryptPrivateJwk(sealed: string, masterSecret: Uint8Array, aad: string): Promise<EcJwk> {
  const parsed: unknown = JSON.parse(await openSecret(sealed, masterSecret, aad));
  if (!isRecord(parsed)) throw new KeyError('decrypted private key is not a JWK');
  return cleanJwk(parsed as JsonWebKey, true);
}
