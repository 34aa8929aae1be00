import { describe, expect, it } from 'vitest';
import { randomBytes } from '../../../src/lib/bytes.js';
import {
  decryptPrivateJwk,
  encryptPrivateJwk,
  generateSigningKeyPair,
  importSigningKey,
  importVerifyingKey,
  KeyError,
} from '../../../src/ob3/keys.js';

describe('issuer keys', () => {
  it('generates an ES256 pair as clean JWKs: the public one has no private scalar', async () => {
    const { publicJwk, privateJwk } = await generateSigningKeyPair();
    expect(Object.keys(publicJwk).sort()).toEqual(['crv', 'kty', 'x', 'y']);
    expect(publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256' });
    expect(privateJwk.d).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const data = new TextEncoder().encode('x');
    const sig = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, await importSigningKey(privateJwk), data);
    expect(
      await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, await importVerifyingKey(publicJwk), sig, data),
    ).toBe(true);
  });

  it('encrypts a private JWK as v1.<iv>.<ciphertext> and decrypts it back', async () => {
    const { privateJwk } = await generateSigningKeyPair();
    const master = randomBytes(32);
    const sealed = await encryptPrivateJwk(privateJwk, master, 'key-row-1');
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(privateJwk.d);
    expect(await decryptPrivateJwk(sealed, master, 'key-row-1')).toEqual(privateJwk);
    // A fresh IV each time.
    expect(await encryptPrivateJwk(privateJwk, master, 'key-row-1')).not.toBe(sealed);
  });

  it('refuses to decrypt with a wrong master secret, another row id, or an altered ciphertext', async () => {
    const { privateJwk } = await generateSigningKeyPair();
    const master = randomBytes(32);
    const sealed = await encryptPrivateJwk(privateJwk, master, 'key-row-1');
    const other = randomBytes(32);
    await expect(decryptPrivateJwk(sealed, other, 'key-row-1')).rejects.toThrow(
      /cannot decrypt the issuer private key/,
    );
    await expect(decryptPrivateJwk(sealed, master, 'key-row-2')).rejects.toThrow(
      /cannot decrypt the issuer private key/,
    );
    const [v, iv, ct] = sealed.split('.') as [string, string, string];
    const flipped = ct.slice(0, 10) + (ct[10] === 'A' ? 'B' : 'A') + ct.slice(11);
    await expect(decryptPrivateJwk(`${v}.${iv}.${flipped}`, master, 'key-row-1')).rejects.toBeInstanceOf(KeyError);
    await expect(decryptPrivateJwk(`v2.${iv}.${ct}`, master, 'key-row-1')).rejects.toThrow(/unknown format/);
    await expect(decryptPrivateJwk('garbage', master, 'key-row-1')).rejects.toThrow(/unknown format/);
  });
});
