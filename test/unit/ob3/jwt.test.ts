import { importJWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { base64urlDecode, utf8Decode } from '../../../src/lib/bytes.js';
import { credentialFromJwtPayload, jwtPayloadFor, signCredential } from '../../../src/ob3/jwt.js';
import type { VerificationMethod } from '../../../src/ob3/types.js';
import { competenceAchievement, competenceCredential, makeIssuer } from './helpers.js';

function part(jwt: string, i: number): Record<string, unknown> {
  return JSON.parse(utf8Decode(base64urlDecode(jwt.split('.')[i]!)));
}

describe('VC-JWT signing', async () => {
  const issuer = await makeIssuer('hub', 'Hub de test');

  it('produces a compact JWS with exactly the header { alg: ES256, kid, typ: JWT }', async () => {
    const jwt = await signCredential(await competenceCredential(issuer), issuer.key);
    expect(jwt.split('.')).toHaveLength(3);
    expect(part(jwt, 0)).toEqual({ alg: 'ES256', kid: issuer.key.kid, typ: 'JWT' });
    expect(Object.keys(part(jwt, 0))).toEqual(['alg', 'kid', 'typ']);
  });

  it('verifies with WebCrypto alone, using the public JWK read from the DID document', async () => {
    const jwt = await signCredential(await competenceCredential(issuer), issuer.key);
    const [h, p, s] = jwt.split('.') as [string, string, string];
    const kid = part(jwt, 0).kid as string;
    const method = issuer.didDocument.verificationMethod.find((m) => m.id === kid) as VerificationMethod;
    expect(issuer.didDocument.assertionMethod).toContain(kid);
    const key = await crypto.subtle.importKey(
      'jwk',
      method.publicKeyJwk,
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['verify'],
    );
    const signature = base64urlDecode(s);
    expect(signature).toHaveLength(64); // raw r‖s, not DER
    const data = new TextEncoder().encode(`${h}.${p}`);
    expect(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, signature, data)).toBe(true);
    const tampered = new TextEncoder().encode(`${h}.${p}x`);
    expect(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, signature, tampered)).toBe(false);
  });

  it('verifies with jose, an independent JOSE implementation, payload included', async () => {
    const credential = await competenceCredential(issuer);
    const jwt = await signCredential(credential, issuer.key);
    const kid = part(jwt, 0).kid as string;
    const method = issuer.didDocument.verificationMethod.find((m) => m.id === kid) as VerificationMethod;
    const { payload, protectedHeader } = await jwtVerify(jwt, await importJWK(method.publicKeyJwk, 'ES256'), {
      algorithms: ['ES256'],
      typ: 'JWT',
    });
    expect(protectedHeader).toEqual({ alg: 'ES256', kid, typ: 'JWT' });
    expect(credentialFromJwtPayload(payload)).toEqual(credential);
  });

  it('signs exactly the bytes of JSON.stringify(payload), the shared achievement spliced in included', async () => {
    for (const overrides of [{}, { validUntil: '2027-03-12T00:00:00Z', subjectId: 'did:example:holder' }]) {
      const credential = await competenceCredential(issuer, overrides);
      const jwt = await signCredential(credential, issuer.key);
      expect(utf8Decode(base64urlDecode(jwt.split('.')[1]!))).toBe(JSON.stringify(jwtPayloadFor(credential)));
    }
    // An achievement that is not a shared copy (not frozen) is serialised in place, the same way.
    const plain = await competenceCredential(issuer, { achievement: structuredClone(competenceAchievement('A1')) });
    const jwt = await signCredential(plain, issuer.key);
    expect(utf8Decode(base64urlDecode(jwt.split('.')[1]!))).toBe(JSON.stringify(jwtPayloadFor(plain)));
  });

  it('refuses to sign ES256 with a key that is not ECDSA P-256', async () => {
    const p384 = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, false, ['sign']);
    await expect(
      signCredential(await competenceCredential(issuer), { kid: issuer.key.kid, privateKey: p384.privateKey }),
    ).rejects.toThrow(/P-256/);
  });

  it('adds iss, jti, nbf (and exp) around the credential, and no sub without a subject id', async () => {
    const credential = await competenceCredential(issuer, { validUntil: '2027-03-12T00:00:00Z' });
    const payload = part(await signCredential(credential, issuer.key), 1);
    expect(payload.iss).toBe(issuer.did);
    expect(payload.jti).toBe(credential.id);
    expect(payload.nbf).toBe(Date.parse('2026-03-12T09:30:00Z') / 1000);
    expect(payload.exp).toBe(Date.parse('2027-03-12T00:00:00Z') / 1000);
    expect('sub' in payload).toBe(false);
    expect(credentialFromJwtPayload(payload)).toEqual(credential);
  });

  it('sets sub to the subject id when the holder has a DID', async () => {
    const credential = await competenceCredential(issuer, { subjectId: 'did:example:holder' });
    const payload = part(await signCredential(credential, issuer.key), 1);
    expect(payload.sub).toBe('did:example:holder');
    expect('exp' in payload).toBe(false);
  });

  it('refuses to sign with a key of another DID than the issuer', async () => {
    const other = await makeIssuer('autre');
    await expect(signCredential(await competenceCredential(issuer), other.key)).rejects.toThrow(
      /does not belong to issuer/,
    );
  });

  it('unwraps a legacy VC-DM 1.1 `vc` claim', () => {
    const vc = { id: 'urn:uuid:1', type: ['VerifiableCredential'] };
    expect(credentialFromJwtPayload({ iss: 'did:example:1', vc })).toEqual(vc);
  });
});
