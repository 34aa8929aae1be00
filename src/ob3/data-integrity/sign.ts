import type { Signer } from '@digitalbazaar/ed25519-multikey';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { toDateTimeZ } from '../dates.js';
import { staticDocumentLoader } from './contexts.js';

/**
 * Embedded Data Integrity proofs (W3C VC Data Integrity 1.0): `DataIntegrityProof`, cryptosuite
 * `eddsa-rdfc-2022` (RDF Dataset Canonicalization + Ed25519), made by the reference libraries with
 * the bundled contexts only. Costly (tens of milliseconds): callers produce it once and keep it.
 */

export interface DataIntegrityProofValue {
  type: 'DataIntegrityProof';
  cryptosuite: 'eddsa-rdfc-2022';
  created: string;
  verificationMethod: string;
  proofPurpose: 'assertionMethod';
  proofValue: string;
}

export type Secured<T> = T & { proof: DataIntegrityProofValue[] };

/**
 * Signs a credential (any VC 2.0 document whose contexts are bundled). `proof` comes out as an array:
 * the OB 3.0 JSON Schema wants one, and a proof set is what Data Integrity verifiers read either way
 * (the proof is not part of what is signed).
 */
export async function signDataIntegrity<T extends { '@context': readonly string[] }>(
  document: T,
  { signer, created }: { signer: Signer; created: Date },
): Promise<Secured<T>> {
  const suite = new DataIntegrityProof({ signer, date: toDateTimeZ(created), cryptosuite });
  const signed: Record<string, unknown> = await vc.issue({
    credential: structuredClone(document) as Record<string, unknown>,
    suite,
    documentLoader: staticDocumentLoader,
    now: created,
  });
  return { ...signed, proof: [signed.proof] } as Secured<T>;
}
