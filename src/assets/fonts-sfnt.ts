/** Writes a TrueType/OpenType (sfnt) file from its tables. Shared by the WOFF unpacker and the PDF subsetter. */

function checksum(data: Uint8Array): number {
  let sum = 0;
  const full = data.length & ~3;
  for (let i = 0; i < full; i += 4)
    sum = (sum + ((data[i]! << 24) | (data[i + 1]! << 16) | (data[i + 2]! << 8) | data[i + 3]!)) >>> 0;
  if (full < data.length) {
    let last = 0;
    for (let i = full; i < full + 4; i++) last = (last << 8) | (data[i] ?? 0);
    sum = (sum + (last >>> 0)) >>> 0;
  }
  return sum;
}

/** `flavor`: 0x00010000 for TrueType outlines, 'OTTO' for CFF. Tables are sorted by tag, 4-byte aligned. */
export function writeSfnt(flavor: number, entries: readonly (readonly [string, Uint8Array])[]): Uint8Array {
  const sorted = [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const headerSize = 12 + 16 * sorted.length;
  const size = sorted.reduce((s, [, d]) => s + ((d.length + 3) & ~3), headerSize);
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  let pow = 1;
  let log = 0;
  while (pow * 2 <= sorted.length) {
    pow *= 2;
    log++;
  }
  v.setUint32(0, flavor);
  v.setUint16(4, sorted.length);
  v.setUint16(6, 16 * pow);
  v.setUint16(8, log);
  v.setUint16(10, 16 * (sorted.length - pow));
  let offset = headerSize;
  sorted.forEach(([tag, data], i) => {
    const at = 12 + 16 * i;
    for (let k = 0; k < 4; k++) out[at + k] = tag.charCodeAt(k);
    v.setUint32(at + 4, checksum(data));
    v.setUint32(at + 8, offset);
    v.setUint32(at + 12, data.length);
    out.set(data, offset);
    offset += (data.length + 3) & ~3;
  });
  return out;
}

/** The tables a PDF font program is made of (TrueType outlines and their metrics; the layout tables are not). */
export const SUBSET_TABLES = ['glyf', 'head', 'loca', 'cvt ', 'fpgm', 'hhea', 'hmtx', 'maxp', 'prep'] as const;
