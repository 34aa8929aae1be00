/**
 * The Data Integrity form inside workerd: the reference libraries (jsonld, rdf-canonize, Ed25519 in
 * pure JS) sign with the bundled contexts only, and @digitalbazaar/vc verifies what they signed.
 */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { describe, expect, it } from 'vitest';
import { buildCredential } from '../../src/ob3/credential.js';
import { staticDocumentLoader } from '../../src/ob3/data-integrity/contexts.js';
import { multikeyMethod } from '../../src/ob3/data-integrity/method.js';
import { generateMultikey, multikeySigner } from '../../src/ob3/data-integrity/multikey.js';
import { signDataIntegrity } from '../../src/ob3/data-integrity/sign.js';

const DID = 'did:web:jalon.example.org:issuers:demo';

describe('Data Integrity inside workerd', () => {
  it('signs with eddsa-rdfc-2022 and the bundled contexts; the reference library verifies it and refuses a tampered copy', async () => {
    const pair = await generateMultikey();
    const method = multikeyMethod(DID, 'key-1-ed25519', pair.publicKeyMultibase);
    const credential = buildCredential({
      id: `urn:uuid:${crypto.randomUUID()}`,
      issuer: { id: DID, type: ['Profile'], name: 'Démo', url: 'https://jalon.example.org' },
      achievement: {
        id: 'https://jalon.example.org/achievements/demo',
        type: ['Achievement'],
        name: 'Envoyer un courriel',
        description: 'Écrit et envoie un courriel avec une pièce jointe.',
        criteria: { narrative: 'Observé par un médiateur.' },
        achievementType: 'Competency',
      },
      identifiers: [
        { type: 'IdentityObject', identityType: 'name', hashed: true, identityHash: 'sha256$00', salt: 'ab' },
      ],
      validFrom: new Date(),
      status: { listUrl: 'https://jalon.example.org/issuers/demo/status/abcdef.ldp.json', index: 42 },
    });
    const signed = await signDataIntegrity(credential, {
      signer: await multikeySigner(method, pair.secretKeyMultibase),
      created: new Date(),
    });
    expect(signed.proof).toEqual([
      expect.objectContaining({ cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod' }),
    ]);

    const documentLoader: vc.DocumentLoader = async (url) => {
      const document =
        url === method.id
          ? { '@context': 'https://w3id.org/security/multikey/v1', ...method }
          : url === DID
            ? {
                '@context': ['https://www.w3.org/ns/did/v1'],
                id: DID,
                verificationMethod: [method],
                assertionMethod: [method.id],
              }
            : undefined;
      return document ? { contextUrl: null, documentUrl: url, document } : staticDocumentLoader(url);
    };
    const verify = (c: object) =>
      vc.verifyCredential({
        credential: c,
        suite: new DataIntegrityProof({ cryptosuite }),
        documentLoader,
        checkStatus: async () => ({ verified: true }),
      });
    const result = await verify(signed);
    expect(result.error).toBeUndefined();
    expect(result.verified).toBe(true);
    expect((await verify({ ...signed, name: 'Autre chose' })).verified).toBe(false);
  });
});
