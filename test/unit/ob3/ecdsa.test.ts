import { CompactSign, compactVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { base64urlDecode, base64urlEncode, utf8Encode } from '../../../src/lib/bytes.js';
import { signP256, verifyP256 } from '../../../src/ob3/ecdsa.js';

const ES256 = { name: 'ECDSA', hash: 'SHA-256' } as const;

async function pair() {
  return (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
}

describe('ES256 signatures (node:crypto on Node, WebCrypto on Workers)', () => {
  it('makes raw r‖s signatures that WebCrypto and jose verify, and verifies theirs', async () => {
    const { privateKey, publicKey } = await pair();
    const data = utf8Encode('eyJhbGciOiJFUzI1NiJ9.eyJpZCI6IsOpIn0');
    const ours = await signP256(privateKey, data);
    expect(ours).toHaveLength(64);
    expect(await crypto.subtle.verify(ES256, publicKey, ours, data)).toBe(true);
    const jws = `eyJhbGciOiJFUzI1NiJ9.eyJpZCI6IsOpIn0.${base64urlEncode(ours)}`;
    expect((await compactVerify(jws, publicKey)).protectedHeader.alg).toBe('ES256');

    const theirs = await new CompactSign(utf8Encode('{"id":"é"}'))
      .setProtectedHeader({ alg: 'ES256' })
      .sign(privateKey);
    const [h, p, s] = theirs.split('.');
    expect(await verifyP256(publicKey, base64urlDecode(s!), utf8Encode(`${h}.${p}`))).toBe(true);
  });

  it('answers false, never throws, for a changed text or a signature that is not one', async () => {
    const { privateKey, publicKey } = await pair();
    const data = utf8Encode('a.b');
    const good = await signP256(privateKey, data);
    expect(await verifyP256(publicKey, good, utf8Encode('a.c'))).toBe(false);
    const flipped = good.slice();
    flipped[10]! ^= 1;
    const hostile = [
      flipped,
      new Uint8Array(64),
      new Uint8Array(64).fill(0xff),
      good.subarray(0, 63).slice(),
      new Uint8Array(0),
      new Uint8Array(72),
      ...Array.from({ length: 50 }, () => crypto.getRandomValues(new Uint8Array(64))),
    ];
    for (const signature of hostile) expect(await verifyP256(publicKey, signature, data)).toBe(false);
  });

  it('refuses a key of another curve or algorithm', async () => {
    const p384 = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, false, [
      'sign',
    ])) as CryptoKeyPair;
    await expect(signP256(p384.privateKey, utf8Encode('x'))).rejects.toThrow(/P-256/);
  });
});
