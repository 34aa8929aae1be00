/**
 * The build-time shaping tables (scripts/embed-font-tables.ts → src/assets/font-tables.generated.ts)
 * stand in for fontkit on French text: they must give exactly what fontkit gives, glyph for glyph,
 * for every character they cover, and pdfkit must read the same metrics from them as from the font.
 */
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { FONT_TABLES } from '../../../src/assets/font-tables.generated.js';
import { fontSfnt, fontTable, type FontName } from '../../../src/assets/fonts.js';
import { pdfFont } from '../../../src/passport/pdf.js';
import { measure, shape } from '../../../src/passport/text/shape.js';

const tableFonts = Object.keys(FONT_TABLES) as FontName[];

/** The characters of a font's table. */
const tableChars = (name: FontName) =>
  Object.keys(fontTable(name)!.chars).map((cp) => String.fromCodePoint(Number(cp)));

/**
 * A font object of this file's own: fontkit keeps each glyph object it made, with the code points of
 * the first text that made it, so the app's shared font (used before by other files: subsetting,
 * other scripts) could answer with glyphs made elsewhere.
 */
const fonts = new Map<FontName, fontkit.Font>();
function ownFont(name: FontName): fontkit.Font {
  let made = fonts.get(name);
  if (!made) {
    made = fontkit.create(Buffer.from(fontSfnt(name))) as fontkit.Font;
    fonts.set(name, made);
  }
  return made;
}

/** fontkit's shaping of `text`, in the form shape() returns. */
function fontkitRun(name: FontName, text: string) {
  const run = ownFont(name).layout(text);
  return {
    glyphs: run.glyphs.map((g, i) => ({
      id: g.id,
      codePoints: [...g.codePoints],
      xAdvance: run.positions[i]!.xAdvance,
      xOffset: run.positions[i]!.xOffset,
      yOffset: run.positions[i]!.yOffset,
      advanceWidth: g.advanceWidth,
    })),
    advance: run.advanceWidth,
  };
}

function tableRun(name: FontName, text: string) {
  const s = shape(name, text);
  expect(s.textSafe).toBe(true);
  expect(s.rtl).toBe(false);
  return { glyphs: s.glyphs.map((g) => ({ ...g, codePoints: [...g.codePoints] })), advance: s.advance };
}

/**
 * A text in which every ordered pair of `chars` (a character beside itself too) appears exactly once: the
 * de Bruijn sequence B(n, 2), by the classic Lyndon-word construction, closed by its first character.
 */
function everyPair(chars: string[]): string {
  const n = chars.length;
  const a = [0, 0, 0];
  const out: number[] = [];
  const db = (t: number, p: number): void => {
    if (t > 2) {
      if (2 % p === 0) for (let i = 1; i <= p; i++) out.push(a[i]!);
      return;
    }
    a[t] = a[t - p]!;
    db(t + 1, p);
    for (let j = a[t - p]! + 1; j < n; j++) {
      a[t] = j;
      db(t + 1, t);
    }
  };
  db(1, 1);
  return [...out, out[0]!].map((i) => chars[i]).join('');
}

/** A small deterministic generator (the same strings on every run). */
function random(seed: number) {
  let x = seed;
  return (n: number) => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x % n;
  };
}

