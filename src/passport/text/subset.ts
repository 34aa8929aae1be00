/**
 * A fast TrueType subsetter for pdfkit, used instead of fontkit's. Why: fontkit re-decodes every
 * glyph outline of every document to find composite glyphs, which was the largest cost of a render.
 * This one keeps glyph ids unchanged (the PDF maps CIDs to glyph ids one to one), copies the
 * bytes of the glyphs used (and of their components) into an otherwise empty glyf table, and
 * keeps the per-font parsing in a per-isolate cache: a document only concatenates bytes.
 *
 * A font may come with a program made at build time (scripts/embed-font-tables.ts: the glyphs its
 * passports draw, already deflated): while every glyph a document uses is in it, the document embeds
 * it as it is, and neither parses the font's tables nor subsets nor deflates anything.
 */
import type { FontProgram } from '../../assets/fonts.js';
import { SUBSET_TABLES, writeSfnt } from '../../assets/fonts-sfnt.js';

/** A font's tables by tag (e.g. from woffTableBytes in src/assets/fonts.ts). */
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
  private parsed: FontGlyphs | undefined;
  /** The prebuilt program, while it holds every glyph used. */
  private program: FontProgram | undefined;

  constructor(
    private readonly key: string,
    private readonly tables: FontTables,
    program?: FontProgram,
  ) {
    this.program = program;
  }

  /** The font's tables, parsed on first need only (never while the prebuilt program serves). */
  private get glyphs(): FontGlyphs {
    this.parsed ??= fontGlyphs(this.key, this.tables);
    return this.parsed;
  }

  /** Glyph ids are kept, so the CID of a glyph is its id in the source font. */
  includeGlyph(gid: number): number {
    if (this.used.has(gid)) return gid;
    this.used.add(gid);
    // The program holds this glyph's components too.
    if (this.program?.has(gid)) return gid;
    if (this.program) {
      // A glyph the program lacks: this document gets its own subset, with the components of the glyphs already used.
      this.program = undefined;
      for (const g of [...this.used]) for (const c of this.glyphs.componentsOf(g)) this.includeGlyph(c);
    }
    for (const c of this.glyphs.componentsOf(gid)) this.includeGlyph(c);
    return gid;
  }

  /** The glyph ids used, ascending. */
  glyphIds(): number[] {
    return [...this.used].sort((a, b) => a - b);
  }

  /** Highest glyph id in use (pdfkit's widths and ToUnicode arrays must be dense up to it). */
  get maxGlyphId(): number {
    let max = 0;
    for (const g of this.used) max = Math.max(max, g);
    return max;
  }

  /** Highest glyph id with an outline in the embedded program (the prebuilt program may hold more glyphs than used). */
  get maxEmbeddedGlyphId(): number {
    return Math.max(this.maxGlyphId, this.program?.maxGlyphId ?? 0);
  }

  /** Whether encode() gives the prebuilt program, already deflated (its stream must not be deflated again). */
  get prebuilt(): boolean {
    return this.program !== undefined;
  }

  /** A TrueType font program with the used glyphs' outlines and empty slots for the others; deflated when prebuilt. */
  encode(): Uint8Array {
    if (this.program) return this.program.deflated();
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
