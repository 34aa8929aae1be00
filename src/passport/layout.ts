/**
 * Page layout of the passport, separated from drawing: builds measured blocks from the view,
 * then paginates them so that no block (a competence, a badge, the QR box) is ever cut, and a
 * heading always stays with what follows it. Pure: no pdfkit here.
 */
import { formatDate } from '../lib/dates.js';
import { hasMissingGlyphs, layoutParagraph, type LaidLine } from './text/paragraph.js';
import { measure } from './text/shape.js';
import type { FontWeight } from '../assets/fonts.js';
import { documentWords, type PassportBadge, type PassportView } from './view.js';
import { QR_QUIET_ZONE, qrMatrix, type QrMatrix } from './qr.js';

export const PAGE = { width: 595.28, height: 841.89, marginX: 50, marginTop: 48, marginBottom: 36 } as const;
export const CONTENT_WIDTH = PAGE.width - 2 * PAGE.marginX;

/** Type sizes (points): body ≥ 12 everywhere, headings larger. */
export const SIZE = { h1: 24, name: 30, h2: 19, letter: 24, itemTitle: 14, body: 13, small: 12 } as const;
const LEADING = 1.36;
export const lineHeight = (size: number) => Math.round(size * LEADING * 10) / 10;

/** Letter tiles: a large letter in a square beside its group (a visual landmark). */
export const TILE = { size: 44, gap: 16 } as const;
export const DOT = { radius: 5.5, pitch: 15 } as const;
/** QR symbol width without its quiet zone: 36 mm, scannable from a printout at arm's length. */
export const QR_SYMBOL_WIDTH = (36 / 25.4) * 72;

export interface TextBox {
  lines: LaidLine[];
  size: number;
  weight: FontWeight;
  lineHeight: number;
  height: number;
}

export function textBox(
  text: string,
  size: number,
  weight: FontWeight,
  maxWidth: number,
  breakAnywhere = false,
): TextBox {
  const lines = layoutParagraph(text, { size, weight, maxWidth, breakAnywhere });
  const lh = lineHeight(size);
  return { lines, size, weight, lineHeight: lh, height: lines.length * lh };
}

interface BlockBase {
  height: number;
  /** Space above the block, dropped at the top of a page. */
  spaceBefore: number;
  /** Never end a page with this block (headings). */
  keepWithNext?: boolean;
}

export type Block =
  | (BlockBase & { kind: 'title'; text: TextBox })
  | (BlockBase & { kind: 'holder'; name: TextBox; note: TextBox | null })
  | (BlockBase & { kind: 'paragraph'; text: TextBox; muted?: boolean })
  | (BlockBase & { kind: 'verify'; verify: VerifyBox })
  | (BlockBase & { kind: 'heading'; text: TextBox; label: string })
  | (BlockBase & { kind: 'legend'; intro: TextBox; rows: { step: number; label: TextBox }[]; steps: number })
  | (BlockBase & { kind: 'letterTitle'; letter: string; text: TextBox })
  | (BlockBase & { kind: 'competence'; item: CompetenceItem })
  | (BlockBase & { kind: 'badge'; item: BadgeItem });

export interface VerifyBox {
  padding: number;
  qr: QrMatrix;
  /** Module size, points. */
  module: number;
  /** Width of the QR with its quiet zone. */
  qrSide: number;
  textWidth: number;
  heading: TextBox;
  scan: TextBox;
  urlIntro: TextBox;
  url: TextBox;
  id: TextBox;
  gaps: number;
}

export interface CompetenceItem {
  letter: string;
  /** First competence of its letter: the tile is drawn beside it, and it opens the letter's list. */
  firstOfLetter: boolean;
  /** Last competence of its letter: closes the letter's list. */
  lastOfLetter: boolean;
  /** The letter group has a title line above its first item (the tile then sits beside the title). */
  letterHasTitle: boolean;
  title: TextBox;
  level: TextBox;
  /** 1-based step on the scale (0 when the level id is unknown). */
  step: number;
  steps: number;
  /** Right-hand note: the date reached, or the competence badge's date and status. */
  date: TextBox;
  /** The note goes on its own line when level and note do not fit side by side. */
  dateOwnLine: boolean;
  badgeStatus: 'active' | 'revoked' | 'suspended' | null;
}

