import {
  asciiDecode,
  base64urlAscii,
  base64urlDecodeAscii,
  base64urlEncode,
  utf8Decode,
  utf8Encode,
} from '../lib/bytes.js';
import { isRecord, parseJsonBounded } from '../lib/json.js';
import { sharedJsonOf } from './credential.js';
import { toNumericDate } from './dates.js';
import { parseDidUrl } from './did.js';

/**
 * VC-JWT as OB 3.0 §8.2 defines it: a compact JWS whose payload is the credential itself plus the
 * registered claims `iss`, `jti`, `nbf`, `exp` (when validUntil) and `sub` (only when the subject
 * has an id). Header: exactly `{ alg: 'ES256', kid, typ: 'JWT' }`.
 */

/** What signing needs from a credential (an OpenBadgeCredential or a status list credential). */
export interface SignableCredential {
  id: string;
  issuer: string | { id: string };
  validFrom: string;
  validUntil?: string;
  credentialSubject: { id?: string };
}

export interface SigningKey {
  privateKey: CryptoKey;
  /** DID URL of the verification method, e.g. `did:web:example.org:issuers:hub#key-1`. */
  kid: string;
}

/** The JWT claims we add around the credential; stripped again when reading. */
const JWT_CLAIMS = ['iss', 'jti', 'nbf', 'exp', 'sub', 'iat', 'aud'] as const;

export function issuerIdOf(issuer: unknown): string | undefined {
  if (typeof issuer === 'string') return issuer;
  if (isRecord(issuer) && typeof issuer.id === 'string') return issuer.id;
  return undefined;
}

/** The JWT payload: the credential followed by its claims. */
export function jwtPayloadFor(credential: SignableCredential): Record<string, unknown> {
  const iss = issuerIdOf(credential.issuer);
  if (!iss) throw new Error('credential issuer has no id');
  const payload: Record<string, unknown> = {
    ...credential,
    iss,
    jti: credential.id,
    nbf: toNumericDate(credential.validFrom),
  };
  if (credential.validUntil !== undefined) payload.exp = toNumericDate(credential.validUntil);
  if (credential.credentialSubject.id !== undefined) payload.sub = credential.credentialSubject.id;
  return payload;
}

export async function signCredential(credential: SignableCredential, key: SigningKey): Promise<string> {
  const claims = jwtPayloadFor(credential);
  // A key of another DID would make a credential that every verifier (ours first) rejects.
  const keyDid = parseDidUrl(key.kid)?.did;
  if (keyDid !== undefined && keyDid !== claims.iss)
    throw new Error(`key ${key.kid} does not belong to issuer ${String(claims.iss)}`);
  return signEs256(payloadJson(claims), key);
}

/** Stands for the shared achievement while the rest of a payload is serialised (random: no content has it). */
const SPLICE = `"${crypto.randomUUID()}"`;

/**
 * `JSON.stringify(claims)`, with the embedded achievement's text (most of a credential, the same for
 * a whole batch) spliced in from its shared copy rather than serialised again; if the stand-in
 * were not found exactly once, the whole payload is serialised as usual.
 */
function payloadJson(claims: Record<string, unknown>): string {
  const subject = claims.credentialSubject;
  const shared = isRecord(subject) ? sharedJsonOf(subject.achievement) : undefined;
  if (shared === undefined || !isRecord(subject)) return JSON.stringify(claims);
  const json = JSON.stringify({ ...claims, credentialSubject: { ...subject, achievement: SPLICE.slice(1, -1) } });
  const at = json.indexOf(SPLICE);
  if (at < 0 || json.indexOf(SPLICE, at + 1) >= 0) return JSON.stringify(claims);
  return json.slice(0, at) + shared + json.slice(at + SPLICE.length);
}

/** The ASCII bytes of `<base64url protected header>.` for each key id (an issuer has a few; rotation adds one). */
const protectedHeaders = new Map<string, Uint8Array>();

function protectedHeader(kid: string): Uint8Array {
  let header = protectedHeaders.get(kid);
  if (header === undefined) {
    header = utf8Encode(`${base64urlEncode(utf8Encode(JSON.stringify({ alg: 'ES256', kid, typ: 'JWT' })))}.`);
    if (protectedHeaders.size >= 1000) protectedHeaders.clear();
    protectedHeaders.set(kid, header);
  }
  return header;
}

/**
 * Compact JWS (RFC 7515 §7.1) with ES256 over a JSON payload: `header.payload.signature`, the
 * signature raw r‖s (RFC 7518 §3.4), which is what WebCrypto's ECDSA returns. Written here rather
 * than with jose's CompactSign, whose base64 (through `btoa`) and second encoding of the signing
 * input cost more than the signature itself on a 10 KB credential; verified by jose and raw
 * WebCrypto in the tests.
 */
