/**
 * ECDSA P-256 with SHA-256, signatures as raw r‖s (what ES256 puts in a JWS, RFC 7518 §3.4).
 *
 * On Node, node:crypto's one-shot `sign`/`verify` run in the calling thread: ~25 µs to sign and
 * ~50 µs to verify a 10 KB credential on the bench machine, where WebCrypto's job (a copy of the
 * data, a promise, a hop to the thread pool and back) costs the main thread more than that for
 * each call, and twice the wall time. workerd's node:crypto refuses key objects in `sign`'s
 * options, and its WebCrypto is synchronous underneath: WebCrypto there. Both make the same
 * signatures; the tests verify ours with jose and raw WebCrypto.
 */
import * as nodeCrypto from 'node:crypto';

const ES256 = { name: 'ECDSA', hash: 'SHA-256' } as const;

const oneShot =
  (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent !== 'Cloudflare-Workers' &&
  typeof nodeCrypto.sign === 'function' &&
  typeof nodeCrypto.KeyObject?.from === 'function';

/** node:crypto's view of a WebCrypto key, made once per key (keys are long-lived and cached). */
const keyObjects = new WeakMap<CryptoKey, nodeCrypto.KeyObject>();

function keyObjectOf(key: CryptoKey): nodeCrypto.KeyObject {
  let object = keyObjects.get(key);
  if (object === undefined) {
    object = nodeCrypto.KeyObject.from(key);
    keyObjects.set(key, object);
  }
  return object;
}

function assertP256(key: CryptoKey): void {
  const algorithm = key.algorithm as EcKeyAlgorithm;
  if (algorithm.name !== 'ECDSA' || algorithm.namedCurve !== 'P-256') throw new Error('ES256 needs an ECDSA P-256 key');
}

export async function signP256(privateKey: CryptoKey, data: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  assertP256(privateKey);
  if (oneShot)
    return new Uint8Array(nodeCrypto.sign('sha256', data, { key: keyObjectOf(privateKey), dsaEncoding: 'ieee-p1363' }));
  return new Uint8Array(await crypto.subtle.sign(ES256, privateKey, data));
}

/** False for a signature of the wrong length or that does not match; throws only for a key of another kind. */
export async function verifyP256(
  publicKey: CryptoKey,
  signature: Uint8Array<ArrayBuffer>,
  data: Uint8Array<ArrayBuffer>,
): Promise<boolean> {
  assertP256(publicKey);
  if (signature.length !== 64) return false;
  if (oneShot)
    return nodeCrypto.verify('sha256', data, { key: keyObjectOf(publicKey), dsaEncoding: 'ieee-p1363' }, signature);
  return crypto.subtle.verify(ES256, publicKey, signature, data);
}
