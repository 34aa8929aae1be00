/** Hashes and secrets (the bytes themselves and their text forms are in bytes.ts). */
import { createHash } from 'node:crypto';
import { base64urlEncode, randomBytes, utf8Encode } from './bytes.js';

/** A URL-safe secret with `bytes` bytes of entropy (32 by default: 256 bits). */
export function randomToken(bytes = 32): string {
  return base64urlEncode(randomBytes(bytes));
}

/**
 * SHA-256 of a text's UTF-8 bytes, in hex. node:crypto's hash is native and synchronous on Node and
 * on Workers (nodejs_compat): a WebCrypto digest costs a job and a promise (~50 µs of CPU on Node
 * for a session token), and a synchronous hash can be computed while a batch of statements is built
 * (drizzle queries are thenables: an async function returning one would execute it on the spot).
 */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Compares two strings without leaking where they differ through timing. */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = utf8Encode(a);
  const y = utf8Encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}
