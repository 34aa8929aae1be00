/** A throw-away Ed25519 key and a verifier with an in-memory DID document, for the Data Integrity rows. */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import type { Signer } from '@digitalbazaar/ed25519-multikey';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { staticDocumentLoader } from '../../src/ob3/data-integrity/contexts.js';
import { multikeyMethod } from '../../src/ob3/data-integrity/method.js';
import { generateMultikey, multikeySigner } from '../../src/ob3/data-integrity/multikey.js';
import type { MultikeyVerificationMethod } from '../../src/ob3/types.js';

export async function testMultikey(did: string): Promise<{ signer: Signer; method: MultikeyVerificationMethod }> {
  const pair = await generateMultikey();
  const method = multikeyMethod(did, 'bench-ed25519', pair.publicKeyMultibase);
  return { signer: await multikeySigner(method, pair.secretKeyMultibase), method };
}

/** @digitalbazaar/vc's verification, the DID document in memory (no HTTP), status not checked. */
export async function verifyWithMethod(credential: object, method: MultikeyVerificationMethod): Promise<boolean> {
  const documentLoader: vc.DocumentLoader = async (url) => {
    const document =
      url === method.id
        ? { '@context': 'https://w3id.org/security/multikey/v1', ...method }
        : url === method.controller
          ? {
              '@context': ['https://www.w3.org/ns/did/v1'],
              id: method.controller,
              verificationMethod: [method],
              assertionMethod: [method.id],
            }
          : undefined;
    return document ? { contextUrl: null, documentUrl: url, document } : staticDocumentLoader(url);
  };
  const result = await vc.verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite }),
    documentLoader,
    checkStatus: async () => ({ verified: true }),
  });
  return result.verified;
}
