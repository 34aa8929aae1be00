import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import type { Signer } from '@digitalbazaar/ed25519-multikey';
import type { MultikeyVerificationMethod } from '../types.js';

/**
 * Ed25519 key pairs through the reference library. The secret half is kept as its multibase text
 * (`z` + base58btc(0x8026 ‖ seed ‖ public key)), sealed at rest by the caller.
 */

export interface MultikeyPair {
  publicKeyMultibase: string;
  secretKeyMultibase: string;
}

export async function generateMultikey(): Promise<MultikeyPair> {
  const pair = await Ed25519Multikey.generate();
  const { publicKeyMultibase, secretKeyMultibase } = await pair.export({ publicKey: true, secretKey: true });
  if (!secretKeyMultibase) throw new Error('Ed25519 key pair without its secret half');
  return { publicKeyMultibase, secretKeyMultibase };
}

/** A signer whose `id` is the verification method the proof will name. */
export async function multikeySigner(method: MultikeyVerificationMethod, secretKeyMultibase: string): Promise<Signer> {
  const pair = await Ed25519Multikey.from({ ...method, secretKeyMultibase });
  return pair.signer();
}
