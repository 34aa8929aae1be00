import { unzlibSync } from 'fflate';
import * as fontkit from 'fontkit';
import { FONT_TABLES, type FontMetrics, type FontTable } from './font-tables.generated.js';
import { FONT_COVERAGE, FONT_DATA, FONT_NAMES, type FontName } from './fonts.generated.js';
import { writeSfnt } from './fonts-sfnt.js';
import { base64Decode } from '../lib/bytes.js';

export { FONT_NAMES, type FontMetrics, type FontName, type FontTable };

const bytesCache = new Map<FontName, Uint8Array>();
const fontCache = new Map<FontName, fontkit.Font>();
const coverageCache = new Map<FontName, Uint32Array>();

/** Raw bytes (WOFF 1.0) of an embedded font, decoded once per isolate (a cache, not state). */
export function fontBytes(name: FontName): Uint8Array {
  let bytes = bytesCache.get(name);
  if (!bytes) {
    const b64 = FONT_DATA[name];
    if (!b64) throw new Error(`unknown embedded font ${name}`);
    bytes = base64Decode(b64);
    bytesCache.set(name, bytes);
  }
  return bytes;
}

const sfntCache = new Map<FontName, Uint8Array>();

/**
 * The tables of a WOFF 1.0 font (our own embedded files: trusted bytes), each inflated with fflate
 * on first use only. Why not through fontkit: its WOFF reader inflates a table again on every
 * access (embedding glyphs in a PDF inflated the whole glyf table once per glyph), and its pure-JS
 * inflater was most of a first render's font preparation. Why per table: a PDF font program needs
 * the outlines and metrics, not the layout tables (GSUB, GPOS, cmap…), which are most of the bytes.
 */
class WoffTables {
  readonly flavor: number;
  readonly tags: readonly string[];
  private readonly entries = new Map<string, { data: Uint8Array; origLength: number }>();
  private readonly inflated = new Map<string, Uint8Array>();

  constructor(woff: Uint8Array) {
    const v = new DataView(woff.buffer, woff.byteOffset, woff.byteLength);
    if (v.getUint32(0) !== 0x774f4646) throw new Error('not a WOFF 1.0 font'); // 'wOFF'
    this.flavor = v.getUint32(4);
    const count = v.getUint16(12);
    for (let i = 0; i < count; i++) {
      const at = 44 + 20 * i;
      const tag = String.fromCharCode(woff[at]!, woff[at + 1]!, woff[at + 2]!, woff[at + 3]!);
      const offset = v.getUint32(at + 4);
      const compLength = v.getUint32(at + 8);
      this.entries.set(tag, { data: woff.subarray(offset, offset + compLength), origLength: v.getUint32(at + 12) });
    }
    this.tags = [...this.entries.keys()];
  }

  get(tag: string): Uint8Array | undefined {
    let bytes = this.inflated.get(tag);
    if (bytes) return bytes;
    const entry = this.entries.get(tag);
    if (!entry) return undefined;
    const { data, origLength } = entry;
    bytes = data.length < origLength ? unzlibSync(data, { out: new Uint8Array(origLength) }) : data;
    this.inflated.set(tag, bytes);
    return bytes;
  }
}

const tablesCache = new Map<FontName, WoffTables>();

/** A font's prebuilt PDF font program (scripts/embed-font-tables.ts), as the subsetter reads it. */
export interface FontProgram {
  has(gid: number): boolean;
  readonly maxGlyphId: number;
  /** The program, zlib-deflated; decoded once per isolate. */
  deflated(): Uint8Array;
}

const programCache = new Map<FontName, FontProgram>();

/** The prebuilt font program of a font with a build-time table, or undefined. */
export function fontProgram(name: FontName): FontProgram | undefined {
  let program = programCache.get(name);
  if (program) return program;
  const source = FONT_TABLES[name]?.program;
  if (!source) return undefined;
  const glyphs = new Set(source.glyphs);
  let bytes: Uint8Array | undefined;
  program = {
    has: (gid) => glyphs.has(gid),
    maxGlyphId: Math.max(...source.glyphs),
    deflated: () => {
      bytes ??= base64Decode(source.deflated);
      return bytes;
    },
  };
  programCache.set(name, program);
  return program;
}

/** One table of an embedded font, from its WOFF file (inflated once per isolate). */
export function woffTableBytes(name: FontName, tag: string): Uint8Array | undefined {
  let tables = tablesCache.get(name);
  if (!tables) {
    tables = new WoffTables(fontBytes(name));
    tablesCache.set(name, tables);
  }
  return tables.get(tag);
}

/**
 * The embedded font as a plain TrueType (sfnt) file, unpacked once per isolate: for fontkit and
 * for tools that do not read WOFF (e.g. resvg for badge images).
 */
