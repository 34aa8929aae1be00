import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { base64url, hex, utf8 } from './encoding.js';

export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(length));
}

/** A URL-safe secret with `bytes` bytes of entropy (32 by default: 256 bits). */
export function randomToken(bytes = 32): string {
  return base64url(randomBytes(bytes));
}

export async function sha256Hex(text: string): Promise<string> {
  return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', utf8(text))));
}

/** Compares two strings without leaking where they differ through timing. */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = utf8(a);
  const y = utf8(b);
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
  return hex(nobleSha256(utf8(text)));
}
