/**
 * The digital passport PDF: view-model in, bytes out. A4, French, large type, tagged (PDF/UA
 * identification), a vector QR code to the public verification page, and the signed credentials
 * attached so that the file alone can be verified offline.
 */
import { attachFile } from './attach.js';
import { formatDate } from '../lib/dates.js';
import { metadataSafe } from './format.js';
import { HOLDER_NAME_INFO_KEY, HOLDER_NAME_STRUCT_TITLE, holderNameXmp } from './holder-name.js';
import {
  buildBlocks,
  CONTENT_WIDTH,
  DOT,
  footerHeight,
  footerText,
  ITEM_X,
  PAGE,
  paginate,
  SIZE,
  textBox,
  TILE,
  verifyBoxHeight,
  type Block,
  type CompetenceItem,
  type PlacedBlock,
  type TextBox,
  type VerifyBox,
} from './layout.js';
import { createPdf, finishFonts, type PdfDoc, type StructElement, type StructOptions } from './pdf.js';
import { collectPdf, orderNameTreesByBytes } from './pdf-output.js';
import { QR_QUIET_ZONE, qrBars } from './qr.js';
import { TextPainter } from './text/draw.js';
import { documentWords, type PassportView } from './view.js';

/** Colours: near-black text on white; one dark accent (white on it: 12:1); no meaning carried by colour alone. */
const COLOR = {
  text: '#111111',
  muted: '#333333',
  accent: '#12355B',
  boxBg: '#EEF2F7',
  rule: '#8C99A8',
  danger: '#8A1C1C',
  white: '#FFFFFF',
} as const;

const utf8 = new TextEncoder();

class PassportWriter {
  private readonly painter: TextPainter;
  private readonly root: StructElement;
  /** The list (L) currently open: competences of one letter, or badges. */
  private list: StructElement | null = null;

  constructor(
    private readonly doc: PdfDoc,
    private readonly view: PassportView,
  ) {
    this.painter = new TextPainter(doc);
    this.root = doc.struct('Document');
    doc.addStructure(this.root);
  }

  /** Adds a structure element whose content `draw` paints now (pdfkit runs the closure on add). */
  private tagged(parent: StructElement, type: string, draw: () => void, options: StructOptions = {}): void {
    parent.add(this.doc.struct(type, options, draw));
  }

  /** Decoration that assistive technologies must skip. */
  private artifact(draw: () => void): void {
    this.doc.markContent('Artifact');
    draw();
    this.doc.endMarkedContent();
  }

  private text(box: TextBox, x: number, top: number, color: string = COLOR.text, link?: string): void {
    // Baseline of the first line: top + ascent share of the line box (Atkinson's ascent ≈ 0.95 em, with leading).
    const baseline = top + box.lineHeight * 0.78;
    this.painter.lines(box.lines, x, baseline, box.lineHeight, { size: box.size, color, ...(link ? { link } : {}) });
  }

  private dots(x: number, centerY: number, step: number, steps: number, color: string): void {
    this.doc.save().lineWidth(1.4).strokeColor(color).fillColor(color);
    for (let i = 0; i < steps; i++) {
      const cx = x + DOT.radius + i * DOT.pitch;
      this.doc.circle(cx, centerY, DOT.radius);
      if (i < step) this.doc.fillAndStroke(color, color);
      else this.doc.stroke();
    }
    this.doc.restore();
  }

  private tile(letter: string, x: number, y: number): void {
    this.doc.save().roundedRect(x, y, TILE.size, TILE.size, 7).fill(COLOR.accent).restore();
    const box = textBox(letter, SIZE.letter, 700, TILE.size);
    const line = box.lines[0];
    if (!line) return;
    const baseline = y + TILE.size / 2 + SIZE.letter * 0.35;
    this.painter.lines([line], x + (TILE.size - line.width) / 2, baseline, box.lineHeight, {
      size: SIZE.letter,
      color: COLOR.white,
    });
  }

