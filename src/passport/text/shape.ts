/**
 * Shaping, cached per isolate: from the build-time tables when every character of the run is in
 * its font's table (French text: glyph, advance and pair kerning are all fontkit would do for
 * them, see scripts/embed-font-tables.ts), with fontkit (the same engine pdfkit uses) otherwise;
 * plus the check that
 * decides how a run can be written into the PDF:
 *  - "text": the glyphs map one-to-one (or as ligatures) onto the characters in reading order, so
 *    the PDF's ToUnicode map gives back the exact text;
 *  - "outline": shaping reordered or split characters (Devanagari vowel signs, Arabic dots drawn as
 *    separate marks…), so glyph-to-character maps would give garbled text. Such runs are drawn as
 *    glyph outlines, with an invisible text layer carrying the characters in order.
 */
import { font, fontTable, type FontName } from '../../assets/fonts.js';

export interface ShapedGlyph {
  id: number;
  /** Characters this glyph stands for, in logical order. */
  codePoints: readonly number[];
  xAdvance: number;
  xOffset: number;
  yOffset: number;
  /** Nominal advance of the glyph (font units), before kerning. */
  advanceWidth: number;
}

export interface ShapedRun {
  /** Glyphs in visual (left-to-right drawing) order; units: font units. */
  glyphs: readonly ShapedGlyph[];
  advance: number;
  unitsPerEm: number;
  rtl: boolean;
  /** True when reading the glyphs' characters in order gives back the input exactly. */
  textSafe: boolean;
  /** Per glyph, the characters it stands for, as a string (to check ToUnicode consistency). */
  meanings: readonly string[];
}

const MAX_CACHE = 4000;
const cache = new Map<string, ShapedRun>();

export function shape(name: FontName, text: string): ShapedRun {
  const key = `${name}\u0000${text}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const shaped = fromTable(name, text) ?? withFontkit(name, text);
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(key, shaped);
  return shaped;
}

/** The run set from the font's table, or null when the font has none or one character is not in it. */
function fromTable(name: FontName, text: string): ShapedRun | null {
  const table = fontTable(name);
  if (!table) return null;
  const glyphs: ShapedGlyph[] = [];
  const meanings: string[] = [];
  let advance = 0;
  let previous: ShapedGlyph | undefined;
  // By code unit: tables hold BMP characters only, so a surrogate (a character beyond) is not found.
  for (let i = 0; i < text.length; i++) {
    const cp = text.charCodeAt(i);
    const entry = table.chars[cp];
    if (!entry) return null;
    const [id, width] = entry;
    if (previous) {
      const kern = table.kerning[previous.id * 0x10000 + id] ?? 0;
      previous.xAdvance += kern;
      advance += kern;
    }
    previous = { id, codePoints: [cp], xAdvance: width, xOffset: 0, yOffset: 0, advanceWidth: width };
    glyphs.push(previous);
    meanings.push(text[i]!);
    advance += width;
  }
  return { glyphs, advance, unitsPerEm: table.metrics.unitsPerEm, rtl: false, textSafe: true, meanings };
}

function withFontkit(name: FontName, text: string): ShapedRun {
  const f = font(name);
  const run = f.layout(text);
  const glyphs: ShapedGlyph[] = run.glyphs.map((g, i) => {
    const p = run.positions[i]!;
    return {
      id: g.id,
      codePoints: g.codePoints,
      xAdvance: p.xAdvance,
      xOffset: p.xOffset,
      yOffset: p.yOffset,
      advanceWidth: g.advanceWidth,
    };
  });
  // fontkit's GlyphRun carries the resolved direction; its typings do not list it.
  const rtl = (run as unknown as { direction?: string }).direction === 'rtl';
  const input = [...text].map((c) => c.codePointAt(0)!);
  const logical = rtl ? [...glyphs].reverse() : glyphs;
  const produced: number[] = [];
  let textSafe = true;
  for (const g of logical) {
    if (g.codePoints.length === 0) textSafe = false;
    produced.push(...g.codePoints);
  }
  textSafe &&= produced.length === input.length && produced.every((cp, i) => cp === input[i]);
  const meanings = glyphs.map((g) => String.fromCodePoint(...g.codePoints));
  return { glyphs, advance: run.advanceWidth, unitsPerEm: f.unitsPerEm, rtl, textSafe, meanings };
}

/** Width in points of `text` in font `name` at `size`. */
export function measure(name: FontName, text: string, size: number): number {
  // Line breaking measures every word: from the table, a sum without building (or caching) a run.
  const table = fontTable(name);
  if (table) {
    let advance = 0;
    let previous = -1;
    let covered = true;
    // Index by code unit: a character outside the BMP (or a lone surrogate) is in no table, and ends the loop.
    for (let i = 0; i < text.length && covered; i++) {
      const entry = table.chars[text.charCodeAt(i)];
      if (!entry) covered = false;
      else {
        if (previous >= 0) advance += table.kerning[previous * 0x10000 + entry[0]] ?? 0;
        advance += entry[1];
        previous = entry[0];
      }
    }
    if (covered) return (advance * size) / table.metrics.unitsPerEm;
  }
  const s = shape(name, text);
  return (s.advance * size) / s.unitsPerEm;
}
