import { describe, expect, it } from 'vitest';
import {
  concatBytes,
  asciiDecode,
  base64Decode,
  base64urlAscii,
  base64urlDecode,
  base64urlEncode,
  toHex,
  utf8Decode,
  utf8Encode,
} from '../../../src/lib/bytes.js';
import { sha256Hex } from '../../../src/lib/crypto.js';

describe('bytes: one module for the credential core and the app', () => {
  it('round-trips base64url without padding, large inputs included', () => {
    expect(base64urlEncode(new Uint8Array([0xfb, 0xff, 0xfe]))).toBe('-__-');
    expect(base64urlEncode(utf8Encode('é'))).toBe('w6k');
    const big = new Uint8Array(2 * 1024 * 1024).map((_, i) => (i * 7) % 256);
    const back = base64urlDecode(base64urlEncode(big));
    expect(back.length === big.length && back.every((b, i) => b === big[i])).toBe(true);
  });

  it('encodes base64url as an independent encoder does, at every length and byte value', () => {
    const bytes = new Uint8Array(300).map((_, i) => (i * 131 + 7) % 256);
    for (let n = 0; n <= bytes.length; n++) {
      const part = bytes.subarray(0, n);
      expect(base64urlEncode(part), `length ${n}`).toBe(Buffer.from(part).toString('base64url'));
    }
    const every = Uint8Array.from({ length: 256 }, (_, b) => b);
    expect(base64urlEncode(every)).toBe(Buffer.from(every).toString('base64url'));
    expect(asciiDecode(base64urlAscii(every, utf8Encode('eyJ9.')))).toBe(
      `eyJ9.${Buffer.from(every).toString('base64url')}`,
    );
  });

  it('refuses what is not unpadded base64url instead of decoding it "almost"', () => {
    for (const bad of ['w6k=', 'a+b/', 'abcde', 'ab cd', 'é']) expect(() => base64urlDecode(bad), bad).toThrow();
    expect(() => utf8Decode(new Uint8Array([0xc3]))).toThrow();
    expect(utf8Decode(utf8Encode('Hélène 🙂'))).toBe('Hélène 🙂');
  });

  it('writes lower-case hex, and SHA-256 of a text is that of its UTF-8 bytes', () => {
    expect(toHex(new Uint8Array([0, 15, 255]))).toBe('000fff');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    // SHA-256 of the bytes C3 A9 (é in UTF-8), not of Latin-1's E9.
    expect(sha256Hex('é')).toBe('4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c');
  });
});

describe('base64Decode (standard alphabet, the embedded assets)', () => {
  it('reads what Node writes, with or without padding, and refuses the URL alphabet', () => {
    for (const length of [0, 1, 2, 3, 4, 5, 255, 1000]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 151 + 7) % 256);
      const text = Buffer.from(bytes).toString('base64');
      expect(base64Decode(text)).toEqual(bytes);
      expect(base64Decode(text.replace(/=+$/, ''))).toEqual(bytes);
    }
    expect(() => base64Decode('ab-_')).toThrow();
    expect(() => base64Decode('a')).toThrow();
  });
});

describe('concatBytes', () => {
  it('joins the parts in order, counting them or trusting the given total', () => {
    const parts = [new Uint8Array([1, 2]), new Uint8Array([]), new Uint8Array([3]), new Uint8Array([4, 5, 6])];
    expect(Array.from(concatBytes(parts))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(concatBytes(parts, 6))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(concatBytes([])).toHaveLength(0);
  });
});
