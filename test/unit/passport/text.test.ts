import { describe, expect, it } from 'vitest';
import { fontCovers, fontSfnt, font } from '../../../src/assets/fonts.js';
import { bidiLevels, reorderRuns } from '../../../src/passport/text/bidi.js';
import { assignFonts } from '../../../src/passport/text/fonts.js';
import { layoutParagraph, normalizeText } from '../../../src/passport/text/paragraph.js';
import { shape } from '../../../src/passport/text/shape.js';

const cps = (s: string) => [...s].map((c) => c.codePointAt(0)!);

describe('bidi', () => {
  it('keeps Latin text at level 0', () => {
    expect(bidiLevels(cps('Amélie 2026'))).toEqual(new Array(11).fill(0));
  });

  it('puts Arabic and Hebrew at level 1, with the spaces between their words', () => {
    expect(bidiLevels(cps('علي بن'))).toEqual([1, 1, 1, 1, 1, 1]);
    expect(bidiLevels(cps('Karim علي'))).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1]);
  });

  it('puts digits inside right-to-left text at level 2', () => {
    expect(bidiLevels(cps('علي 12 بن'))).toEqual([1, 1, 1, 1, 2, 2, 1, 1, 1]);
  });

  it('reverses runs of odd level in visual order', () => {
    const runs = [
      { t: 'A', level: 0 },
      { t: 'B', level: 1 },
      { t: 'C', level: 1 },
      { t: 'D', level: 0 },
    ];
    expect(
      reorderRuns(runs)
        .map((r) => r.t)
        .join(''),
    ).toBe('ACBD');
  });
});

describe('font choice', () => {
  it('sets French text in Atkinson Hyperlegible Next', () => {
    expect(new Set(assignFonts(cps('Łukasz Bœuf-Ça'), 400))).toEqual(
      new Set(['atkinson-latin-400', 'atkinson-latin-ext-400']),
    );
  });

  it('sets a whole word in one design when Atkinson lacks one of its letters', () => {
    const fonts = assignFonts(cps('Nguyễn'), 700);
    expect(fonts.every((f) => f?.startsWith('noto-'))).toBe(true);
  });

  it('keeps a combining mark in the font of its base character', () => {
    const fonts = assignFonts(cps('ọ̀'), 400);
    expect(fonts[0]).toBe(fonts[1]);
  });

  it('uses the script fonts for Arabic, Hebrew, Devanagari, Chinese and Korean', () => {
    expect(assignFonts(cps('علي'), 400)[0]).toBe('noto-arabic-400');
    expect(assignFonts(cps('דוד'), 700)[0]).toBe('noto-hebrew-700');
    expect(assignFonts(cps('अमित'), 400)[0]).toBe('noto-devanagari-400');
    expect(assignFonts(cps('王'), 400)[0]).toMatch(/^noto-sc-/);
    expect(assignFonts(cps('김'), 400)[0]).toMatch(/^noto-kr-/);
  });

  it('returns null for characters no embedded font has', () => {
    expect(assignFonts(cps('ก'), 400)).toEqual([null]);
  });

  it('generated coverage tables agree with the fonts themselves', () => {
    for (const name of ['atkinson-latin-400', 'noto-cyrillic-400', 'noto-arabic-400'] as const) {
      const f = font(name);
      for (const cp of [0x41, 0xe9, 0x416, 0x627, 0x4e00])
        expect(fontCovers(name, cp), `${name} U+${cp.toString(16)}`).toBe(f.hasGlyphForCodePoint(cp));
    }
  });

  it('unpacks embedded WOFF fonts into TrueType files', () => {
    const sfnt = fontSfnt('atkinson-latin-400');
    expect(new DataView(sfnt.buffer, sfnt.byteOffset).getUint32(0)).toBe(0x00010000);
  });
});

describe('shaping', () => {
  it('marks Latin and Hebrew runs as safe to write as PDF text', () => {
    expect(shape('atkinson-latin-400', 'Bonjour').textSafe).toBe(true);
    expect(shape('noto-hebrew-400', 'דוד כהן').textSafe).toBe(true);
  });

  it('marks Devanagari with a pre-base vowel sign as needing outlines (glyph order differs from reading order)', () => {
    expect(shape('noto-devanagari-400', 'सिंह').textSafe).toBe(false);
  });
});

describe('paragraph layout', () => {
  it('normalises to NFC and collapses white space', () => {
    expect(normalizeText('  Ame\u0301lie \n\t Dupont ')).toBe('Amélie Dupont');
  });

  it('breaks lines at spaces, never wider than the measure', () => {
    const text = 'Faire une démarche administrative en ligne avec la CAF, les impôts ou France Travail';
    const lines = layoutParagraph(text, { size: 14, weight: 400, maxWidth: 200 });
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(l.width).toBeLessThanOrEqual(200.5);
    expect(lines.map((l) => l.runs.map((r) => r.text).join('')).join(' ')).toBe(text);
  });

  it('cuts a URL after separators when it does not fit', () => {
    const url = 'https://jalon.example.org/verifier/P7K3-9QXM-2D4F-AAAA-BBBB';
    const lines = layoutParagraph(url, { size: 13, weight: 700, maxWidth: 180, breakAnywhere: true });
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.map((l) => l.runs.map((r) => r.text).join('')).join('')).toBe(url);
  });

  it('orders an Arabic name after a Latin one, right-to-left inside', () => {
    const [line] = layoutParagraph('Karim بن علي', { size: 20, weight: 400, maxWidth: 500 });
    const texts = line!.runs.map((r) => r.text);
    expect(texts[0]).toContain('Karim');
    expect(line!.runs.at(-1)!.level).toBe(1);
  });
});