  draw(pages: PlacedBlock[][]): void {
    pages.forEach((placed, index) => {
      if (index > 0) this.doc.addPage({ size: 'A4', margin: 0 });
      for (const [i, p] of placed.entries()) this.block(p, i === 0);
      this.footer(index + 1, pages.length);
    });
    this.list = null;
    this.root.end();
  }

  private block({ block, y }: PlacedBlock, firstOnPage: boolean): void {
    const x = PAGE.marginX;
    switch (block.kind) {
      case 'title':
        this.tagged(this.root, 'H1', () => this.text(block.text, x, y, COLOR.accent));
        break;
      case 'holder':
        this.tagged(this.root, 'P', () => this.text(block.name, x, y), { title: HOLDER_NAME_STRUCT_TITLE });
        if (block.note) {
          const note = block.note;
          this.tagged(this.root, 'P', () => this.text(note, x, y + block.name.height + 4, COLOR.muted));
        }
        break;
      case 'paragraph':
        this.tagged(this.root, 'P', () => this.text(block.text, x, y, block.muted ? COLOR.muted : COLOR.text));
        break;
      case 'heading':
        this.list = null;
        this.tagged(this.root, 'H2', () => this.text(block.text, x, y, COLOR.accent));
        this.artifact(() => {
          const ruleY = y + block.text.height + 3;
          this.doc
            .save()
            .lineWidth(1.2)
            .strokeColor(COLOR.rule)
            .moveTo(x, ruleY)
            .lineTo(x + CONTENT_WIDTH, ruleY)
            .stroke()
            .restore();
        });
        break;
      case 'verify':
        this.verify(block.verify, y);
        break;
      case 'legend':
        this.tagged(this.root, 'P', () => {
          this.text(block.intro, x, y, COLOR.muted);
          let rowY = y + block.intro.height + 4;
          for (const row of block.rows) {
            const h = Math.max(row.label.height, 2 * DOT.radius + 4);
            this.dots(x + 2, rowY + h / 2, row.step, block.steps, COLOR.accent);
            this.text(row.label, x + block.steps * DOT.pitch + 12, rowY + (h - row.label.height) / 2);
            rowY += h;
          }
        });
        break;
      case 'letterTitle':
        this.list = null;
        this.tagged(
          this.root,
          'H3',
          () => {
            this.tile(block.letter, x, y);
            this.text(block.text, x + ITEM_X, y + Math.max(0, (TILE.size - block.text.height) / 2));
          },
          {
            actual: `Lettre ${block.letter} : ${block.text.lines.map((l) => l.runs.map((r) => r.text).join('')).join(' ')}`,
          },
        );
        break;
      case 'competence':
        this.competence(block.item, y, firstOnPage);
        break;
      case 'badge':
        this.badge(block, y);
        break;
    }
  }