async function signEs256(payloadJson: string, key: SigningKey): Promise<string> {
  const algorithm = key.privateKey.algorithm as EcKeyAlgorithm;
  if (algorithm.name !== 'ECDSA' || algorithm.namedCurve !== 'P-256') throw new Error('ES256 needs an ECDSA P-256 key');
  const input = base64urlAscii(utf8Encode(payloadJson), protectedHeader(key.kid));
  const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key.privateKey, input);
  return `${asciiDecode(input)}.${base64urlEncode(new Uint8Array(signature))}`;
}

/**
 * The credential inside a JWT payload: a legacy VC-DM 1.1 JWT carries it in `vc`; ours is the
 * whole payload minus the registered claims.
 */
export function credentialFromJwtPayload(payload: Record<string, unknown>): Record<string, unknown> {
  if (isRecord(payload.vc)) return { ...payload.vc };
  const credential: Record<string, unknown> = { ...payload };
  for (const claim of JWT_CLAIMS) delete credential[claim];
  return credential;
}

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** `header.payload`, the bytes the signature covers (ASCII). */
  signingInput: Uint8Array<ArrayBuffer>;
  signature: Uint8Array<ArrayBuffer>;
}

const COMPACT_JWS_RE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export function looksLikeJwt(text: string): boolean {
  return COMPACT_JWS_RE.test(text);
}

/** A signed credential is a few dozen kilobytes; a passport's largest stays well under this. */
export const MAX_JWT_CHARS = 512 * 1024;
/** Nesting allowed in a JWT header or payload (see lib/json.ts). */
const MAX_JWT_JSON_DEPTH = 32;

/** Decodes without verifying; throws a short English reason when the token is malformed or too large. */
export function decodeJwt(jwt: string): DecodedJwt {
  if (jwt.length > MAX_JWT_CHARS) throw new Error('JWT too long');
  // The shape COMPACT_JWS_RE describes, checked without a second pass over the text: three parts,
  // the first two not empty, each in the base64url alphabet (which base64urlDecodeAscii checks). The
  // token is encoded to bytes once: its parts are decoded from them, and they are what is signed.
  const dot1 = jwt.indexOf('.');
  const dot2 = jwt.indexOf('.', dot1 + 1);
  if (dot1 < 1 || dot2 < dot1 + 2 || jwt.indexOf('.', dot2 + 1) >= 0) throw new Error('not a compact JWS');
  const ascii = utf8Encode(jwt);
  let h: Uint8Array;
  let p: Uint8Array;
  let signature: Uint8Array<ArrayBuffer>;
  try {
    // Any character outside ASCII takes more than one byte.
    if (ascii.length !== jwt.length) throw new Error('not ASCII');
    h = base64urlDecodeAscii(ascii, 0, dot1);
    p = base64urlDecodeAscii(ascii, dot1 + 1, dot2);
    signature = base64urlDecodeAscii(ascii, dot2 + 1, ascii.length);
  } catch {
    throw new Error('not a compact JWS');
  }
  let header: unknown;
  let payload: unknown;
  try {
    header = parseJsonBounded(utf8Decode(h), { maxChars: 4096, maxDepth: 4 });
  } catch {
    throw new Error('JWT header is not JSON');
  }
  try {
    payload = parseJsonBounded(utf8Decode(p), { maxChars: MAX_JWT_CHARS, maxDepth: MAX_JWT_JSON_DEPTH });
  } catch {
    throw new Error('JWT payload is not JSON');
  }
  if (!isRecord(header)) throw new Error('JWT header is not a JSON object');
  if (!isRecord(payload)) throw new Error('JWT payload is not a JSON object');
  return { header, payload, signingInput: ascii.subarray(0, dot2), signature };
}

/** Header members OB 3.0 allows that we accept (no inline `jwk`: keys come from the issuer's DID). */
const ALLOWED_HEADER_MEMBERS = new Set(['alg', 'kid', 'typ']);

export type HeaderProblem =
  | { kind: 'alg'; alg: string }
  | { kind: 'member'; member: string }
  | { kind: 'typ'; typ: string }
  | { kind: 'kid' };

/** Why a JOSE header is refused, or null: ES256 only, only alg/kid/typ, typ JWT, a kid. */
export function headerProblem(header: Record<string, unknown>): HeaderProblem | null {
  if (header.alg !== 'ES256')
    return { kind: 'alg', alg: typeof header.alg === 'string' ? header.alg : String(header.alg) };
  const extra = Object.keys(header).find((k) => !ALLOWED_HEADER_MEMBERS.has(k));
  if (extra !== undefined) return { kind: 'member', member: extra };
  if (header.typ !== undefined && header.typ !== 'JWT') return { kind: 'typ', typ: String(header.typ) };
  if (typeof header.kid !== 'string' || header.kid.length === 0) return { kind: 'kid' };
  return null;
}

/** ECDSA P-256 / SHA-256 over `header.payload`; the JWS signature is raw r‖s (64 bytes). */
export async function verifyEs256(decoded: DecodedJwt, publicKey: CryptoKey): Promise<boolean> {
  if (decoded.signature.length !== 64) return false;
  return crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, publicKey, decoded.signature, decoded.signingInput);
}
