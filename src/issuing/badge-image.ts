import type { Font } from 'fontkit';
import { font, fontCovers, type FontName } from '../assets/fonts.js';
import { escapeXml } from '../lib/text.js';
import type { AchievementKind } from './kinds.js';

/**
 * Badge images as self-contained SVG: every letter is converted to a path with the embedded
 * Atkinson Hyperlegible Next fonts, so the image looks the same everywhere and rasterises
 * without system fonts (resvg on Workers has none). Deterministic: same input, same bytes.
 */

export interface BadgeImageInput {
  /** Achievement name, wrapped on up to 3 lines. */
  title: string;
  /** The big mark: a letter, a code, or ✓ (drawn as a vector check). */
  mark: string;
  kind: AchievementKind;
  /** Small line under the kind label (e.g. « Lettre A »). */
  subtitle?: string;
}

export const BADGE_SIZE = 512;

/** The mark of a label's badge (the programme's page and the label credential draw the same). */
export const LABEL_MARK = '★';

interface Palette {
  /** Medal fill and ribbon text: white on it and it on white both exceed 6:1 contrast. */
  dark: string;
  /** Decorative ring and ribbon edge. */
  light: string;
}

const PALETTES: Record<AchievementKind, Palette> = {
  competence: { dark: '#1E4F91', light: '#A9C6EC' },
  passport: { dark: '#17613A', light: '#9FD8B4' },
  block: { dark: '#5B2A86', light: '#CDB3E6' },
  certification: { dark: '#7F4407', light: '#EBC48F' },
  label: { dark: '#0B5563', light: '#9ED9E3' },
};

const KIND_LABELS: Record<AchievementKind, string> = {
  competence: 'COMPÉTENCE',
  passport: 'PASSEPORT NUMÉRIQUE',
  block: 'BLOC DE COMPÉTENCES',
  certification: 'CERTIFICATION',
  label: 'LABEL RÉGIONAL',
};

const KIND_WORDS: Record<AchievementKind, string> = {
  competence: 'Badge de compétence',
  passport: 'Passeport numérique',
  block: 'Badge de bloc de compétences',
  certification: 'Badge de certification',
  label: 'Label régional',
};

type Weight = 400 | 700;

/** Latin first; latin-ext for the letters it lacks (Ł, ő…) so that names from many languages render. */
function fontNamesFor(weight: Weight): [FontName, FontName] {
  return weight === 700
    ? ['atkinson-latin-700', 'atkinson-latin-ext-700']
    : ['atkinson-latin-400', 'atkinson-latin-ext-400'];
}

interface Run {
  font: Font;
  text: string;
}

function runsOf(text: string, weight: Weight): Run[] {
  const [main, ext] = fontNamesFor(weight);
  const runs: Run[] = [];
  let current: FontName | undefined;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    // Characters neither covers keep the main font (its .notdef box shows something is missing).
    const name = !fontCovers(main, cp) && fontCovers(ext, cp) ? ext : main;
    const last = runs[runs.length - 1];
    if (last && current === name) last.text += ch;
    else runs.push({ font: font(name), text: ch });
    current = name;
  }
  return runs;
}

/** Width of `text` at `size` px. */
function measure(text: string, size: number, weight: Weight): number {
  let width = 0;
  for (const run of runsOf(text, weight)) {
    const layout = run.font.layout(run.text);
    for (const p of layout.positions) width += (p.xAdvance * size) / run.font.unitsPerEm;
  }
  return width;
}

/** SVG path data of `text` with its baseline starting at (x, y). */
function textPathData(text: string, size: number, weight: Weight, x: number, y: number): string {
  let d = '';
  let pen = x;
  for (const run of runsOf(text, weight)) {
    const scale = size / run.font.unitsPerEm;
    const layout = run.font.layout(run.text);
    layout.glyphs.forEach((glyph, i) => {
      const pos = layout.positions[i]!;
      // Font units are y-up; SVG is y-down.
      d += glyph.path.transform(scale, 0, 0, -scale, pen + pos.xOffset * scale, y - pos.yOffset * scale).toSVG();
      pen += pos.xAdvance * scale;
    });
  }
  return d;
}

function centredText(
  text: string,
  size: number,
  weight: Weight,
  centreX: number,
  baseline: number,
  fill: string,
): string {
  const width = measure(text, size, weight);
  const d = textPathData(text, size, weight, centreX - width / 2, baseline);
  return d ? `<path fill="${fill}" d="${d}"/>` : '';
}

/** Largest size ≤ max at which `text` fits `maxWidth`. */
function fitSize(text: string, max: number, min: number, maxWidth: number, weight: Weight): number {
  const width = measure(text, max, weight);
  return width <= maxWidth ? max : Math.max(min, Math.floor((max * maxWidth) / width));
}

