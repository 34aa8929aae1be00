import { inflateBounded } from '../lib/inflate.js';
import { base64urlDecode, base64urlEncode } from '../lib/bytes.js';
import { VC_V2_CONTEXT } from './context.js';
import { toDateTimeZ } from './dates.js';
import type { BitstringStatusListCredential, BitstringStatusListEntry, StatusMessage, StatusPurpose } from './types.js';

/**
 * W3C Bitstring Status List v1.0. `encodedList` = multibase base64url (prefix `u`, no padding) of
 * the GZIP-compressed bitstring; index 0 is the left-most (most significant) bit of the first byte
 * (spec §2.2 "…the first index … is located at the left-most bit in the bitstring").
 *
 * Two kinds of lists:
 * - `revocation` lists: 1 bit per credential (learner credentials);
 * - revocation-and-suspension lists (purpose `message`, 2 bits per credential) for credentials
 *   that can be suspended and reinstated (mediator and label credentials). OB 3.0 allows one
 *   `credentialStatus` entry per credential (multiplicity 0..1; the official JSON Schema rejects an
 *   array), so two independent 1-bit entries are not possible: one 2-bit entry carries both flags.
 */

/** Entries per list: 131,072 (the spec's 16 KB minimum for 1-bit lists, for herd privacy). */
export const STATUS_LIST_SIZE = 131_072;

/** Refuse to inflate a list beyond this (a gzip bomb could expand to gigabytes). */
const MAX_DECODED_BYTES = 4 * 1024 * 1024;

/** Bits per entry of a revocation-and-suspension list. */
export const SUSPENDABLE_STATUS_SIZE = 2;
/** Values of a 2-bit entry: the high bit is "revoked", the low bit "suspended"; revocation wins. */
export const STATUS_VALUE = { valid: 0x0, suspended: 0x1, revoked: 0x2 } as const;
/** Machine-readable messages, one per possible value (spec: their number must equal 2^statusSize). */
export const SUSPENDABLE_STATUS_MESSAGES: readonly StatusMessage[] = Object.freeze([
  { status: '0x0', message: 'valid' },
  { status: '0x1', message: 'suspended' },
  { status: '0x2', message: 'revoked' },
  { status: '0x3', message: 'revoked' },
]);

function checkIndex(index: number, entries: number): void {
  if (!Number.isSafeInteger(index) || index < 0 || index >= entries) {
    throw new RangeError(`status index ${index} outside 0..${entries - 1}`);
  }
}

