import { deepFreeze, isRecord } from '../lib/json.js';
import { parseDateTime } from './dates.js';
import { parseDidUrl } from './did.js';
import { credentialFromJwtPayload, type DecodedJwt, decodeJwt, headerProblem, issuerIdOf, verifyEs256 } from './jwt.js';
import { importVerifyingKey } from './keys.js';
import { decodeStatusList, readStatus, SUSPENDABLE_STATUS_MESSAGES } from './status-list.js';
import type { EcJwk } from './types.js';
import type { VerifyContext } from './verify-context.js';

/**
 * Reading a credential's status through its Bitstring Status List entries: the list is a signed
 * credential of the same issuer; its bit (or 2-bit value) at the entry's index gives the status.
 */

export type EntryState =
  | { state: 'valid' }
  | { state: 'revoked' }
  | { state: 'suspended' }
  /** The list could not be fetched. */
  | { state: 'unavailable' }
  /** The list or the entry is not trustworthy or not readable; `why` is short English. */
  | { state: 'invalid'; why: string };

type ListResult = { ok: true; bits: Uint8Array; purposes: string[] } | { ok: false; state: EntryState };

const invalid = (why: string): { ok: false; state: EntryState } => ({ ok: false, state: { state: 'invalid', why } });

/**
 * Per-isolate memos of the two dear steps of reading a list (a cache of pure results, not state):
 * a list is signed once per change of its bits and served unchanged until then, so the same signed
 * bytes come back for verification after verification. Checking their ES256 signature under the same
 * public key, and inflating the same encodedList, give the same answer every time; everything that
 * depends on the moment or on the key's current state (compromise, expiry, issuer, URL) is still
 * checked on every read. Bounded: the oldest entry goes first.
 */
const MEMO_SIZE = 32;
const bitstrings = new Map<string, Promise<Uint8Array>>();

function remember<T>(memo: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let value = memo.get(key);
  if (!value) {
    value = make();
    value.catch(() => memo.delete(key));
    if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value!);
    memo.set(key, value);
  }
  return value;
}

interface ReadList {
  decoded: DecodedJwt;
  list: Record<string, unknown>;
  /** Its signature checked, by public key (`x.y`). */
  signatures: Map<string, Promise<boolean>>;
}
const readLists = new Map<string, ReadList | { error: string }>();

/**
 * The same signed list decoded once (its JSON parsed, its credential taken out): the kept list comes
 * back unchanged from verification to verification. Frozen, as it is shared between readers. Keyed by
 * the JWT itself (a string whose hash V8 keeps): no key of the JWT's length is built per read.
 */
function readOnce(jwt: string): ReadList | { error: string } {
  let read = readLists.get(jwt);
  if (!read) {
    try {
      const decoded = decodeJwt(jwt);
      deepFreeze(decoded.header);
      deepFreeze(decoded.payload);
      // Not deepFreeze: a typed array with elements cannot be frozen (its signature bytes).
      read = {
        decoded: Object.freeze(decoded),
        list: Object.freeze(credentialFromJwtPayload(decoded.payload)),
        signatures: new Map(),
      };
    } catch (error) {
      read = { error: error instanceof Error ? error.message : 'unreadable' };
    }
    if (readLists.size >= MEMO_SIZE) readLists.delete(readLists.keys().next().value!);
    readLists.set(jwt, read);
  }
  return read;
}

function verifiedOnce(read: ReadList, publicJwk: EcJwk): Promise<boolean> {
  return remember(read.signatures, `${publicJwk.x}.${publicJwk.y}`, async () =>
    verifyEs256(read.decoded, await importVerifyingKey(publicJwk)),
  );
}

/** The decoded bits are shared between readers: they are only read (readStatus), never written. */
function decodedOnce(encodedList: string): Promise<Uint8Array> {
  return remember(bitstrings, encodedList, () => decodeStatusList(encodedList));
}

/** Fetches (once per verification) and authenticates a status list credential. */
export class StatusListReader {
  private readonly cache = new Map<string, Promise<ListResult>>();

  constructor(
    private readonly ctx: VerifyContext,
    private readonly issuerId: string,
    private readonly now: Date,
  ) {}

  read(url: string): Promise<ListResult> {
    let result = this.cache.get(url);
    if (!result) {
      result = this.load(url).catch((): ListResult => invalid('status list could not be processed'));
      this.cache.set(url, result);
    }
    return result;
  }

