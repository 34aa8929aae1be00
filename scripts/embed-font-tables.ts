/**
 * Precomputes, for the fonts a French passport is set in, what fontkit's shaper would give for the
 * characters French text uses: glyph id and advance per character, and the kerning of every pair.
 * Why: the first render in a fresh process (a new Workers isolate) spent most of its time running
 * fontkit's OpenType machinery once (table decoding, lookup compilation); a run made only of these
 * characters is now set from the tables (src/passport/text/shape.ts), and fontkit stays the shaper
 * of everything else. Also writes the metrics pdfkit reads to embed a font, so that a document set
 * only from the tables never parses a font.
 *
 * And, per font, a PDF font program made once here: the glyphs that its passports draw (for Atkinson,
 * every table character; for Noto Sans, which prints the digits, the ten digits), subset as
 * src/passport/text/subset.ts subsets, deflated. A document whose glyphs are all in it embeds those
 * bytes as they are (no subsetting, no deflate per render); any other keeps its own subset.
 *
 * A character is in a font's table only if shaping it can never involve more than a glyph and its
 * pair kerning: one glyph, its nominal advance, no offsets; no substitution or non-pair positioning
 * lookup of the default features (those fontkit applies) can fire on a string of table characters;
 * both scripts fontkit may pick for such a string (latn, DFLT) have the same lookups; and every
 * pair, shaped by fontkit, gives the two glyphs with the first one's advance adjusted only. The
 * script fails when a font breaks one of these rules, rather than produce a table that could
 * disagree with fontkit. test/unit/passport/font-tables.test.ts checks the tables against fontkit.
 *
 * Run by `npm run embed:fonts` (after scripts/embed-fonts.ts); the output is committed.
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { font, type FontName, woffTableBytes } from '../src/assets/fonts.js';
import { IdentitySubset } from '../src/passport/text/subset.js';

export const TABLE_FONTS = ['atkinson-latin-400', 'atkinson-latin-700', 'noto-latin-400', 'noto-latin-700'] as const;

/**
 * The characters whose glyphs each prebuilt font program holds: Atkinson sets the text (all of its
 * table), Noto Sans the digits (src/assets/fonts.ts, PLAIN_DIGITS) and the spaces after them (a space
 * joins the run before it: src/passport/text/fonts.ts). A larger program makes every PDF larger; a
 * smaller one sends more of them down the per-document path.
 */
const PROGRAM_CHARS: Record<(typeof TABLE_FONTS)[number], 'table' | string> = {
  'atkinson-latin-400': 'table',
  'atkinson-latin-700': 'table',
  'noto-latin-400': '0123456789 ',
  'noto-latin-700': '0123456789 ',
};

/** The features fontkit's default (non-complex) shaper applies to horizontal text. */
const DEFAULT_FEATURES = [
  'rvrn',
  'ccmp',
  'locl',
  'rlig',
  'mark',
  'mkmk',
  'calt',
  'clig',
  'liga',
  'rclt',
  'curs',
  'kern',
];

/** fontkit's parsed OpenType layout tables, as far as read here (not in its typings). */
interface Coverage {
  version: number;
  glyphs?: number[];
  rangeRecords?: { start: number; end: number }[];
}
interface SubTable {
  [field: string]: unknown;
}
interface Lookup {
  lookupType: number;
  subTables: SubTable[];
}
interface LayoutTable {
  scriptList: { tag: string; script: { defaultLangSys: { featureIndexes: number[] } } }[];
  featureList: { tag: string; feature: { lookupListIndexes: number[] } }[];
  lookupList: { get(i: number): Lookup };
}

function covered(c: Coverage | undefined): Set<number> {
  const out = new Set<number>();
  if (!c) return out;
  for (const g of c.glyphs ?? []) out.add(g);
  for (const r of c.rangeRecords ?? []) for (let g = r.start; g <= r.end; g++) out.add(g);
  return out;
}