export interface BadgeItem {
  name: TextBox;
  /** Printed on the right of the name's first line. */
  date: TextBox;
  /** Words for a revoked or suspended badge (never colour alone). */
  statusText: TextBox | null;
  status: 'active' | 'revoked' | 'suspended';
}

export const ITEM_X = TILE.size + TILE.gap;
const ITEM_WIDTH = CONTENT_WIDTH - ITEM_X;

export function statusWords(status: PassportBadge['status']): string {
  if (status === 'revoked') return 'Retiré : ce badge n’est plus valable.';
  if (status === 'suspended') return 'Suspendu : ce badge n’est pas valable pour le moment.';
  return '';
}

/** The text of the footer printed on every page. */
export function footerText(view: PassportView, page: number, pages: number): { note: string; page: string } {
  return {
    note: 'Les attestations signées sont jointes à ce fichier : il peut être vérifié même sans internet.',
    page: `${documentWords(view).short} n° ${view.publicId} · page ${page} sur ${pages}`,
  };
}

export function footerHeight(view: PassportView): number {
  const f = footerText(view, 99, 99);
  return (
    textBox(f.note, SIZE.small, 400, CONTENT_WIDTH).height + textBox(f.page, SIZE.small, 400, CONTENT_WIDTH).height + 10
  );
}

function verifyBox(view: PassportView): VerifyBox {
  const padding = 16;
  const qr = qrMatrix(view.verifyUrl);
  const module = QR_SYMBOL_WIDTH / qr.size;
  const qrSide = module * (qr.size + 2 * QR_QUIET_ZONE);
  const textWidth = CONTENT_WIDTH - 2 * padding - qrSide - 18;
  const body = (t: string, weight: FontWeight = 400, anywhere = false) =>
    textBox(t, SIZE.body, weight, textWidth, anywhere);
  return {
    padding,
    qr,
    module,
    qrSide,
    textWidth,
    heading: textBox(`Vérifier ${documentWords(view).this}`, SIZE.h2, 700, textWidth),
    scan: body(`Scannez ce code pour vérifier ${documentWords(view).this}.`),
    urlIntro: body('Ou ouvrez cette adresse :'),
    url: body(view.verifyUrl, 700, true),
    id: body(`${documentWords(view).number} : ${view.publicId}`, 400, true),
    gaps: 8,
  };
}

export function verifyBoxHeight(v: VerifyBox): number {
  const text =
    v.heading.height + v.gaps + v.scan.height + v.gaps + v.urlIntro.height + v.url.height + v.gaps + v.id.height;
  return Math.max(text, v.qrSide) + 2 * v.padding;
}

function competenceItem(
  view: PassportView,
  letter: string,
  c: PassportView['letters'][number]['competences'][number],
  firstOfLetter: boolean,
  lastOfLetter: boolean,
  letterHasTitle: boolean,
  badge: PassportBadge | undefined,
): CompetenceItem {
  const steps = view.levels.length;
  const step = view.levels.findIndex((l) => l.id === c.levelId) + 1;
  const dotsWidth = steps * DOT.pitch + 8;
  const badgeStatus = badge ? (badge.status ?? 'active') : null;
  const dateText = !badge
    ? formatDate(c.achievedOn)
    : badgeStatus === 'revoked'
      ? 'Badge retiré'
      : badgeStatus === 'suspended'
        ? 'Badge suspendu'
        : `Badge obtenu le ${formatDate(badge.issuedOn)}`;
  const dateWidth = measure(
    badgeStatus && badgeStatus !== 'active' ? 'atkinson-latin-700' : 'atkinson-latin-400',
    dateText,
    SIZE.small,
  );
  const sideBySide = ITEM_WIDTH - dotsWidth - dateWidth - 20;
  const levelText = c.levelLabel;
  let level = textBox(levelText, SIZE.body, 700, Math.max(sideBySide, 60));
  let dateOwnLine = false;
  if (sideBySide < 120 || level.lines.length > 1) {
    level = textBox(levelText, SIZE.body, 700, ITEM_WIDTH - dotsWidth);
    dateOwnLine = true;
  }
  return {
    letter,
    firstOfLetter,
    lastOfLetter,
    letterHasTitle,
    title: textBox(c.title, SIZE.itemTitle, 400, ITEM_WIDTH),
    level,
    step,
    steps,
    date: textBox(dateText, SIZE.small, badgeStatus && badgeStatus !== 'active' ? 700 : 400, ITEM_WIDTH),
    dateOwnLine,
    badgeStatus,
  };
}

