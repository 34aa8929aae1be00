/**
 * Writes already-shaped glyphs as PDF text operators. pdfkit's text() would shape and measure
 * every string again and cost most of a render; our runs are shaped once (and cached), so only the
 * glyph encoding is left. Uses pdfkit's embedded-font object for what the PDF needs (subset glyph
 * ids, widths, ToUnicode), as pdfkit's own text() does. All runs of a paragraph go into one text
 * object, which keeps content streams (and their compression) small.
 */
import type { FontLike, PdfDoc } from '../pdf.js';
import type * as fontkit from 'fontkit';

export interface EmitGlyph {
  /** Glyph id in the source font. */
  id: number;
  /** Characters the glyph stands for (its ToUnicode entry). */
  codePoints: readonly number[];
  /** Nominal advance (font units): the width the PDF records for this glyph. */
  advanceWidth: number;
  /** Advance after shaping (kerning), and mark offsets; font units. */
  xAdvance: number;
  xOffset: number;
  yOffset: number;
}

/** The pdfkit internals used here (EmbeddedFont and the current page); not in any typings. */
interface EmbeddedFontInternals {
  id: string;
  scale: number;
  subset: { includeGlyph(id: number): number };
  widths: number[];
  unicode: (readonly number[])[];
  ref(): unknown;
}
interface PdfKitInternals {
  _font: EmbeddedFontInternals;
  page: { height: number; fonts: Record<string, unknown> };
}

/** Glyph id → its four hex digits, made once per isolate (per glyph drawn, it was two new strings). */
const HEX: string[] = [];
const hexOf = (gid: number) => (HEX[gid] ??= gid.toString(16).padStart(4, '0'));

const num = (n: number) => {
  const r = Math.round(n * 1000) / 1000;
  return Object.is(r, -0) ? '0' : String(r);
};

export interface RunOptions {
  size: number;
  /** Render mode 3: the text is not painted (a text layer over outlines or boxes). */
  invisible?: boolean;
  /** Horizontal scaling in percent (Tz). */
  horizontalScaling?: number;
}

/** One PDF text object (BT … ET) collecting runs; call flush() to write it. */
export class TextObject {
  private ops: string[] = [];
  private fontId = '';
  private size = 0;
  private mode = 0;
  private hScale = 100;

  constructor(private readonly doc: PdfDoc) {}

  /** Adds a run: `font` as given to doc.font() with its cache key, baseline at (x, baseline) in top-left page coordinates. */
  run(
    font: fontkit.Font | FontLike,
    key: string,
    glyphs: readonly EmitGlyph[],
    x: number,
    baseline: number,
    options: RunOptions,
  ): void {
    if (glyphs.length === 0) return;
    this.doc.font(font, key);
    const internals = this.doc as unknown as PdfKitInternals;
    const f = internals._font;
    const page = internals.page;
    if (page.fonts[f.id] == null) page.fonts[f.id] = f.ref();
    const ops = this.ops;
    if (ops.length === 0) ops.push('q', `1 0 0 -1 0 ${num(page.height)} cm`, 'BT');
    if (f.id !== this.fontId || options.size !== this.size) {
      ops.push(`/${f.id} ${num(options.size)} Tf`);
      this.fontId = f.id;
      this.size = options.size;
    }
    const mode = options.invisible ? 3 : 0;
    if (mode !== this.mode) ops.push(`${mode} Tr`);
    this.mode = mode;
    const hScale = options.horizontalScaling ?? 100;
    if (Math.abs(hScale - this.hScale) > 1e-3) ops.push(`${num(hScale)} Tz`);
    this.hScale = hScale;

    const unit = options.size / 1000;
    const stretch = hScale / 100;
    // PDF text space has y up; pdfkit's page space has y down.
    const y = page.height - baseline;
    ops.push(`1 0 0 1 ${num(x)} ${num(y)} Tm`);
    // Consecutive glyphs share one hex string; a kerning number closes it. (No closures here: this
    // runs for every run of text, and a bundle that keeps function names names each one it creates.)
    let tj = '';
    let hexRun = '';
    let pen = x;
    let moved = false;
    for (const g of glyphs) {
      const gid = f.subset.includeGlyph(g.id);
      if (f.widths[gid] == null) f.widths[gid] = g.advanceWidth * f.scale;
      if (f.unicode[gid] == null) f.unicode[gid] = g.codePoints;
      const hex = hexOf(gid);
      const width = f.widths[gid]!;
      const advance = g.xAdvance * f.scale;
      if (g.xOffset || g.yOffset) {
        // A positioned mark (or any offset glyph): place it on its own.
        if (hexRun) tj += `<${hexRun}>`;
        if (tj) ops.push(`[${tj}] TJ`);
        tj = '';
        hexRun = '';
        ops.push(
          `1 0 0 1 ${num(pen + g.xOffset * f.scale * unit * stretch)} ${num(y + g.yOffset * f.scale * unit)} Tm`,
          `<${hex}> Tj`,
        );
        moved = true;
      } else {
        if (moved) {
          ops.push(`1 0 0 1 ${num(pen)} ${num(y)} Tm`);
          moved = false;
        }
        hexRun += hex;
        // TJ numbers are thousandths of an em and move the next glyph left.
        if (Math.abs(width - advance) > 1e-3) {
          tj += `<${hexRun}> ${num(width - advance)} `;
          hexRun = '';
        }
      }
      pen += advance * unit * stretch;
    }
    if (hexRun) tj += `<${hexRun}>`;
    if (tj) ops.push(`[${tj}] TJ`);
  }

  flush(): void {
    if (this.ops.length === 0) return;
    this.ops.push('ET', 'Q');
    this.doc.addContent(this.ops.join('\n'));
    this.ops = [];
    this.fontId = '';
    this.size = 0;
    this.mode = 0;
    this.hScale = 100;
  }
}
