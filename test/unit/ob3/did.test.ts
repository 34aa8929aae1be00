import { describe, expect, it } from 'vitest';
import { buildDidDocument, buildJwks, findAssertionKey, issuerDid, parseDidUrl } from '../../../src/ob3/did.js';
import { generateSigningKeyPair } from '../../../src/ob3/keys.js';

describe('did:web issuers', () => {
  it('encodes the port of a local PUBLIC_URL', () => {
    expect(issuerDid('http://localhost:8787', 'hub')).toBe('did:web:localhost%3A8787:issuers:hub');
  });

  it('keeps the path segments of a PUBLIC_URL with a path', () => {
    expect(issuerDid('https://badges.example.org/jalon', 'hub')).toBe('did:web:badges.example.org:jalon:issuers:hub');
    expect(issuerDid('https://Badges.Example.org/jalon/', 'tiers-lieu-42')).toBe(
      'did:web:badges.example.org:jalon:issuers:tiers-lieu-42',
    );
    expect(() => issuerDid('https://badges.example.org', 'Not A Slug')).toThrow();
  });

  it('builds a DID document whose kid (a DID URL) resolves to the public key', async () => {
    const did = issuerDid('http://localhost:8787', 'hub');
    const k1 = await generateSigningKeyPair();
    const k2 = await generateSigningKeyPair();
    const doc = buildDidDocument(did, [
      { fragment: 'key-2026', publicJwk: k1.privateJwk }, // a private JWK given by mistake must not leak d
      { fragment: 'key-2025', publicJwk: k2.publicJwk },
    ]);
    expect(doc['@context']).toEqual(['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1']);
    expect(doc.id).toBe(did);
    expect(doc.verificationMethod[0]).toEqual({
      id: `${did}#key-2026`,
      type: 'JsonWebKey2020',
      controller: did,
      publicKeyJwk: k1.publicJwk,
    });
    expect(JSON.stringify(doc)).not.toContain('"d"');
    expect(doc.assertionMethod).toEqual([`${did}#key-2026`, `${did}#key-2025`]);
    expect(doc.authentication).toEqual(doc.assertionMethod);
    expect(findAssertionKey(doc, `${did}#key-2025`)).toEqual(k2.publicJwk);
    expect(findAssertionKey(doc, `${did}#key-1999`)).toBeNull();
    expect(findAssertionKey(doc, `did:web:elsewhere.org#key-2025`)).toBeNull();
    expect(parseDidUrl(`${did}#key-2026`)).toEqual({ did, fragment: 'key-2026' });
    expect(parseDidUrl('https://example.org/key#1')).toBeNull();
  });

  it('builds a JWKS with kid = DID URL', async () => {
    const did = issuerDid('https://badges.example.org', 'hub');
    const { publicJwk } = await generateSigningKeyPair();
    const jwks = buildJwks(did, [{ fragment: 'key-1', publicJwk }]);
    expect(jwks.keys).toEqual([{ ...publicJwk, kid: `${did}#key-1`, alg: 'ES256', use: 'sig' }]);
  });
});
