/**
 * Paragraph layout: normalise, pick fonts, break into lines, order runs visually (bidi).
 * Pure: returns positioned runs; drawing them is draw-text.ts's job.
 */
import type { FontName, FontWeight } from '../../assets/fonts.js';
import { bidiLevels, reorderRuns } from './bidi.js';
import { assignFonts } from './fonts.js';
import { measure } from './shape.js';

export interface ParagraphStyle {
  size: number;
  weight: FontWeight;
  /** Line width available, in points. */
  maxWidth: number;
  /** For URLs and identifiers: also break after / ? & = # and anywhere if still too long. */
  breakAnywhere?: boolean;
}

export interface LaidRun {
  /** null: no embedded font has these characters (drawn as boxes, kept in the text layer). */
  font: FontName | null;
  /** Characters in logical order (a right-to-left run of neutrals only is stored in visual order). */
  text: string;
  /** Bidi level: odd = right-to-left. */
  level: number;
  /** Offset from the line start, points. */
  x: number;
  width: number;
}

export interface LaidLine {
  runs: LaidRun[];
  width: number;
}

/** Width of the box drawn for a character no embedded font has, in em. */
export const MISSING_GLYPH_EM = 0.62;

const SPACE = 0x20;
// Only after path and query separators: an identifier such as P7K3-9QXM-2D4F stays whole when it can.
const URL_BREAK_AFTER = new Set([...'/?&=#'].map((c) => c.codePointAt(0)!));
const MARK = /\p{M}/u;
const STRONG_RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;

function isCjk(cp: number): boolean {
  return (
    (cp >= 0x2e80 && cp <= 0x9fff) ||
    (cp >= 0xac00 && cp <= 0xd7af) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xff00 && cp <= 0xffef) ||
    (cp >= 0x20000 && cp <= 0x3ffff)
  );
}

/** Collapses white space and normalises to NFC, as the text will be read back. */
export function normalizeText(text: string): string {
  return (
    text
      .normalize('NFC')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what must not reach the PDF.
      .replace(/[\s\u0000-\u001f\u007f-\u009f]+/gu, ' ')
      .trim()
  );
}

interface Piece {
  font: FontName | null;
  level: number;
  from: number;
  to: number;
}

function pieces(fonts: readonly (FontName | null)[], levels: readonly number[], from: number, to: number): Piece[] {
  const out: Piece[] = [];
  for (let i = from; i < to; ) {
    let j = i + 1;
    while (j < to && fonts[j] === fonts[i] && levels[j] === levels[i]) j++;
    out.push({ font: fonts[i]!, level: levels[i]!, from: i, to: j });
    i = j;
  }
  return out;
}

const MAX_CACHE = 2000;
const cache = new Map<string, LaidLine[]>();

/**
 * Lines of a paragraph, cached per isolate (referential titles and fixed sentences repeat from one
 * passport to the next). Callers must not mutate the result.
 */
export function layoutParagraph(raw: string, style: ParagraphStyle): LaidLine[] {
  const key = `${style.size}|${style.weight}|${style.maxWidth}|${style.breakAnywhere ? 1 : 0}|${raw}`;
  let lines = cache.get(key);
  if (!lines) {
    lines = layoutUncached(raw, style);
    if (cache.size >= MAX_CACHE) cache.clear();
    cache.set(key, lines);
  }
  return lines;
}

function layoutUncached(raw: string, style: ParagraphStyle): LaidLine[] {
  const text = normalizeText(raw);
  if (!text) return [];
  const chars = [...text];
  const cps = chars.map((c) => c.codePointAt(0)!);
  const fonts = assignFonts(cps, style.weight);
  const levels = bidiLevels(cps);
  // One search of the whole text, instead of one per character, for text without combining marks (most text).
  const hasMarks = MARK.test(text);
  const str = (from: number, to: number) => chars.slice(from, to).join('');
  const width = (from: number, to: number) => {
    let w = 0;
    for (const p of pieces(fonts, levels, from, to)) {
      w += p.font ? measure(p.font, str(p.from, p.to), style.size) : (p.to - p.from) * MISSING_GLYPH_EM * style.size;
    }
    return w;
  };

  // Break opportunities: after a space, around CJK characters, and in URLs after separators.
  const canBreakAfter = (i: number) => {
    const a = cps[i]!;
    const b = cps[i + 1];
    if (b === undefined) return true;
    if (hasMarks && MARK.test(chars[i + 1]!)) return false;
    if (a === SPACE) return true;
    if (b === SPACE) return false;
    if (isCjk(a) || isCjk(b)) return true;
    return style.breakAnywhere === true && URL_BREAK_AFTER.has(a);
  };
  const units: { from: number; to: number }[] = [];
  for (let i = 0, start = 0; i < cps.length; i++) {
    if (canBreakAfter(i)) {
      units.push({ from: start, to: i + 1 });
      start = i + 1;
    }
  }

  const trimEnd = (from: number, to: number) => {
    while (to > from && cps[to - 1] === SPACE) to--;
    return to;
  };
  const ranges: { from: number; to: number }[] = [];
  let lineFrom = 0;
  let lineTo = 0;
  // Width of the line so far, trailing spaces included (units are measured once each).
  let lineWidth = 0;
  const flush = () => {
    if (lineTo > lineFrom) ranges.push({ from: lineFrom, to: lineTo });
    lineFrom = lineTo;
    lineWidth = 0;
  };
  for (const u of units) {
    const trimmed = trimEnd(u.from, u.to);
    const inner = width(u.from, trimmed);
    const full = trimmed === u.to ? inner : inner + width(trimmed, u.to);
    if (lineTo > lineFrom && lineWidth + inner > style.maxWidth) flush();
    if (inner <= style.maxWidth) {
      lineTo = u.to;
      lineWidth += full;
      continue;
    }
    // A word longer than the line: cut it between characters (never before a combining mark).
    for (let i = u.from; i < u.to; i++) {
      const next = i + 1;
      if (hasMarks && next < u.to && MARK.test(chars[next]!)) continue;
      const w = width(lineTo, next);
      if (lineTo > lineFrom && lineWidth + w > style.maxWidth) flush();
      lineWidth += w;
      lineTo = next;
    }
  }
  flush();

  return ranges.map(({ from, to }) => {
    const end = trimEnd(from, to);
    const runs = reorderRuns(pieces(fonts, levels, from, end));
    let x = 0;
    const laid = runs.map((p) => {
      let t = str(p.from, p.to);
      // A right-to-left run of neutrals only (" / " between two Arabic words): the shaper sees no
      // right-to-left script and would keep its order, so reverse it here.
      if (p.level % 2 === 1 && !STRONG_RTL.test(t)) t = [...t].reverse().join('');
      const w = p.font ? measure(p.font, t, style.size) : (p.to - p.from) * MISSING_GLYPH_EM * style.size;
      const run: LaidRun = { font: p.font, text: t, level: p.level, x, width: w };
      x += w;
      return run;
    });
    return { runs: laid, width: x };
  });
}

/** True when some character of `text` has no embedded font (it will be printed as a box). */
export function hasMissingGlyphs(raw: string, weight: FontWeight): boolean {
  const cps = [...normalizeText(raw)].map((c) => c.codePointAt(0)!);
  return assignFonts(cps, weight).some((f) => f === null);
}
