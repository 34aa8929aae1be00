import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { base64urlDecode, base64urlEncode } from '../../../src/lib/bytes.js';
import {
  buildStatusListCredential,
  decodeStatusList,
  encodeStatusList,
  encodeStatusValues,
  isSet,
  readStatus,
  STATUS_LIST_SIZE,
  STATUS_VALUE,
  statusEntry,
  suspendableStatusEntry,
  suspendableValue,
} from '../../../src/ob3/status-list.js';

/** Independent decoder (node:zlib) to check the encoding against the spec, not against ourselves. */
function rawBits(encoded: string): Uint8Array {
  expect(encoded.startsWith('u')).toBe(true);
  return new Uint8Array(gunzipSync(base64urlDecode(encoded.slice(1))));
}

describe('Bitstring Status List', () => {
  it('encodes 131,072 entries as u + base64url (no padding) of a gzip of 16 KiB', async () => {
    expect(STATUS_LIST_SIZE).toBe(131_072);
    const encoded = await encodeStatusList([]);
    expect(encoded).toMatch(/^u[A-Za-z0-9_-]+$/);
    expect(rawBits(encoded)).toHaveLength(16 * 1024);
    expect(encoded.length).toBeLessThan(200); // all zeros compress to almost nothing
  });

  it('puts index 0 in the most significant (left-most) bit of the first byte', async () => {
    const bits = rawBits(await encodeStatusList([0, 7, 8, 131_071]));
    expect(bits[0]).toBe(0b1000_0001);
    expect(bits[1]).toBe(0b1000_0000);
    expect(bits[bits.length - 1]).toBe(0b0000_0001);
    expect(bits.slice(2, -1).every((b) => b === 0)).toBe(true);
  });

  it('round-trips a list of 131,072 entries with random indexes set', async () => {
    const set = new Set<number>();
    while (set.size < 500) set.add(Math.floor(Math.random() * STATUS_LIST_SIZE));
    const bits = await decodeStatusList(await encodeStatusList(set));
    expect(bits).toHaveLength(STATUS_LIST_SIZE / 8);
    for (let i = 0; i < STATUS_LIST_SIZE; i += 1) {
      if (isSet(bits, i) !== set.has(i)) throw new Error(`bit ${i} differs`);
    }
  });

  it('decodes a list encoded by another implementation (node:zlib)', async () => {
    const raw = new Uint8Array(16 * 1024);
    raw[5] = 0b0010_0000; // index 42
    const bits = await decodeStatusList(`u${base64urlEncode(new Uint8Array(gzipSync(raw)))}`);
    expect(isSet(bits, 42)).toBe(true);
    expect(isSet(bits, 41)).toBe(false);
    expect(isSet(bits, 43)).toBe(false);
  });

  it('rejects malformed lists and out-of-range indexes', async () => {
    await expect(decodeStatusList('zabc')).rejects.toThrow(/prefix u/);
    await expect(decodeStatusList('u!!!')).rejects.toThrow();
    await expect(decodeStatusList('uAAAA')).rejects.toThrow();
    await expect(encodeStatusList([STATUS_LIST_SIZE])).rejects.toThrow(RangeError);
    await expect(encodeStatusList([-1])).rejects.toThrow(RangeError);
    const bits = await decodeStatusList(await encodeStatusList([], 64));
    expect(() => isSet(bits, 64)).toThrow(RangeError);
  });

  it('refuses to inflate a gzip bomb', async () => {
    const bomb = `u${base64urlEncode(new Uint8Array(gzipSync(new Uint8Array(64 * 1024 * 1024))))}`;
    await expect(decodeStatusList(bomb)).rejects.toThrow(/larger than/);
  });

  it('writes 2-bit revocation-and-suspension values most significant bit first', async () => {
    const encoded = await encodeStatusValues(
      [
        [0, suspendableValue({ revoked: true })],
        [1, suspendableValue({ suspended: true })],
        [3, suspendableValue({ revoked: true, suspended: true })],
      ],
      { statusSize: 2 },
    );
    const raw = rawBits(encoded);
    expect(raw).toHaveLength((2 * STATUS_LIST_SIZE) / 8);
    expect(raw[0]).toBe(0b10_01_00_11);
    const bits = await decodeStatusList(encoded);
    expect(readStatus(bits, 0, 2)).toBe(STATUS_VALUE.revoked);
    expect(readStatus(bits, 1, 2)).toBe(STATUS_VALUE.suspended);
    expect(readStatus(bits, 2, 2)).toBe(STATUS_VALUE.valid);
    expect(readStatus(bits, 3, 2)).toBe(3);
  });

  it('builds entries with the index as a base-10 string and id = list URL#index', () => {
    const url = 'https://badges.example.org/issuers/hub/status/revocation/1';
    expect(statusEntry({ listUrl: url, index: 42, purpose: 'revocation' })).toEqual({
      id: `${url}#42`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '42',
      statusListCredential: url,
    });
    const two = suspendableStatusEntry({ listUrl: url, index: 7 });
    expect(two).toMatchObject({ statusPurpose: 'message', statusSize: 2, statusListIndex: '7' });
    expect(two.statusMessage).toHaveLength(4);
  });

  it('builds a BitstringStatusListCredential whose id is the list URL', async () => {
    const url = 'https://badges.example.org/issuers/hub/status/revocation/1';
    const list = buildStatusListCredential({
      listUrl: url,
      issuer: { id: 'did:web:badges.example.org:issuers:hub' },
      purpose: 'revocation',
      encodedList: await encodeStatusList([1]),
      validFrom: new Date('2026-01-01T10:00:00.123Z'),
    });
    expect(list).toEqual({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: url,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: 'did:web:badges.example.org:issuers:hub',
      validFrom: '2026-01-01T10:00:00Z',
      credentialSubject: {
        id: `${url}#list`,
        type: 'BitstringStatusList',
        statusPurpose: 'revocation',
        encodedList: list.credentialSubject.encodedList,
      },
    });
  });
});