/** Lookup indices of the default features, for one script's default language. */
function lookupsOf(table: LayoutTable | undefined, scriptTag: string): number[] {
  if (!table) return [];
  const script = table.scriptList.find((s) => s.tag === scriptTag);
  if (!script) return [];
  const out = new Set<number>();
  for (const i of script.script.defaultLangSys.featureIndexes) {
    const record = table.featureList[i]!;
    if (DEFAULT_FEATURES.includes(record.tag)) for (const l of record.feature.lookupListIndexes) out.add(l);
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * Glyphs on which a lookup may fire in a string made only of `glyphs` (an empty set when it never
 * can). `positioning`: GPOS (pair adjustments, type 2, are allowed: the pair shaping below measures them).
 */
function firing(sub: SubTable, type: number, positioning: boolean, glyphs: Set<number>): Set<number> {
  const extensionType = positioning ? 9 : 7;
  if (type === extensionType) return firing(sub.extension as SubTable, sub.lookupType as number, positioning, glyphs);
  const meets = (c: unknown) => [...covered(c as Coverage)].some((g) => glyphs.has(g));
  const contextual = positioning ? [7, 8] : [5, 6];
  if (contextual.includes(type) && sub[positioning ? 'posFormat' : 'substFormat'] === 3) {
    // Coverage-based rule: it matches only if each of its positions can be one of our glyphs.
    const parts = [
      ...((sub.backtrackCoverage as unknown[]) ?? []),
      ...((sub.inputCoverage as unknown[]) ?? (sub.coverages as unknown[]) ?? []),
      ...((sub.lookaheadCoverage as unknown[]) ?? []),
    ];
    if (!parts.every(meets)) return new Set();
    return covered(((sub.inputCoverage ?? sub.coverages) as Coverage[])[0]);
  }
  if (positioning && type === 2) return new Set();
  // Mark positioning fires on the mark (the second glyph), which is never one of ours if the mark is not.
  const first = positioning && type >= 4 && type <= 6 ? (sub.markCoverage ?? sub.mark1Coverage) : sub.coverage;
  return covered(first as Coverage);
}

interface Table {
  chars: Record<number, [number, number]>;
  kerning: Record<number, number>;
  metrics: Record<string, unknown>;
  program: { glyphs: number[]; deflated: string };
}

/** The font program of `chars`' glyphs (and their components), as a document using only them would embed it. */
function program(name: FontName, chars: readonly number[]): Table['program'] {
  const f = font(name);
  const subset = new IdentitySubset(`build:${name}`, (tag) => woffTableBytes(name, tag));
  for (const cp of chars) subset.includeGlyph(f.glyphForCodePoint(cp).id);
  return {
    glyphs: subset.glyphIds(),
    deflated: deflateSync(subset.encode(), { level: 9 }).toString('base64'),
  };
}

function build(name: (typeof TABLE_FONTS)[number]): Table {
  const f = font(name);
  const layout = f as unknown as { GSUB?: LayoutTable; GPOS?: LayoutTable };
  for (const t of ['GSUB', 'GPOS'] as const)
    if (String(lookupsOf(layout[t], 'latn')) !== String(lookupsOf(layout[t], 'DFLT')))
      throw new Error(`${name}: ${t} lookups differ between latn and DFLT`);

  // Candidates: Latin or common characters, not marks, controls or default ignorables, that shape alone to their nominal glyph.
  const eligible = /^[\p{Script=Latin}\p{Script=Common}]$/u;
  const excluded = /^[\p{M}\p{Cc}\p{Default_Ignorable_Code_Point}]$/u;
  let chars = f.characterSet
    .filter((cp) => {
      const ch = String.fromCodePoint(cp);
      // U+2044 FRACTION SLASH: fontkit turns the digits around it into a fraction (numr, frac, dnom).
      return eligible.test(ch) && !excluded.test(ch) && cp !== 0x2044;
    })
    .filter((cp) => {
      const run = f.layout(String.fromCodePoint(cp));
      const g = run.glyphs[0]!;
      const p = run.positions[0]!;
      return (
        run.glyphs.length === 1 &&
        g.id === f.glyphForCodePoint(cp).id &&
        String(g.codePoints) === String(cp) &&
        p.xAdvance === g.advanceWidth &&
        p.xOffset === 0 &&
        p.yOffset === 0
      );
    });

  // Remove the characters some substitution or non-pair positioning could act on.
  for (const [t, positioning] of [
    ['GSUB', false],
    ['GPOS', true],
  ] as const) {
    const table = layout[t];
    if (!table) continue;
    for (const index of lookupsOf(table, 'latn')) {
      const lookup = table.lookupList.get(index);
      for (const sub of lookup.subTables) {
        const glyphs = new Set(chars.map((cp) => f.glyphForCodePoint(cp).id));
        const fires = firing(sub, lookup.lookupType, positioning, glyphs);
        chars = chars.filter((cp) => !fires.has(f.glyphForCodePoint(cp).id));
      }
    }
  }

  // The run-time lookups read code units (src/passport/text/shape.ts): BMP characters only.
  if (chars.some((cp) => cp > 0xffff)) throw new Error(`${name}: a table character is beyond the BMP`);

  // Pair kerning, measured by shaping every pair with fontkit.
  const glyph = new Map(chars.map((cp) => [cp, f.glyphForCodePoint(cp)] as const));
  const kerning: Record<number, number> = {};
  for (const a of chars) {
    for (const b of chars) {
      const run = f.layout(String.fromCodePoint(a, b));
      const [ga, gb] = [glyph.get(a)!, glyph.get(b)!];
      const [pa, pb] = run.positions;
      const simple =
        run.glyphs.length === 2 &&
        run.glyphs[0]!.id === ga.id &&
        run.glyphs[1]!.id === gb.id &&
        pa!.xOffset === 0 &&
        pa!.yOffset === 0 &&
        pb!.xOffset === 0 &&
        pb!.yOffset === 0 &&
        pb!.xAdvance === gb.advanceWidth;
      if (!simple)
        throw new Error(`${name}: the pair U+${a.toString(16)} U+${b.toString(16)} is not a plain kerning pair`);
      const k = pa!.xAdvance - ga.advanceWidth;
      if (k !== 0) kerning[ga.id * 0x10000 + gb.id] = k;
    }
  }

  const tables = f as unknown as {
    'OS/2'?: { sFamilyClass?: number };
    post: { isFixedPitch: number };
    head: { macStyle: { italic: boolean } };
  };
  const { minX, minY, maxX, maxY } = f.bbox;
  return {
    chars: Object.fromEntries(chars.map((cp) => [cp, [glyph.get(cp)!.id, glyph.get(cp)!.advanceWidth]])),
    kerning,
    program: program(
      name,
      PROGRAM_CHARS[name] === 'table'
        ? chars
        : [...PROGRAM_CHARS[name]].map((c) => {
            const cp = c.codePointAt(0)!;
            if (!chars.includes(cp)) throw new Error(`${name}: program character ${c} is not in the table`);
            return cp;
          }),
    ),
    metrics: {
      postscriptName: f.postscriptName,
      unitsPerEm: f.unitsPerEm,
      numGlyphs: f.numGlyphs,
      ascent: f.ascent,
      descent: f.descent,
      lineGap: f.lineGap,
      xHeight: f.xHeight,
      capHeight: f.capHeight,
      italicAngle: f.italicAngle,
      bbox: { minX, minY, maxX, maxY },
      notdefAdvance: f.getGlyph(0).advanceWidth,
      familyClass: tables['OS/2']?.sFamilyClass ?? 0,
      fixedPitch: tables.post.isFixedPitch !== 0,
      italic: tables.head.macStyle.italic,
    },
  };
}

const out = [
  '// Generated by scripts/embed-font-tables.ts — do not edit.',
  "import type { FontName } from './fonts.generated.js';",
  '',
  '/** What a run of table characters needs from a font: see scripts/embed-font-tables.ts. */',
  'export interface FontTable {',
  '  /** Code point → glyph id and advance (font units). Object literals: nothing to build at run time. */',
  '  chars: Readonly<Record<number, readonly [number, number]>>;',
  '  /** First glyph id × 0x10000 + second glyph id → adjustment of the first advance (pairs of table characters). */',
  '  kerning: Readonly<Record<number, number>>;',
  '  metrics: FontMetrics;',
  '  /** A PDF font program made at build time: its glyph ids (with their components), and the program deflated, base64. */',
  '  program: { glyphs: readonly number[]; deflated: string };',
  '}',
  '',
  '/** What pdfkit reads from a font to embed it. */',
  'export interface FontMetrics {',
  '  postscriptName: string;',
  '  unitsPerEm: number;',
  '  numGlyphs: number;',
  '  ascent: number;',
  '  descent: number;',
  '  lineGap: number;',
  '  xHeight: number;',
  '  capHeight: number;',
  '  italicAngle: number;',
  '  bbox: { minX: number; minY: number; maxX: number; maxY: number };',
  '  notdefAdvance: number;',
  '  familyClass: number;',
  '  fixedPitch: boolean;',
  '  italic: boolean;',
  '}',
  '',
  'export const FONT_TABLES: Partial<Record<FontName, FontTable>> = {',
];
for (const name of TABLE_FONTS) {
  const t = build(name);
  out.push(
    `  '${name}': {`,
    `    chars: ${JSON.stringify(t.chars).replace(/"(\d+)":/g, '$1:')},`,
    `    kerning: ${JSON.stringify(t.kerning).replace(/"(\d+)":/g, '$1:')},`,
    `    metrics: ${JSON.stringify(t.metrics)},`,
    `    program: ${JSON.stringify(t.program)},`,
    '  },',
  );
  console.log(
    `${name}: ${Object.keys(t.chars).length} characters, ${Object.keys(t.kerning).length} kerning pairs, font program of ${t.program.glyphs.length} glyphs (${Math.round((t.program.deflated.length * 3) / 4 / 1024)} KB deflated)`,
  );
}
out.push('};', '');
writeFileSync(new URL('../src/assets/font-tables.generated.ts', import.meta.url), out.join('\n'));