  private verify(v: VerifyBox, top: number): void {
    const x = PAGE.marginX;
    const height = verifyBoxHeight(v);
    this.artifact(() => {
      this.doc
        .save()
        .roundedRect(x, top, CONTENT_WIDTH, height, 10)
        .lineWidth(1)
        .fillAndStroke(COLOR.boxBg, COLOR.rule)
        .restore();
    });
    const tx = x + v.padding;
    let y = top + v.padding;
    this.tagged(this.root, 'H2', () => this.text(v.heading, tx, y, COLOR.accent));
    y += v.heading.height + v.gaps;
    const scanY = y;
    this.tagged(this.root, 'P', () => this.text(v.scan, tx, scanY));
    y += v.scan.height + v.gaps;

    // The QR code: a Figure with a text alternative that says where it leads.
    const qx = x + CONTENT_WIDTH - v.padding - v.qrSide;
    const qy = top + v.padding;
    this.tagged(
      this.root,
      'Figure',
      () => {
        this.doc.save().rect(qx, qy, v.qrSide, v.qrSide).fill(COLOR.white);
        const origin = QR_QUIET_ZONE * v.module;
        // In module units (one scaling): each bar is a few short integers, not four coordinates in
        // points, in a stream that is deflated per passport. A hair of overlap (0.05 pt) hides the
        // seams some viewers show between adjacent rectangles.
        this.doc.transform(v.module, 0, 0, v.module, qx + origin, qy + origin);
        const hair = 0.05 / v.module;
        const width = (w: number) => Math.round((w + hair) * 1e6) / 1e6;
        const bars = qrBars(v.qr).map((bar) => `${bar.x} ${bar.y} ${width(bar.w)} ${width(1)} re`);
        this.doc.addContent(bars.join('\n'));
        this.doc.fill('#000000').restore();
      },
      {
        alt: `Code QR de vérification : ${documentWords(this.view).this}, qui mène à l’adresse ${this.view.verifyUrl}`,
        bbox: [qx, qy, qx + v.qrSide, qy + v.qrSide],
        placement: 'Block',
      },
    );

    const urlY = y;
    this.tagged(this.root, 'P', () => {
      this.text(v.urlIntro, tx, urlY);
      this.text(v.url, tx, urlY + v.urlIntro.height, COLOR.accent, this.view.verifyUrl);
    });
    y += v.urlIntro.height + v.url.height + v.gaps;
    const idY = y;
    this.tagged(this.root, 'P', () => this.text(v.id, tx, idY));
  }

  private openList(): StructElement {
    if (!this.list) {
      this.list = this.doc.struct('L');
      this.root.add(this.list);
    }
    return this.list;
  }

  private competence(item: CompetenceItem, y: number, firstOnPage: boolean): void {
    const x = PAGE.marginX;
    if (item.firstOfLetter && !item.letterHasTitle) {
      this.list = null;
      const letter = item.letter;
      this.tagged(this.root, 'H3', () => this.tile(letter, x, y), { actual: `Lettre ${letter}` });
    } else if (firstOnPage) {
      // The letter continues from the previous page: repeat its tile as a landmark (decoration).
      this.artifact(() => this.tile(item.letter, x, y));
    }
    const list = this.openList();
    const ix = x + ITEM_X;
    list.add(
      this.doc.struct('LI', [
        this.doc.struct('LBody', () => {
          this.text(item.title, ix, y);
          const rowTop = y + item.title.height + 3;
          const rowH = Math.max(item.level.height, 2 * DOT.radius + 6);
          this.dots(ix + 1, rowTop + Math.min(rowH, item.level.lineHeight) / 2, item.step, item.steps, COLOR.accent);
          const lx = ix + item.steps * DOT.pitch + 8;
          this.text(item.level, lx, rowTop + (rowH - item.level.height) / 2);
          const noteColor =
            item.badgeStatus === 'revoked' || item.badgeStatus === 'suspended' ? COLOR.danger : COLOR.muted;
          if (item.dateOwnLine) this.text(item.date, ix, rowTop + rowH, noteColor);
          else {
            const w = item.date.lines[0]?.width ?? 0;
            this.text(item.date, x + CONTENT_WIDTH - w, rowTop + (rowH - item.date.height) / 2 + 1, noteColor);
          }
        }),
      ]),
    );
    if (item.lastOfLetter) this.list = null;
  }

  private badge(block: Block & { kind: 'badge' }, y: number): void {
    const x = PAGE.marginX;
    const item = block.item;
    const list = this.openList();
    const ix = x + ITEM_X;
    const valid = item.status === 'active';
    this.artifact(() => {
      // A medal-like mark beside each badge (decoration): a filled disc when valid, a ring otherwise.
      const cx = x + TILE.size / 2;
      const cy = y + item.name.lineHeight / 2;
      this.doc
        .save()
        .lineWidth(2)
        .strokeColor(valid ? COLOR.accent : COLOR.danger)
        .circle(cx, cy, 7);
      if (valid) this.doc.fillAndStroke(COLOR.accent, COLOR.accent);
      else this.doc.stroke();
      this.doc.restore();
    });
    list.add(
      this.doc.struct('LI', [
        this.doc.struct('LBody', () => {
          this.text(item.name, ix, y, valid ? COLOR.text : COLOR.danger);
          const w = item.date.lines[0]?.width ?? 0;
          this.text(
            item.date,
            x + CONTENT_WIDTH - w,
            y + (item.name.lineHeight - item.date.lineHeight) / 2 + 1,
            COLOR.muted,
          );
          if (item.statusText) this.text(item.statusText, ix, y + item.name.height, COLOR.danger);
        }),
      ]),
    );
  }

