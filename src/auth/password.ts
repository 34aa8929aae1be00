import { base64urlDecode, base64urlEncode, randomBytes, utf8Encode } from '../lib/bytes.js';
import { constantTimeEqual } from '../lib/crypto.js';

/**
 * PBKDF2-SHA256 through WebCrypto: native on Node and Workers, where a pure-JS memory-hard KDF
 * (argon2, scrypt) would burn the request's CPU budget. 100,000 iterations is the most Workers'
 * WebCrypto accepts; the iteration count is stored in each hash so it can be raised later.
 */
export const PBKDF2_ITERATIONS = 100_000;
const SALT_BYTES = 16;
const HASH_BITS = 256;

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const material = utf8Encode(password.normalize('NFC'));
  const key = await crypto.subtle.importKey('raw', material, 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, HASH_BITS);
  return new Uint8Array(bits);
}

/** A new hash; `iterations` is the deployment's work factor (AppConfig.passwordIterations). */
export async function hashPassword(password: string, iterations: number): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, iterations);
  return `pbkdf2-sha256$${iterations}$${base64urlEncode(salt)}$${base64urlEncode(hash)}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iter, salt, hash] = stored.split('$');
  const iterations = Number(iter);
  if (
    scheme !== 'pbkdf2-sha256' ||
    !salt ||
    !hash ||
    !Number.isInteger(iterations) ||
    iterations < 1 ||
    iterations > PBKDF2_ITERATIONS
  ) {
    return false;
  }
  const candidate = await derive(password, base64urlDecode(salt), iterations);
  return constantTimeEqual(base64urlEncode(candidate), hash);
}

/**
 * A hash to verify against when the account does not exist, with the work factor new hashes get, so
 * that timing does not reveal whether it exists.
 */
export function dummyPasswordHash(iterations: number): string {
  return `pbkdf2-sha256$${iterations}$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`;
}

export const PASSWORD_MIN_LENGTH = 12;
