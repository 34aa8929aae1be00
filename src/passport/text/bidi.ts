/**
 * A small subset of the Unicode Bidirectional Algorithm (UAX #9) for one left-to-right paragraph
 * without explicit embeddings: enough to print names and titles that mix Latin with Arabic or
 * Hebrew in the right visual order. Rules kept: W1 (marks), W2/W3 (Arabic letters), W7 (European
 * digits after Latin), N1/N2 (neutrals), I1 (levels) and L2 (reordering).
 * Not done: L4 mirroring of brackets inside right-to-left text (rare in names, and mirroring would
 * also change the extracted text).
 */

type BidiClass = 'L' | 'R' | 'AL' | 'EN' | 'AN' | 'NSM' | 'N';

const MARK = /\p{M}/u;
const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;

function bidiClass(cp: number): BidiClass {
  if (cp >= 0x30 && cp <= 0x39) return 'EN';
  if ((cp >= 0x0660 && cp <= 0x0669) || cp === 0x066b || cp === 0x066c) return 'AN';
  if (cp >= 0x06f0 && cp <= 0x06f9) return 'EN';
  const ch = String.fromCodePoint(cp);
  if (MARK.test(ch)) return 'NSM';
  // Arabic, Syriac, Thaana and Arabic presentation forms.
  if (
    (cp >= 0x0600 && cp <= 0x07bf) ||
    (cp >= 0x0860 && cp <= 0x08ff) ||
    (cp >= 0xfb50 && cp <= 0xfdff) ||
    (cp >= 0xfe70 && cp <= 0xfefe)
  ) {
    return LETTER_OR_NUMBER.test(ch) ? 'AL' : 'N';
  }
  // Hebrew, NKo, Samaritan, Mandaic, Hebrew presentation forms, and the RTL supplementary planes.
  if (
    (cp >= 0x0590 && cp <= 0x05ff) ||
    (cp >= 0x07c0 && cp <= 0x085f) ||
    (cp >= 0xfb1d && cp <= 0xfb4f) ||
    (cp >= 0x10800 && cp <= 0x10fff) ||
    (cp >= 0x1e800 && cp <= 0x1efff)
  ) {
    return LETTER_OR_NUMBER.test(ch) ? 'R' : 'N';
  }
  if (cp === 0x200f) return 'R'; // RIGHT-TO-LEFT MARK
  if (LETTER_OR_NUMBER.test(ch) || cp === 0x200e) return 'L';
  return 'N';
}

/** Whether bidiClass may give R, AL or AN for the code point (the ranges tested there, widened). */
const mayBeRightToLeft = (cp: number) =>
  (cp >= 0x0590 && cp <= 0x08ff) ||
  (cp >= 0xfb1d && cp <= 0xfefe) ||
  (cp >= 0x10800 && cp <= 0x10fff) ||
  (cp >= 0x1e800 && cp <= 0x1efff) ||
  cp === 0x200f;

/** Embedding level of each code point (0 = left-to-right, 1 = right-to-left, 2 = number inside right-to-left). */
export function bidiLevels(codePoints: readonly number[]): number[] {
  const n = codePoints.length;
  // Left-to-right text only (most text): every level is 0, without classifying each character.
  if (!codePoints.some(mayBeRightToLeft)) return new Array<number>(n).fill(0);
  const types: BidiClass[] = codePoints.map(bidiClass);
  if (!types.some((t) => t === 'R' || t === 'AL' || t === 'AN')) return new Array<number>(n).fill(0);

  // W1: a mark takes the type of what it is attached to.
  for (let i = 0; i < n; i++) if (types[i] === 'NSM') types[i] = i === 0 ? 'N' : types[i - 1]!;
  // W2, W3, W7: European digits after Arabic letters are Arabic numbers; after Latin they are Latin.
  let lastStrong: BidiClass = 'L';
  for (let i = 0; i < n; i++) {
    const t = types[i]!;
    if (t === 'L' || t === 'R' || t === 'AL') lastStrong = t;
    else if (t === 'EN') types[i] = lastStrong === 'AL' ? 'AN' : lastStrong === 'L' ? 'L' : 'EN';
  }
  for (let i = 0; i < n; i++) if (types[i] === 'AL') types[i] = 'R';

  // N1, N2: neutrals between two strong types of the same direction take it; otherwise left-to-right.
  const dir = (t: BidiClass): 'L' | 'R' | null =>
    t === 'L' ? 'L' : t === 'R' || t === 'EN' || t === 'AN' ? 'R' : null;
  for (let i = 0; i < n; ) {
    if (types[i] !== 'N') {
      i++;
      continue;
    }
    let j = i;
    while (j < n && types[j] === 'N') j++;
    const before = i === 0 ? 'L' : dir(types[i - 1]!);
    const after = j === n ? 'L' : dir(types[j]!);
    const resolved = before === after && before === 'R' ? 'R' : 'L';
    for (let k = i; k < j; k++) types[k] = resolved;
    i = j;
  }
  // I1 (paragraph level 0).
  return types.map((t) => (t === 'R' ? 1 : t === 'EN' || t === 'AN' ? 2 : 0));
}

/**
 * L2: visual order of runs given their levels: from the highest level down to the lowest odd level,
 * reverse every maximal sequence of runs at that level or above.
 */
export function reorderRuns<T extends { level: number }>(runs: readonly T[]): T[] {
  const out = [...runs];
  let max = 0;
  let minOdd = Infinity;
  for (const r of out) {
    max = Math.max(max, r.level);
    if (r.level % 2 === 1) minOdd = Math.min(minOdd, r.level);
  }
  if (minOdd === Infinity) {
    if (max === 0) return out;
    minOdd = 1;
  }
  for (let level = max; level >= minOdd; level--) {
    for (let i = 0; i < out.length; ) {
      if (out[i]!.level < level) {
        i++;
        continue;
      }
      let j = i;
      while (j < out.length && out[j]!.level >= level) j++;
      const reversed = out.slice(i, j).reverse();
      out.splice(i, j - i, ...reversed);
      i = j;
    }
  }
  return out;
}
