import type { AppDeps } from '../context.js';
import { notFound } from '../errors.js';
import { base64urlEncode, randomBytes } from '../lib/bytes.js';
import { dataIntegrityListUrl } from '../ob3/data-integrity/credential.js';
import { issuerDid } from '../ob3/did.js';
import { signCredential } from '../ob3/jwt.js';
import {
  buildStatusListCredential,
  encodeStatusList,
  encodeStatusValues,
  STATUS_LIST_SIZE,
  SUSPENDABLE_STATUS_SIZE,
  suspendableValue,
} from '../ob3/status-list.js';
import type { OrganisationRow } from '../organisations/lookup.js';
import { signingKeyFor } from './keys.js';
import * as store from './store.js';

/**
 * Bitstring status lists, one series per issuer and purpose. Indexes are random (herd privacy:
 * an index says nothing about issuance order) and unique per list by a database constraint; a list
 * is retired once a quarter of it is used, so that a random draw rarely collides.
 */
export const LIST_FILL_LIMIT = Math.floor(STATUS_LIST_SIZE / 4);

/** Verifiers may cache a list this long (seconds). Short, so that a revocation shows quickly. */
export const STATUS_LIST_MAX_AGE = 60;

export type ListPurpose = store.StatusListRow['purpose'];

export function statusListUrl(deps: AppDeps, org: OrganisationRow, listId: string): string {
  return `${deps.config.publicUrl}/issuers/${org.slug}/status/${listId}`;
}

/** A list an issuer publishes, by its id: 404 for an unknown list or another issuer's. */
export async function publishedStatusList(
  deps: AppDeps,
  org: OrganisationRow,
  listId: string,
): Promise<store.StatusListRow> {
  const row = await store.findStatusList(deps.database.db, listId);
  if (!row || row.orgId !== org.id) throw unknownStatusList();
  return row;
}

export const unknownStatusList = () =>
  notFound({ fr: 'Cette liste de statuts n’existe pas.', en: 'This status list does not exist.' });

/** The list new credentials of this issuer and purpose go to (`room` of them), created when needed. */
export async function currentStatusList(
  deps: AppDeps,
  org: OrganisationRow,
  purpose: ListPurpose,
  room = 1,
): Promise<store.StatusListRow> {
  const db = deps.database.db;
  const [latest] = await store.statusListsOf(db, org.id, purpose);
  if (latest && latest.usedSlots + room <= LIST_FILL_LIMIT) return latest;
  const row = {
    id: base64urlEncode(randomBytes(9)),
    orgId: org.id,
    purpose,
    size: STATUS_LIST_SIZE,
    statusSize: purpose === 'message' ? SUSPENDABLE_STATUS_SIZE : 1,
    createdAt: deps.clock().toISOString(),
    bitsRevision: 0,
    usedSlots: 0,
  };
  await store.insertStatusList(db, row);
  return row;
}

export function randomIndex(size: number): number {
  const [n] = crypto.getRandomValues(new Uint32Array(1));
  return n! % size;
}

/** `count` distinct random indexes of a list, none of them in `avoid`. */
export function randomIndexes(size: number, count: number, avoid: ReadonlySet<number> = new Set()): number[] {
  const drawn = new Set<number>();
  const words = crypto.getRandomValues(new Uint32Array(count * 2 + 16));
  let i = 0;
  while (drawn.size < count) {
    const n = (i < words.length ? words[i++]! : randomIndex(2 ** 32)) % size;
    if (!avoid.has(n)) drawn.add(n);
  }
  return [...drawn];
}

/**
 * The list's bits from the credentials' current states: the one source of both published forms (the
 * JWT and the Data Integrity one). `entries` are the non-zero values, in index order.
 */
export async function encodedListOf(
  deps: AppDeps,
  list: store.StatusListRow,
): Promise<{ encodedList: string; entries: (readonly [index: number, value: number])[] }> {
  const flagged = await store.flaggedEntries(deps.database.db, list.id);
  // A suspension sets the revocation bit: the suspended credential is dead for every reader.
  const entries = flagged
    .map((e) => [e.index, list.purpose === 'message' ? suspendableValue(e) : 1] as const)
    .sort((a, b) => a[0] - b[0]);
  const encodedList =
    list.purpose === 'message'
      ? await encodeStatusValues(entries, { statusSize: list.statusSize, entries: list.size })
      : await encodeStatusList(
          entries.map(([index]) => index),
          list.size,
        );
  return { encodedList, entries };
}

export type StatusListForm = store.StatusListForm;

/**
 * The list as a signed BitstringStatusListCredential (compact JWT), built and signed from the
 * current state. Its id is the list's URL (`jwt`), or the JSON-LD list's URL (`ldp`): Jalon's verifier
 * asks for the latter when it checks a Data Integrity form, which names it (same bits).
 */
export async function statusListJwt(
  deps: AppDeps,
  org: OrganisationRow,
  list: store.StatusListRow,
  form: StatusListForm = 'jwt',
): Promise<{ jwt: string; keyId: string }> {
  const { encodedList } = await encodedListOf(deps, list);
  const url = statusListUrl(deps, org, list.id);
  const credential = buildStatusListCredential({
    listUrl: form === 'jwt' ? url : dataIntegrityListUrl(url),
    issuer: issuerDid(deps.config.publicUrl, org.slug),
    purpose: list.purpose,
    encodedList,
    validFrom: deps.clock(),
    ttl: STATUS_LIST_MAX_AGE * 1000,
  });
  const key = await signingKeyFor(deps, org);
  return { jwt: await signCredential(credential, key), keyId: key.keyId };
}

/**
 * A list of this issuer as a signed JWT, from the kept copy (`status_list_jwt`) while it is current:
 * signed again only when a bit changed (the list's revision, bumped by a trigger in the same
 * transaction as the change, so a revocation is served at once) or its key is no longer the active
 * one. Null for an unknown list or another issuer's.
 */
export async function publishedStatusListJwt(
  deps: AppDeps,
  org: OrganisationRow,
  listId: string,
  form: StatusListForm = 'jwt',
): Promise<string | null> {
  const db = deps.database.db;
  const found = await store.findStatusListWithJwt(db, listId, form);
  if (!found || found.list.orgId !== org.id) return null;
  const { list, kept } = found;
  if (kept && kept.revision === list.bitsRevision && kept.keyStatus === 'active') return kept.jwt;
  // The revision was read before the bits are: a change landing in between leaves the kept copy
  // behind the list's revision, so the next read signs again instead of serving stale bits.
  const signed = await statusListJwt(deps, org, list, form);
  await store.saveStatusListJwt(db, {
    listId,
    form,
    revision: list.bitsRevision,
    keyId: signed.keyId,
    jwt: signed.jwt,
    signedAt: deps.clock().toISOString(),
  });
  return signed.jwt;
}
