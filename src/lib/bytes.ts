/**
 * Bytes and their text forms on Web APIs only (no Buffer): the same code runs on Node and on
 * Workers, for the credential core and for the app alike.
 */

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

export function utf8Encode(text: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(text);
}

/** Decodes UTF-8, throwing on invalid byte sequences (a tampered token must not decode "almost"). */
export function utf8Decode(bytes: Uint8Array): string {
  return strictDecoder.decode(bytes);
}

const BASE64URL_CODES = utf8Encode('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_');
const asciiDecoder = new TextDecoder();

/**
 * The ASCII bytes of `prefix` then of the unpadded base64url of `bytes`, in one buffer: what a JWS
 * signs (`header.payload`) without encoding the payload's text a second time. Written out with a
 * table: `btoa` over a binary string is twenty times slower, and a credential's 10 KB payload is
 * encoded once per issuance.
 */
export function base64urlAscii(bytes: Uint8Array, prefix?: Uint8Array): Uint8Array<ArrayBuffer> {
  const codes = BASE64URL_CODES;
  const n = bytes.length;
  const whole = n - (n % 3);
  const start = prefix?.length ?? 0;
  const out = new Uint8Array(start + Math.ceil((n * 4) / 3));
  if (prefix) out.set(prefix);
  let k = start;
  for (let i = 0; i < whole; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[k] = codes[v >> 18]!;
    out[k + 1] = codes[(v >> 12) & 63]!;
    out[k + 2] = codes[(v >> 6) & 63]!;
    out[k + 3] = codes[v & 63]!;
    k += 4;
  }
  if (n > whole) {
    const v = (bytes[whole]! << 16) | ((bytes[whole + 1] ?? 0) << 8);
    out[k++] = codes[v >> 18]!;
    out[k++] = codes[(v >> 12) & 63]!;
    if (n - whole === 2) out[k++] = codes[(v >> 6) & 63]!;
  }
  return out;
}

/** Unpadded base64url (RFC 4648 §5, as JOSE writes it). */
export function base64urlEncode(bytes: Uint8Array): string {
  return asciiDecoder.decode(base64urlAscii(bytes));
}

/** Text of ASCII bytes (base64url, a JWS's signing input). */
export function asciiDecode(bytes: Uint8Array): string {
  return asciiDecoder.decode(bytes);
}

/** Each byte's 6-bit value in a base64 alphabet; 64 marks a byte outside it. */
function valuesOf(codes: Uint8Array): Uint8Array {
  const values = new Uint8Array(256).fill(64);
  codes.forEach((code, i) => {
    values[code] = i;
  });
  return values;
}
const BASE64URL_VALUES = valuesOf(BASE64URL_CODES);
const BASE64_VALUES = valuesOf(utf8Encode('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'));

/**
 * Decodes unpadded base64url; throws on any character outside the alphabet or an impossible length.
 * The text's bytes (TextEncoder, native) are read through a table: checking the alphabet with a
 * regular expression, mapping to base64, `atob` and copying its binary string were five passes over
 * a 10 KB JWT payload on every verification, three times the cost.
 */
export function base64urlDecode(text: string): Uint8Array<ArrayBuffer> {
  const ascii = encoder.encode(text);
  // Any character outside ASCII takes more than one byte.
  if (ascii.length !== text.length) throw new Error('invalid base64url');
  return base64urlDecodeAscii(ascii, 0, ascii.length);
}

/** base64urlDecode of the ASCII bytes `ascii[start..end)` (a part of a JWS already encoded once). */
export function base64urlDecodeAscii(ascii: Uint8Array, start: number, end: number): Uint8Array<ArrayBuffer> {
  return decodeWith(BASE64URL_VALUES, ascii, start, end);
}

/**
 * Decodes standard base64 (RFC 4648 §4, `+` and `/`, padding allowed): the build-time embedded assets.
 * Throws like base64urlDecode.
 */
export function base64Decode(text: string): Uint8Array<ArrayBuffer> {
  const ascii = encoder.encode(text);
  if (ascii.length !== text.length) throw new Error('invalid base64');
  let end = ascii.length;
  while (end > 0 && ascii[end - 1] === 0x3d) end--;
  return decodeWith(BASE64_VALUES, ascii, 0, end);
}

function decodeWith(values: Uint8Array, ascii: Uint8Array, start: number, end: number): Uint8Array<ArrayBuffer> {
  const n = end - start;
  const rest = n % 4;
  if (rest === 1) throw new Error('invalid base64');
  const out = new Uint8Array((n * 3) >> 2);
  const whole = end - rest;
  let k = 0;
  let seen = 0;
  for (let i = start; i < whole; i += 4) {
    const a = values[ascii[i]!]!;
    const b = values[ascii[i + 1]!]!;
    const c = values[ascii[i + 2]!]!;
    const d = values[ascii[i + 3]!]!;
    seen |= a | b | c | d;
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[k] = v >> 16;
    out[k + 1] = v >> 8;
    out[k + 2] = v;
    k += 3;
  }
  if (rest) {
    const a = values[ascii[whole]!]!;
    const b = values[ascii[whole + 1]!]!;
    const c = rest === 3 ? values[ascii[whole + 2]!]! : 0;
    seen |= a | b | c;
    const v = (a << 18) | (b << 12) | (c << 6);
    out[k++] = v >> 16;
    if (rest === 3) out[k] = v >> 8;
  }
  if (seen & 64) throw new Error('invalid base64');
  return out;
}

/** The bytes of `parts`, one after the other, in one array (`length`: their total, when the caller counted it). */
export function concatBytes(parts: readonly Uint8Array[], length?: number): Uint8Array<ArrayBuffer> {
  let total = length ?? 0;
  if (length === undefined) for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Lower-case hexadecimal. */
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += HEX[b];
  return out;
}

export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(length));
}