  private footer(page: number, pages: number): void {
    const f = footerText(this.view, page, pages);
    const note = textBox(f.note, SIZE.small, 400, CONTENT_WIDTH);
    const num = textBox(f.page, SIZE.small, 400, CONTENT_WIDTH);
    const top = PAGE.height - PAGE.marginBottom - note.height - num.height;
    const x = PAGE.marginX;
    this.artifact(() =>
      this.doc
        .save()
        .lineWidth(0.8)
        .strokeColor(COLOR.rule)
        .moveTo(x, top - 8)
        .lineTo(x + CONTENT_WIDTH, top - 8)
        .stroke()
        .restore(),
    );
    // The note is read once, at the end (last page); elsewhere the repeated footer is pagination.
    if (page === pages) this.tagged(this.root, 'P', () => this.text(note, x, top, COLOR.muted));
    else this.pagination(() => this.text(note, x, top, COLOR.muted));
    this.pagination(() => this.text(num, x, top + note.height, COLOR.muted));
  }

  private pagination(draw: () => void): void {
    this.doc.markContent('Artifact', { type: 'Pagination' });
    draw();
    this.doc.endMarkedContent();
  }
}

/** Attachment names must be unique inside the PDF (they are keys of its name tree). */
function uniqueNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.map((name) => {
    const base = name.trim() || 'attestation';
    let candidate = base;
    for (let n = 2; seen.has(candidate); n++) {
      const dot = base.lastIndexOf('.');
      candidate = dot > 0 ? `${base.slice(0, dot)}-${n}${base.slice(dot)}` : `${base}-${n}`;
    }
    seen.add(candidate);
    return candidate;
  });
}

export async function renderPassportPdf(view: PassportView): Promise<Uint8Array> {
  const holder = view.holderName.normalize('NFC').trim();
  const created = new Date(view.generatedAt);
  const creationDate = Number.isNaN(created.getTime()) ? new Date(0) : created;
  const doc = createPdf({
    size: 'A4',
    margin: 0,
    font: null,
    pdfVersion: '1.7',
    lang: 'fr-FR',
    tagged: true,
    displayTitle: true,
    subset: 'PDF/UA',
    autoFirstPage: true,
    info: {
      Title: metadataSafe(`${documentWords(view).title} — ${holder}`),
      Author: metadataSafe(view.structureName),
      Subject: metadataSafe(
        `Compétences numériques reconnues (${view.referential.title}, version ${view.referential.version}), délivré le ${formatDate(view.issuedOn)}`,
      ),
      Keywords: metadataSafe(
        `passeport numérique, compétences numériques, médiation numérique, Open Badges, ${view.hubName}`,
      ),
      Creator: 'Jalon',
      CreationDate: creationDate,
      [HOLDER_NAME_INFO_KEY]: holder,
    },
  });
  doc.appendXML(holderNameXmp(holder));
  const bytes = collectPdf(doc);

  const blocks = buildBlocks(view);
  const bottom = PAGE.height - PAGE.marginBottom - footerHeight(view) - 14;
  new PassportWriter(doc, view).draw(paginate(blocks, bottom));

  const names = uniqueNames(view.attachments.map((a) => a.filename));
  for (const [i, a] of view.attachments.entries())
    attachFile(doc, utf8.encode(a.content), {
      name: names[i]!,
      type: a.mimeType,
      description: a.description,
      creationDate,
      relationship: 'Data',
    });
  orderNameTreesByBytes(doc);
  finishFonts(doc);
  doc.end();
  return bytes;
}