export function competenceHeight(item: CompetenceItem): number {
  const h =
    item.title.height + 3 + Math.max(item.level.height, 2 * DOT.radius + 6) + (item.dateOwnLine ? item.date.height : 0);
  // The tile sits beside the first item of a letter without a title line: leave room for it.
  return item.firstOfLetter && !item.letterHasTitle ? Math.max(h, TILE.size) : h;
}

/** Width kept on the right of a badge's name for its date (the longest French date fits). */
const BADGE_DATE_COLUMN = 118;

function badgeItem(b: PassportBadge): BadgeItem {
  const status = b.status ?? 'active';
  const date = textBox(formatDate(b.issuedOn), SIZE.small, 400, BADGE_DATE_COLUMN);
  const name = textBox(b.name, SIZE.body, 700, ITEM_WIDTH - BADGE_DATE_COLUMN - 12);
  const statusText =
    status === 'active' ? null : textBox(statusWords(status), SIZE.body, 700, ITEM_WIDTH - BADGE_DATE_COLUMN - 12);
  return { name, date, statusText, status };
}

export function badgeHeight(item: BadgeItem): number {
  return item.name.height + (item.statusText?.height ?? 0);
}

const heading = (label: string, spaceBefore: number): Block => {
  const text = textBox(label, SIZE.h2, 700, CONTENT_WIDTH);
  return { kind: 'heading', text, label, height: text.height + 8, spaceBefore, keepWithNext: true };
};

const paragraph = (text: string, size: number, weight: FontWeight, spaceBefore: number, muted = false): Block => {
  const box = textBox(text, size, weight, CONTENT_WIDTH);
  return { kind: 'paragraph', text: box, muted, height: box.height, spaceBefore };
};

