import type { MultikeyVerificationMethod } from '../types.js';

/**
 * Ed25519 keys as Multikey (W3C Controlled Identifiers §2.2.2): `publicKeyMultibase` = `z` +
 * base58btc(0xed01 ‖ 32-byte public key), the form eddsa-rdfc-2022 verifiers (the 1EdTech validator,
 * the DCC verifier) expect in the issuer's DID document.
 */

export const MULTIKEY_CONTEXT = 'https://w3id.org/security/multikey/v1';

const ED25519_PUBLIC_RE = /^z6Mk[1-9A-HJ-NP-Za-km-z]{44}$/;

export function multikeyMethod(did: string, fragment: string, publicKeyMultibase: string): MultikeyVerificationMethod {
  if (!ED25519_PUBLIC_RE.test(publicKeyMultibase)) throw new Error('not an Ed25519 publicKeyMultibase');
  return { id: `${did}#${fragment}`, type: 'Multikey', controller: did, publicKeyMultibase };
}
