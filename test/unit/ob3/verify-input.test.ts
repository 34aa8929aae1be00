import { describe, expect, it } from 'vitest';
import { base64urlEncode, utf8Encode } from '../../../src/lib/bytes.js';
import { MAX_JWT_CHARS } from '../../../src/ob3/jwt.js';
import { parseInput } from '../../../src/ob3/verify-signature.js';

const part = (value: unknown) => base64urlEncode(utf8Encode(JSON.stringify(value)));
const wording = (input: string) => {
  const parsed = parseInput(input);
  return parsed.ok ? `ok ${parsed.format}` : `${parsed.format}: ${parsed.text.en}`;
};

describe('reading a pasted text: which refusal a text that is not a badge gets', () => {
  it('reads a compact JWS whose header and payload are JSON objects, with or without a signature', () => {
    expect(wording(`${part({ alg: 'ES256' })}.${part({ iss: 'x' })}.abc`)).toBe('ok jwt');
    expect(wording(`${part({ alg: 'ES256' })}.${part({ iss: 'x' })}.`)).toBe('ok jwt');
  });

  it('calls a token of the compact shape that does not decode an unreadable JWT', () => {
    const unreadable = 'jwt: The JWT is unreadable: its header or payload is not valid JSON.';
    expect(wording(`${part({ alg: 'ES256' })}.${base64urlEncode(utf8Encode('not json'))}.abc`)).toBe(unreadable);
    expect(wording(`${part([1])}.${part({ iss: 'x' })}.abc`)).toBe(unreadable);
    // A part whose length no base64url text can have (4n + 1) still has the compact shape.
    expect(wording(`${part({ alg: 'ES256' })}.${part({ iss: 'x' })}.abcde`)).toBe(unreadable);
    expect(wording(`${base64urlEncode(new Uint8Array([0xc3]))}.${part({ iss: 'x' })}.abc`)).toBe(unreadable);
  });

  it('calls a text without the compact shape neither a JSON badge nor a JWT', () => {
    const neither = 'unknown: This document is neither a JSON badge nor a JWT.';
    for (const text of ['abc', 'a.b', 'a..c', '.b.c', 'a.b.c.d', 'a+b.c.d', 'é.b.c', 'a.b.c d', '[1]'])
      expect(wording(text), text).toBe(neither);
  });

  it('refuses a token longer than any badge as too long, and a text as long without the shape as no JWT', () => {
    const long = 'a'.repeat(MAX_JWT_CHARS);
    expect(wording(`${long}.b.c`)).toBe('jwt: The JWT is too long to be a badge.');
    expect(wording(`${long} .b.c`)).toBe('unknown: This document is neither a JSON badge nor a JWT.');
  });
});