  private async load(url: string): Promise<ListResult> {
    let jwt: string | null;
    try {
      jwt = await this.ctx.loadStatusList(url);
    } catch {
      jwt = null;
    }
    if (!jwt) return { ok: false, state: { state: 'unavailable' } };
    const read = readOnce(jwt.trim());
    if ('error' in read) return invalid(`status list: ${read.error}`);
    const { decoded, list } = read;
    const problem = headerProblem(decoded.header);
    if (problem) return invalid(`status list JWT header refused (${problem.kind})`);
    const kid = decoded.header.kid as string;
    const didUrl = parseDidUrl(kid);
    const listIssuer = issuerIdOf(list.issuer);
    if (listIssuer !== this.issuerId) return invalid('status list issued by another issuer');
    if (!didUrl || didUrl.did !== listIssuer || decoded.payload.iss !== listIssuer)
      return invalid('status list signed by another key');
    const key = await this.ctx.resolveKey(kid);
    if (!key) return invalid('status list key unknown');
    if (key.status === 'compromised') return invalid('status list key compromised');
    if (!(await verifiedOnce(read, key.publicJwk))) return invalid('status list signature invalid');
    if (!Array.isArray(list.type) || !list.type.includes('BitstringStatusListCredential'))
      return invalid('not a BitstringStatusListCredential');
    if (list.id !== url) return invalid('status list id differs from its URL');
    const validUntil = list.validUntil === undefined ? null : parseDateTime(list.validUntil);
    if (list.validUntil !== undefined && (!validUntil || validUntil < this.now)) return invalid('status list expired');
    const subject = list.credentialSubject;
    if (!isRecord(subject) || typeof subject.encodedList !== 'string')
      return invalid('status list without encodedList');
    const purposes = Array.isArray(subject.statusPurpose)
      ? subject.statusPurpose.map(String)
      : [String(subject.statusPurpose)];
    try {
      return { ok: true, bits: await decodedOnce(subject.encodedList), purposes };
    } catch {
      return invalid('encodedList cannot be decoded');
    }
  }
}

function messageFor(entry: Record<string, unknown>, value: number): string | undefined {
  const messages = Array.isArray(entry.statusMessage) ? entry.statusMessage : SUSPENDABLE_STATUS_MESSAGES;
  for (const m of messages) {
    if (
      isRecord(m) &&
      typeof m.status === 'string' &&
      parseInt(m.status, 16) === value &&
      typeof m.message === 'string'
    )
      return m.message;
  }
  return undefined;
}

/** The state one `credentialStatus` entry gives. */
export async function entryState(entry: unknown, reader: StatusListReader): Promise<EntryState> {
  if (!isRecord(entry) || entry.type !== 'BitstringStatusListEntry') {
    return { state: 'invalid', why: `unsupported status method ${isRecord(entry) ? String(entry.type) : ''}`.trim() };
  }
  const url = entry.statusListCredential;
  const indexText = entry.statusListIndex;
  const purpose = entry.statusPurpose;
  if (
    typeof url !== 'string' ||
    typeof indexText !== 'string' ||
    !/^\d{1,15}$/.test(indexText) ||
    typeof purpose !== 'string'
  ) {
    return { state: 'invalid', why: 'malformed status entry' };
  }
  const size = entry.statusSize === undefined ? 1 : entry.statusSize;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > 8)
    return { state: 'invalid', why: 'bad statusSize' };
  const list = await reader.read(url);
  if (!list.ok) return list.state;
  if (!list.purposes.includes(purpose)) return { state: 'invalid', why: 'status list purpose differs from the entry' };
  let value: number;
  try {
    value = readStatus(list.bits, Number(indexText), size);
  } catch {
    return { state: 'invalid', why: 'status index outside the list' };
  }
  if (purpose === 'revocation') return value === 0 ? { state: 'valid' } : { state: 'revoked' };
  if (purpose === 'suspension') return value === 0 ? { state: 'valid' } : { state: 'suspended' };
  if (purpose === 'message') {
    if (value === 0) return { state: 'valid' };
    const message = messageFor(entry, value);
    if (message === 'revoked') return { state: 'revoked' };
    if (message === 'suspended') return { state: 'suspended' };
    if (message === 'valid') return { state: 'valid' };
    return { state: 'invalid', why: `unknown status message ${message ?? `0x${value.toString(16)}`}` };
  }
  // Other purposes (e.g. refresh) do not affect validity.
  return { state: 'valid' };
}

const RANK: Record<EntryState['state'], number> = { revoked: 4, suspended: 3, invalid: 2, unavailable: 1, valid: 0 };

/** The overall state of several entries: revoked wins over suspended, over unreadable lists. */
export function worstState(states: readonly EntryState[]): EntryState {
  return states.reduce<EntryState>((worst, s) => (RANK[s.state] > RANK[worst.state] ? s : worst), { state: 'valid' });
}