export function fontSfnt(name: FontName): Uint8Array {
  let bytes = sfntCache.get(name);
  if (!bytes) {
    woffTableBytes(name, 'head');
    const all = tablesCache.get(name)!;
    bytes = writeSfnt(
      all.flavor,
      all.tags.map((tag) => [tag, all.get(tag)!] as const),
    );
    sfntCache.set(name, bytes);
  }
  return bytes;
}

/** A font's build-time shaping table and metrics (scripts/embed-font-tables.ts), or undefined for fonts without one. */
export function fontTable(name: FontName): FontTable | undefined {
  return FONT_TABLES[name];
}

/** A parsed fontkit font (from the unpacked sfnt), parsed once per isolate. */
export function font(name: FontName): fontkit.Font {
  let f = fontCache.get(name);
  if (!f) {
    const created = fontkit.create(fontSfnt(name) as unknown as Buffer);
    if (!('layout' in created)) throw new Error(`embedded font ${name} is a collection`);
    f = created;
    fontCache.set(name, f);
  }
  return f;
}

/**
 * Whether an embedded font maps a code point, without parsing the font (the coverage table is
 * generated with the font data). Lets a renderer pick a fallback font and parse only that one.
 */
export function fontCovers(name: FontName, codePoint: number): boolean {
  let ranges = coverageCache.get(name);
  if (!ranges) {
    const parts = FONT_COVERAGE[name].split(',');
    ranges = new Uint32Array(parts.length * 2);
    parts.forEach((part, i) => {
      const [a, b] = part.split('-');
      const start = parseInt(a!, 36);
      ranges![2 * i] = start;
      ranges![2 * i + 1] = b === undefined ? start : parseInt(b, 36);
    });
    coverageCache.set(name, ranges);
  }
  // Binary search over [start, end] pairs.
  let lo = 0;
  let hi = ranges.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (codePoint < ranges[2 * mid]!) hi = mid - 1;
    else if (codePoint > ranges[2 * mid + 1]!) lo = mid + 1;
    else return true;
  }
  return false;
}

export type FontWeight = 400 | 700;

/** A design family: its fonts (unicode-range slices) per weight, in lookup order. */
export interface FontFamily {
  id: string;
  regular: readonly FontName[];
  /** Bold slices; a character missing from them falls back to `regular` (lighter, but right). */
  bold: readonly FontName[];
}

const byPrefix = (prefix: string) => FONT_NAMES.filter((n) => n.startsWith(prefix));

/**
 * Fallback order for text. Atkinson Hyperlegible Next first (made for low-vision readers);
 * then Noto Sans, whose design is close and which covers most alphabets; then scripts.
 * A word is set in the first family that covers all of it, so that a name such as "Nguyễn"
 * does not mix two designs inside one word.
 */
export const FONT_FAMILIES: readonly FontFamily[] = [
  {
    id: 'atkinson',
    regular: ['atkinson-latin-400', 'atkinson-latin-ext-400'],
    bold: ['atkinson-latin-700', 'atkinson-latin-ext-700'],
  },
  {
    id: 'noto',
    regular: [
      'noto-latin-400',
      'noto-latin-ext-400',
      'noto-vietnamese-400',
      'noto-cyrillic-400',
      'noto-cyrillic-ext-400',
      'noto-greek-400',
      'noto-devanagari-400',
    ],
    bold: ['noto-latin-700', 'noto-latin-ext-700', 'noto-vietnamese-700', 'noto-cyrillic-700', 'noto-greek-700'],
  },
  { id: 'noto-hebrew', regular: ['noto-hebrew-400'], bold: ['noto-hebrew-700'] },
  { id: 'noto-arabic', regular: ['noto-arabic-400'], bold: [] },
  // Chinese slices also carry the unified Han characters used in Japanese and Korean names.
  { id: 'noto-sc', regular: byPrefix('noto-sc-'), bold: [] },
  { id: 'noto-jp', regular: byPrefix('noto-jp-'), bold: [] },
  { id: 'noto-kr', regular: byPrefix('noto-kr-'), bold: [] },
];

/**
 * Fonts for the digits 0–9 wherever Atkinson would draw them: its zero carries a slash, which people
 * who read little take for a letter (« 2Ø26 »), and the fontsource files have no open-zero variant.
 * Noto Sans draws an open zero; all ten digits come from it so that a number keeps one design.
 * The web pages do the same (src/web/styles.ts).
 */
export const PLAIN_DIGITS: Readonly<Record<FontWeight, FontName>> = { 400: 'noto-latin-400', 700: 'noto-latin-700' };

export const isDigit = (codePoint: number) => codePoint >= 0x30 && codePoint <= 0x39;

/** The font of `family` that maps `codePoint` at `weight`, or undefined. */
export function familyFontFor(family: FontFamily, codePoint: number, weight: FontWeight): FontName | undefined {
  if (weight === 700) for (const name of family.bold) if (fontCovers(name, codePoint)) return name;
  for (const name of family.regular) if (fontCovers(name, codePoint)) return name;
  return undefined;
}