/** Greedy word wrap; a word longer than a line is cut between letters. */
function wrap(text: string, size: number, maxWidth: number, weight: Weight): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ').filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (measure(candidate, size, weight) <= maxWidth) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = '';
    let piece = '';
    for (const ch of word) {
      if (piece && measure(piece + ch, size, weight) > maxWidth) {
        lines.push(piece);
        piece = '';
      }
      piece += ch;
    }
    line = piece;
  }
  if (line) lines.push(line);
  return lines;
}

const TITLE_MAX_WIDTH = 420;
const TITLE_MAX_LINES = 3;

function ellipsize(line: string, size: number, weight: Weight, maxWidth = TITLE_MAX_WIDTH): string {
  let text = line;
  while (text && measure(`${text}…`, size, weight) > maxWidth) text = text.slice(0, -1).trimEnd();
  return `${text}…`;
}

/** Title lines and font size: the largest size at which the title fits on 3 lines. */
function layoutTitle(title: string): { lines: string[]; size: number } {
  for (let size = 36; size >= 22; size -= 2) {
    const lines = wrap(title, size, TITLE_MAX_WIDTH, 700);
    if (lines.length <= TITLE_MAX_LINES) return { lines, size };
  }
  const size = 22;
  const lines = wrap(title, size, TITLE_MAX_WIDTH, 700).slice(0, TITLE_MAX_LINES);
  lines[TITLE_MAX_LINES - 1] = ellipsize(lines[TITLE_MAX_LINES - 1] ?? '', size, 700);
  return { lines, size };
}

/** FNV-1a: a short deterministic id so that several badges inlined in one page keep distinct ids. */
function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

function clean(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

const MARK_BASELINE = 292;

function markElement(mark: string): string {
  if (mark === '✓') {
    return '<path fill="none" stroke="#FFFFFF" stroke-width="36" stroke-linecap="round" stroke-linejoin="round" d="M186 226L236 276L330 178"/>';
  }
  const size = fitSize(mark, 150, 48, 300, 700);
  return centredText(mark, size, 700, 256, MARK_BASELINE, '#FFFFFF');
}

/** Up to two lines of 20 px under the kind label. */
function subtitleElement(subtitle: string): string {
  if (!subtitle) return '';
  const size = 20;
  const maxWidth = 320;
  const lines = wrap(subtitle, size, maxWidth, 400);
  if (lines.length > 2) lines.splice(1, lines.length - 1, ellipsize(lines[1] ?? '', size, 400, maxWidth));
  return lines.map((line, i) => centredText(line, size, 400, 256, 146 + i * 24, '#FFFFFF')).join('');
}

function ribbon(title: string, palette: Palette): string {
  const { lines, size } = layoutTitle(title);
  const pad = 14;
  const lineHeight = Math.round(size * 1.18);
  const top = 314;
  const height = 2 * pad + (lines.length - 1) * lineHeight + size;
  const mid = top + height / 2;
  const bottom = top + height;
  const shape =
    `<path fill="#FFFFFF" stroke="${palette.light}" stroke-width="4" stroke-linejoin="round" ` +
    `d="M8 ${top}H504L488 ${mid}L504 ${bottom}H8L24 ${mid}Z"/>`;
  const text = lines
    .map((line, i) =>
      centredText(line, size, 700, 256, top + pad + Math.round(size * 0.8) + i * lineHeight, palette.dark),
    )
    .join('');
  return shape + text;
}

/** An accessible SVG badge (viewBox 0 0 512 512) with all text as paths. */
export function badgeSvg(input: BadgeImageInput): string {
  const title = clean(input.title);
  const mark = clean(input.mark);
  const subtitle = input.subtitle ? clean(input.subtitle) : '';
  const palette = PALETTES[input.kind];
  const label = KIND_LABELS[input.kind];
  const id = shortHash(`${input.kind}\n${title}\n${mark}\n${subtitle}`);
  const titleText = `${KIND_WORDS[input.kind]} : ${title}`;
  const descText = [mark && mark !== '✓' ? `Repère : ${mark}` : '', subtitle].filter(Boolean).join('. ');

  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${BADGE_SIZE}" height="${BADGE_SIZE}" viewBox="0 0 ${BADGE_SIZE} ${BADGE_SIZE}" role="img" aria-labelledby="badge-title-${id}${descText ? ` badge-desc-${id}` : ''}">`,
    `<title id="badge-title-${id}">${escapeXml(titleText)}</title>`,
    descText ? `<desc id="badge-desc-${id}">${escapeXml(descText)}</desc>` : '',
    `<circle cx="256" cy="256" r="240" fill="${palette.dark}"/>`,
    `<circle cx="256" cy="256" r="220" fill="none" stroke="${palette.light}" stroke-width="4"/>`,
    centredText(label, fitSize(label, 26, 16, 280, 700), 700, 256, 112, '#FFFFFF'),
    subtitleElement(subtitle),
    markElement(mark),
    ribbon(title, palette),
    '</svg>',
  ];
  return parts.join('');
}