async function gzip(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** A list from elsewhere is untrusted bytes: inflated within a bound (src/lib/inflate.ts says why not a stream). */
async function gunzip(data: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  const result = await inflateBounded(data, { format: 'gzip', maxBytes });
  if (result.ok) return result.bytes;
  throw new Error(
    result.reason === 'too-large'
      ? `status list larger than ${maxBytes} bytes once decompressed`
      : 'status list: damaged compressed data',
  );
}

/** Encodes an uncompressed bitstring. */
export async function encodeBitstring(bits: Uint8Array): Promise<string> {
  return `u${base64urlEncode(await gzip(bits))}`;
}

/** A 1-bit list of `size` entries where the given indexes are set. */
export async function encodeStatusList(setIndexes: Iterable<number>, size: number = STATUS_LIST_SIZE): Promise<string> {
  return encodeStatusValues(
    Array.from(setIndexes, (index) => [index, 1] as const),
    { statusSize: 1, entries: size },
  );
}

/** A list of `entries` entries of `statusSize` bits; each value is written most significant bit first. */
export async function encodeStatusValues(
  values: Iterable<readonly [index: number, value: number]>,
  { statusSize, entries = STATUS_LIST_SIZE }: { statusSize: number; entries?: number },
): Promise<string> {
  if (!Number.isInteger(statusSize) || statusSize < 1 || statusSize > 8)
    throw new RangeError('statusSize must be 1..8');
  const bits = new Uint8Array(Math.ceil((entries * statusSize) / 8));
  for (const [index, value] of values) {
    checkIndex(index, entries);
    if (!Number.isInteger(value) || value < 0 || value >= 2 ** statusSize)
      throw new RangeError(`status value ${value} too large`);
    for (let b = 0; b < statusSize; b++) {
      if ((value >> (statusSize - 1 - b)) & 1) {
        const bit = index * statusSize + b;
        bits[bit >> 3]! |= 0x80 >> (bit & 7);
      }
    }
  }
  return encodeBitstring(bits);
}

/** Value of a revocation-and-suspension entry from its two flags. */
export function suspendableValue(state: { revoked?: boolean; suspended?: boolean }): number {
  return (state.revoked ? STATUS_VALUE.revoked : 0) | (state.suspended ? STATUS_VALUE.suspended : 0);
}

/** The uncompressed bitstring of an `encodedList`; throws on anything malformed. */
export async function decodeStatusList(encoded: string): Promise<Uint8Array> {
  if (typeof encoded !== 'string' || !encoded.startsWith('u'))
    throw new Error('encodedList must be multibase base64url (prefix u)');
  return gunzip(base64urlDecode(encoded.slice(1)), MAX_DECODED_BYTES);
}

/** Whether bit `index` is set (index 0 = most significant bit of byte 0). */
export function isSet(bits: Uint8Array, index: number): boolean {
  checkIndex(index, bits.length * 8);
  return ((bits[index >> 3]! >> (7 - (index & 7))) & 1) === 1;
}

/** The `statusSize`-bit value of entry `index`. */
export function readStatus(bits: Uint8Array, index: number, statusSize = 1): number {
  if (!Number.isInteger(statusSize) || statusSize < 1 || statusSize > 8)
    throw new RangeError('statusSize must be 1..8');
  checkIndex(index, Math.floor((bits.length * 8) / statusSize));
  let value = 0;
  for (let b = 0; b < statusSize; b++) value = (value << 1) | (isSet(bits, index * statusSize + b) ? 1 : 0);
  return value;
}

/** A 1-bit entry (`revocation` or `suspension`). */
export function statusEntry(input: {
  listUrl: string;
  index: number;
  purpose: 'revocation' | 'suspension';
}): BitstringStatusListEntry {
  checkIndex(input.index, Number.MAX_SAFE_INTEGER);
  return {
    id: `${input.listUrl}#${input.index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: input.purpose,
    statusListIndex: String(input.index),
    statusListCredential: input.listUrl,
  };
}

/** The single 2-bit entry of a credential that can be revoked and suspended. */
export function suspendableStatusEntry(input: { listUrl: string; index: number }): BitstringStatusListEntry {
  checkIndex(input.index, Number.MAX_SAFE_INTEGER);
  return {
    id: `${input.listUrl}#${input.index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: 'message',
    statusListIndex: String(input.index),
    statusListCredential: input.listUrl,
    statusSize: SUSPENDABLE_STATUS_SIZE,
    statusMessage: SUSPENDABLE_STATUS_MESSAGES.map((m) => ({ ...m })),
  };
}

export interface StatusListCredentialInput {
  /** Stable URL the list is served at; also the credential id. */
  listUrl: string;
  issuer: string | { id: string };
  purpose: StatusPurpose;
  encodedList: string;
  validFrom: Date | string;
  validUntil?: Date | string;
  /** Milliseconds verifiers may cache the list. */
  ttl?: number;
}

/** The unsigned list credential; sign it with `signCredential` like any credential. */
export function buildStatusListCredential(input: StatusListCredentialInput): BitstringStatusListCredential {
  const subject: BitstringStatusListCredential['credentialSubject'] = {
    id: `${input.listUrl}#list`,
    type: 'BitstringStatusList',
    statusPurpose: input.purpose,
    encodedList: input.encodedList,
    ...(input.ttl !== undefined && { ttl: input.ttl }),
  };
  const credential: BitstringStatusListCredential = {
    '@context': [VC_V2_CONTEXT],
    id: input.listUrl,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: typeof input.issuer === 'string' ? input.issuer : input.issuer.id,
    validFrom: toDateTimeZ(input.validFrom),
    ...(input.validUntil !== undefined && { validUntil: toDateTimeZ(input.validUntil) }),
    credentialSubject: subject,
  };
  return credential;
}
