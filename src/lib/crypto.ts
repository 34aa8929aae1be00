/** Hashes and secrets (WebCrypto; the bytes themselves and their text forms are in bytes.ts). */
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { base64urlEncode, randomBytes, toHex, utf8Encode } from './bytes.js';

/** A URL-safe secret with `bytes` bytes of entropy (32 by default: 256 bits). */
export function randomToken(bytes = 32): string {
  return base64urlEncode(randomBytes(bytes));
}

export async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

/**
 * Short values (tokens, addresses, keys: every authenticated request hashes its session token) are
 * hashed in JavaScript: a WebCrypto digest costs a job and a promise, ~50 µs of CPU on Node against
 * ~10 µs here. Long ones go to WebCrypto, native and faster per byte.
 */
const SHORT_TEXT = 4096;

export async function sha256Hex(text: string): Promise<string> {
  if (text.length <= SHORT_TEXT) return sha256HexSync(text);
  return toHex(await sha256(utf8Encode(text)));
}

/** Compares two strings without leaking where they differ through timing. */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = utf8Encode(a);
  const y = utf8Encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/**
 * Synchronous SHA-256 (hex), for values that must be computed while building a batch of
 * statements: drizzle queries are thenables, so they cannot be returned from an async function
 * without being executed on the spot.
 */
export function sha256HexSync(text: string): string {
  return toHex(nobleSha256(utf8Encode(text)));
}