/** Measured blocks, in reading order. */
export function buildBlocks(view: PassportView): Block[] {
  const blocks: Block[] = [];
  const title = textBox(documentWords(view).title, SIZE.h1, 700, CONTENT_WIDTH);
  blocks.push({ kind: 'title', text: title, height: title.height, spaceBefore: 0 });

  const name = textBox(view.holderName, SIZE.name, 700, CONTENT_WIDTH);
  const note = hasMissingGlyphs(view.holderName, 700)
    ? textBox(
        'Certains caractères de ce nom ne peuvent pas être imprimés ici (□). Le nom exact figure dans les attestations signées jointes à ce fichier.',
        SIZE.small,
        400,
        CONTENT_WIDTH,
      )
    : null;
  blocks.push({ kind: 'holder', name, note, height: name.height + (note ? note.height + 4 : 0), spaceBefore: 6 });

  blocks.push(
    paragraph(
      `Délivré le ${formatDate(view.issuedOn)} par ${view.structureName}, membre du réseau ${view.hubName}.`,
      SIZE.body + 1,
      400,
      10,
    ),
  );
  blocks.push(
    paragraph(
      `${documentWords(view).This} présente les compétences numériques reconnues par un médiateur ou une médiatrice numérique.`,
      SIZE.body,
      400,
      12,
    ),
  );

  const verify = verifyBox(view);
  blocks.push({ kind: 'verify', verify, height: verifyBoxHeight(verify), spaceBefore: 16 });

  blocks.push(heading('Compétences reconnues', 26));
  const steps = view.levels.length;
  const codes = new Set(view.letters.flatMap((l) => l.competences.map((c) => c.code)));
  const inline = new Map<string, PassportBadge>();
  for (const b of view.badges)
    if (b.competenceCode && codes.has(b.competenceCode) && !inline.has(b.competenceCode))
      inline.set(b.competenceCode, b);
  if (view.letters.some((l) => l.competences.length > 0)) {
    const intro = textBox(
      `Les niveaux, du premier au plus avancé (référentiel « ${view.referential.title} », version ${view.referential.version}) :`,
      SIZE.small,
      400,
      CONTENT_WIDTH,
    );
    const rows = view.levels.map((l, i) => ({
      step: i + 1,
      label: textBox(l.label, SIZE.body, 400, CONTENT_WIDTH - steps * DOT.pitch - 12),
    }));
    const rowsHeight = rows.reduce((h, r) => h + Math.max(r.label.height, 2 * DOT.radius + 4), 0);
    blocks.push({ kind: 'legend', intro, rows, steps, height: intro.height + 4 + rowsHeight, spaceBefore: 2 });
    for (const group of view.letters) {
      if (group.competences.length === 0) continue;
      const hasTitle = Boolean(group.title?.trim());
      if (hasTitle) {
        const text = textBox(group.title!, SIZE.itemTitle + 1, 700, ITEM_WIDTH);
        blocks.push({
          kind: 'letterTitle',
          letter: group.letter,
          text,
          height: Math.max(text.height, TILE.size),
          spaceBefore: 18,
          keepWithNext: true,
        });
      }
      group.competences.forEach((c, i) => {
        const item = competenceItem(
          view,
          group.letter,
          c,
          i === 0,
          i === group.competences.length - 1,
          hasTitle,
          inline.get(c.code),
        );
        const spaceBefore = i === 0 ? (hasTitle ? 6 : 14) : 9;
        blocks.push({ kind: 'competence', item, height: competenceHeight(item), spaceBefore });
      });
    }
  } else {
    blocks.push(
      paragraph(`Aucune compétence n’est encore enregistrée dans ${documentWords(view).this}.`, SIZE.body, 400, 4),
    );
  }

  const listed = view.badges.filter((b) => !(b.competenceCode && inline.get(b.competenceCode) === b));
  blocks.push(heading('Badges obtenus', 28));
  if (view.badges.length === 0) blocks.push(paragraph('Aucun badge n’a encore été délivré.', SIZE.body, 400, 4));
  else if (inline.size > 0)
    blocks.push(
      paragraph(
        'Les badges des compétences sont indiqués sur la ligne de chaque compétence, ci-dessus.',
        SIZE.small,
        400,
        4,
        true,
      ),
    );
  for (const b of listed) {
    const item = badgeItem(b);
    blocks.push({ kind: 'badge', item, height: badgeHeight(item), spaceBefore: 7 });
  }
  return blocks;
}

export interface PlacedBlock {
  block: Block;
  /** Top of the block, points from the top of the page. */
  y: number;
}

/** Pages of placed blocks. A block never straddles a page; a heading is never last on a page. */
export function paginate(blocks: readonly Block[], bottom: number): PlacedBlock[][] {
  const pages: PlacedBlock[][] = [[]];
  const top = PAGE.marginTop;
  let y = top;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    let needed = (y > top ? b.spaceBefore : 0) + b.height;
    // Keep a chain of keep-with-next blocks together with the block that follows them.
    for (let k = i; blocks[k]?.keepWithNext && blocks[k + 1]; k++)
      needed += blocks[k + 1]!.spaceBefore + blocks[k + 1]!.height;
    if (y > top && y + needed > bottom) {
      pages.push([]);
      y = top;
    }
    if (y > top) y += b.spaceBefore;
    pages[pages.length - 1]!.push({ block: b, y });
    y += b.height;
  }
  return pages;
}
