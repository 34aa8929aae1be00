import { DID_V1_CONTEXT, JWS_2020_CONTEXT } from './context.js';
import { MULTIKEY_CONTEXT, multikeyMethod } from './data-integrity/method.js';
import { publicJwkOf } from './keys.js';
import type { DidDocument, EcJwk } from './types.js';

/**
 * did:web identifiers for issuers: `did:web:<host>[%3A<port>][:<path>…]:issuers:<slug>`,
 * whose document is served at `<PUBLIC_URL>/issuers/<slug>/did.json`.
 */

const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const FRAGMENT_RE = /^[A-Za-z0-9._~-]+$/;

export function issuerDid(publicUrl: string, slug: string): string {
  if (!SLUG_RE.test(slug)) throw new Error(`invalid issuer slug: ${slug}`);
  return `${didPrefixOf(publicUrl)}${slug}`;
}

// `did:web:<host>:…:issuers:` of an instance, parsed once per PUBLIC_URL (each verification asks).
const prefixes = new Map<string, string>();

function didPrefixOf(publicUrl: string): string {
  let prefix = prefixes.get(publicUrl);
  if (prefix === undefined) {
    const url = new URL(publicUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('PUBLIC_URL must be http(s)');
    // URL already lower-cases the host and converts IDNs to punycode; the port colon must be encoded.
    const hostname = url.hostname.replace(/:/g, '%3A'); // IPv6 literals
    const host = url.port ? `${hostname}%3A${url.port}` : hostname;
    const segments = url.pathname
      .split('/')
      .filter(Boolean)
      .map((s) => s.replace(/:/g, '%3A'));
    prefix = `${['did', 'web', host, ...segments, 'issuers'].join(':')}:`;
    if (prefixes.size >= 8) prefixes.clear();
    prefixes.set(publicUrl, prefix);
  }
  return prefix;
}

/** Splits a DID URL (`did:…#fragment`) into the DID and the fragment; null when it is not one. */
export function parseDidUrl(didUrl: string): { did: string; fragment: string } | null {
  const hash = didUrl.indexOf('#');
  if (hash < 0) return null;
  const did = didUrl.slice(0, hash);
  const fragment = didUrl.slice(hash + 1);
  if (!/^did:[a-z0-9]+:[A-Za-z0-9._:%-]+$/.test(did) || !FRAGMENT_RE.test(fragment)) return null;
  return { did, fragment };
}

export interface PublishedKey {
  /** Fragment of the verification method id, e.g. `key-2026-01`. */
  fragment: string;
  publicJwk: EcJwk;
  /** The key's Ed25519 half (Multikey), published beside it when it has one. */
  publicKeyMultibase?: string | null;
}

/** The Ed25519 half of a key is the verification method `<fragment>-ed25519`. */
export function multikeyFragment(fragment: string): string {
  return `${fragment}-ed25519`;
}

function checkFragment(fragment: string): void {
  if (!FRAGMENT_RE.test(fragment)) throw new Error(`invalid key fragment: ${fragment}`);
}

/**
 * The DID document. The caller decides which keys are listed: active and retired keys (old
 * credentials stay verifiable), never compromised ones.
 */
export function buildDidDocument(did: string, keys: readonly PublishedKey[]): DidDocument {
  const methods = keys.flatMap(({ fragment, publicJwk, publicKeyMultibase }) => {
    checkFragment(fragment);
    const jwk = {
      id: `${did}#${fragment}`,
      type: 'JsonWebKey2020' as const,
      controller: did,
      publicKeyJwk: publicJwkOf(publicJwk),
    };
    return publicKeyMultibase ? [jwk, multikeyMethod(did, multikeyFragment(fragment), publicKeyMultibase)] : [jwk];
  });
  const ids = methods.map((m) => m.id);
  const multikey = methods.some((m) => m.type === 'Multikey');
  return {
    '@context': [DID_V1_CONTEXT, JWS_2020_CONTEXT, ...(multikey ? [MULTIKEY_CONTEXT] : [])],
    id: did,
    verificationMethod: methods,
    assertionMethod: ids,
    authentication: [...ids],
  };
}

/** A JWK Set of the same keys, each with `kid` = its DID URL. */
export function buildJwks(did: string, keys: readonly PublishedKey[]): { keys: EcJwk[] } {
  return {
    keys: keys.map(({ fragment, publicJwk }) => {
      checkFragment(fragment);
      return { ...publicJwkOf(publicJwk), kid: `${did}#${fragment}`, alg: 'ES256', use: 'sig' };
    }),
  };
}

/**
 * The public JWK a DID URL designates in a DID document, if that document lists it under
 * `assertionMethod` (the relationship for issuing credentials).
 */
export function findAssertionKey(doc: DidDocument, didUrl: string): EcJwk | null {
  const ref = parseDidUrl(didUrl);
  if (!ref || ref.did !== doc.id) return null;
  const matches = (id: string) => id === didUrl || id === `#${ref.fragment}`;
  if (!doc.assertionMethod.some(matches)) return null;
  const method = doc.verificationMethod.find((m) => matches(m.id));
  return method?.type === 'JsonWebKey2020' ? method.publicKeyJwk : null;
}
