/**
 * Which embedded font prints each character: per-word family choice, then per-character fallback.
 * Pure (reads only the generated coverage tables, never parses a font).
 */
import {
  FONT_FAMILIES,
  familyFontFor,
  fontCovers,
  type FontFamily,
  type FontName,
  type FontWeight,
  isDigit,
  PLAIN_DIGITS,
} from '../../assets/fonts.js';

const SPACE = 0x20;
const MARK = /\p{M}/u;

function familyCoversAll(
  family: FontFamily,
  cps: readonly number[],
  from: number,
  to: number,
  weight: FontWeight,
): boolean {
  for (let i = from; i < to; i++) if (!familyFontFor(family, cps[i]!, weight)) return false;
  return true;
}

/** Fonts of a family in lookup order for a weight (bold slices first, then regular ones). */
function chain(family: FontFamily, weight: FontWeight): readonly FontName[] {
  return weight === 700 ? [...family.bold, ...family.regular] : family.regular;
}

/** The first font of the family that has every code point of cps[from, to). */
function fontForCluster(
  family: FontFamily,
  cps: readonly number[],
  from: number,
  to: number,
  weight: FontWeight,
): FontName | undefined {
  return chain(family, weight).find((name) => {
    for (let i = from; i < to; i++) if (!fontCovers(name, cps[i]!)) return false;
    return true;
  });
}

/**
 * The font of each code point, or null when no embedded font has it (the renderer then draws a
 * visible box and keeps the character in the text layer).
 * A word goes into the first family that covers all of it (one design per word); otherwise each
 * character takes the first family that has it. A base character and its combining marks stay in
 * one font when one font has them all, so that the marks are positioned on their base.
 */
export function assignFonts(cps: readonly number[], weight: FontWeight): (FontName | null)[] {
  const out: (FontName | null)[] = new Array(cps.length).fill(null);
  // Most text (French) is all in the first font of the first family: then that family covers every
  // word, and that font every cluster, so the general choice below gives it to every character.
  const first = chain(FONT_FAMILIES[0]!, weight)[0]!;
  if (cps.every((cp) => cp === SPACE || fontCovers(first, cp))) {
    for (let i = 0; i < cps.length; i++) if (cps[i] !== SPACE) out[i] = first;
    return finish(cps, out, weight);
  }
  const isMark = (i: number) => MARK.test(String.fromCodePoint(cps[i]!));
  for (let i = 0; i < cps.length; ) {
    if (cps[i] === SPACE) {
      i++;
      continue;
    }
    let j = i;
    while (j < cps.length && cps[j] !== SPACE) j++;
    const family = FONT_FAMILIES.find((f) => familyCoversAll(f, cps, i, j, weight));
    for (let k = i; k < j; ) {
      let end = k + 1;
      while (end < j && isMark(end)) end++;
      const families = family ? [family] : FONT_FAMILIES;
      let clusterFont: FontName | undefined;
      for (const f of families) {
        clusterFont = fontForCluster(f, cps, k, end, weight);
        if (clusterFont) break;
      }
      for (let m = k; m < end; m++) {
        if (clusterFont) {
          out[m] = clusterFont;
          continue;
        }
        out[m] = null;
        for (const f of families) {
          const name = familyFontFor(f, cps[m]!, weight);
          if (name) {
            out[m] = name;
            break;
          }
        }
      }
      k = end;
    }
    i = j;
  }
  return finish(cps, out, weight);
}

/** The rules that follow the choice per cluster: plain digits, then spaces. */
function finish(cps: readonly number[], out: (FontName | null)[], weight: FontWeight): (FontName | null)[] {
  // Digits Atkinson would draw come from the open-zero font (see PLAIN_DIGITS).
  for (let i = 0; i < cps.length; i++)
    if (isDigit(cps[i]!) && out[i]?.startsWith('atkinson-')) out[i] = PLAIN_DIGITS[weight];
  // Spaces join the run before them (or after), so that a run of words is shaped as one.
  const fallbackSpace: FontName = weight === 700 ? 'atkinson-latin-700' : 'atkinson-latin-400';
  for (let i = 0; i < cps.length; i++) {
    if (cps[i] !== SPACE) continue;
    const before = i > 0 ? out[i - 1] : null;
    let after: FontName | null = null;
    for (let k = i + 1; k < cps.length && !after; k++) if (cps[k] !== SPACE) after = out[k] ?? null;
    out[i] = before && fontCovers(before, SPACE) ? before : after && fontCovers(after, SPACE) ? after : fallbackSpace;
  }
  return out;
}