describe('build-time shaping tables', () => {
  it('cover French text in the fonts a French passport uses', () => {
    expect(tableFonts).toEqual(['atkinson-latin-400', 'atkinson-latin-700', 'noto-latin-400', 'noto-latin-700']);
    const french =
      'ÀÂÆÇÉÈÊËÎÏÔŒÙÛÜàâæçéèêëîïôœùûüÿ « Aujourd’hui : l’élève a 12 ans, c’est-à-dire… ! ? ; » 0123456789 € % / @ & ( ) - –';
    for (const name of ['atkinson-latin-400', 'atkinson-latin-700'] as const) {
      const chars = tableChars(name);
      expect([...french].filter((c) => !chars.includes(c))).toEqual([]);
    }
  });

  it('hold characters of the BMP only (the lookups read code units)', () => {
    for (const name of tableFonts)
      for (const cp of Object.keys(fontTable(name)!.chars).map(Number))
        expect(cp < 0xd800 || (cp >= 0xe000 && cp <= 0xffff)).toBe(true);
  });

  it('leave to fontkit a run with a character beyond the BMP', () => {
    const s = shape('atkinson-latin-400', 'A𝐀');
    expect(s.glyphs.map((g) => g.id)).toEqual(fontkitRun('atkinson-latin-400', 'A𝐀').glyphs.map((g) => g.id));
  });

  for (const name of tableFonts) {
    it(`${name}: every character, and a text holding every pair of characters, shape as fontkit shapes them`, () => {
      const chars = tableChars(name);
      for (const a of chars) expect(tableRun(name, a)).toEqual(fontkitRun(name, a));
      // One text in which every ordered pair of characters stands side by side once (a de Bruijn sequence):
      // pair kerning and pair substitutions all show in it, at the cost of one layout instead of one per pair.
      const text = everyPair(chars);
      const ours = tableRun(name, text);
      const theirs = fontkitRun(name, text);
      expect(ours.glyphs.length).toBe(theirs.glyphs.length);
      // Compared field by field, naming the first pair that differs: a toEqual of 47,000 glyphs says nothing readable.
      const first = ours.glyphs.findIndex((g, i) => {
        const t = theirs.glyphs[i]!;
        return (
          g.id !== t.id ||
          g.xAdvance !== t.xAdvance ||
          g.xOffset !== t.xOffset ||
          g.yOffset !== t.yOffset ||
          g.advanceWidth !== t.advanceWidth ||
          String(g.codePoints) !== String(t.codePoints)
        );
      });
      if (first >= 0) {
        const around = [...text].slice(Math.max(0, first - 1), first + 2).join('');
        expect({ around, glyph: ours.glyphs[first] }).toEqual({ around, glyph: theirs.glyphs[first] });
      }
      expect(ours.advance).toBe(theirs.advance);
    });

    it(`${name}: random strings of table characters shape as fontkit shapes them`, () => {
      const chars = tableChars(name);
      const next = random(name.length);
      for (let n = 0; n < 400; n++) {
        let text = '';
        const length = 1 + next(40);
        for (let i = 0; i < length; i++) text += chars[next(chars.length)];
        const theirs = fontkitRun(name, text);
        expect(tableRun(name, text)).toEqual(theirs);
        expect(measure(name, text, 13)).toBe((theirs.advance * 13) / ownFont(name).unitsPerEm);
      }
    });

    it(`${name}: pdfkit reads the same metrics as from the font itself`, () => {
      const ours = pdfFont(name) as unknown as Record<string, unknown> & {
        getGlyph(id: number): { advanceWidth: number };
      };
      const f = ownFont(name) as unknown as Record<string, unknown> & {
        getGlyph(id: number): { advanceWidth: number };
        'OS/2': { sFamilyClass: number };
        post: { isFixedPitch: number };
        head: { macStyle: { italic: boolean } };
        bbox: { minX: number; minY: number; maxX: number; maxY: number };
      };
      for (const key of ['unitsPerEm', 'ascent', 'descent', 'lineGap', 'xHeight', 'capHeight', 'italicAngle'])
        expect(ours[key], key).toBe(f[key]);
      const { minX, minY, maxX, maxY } = f.bbox;
      expect(ours.bbox).toEqual({ minX, minY, maxX, maxY });
      expect(ours.postscriptName).toBe(`${String(f.postscriptName)}-${name}`.replace(/[^A-Za-z0-9-]/g, ''));
      expect(ours.getGlyph(0).advanceWidth).toBe(f.getGlyph(0).advanceWidth);
      expect((ours['OS/2'] as { sFamilyClass: number }).sFamilyClass).toBe(f['OS/2'].sFamilyClass);
      expect((ours.post as { isFixedPitch: boolean }).isFixedPitch).toBe(f.post.isFixedPitch !== 0);
      expect((ours.head as { macStyle: { italic: boolean } }).macStyle.italic).toBe(f.head.macStyle.italic);
      expect(fontTable(name)!.metrics.numGlyphs).toBe(ownFont(name).numGlyphs);
    });
  }

  it('leaves to fontkit the runs with a character the table does not have (Noto Sans ligates « fi »)', () => {
    expect(tableChars('noto-latin-400')).not.toContain('f');
    const s = shape('noto-latin-400', 'office');
    expect(s.glyphs.length).toBeLessThan(6);
    expect(s.glyphs.map((g) => g.id)).toEqual(fontkitRun('noto-latin-400', 'office').glyphs.map((g) => g.id));
  });
});
