/**
 * A fast TrueType subsetter for pdfkit, used instead of fontkit's. Why: fontkit re-decodes every
 * glyph outline of every document to find composite glyphs, which was the largest cost of a render.
 * This one keeps glyph ids unchanged (the PDF maps CIDs to glyph ids one to one), copies the
 * bytes of the glyphs used (and of their components) into an otherwise empty glyf table, and
 * keeps the per-font parsing in a per-isolate cache: a document only concatenates bytes.
 */
import { SUBSET_TABLES, writeSfnt } from '../../assets/fonts-sfnt.js';

/** A font's tables by tag (e.g. from fontTableBytes in src/assets/fonts.ts). */
export type FontTables = (tag: string) => Uint8Array | undefined;

const dv = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

/** Per-font data shared by all documents. */
class FontGlyphs {
  readonly numGlyphs: number;
  private readonly glyf: Uint8Array;
  private readonly offsets: Uint32Array;
  private readonly components = new Map<number, number[]>();

  constructor(readonly tables: FontTables) {
    const head = tables('head');
    const maxp = tables('maxp');
    const loca = tables('loca');
    const glyf = tables('glyf');
    if (!head || !maxp || !loca || !glyf) throw new Error('not a TrueType-outline font');
    this.glyf = glyf;
    this.numGlyphs = dv(maxp).getUint16(4);
    const long = dv(head).getInt16(50) === 1;
    const lv = dv(loca);
    this.offsets = new Uint32Array(this.numGlyphs + 1);
    for (let i = 0; i <= this.numGlyphs; i++) this.offsets[i] = long ? lv.getUint32(4 * i) : 2 * lv.getUint16(2 * i);
  }

  bytes(gid: number): Uint8Array {
    return this.glyf.subarray(this.offsets[gid]!, this.offsets[gid + 1]!);
  }

  /** Glyph ids a composite glyph is built from (empty for a simple glyph). */
  componentsOf(gid: number): number[] {
    let list = this.components.get(gid);
    if (list) return list;
    list = [];
    const data = this.bytes(gid);
    if (data.length >= 10 && dv(data).getInt16(0) < 0) {
      const v = dv(data);
      let at = 10;
      for (;;) {
        const flags = v.getUint16(at);
        list.push(v.getUint16(at + 2));
        at += 4 + (flags & 0x0001 ? 4 : 2); // arguments: words or bytes
        if (flags & 0x0008)
          at += 2; // one scale
        else if (flags & 0x0040)
          at += 4; // x and y scales
        else if (flags & 0x0080) at += 8; // 2×2 matrix
        if (!(flags & 0x0020) || at + 4 > data.length) break; // no more components
      }
    }
    this.components.set(gid, list);
    return list;
  }
}

const fonts = new Map<string, FontGlyphs>();

function fontGlyphs(key: string, tables: FontTables): FontGlyphs {
  let f = fonts.get(key);
  if (!f) {
    f = new FontGlyphs(tables);
    fonts.set(key, f);
  }
  return f;
}

/** The interface pdfkit's EmbeddedFont expects from `font.createSubset()`. */
export class IdentitySubset {
  private readonly used = new Set<number>([0]);
  private readonly glyphs: FontGlyphs;

  constructor(key: string, tables: FontTables) {
    this.glyphs = fontGlyphs(key, tables);
  }

  /** Glyph ids are kept, so the CID of a glyph is its id in the source font. */
  includeGlyph(gid: number): number {
    if (!this.used.has(gid)) {
      this.used.add(gid);
      for (const c of this.glyphs.componentsOf(gid)) this.includeGlyph(c);
    }
    return gid;
  }

  /** Highest glyph id in use (pdfkit's widths and ToUnicode arrays must be dense up to it). */
  get maxGlyphId(): number {
    let max = 0;
    for (const g of this.used) max = Math.max(max, g);
    return max;
  }

  /** A TrueType font program with the used glyphs' outlines and empty slots for the others. */
  encode(): Uint8Array {
    const g = this.glyphs;
    const n = g.numGlyphs;
    let glyfSize = 0;
    for (const gid of this.used) if (gid < n) glyfSize += (g.bytes(gid).length + 3) & ~3;
    const glyf = new Uint8Array(glyfSize);
    const loca = new Uint8Array(4 * (n + 1));
    const lv = dv(loca);
    let at = 0;
    for (let gid = 0; gid < n; gid++) {
      lv.setUint32(4 * gid, at);
      if (this.used.has(gid)) {
        const b = g.bytes(gid);
        glyf.set(b, at);
        at += (b.length + 3) & ~3;
      }
    }
    lv.setUint32(4 * n, at);
    const head = g.tables('head')!.slice();
    dv(head).setInt16(50, 1); // long loca offsets
    const made: Record<string, Uint8Array> = { glyf, head, loca };
    const tables: [string, Uint8Array][] = [];
    for (const tag of SUBSET_TABLES) {
      const t = made[tag] ?? g.tables(tag);
      if (t) tables.push([tag, t]);
    }
    return writeSfnt(0x00010000, tables);
  }
}
