/**
 * Draws laid-out lines into a pdfkit document. Three ways, chosen per run:
 *  - text: ordinary PDF text (the common case: Latin, Cyrillic, Greek, Hebrew, CJK…);
 *  - outline: glyph outlines painted as paths, plus an invisible text layer (render mode 3)
 *    holding the characters in reading order — for runs whose shaping reorders or splits
 *    characters (Devanagari, most Arabic), which PDF text cannot map back to characters;
 *  - missing: a visible empty box per character no embedded font has, plus the same invisible
 *    text layer, so copy-paste, search and screen readers still get the exact name.
 */
import { font, fontTable, type FontName } from '../../assets/fonts.js';
import { pdfFont, TextLayerFont, type PdfDoc } from '../pdf.js';
import { MISSING_GLYPH_EM, type LaidLine, type LaidRun } from './paragraph.js';
import { TextObject } from './emit.js';
import { shape, type ShapedRun } from './shape.js';

export interface DrawStyle {
  size: number;
  color: string;
  /** Makes the text a link (for the verification URL). */
  link?: string;
}

/** Glyph count of a font, from its generated metrics when it has them (no parsing). */
const numGlyphs = (name: FontName) => fontTable(name)?.metrics.numGlyphs ?? font(name).numGlyphs;

const nominalFonts = new Map<FontName, TextLayerFont>();

function nominalFont(name: FontName): TextLayerFont {
  let f = nominalFonts.get(name);
  if (!f) {
    const base = font(name);
    f = new TextLayerFont(name, `${base.postscriptName}-${name}-text`.replace(/[^A-Za-z0-9-]/g, ''), (cp) => {
      const g = base.glyphForCodePoint(cp);
      return { id: g.id, advanceWidth: g.advanceWidth };
    });
    nominalFonts.set(name, f);
  }
  return f;
}

/** Per-document drawing state: what each glyph already means in the PDF, and the spare glyphs used for missing characters. */
export class TextPainter {
  /** font → glyph id → characters it was first written for (the PDF keeps one meaning per glyph). */
  private readonly glyphMeaning = new Map<FontName, Map<number, string>>();
  private readonly missing = new Map<number, number>();
  /** Runs already written as text in this document (their glyphs' meanings are recorded). */
  private readonly checked = new WeakSet<ShapedRun>();
  private readonly carrier: TextLayerFont;

  constructor(private readonly doc: PdfDoc) {
    this.carrier = new TextLayerFont('atkinson-latin-400', 'JalonTextLayer', (cp) => {
      let id = this.missing.get(cp);
      if (id === undefined) {
        // Glyph ids 1…n stand for the 1st…nth distinct missing character (they are never painted).
        id = Math.min(this.missing.size + 1, numGlyphs('atkinson-latin-400') - 1);
        this.missing.set(cp, id);
      }
      return { id, advanceWidth: 600 };
    });
  }

  /** Draws lines whose first baseline is at `baseline`, each `lineHeight` below the previous. */
  lines(lines: readonly LaidLine[], x: number, baseline: number, lineHeight: number, style: DrawStyle): void {
    if (lines.length === 0) return;
    this.doc.fillColor(style.color);
    const text = new TextObject(this.doc);
    lines.forEach((line, i) => {
      for (const run of line.runs) this.run(text, run, x + run.x, baseline + i * lineHeight, style);
    });
    text.flush();
  }

  private run(text: TextObject, run: LaidRun, x: number, baseline: number, style: DrawStyle): void {
    const rtl = run.level % 2 === 1;
    if (!run.font) {
      this.boxes(run, x, baseline, style);
      this.textLayer(text, this.carrier, 'carrier', run.text, rtl, x, baseline, run.width, style);
    } else {
      const shaped = shape(run.font, run.text);
      if (this.canWriteAsText(run.font, shaped)) {
        text.run(pdfFont(run.font), run.font, shaped.glyphs, x, baseline, { size: style.size });
      } else {
        this.outline(run.font, shaped, x, baseline, style);
        this.textLayer(text, nominalFont(run.font), `${run.font}:text`, run.text, rtl, x, baseline, run.width, style);
      }
    }
    if (style.link) this.doc.link(x, baseline - style.size * 0.8, run.width, style.size, style.link);
  }

  /** Text is safe when glyphs read back in order and each glyph keeps the meaning it already has in this PDF. */
  private canWriteAsText(name: FontName, shaped: ShapedRun): boolean {
    if (!shaped.textSafe) return false;
    if (this.checked.has(shaped)) return true;
    let meanings = this.glyphMeaning.get(name);
    if (!meanings) {
      meanings = new Map();
      this.glyphMeaning.set(name, meanings);
    }
    for (let i = 0; i < shaped.glyphs.length; i++) {
      const known = meanings.get(shaped.glyphs[i]!.id);
      if (known !== undefined && known !== shaped.meanings[i]) return false;
    }
    for (let i = 0; i < shaped.glyphs.length; i++) meanings.set(shaped.glyphs[i]!.id, shaped.meanings[i]!);
    this.checked.add(shaped);
    return true;
  }

  private outline(name: FontName, shaped: ShapedRun, x: number, baseline: number, style: DrawStyle): void {
    const f = font(name);
    const scale = style.size / shaped.unitsPerEm;
    let pen = x;
    const parts: string[] = [];
    for (const g of shaped.glyphs) {
      const path = f
        .getGlyph(g.id, [...g.codePoints])
        .path.transform(scale, 0, 0, -scale, pen + g.xOffset * scale, baseline - g.yOffset * scale);
      const svg = path.toSVG();
      if (svg) parts.push(svg);
      pen += g.xAdvance * scale;
    }
    if (parts.length) this.doc.path(parts.join(' ')).fill(style.color);
  }

  private boxes(run: LaidRun, x: number, baseline: number, style: DrawStyle): void {
    const w = MISSING_GLYPH_EM * style.size;
    const h = 0.72 * style.size;
    const n = [...run.text].length;
    this.doc
      .save()
      .lineWidth(Math.max(0.75, style.size / 20))
      .strokeColor(style.color);
    for (let i = 0; i < n; i++) this.doc.rect(x + i * w + 0.12 * w, baseline - h, 0.76 * w, h).stroke();
    this.doc.restore();
  }

  /**
   * Invisible text (render mode 3) stretched over the run's width. Right-to-left runs are written
   * in visual order, as PDF text is: extractors reverse right-to-left text back to reading order.
   */
  private textLayer(
    text: TextObject,
    layerFont: TextLayerFont,
    key: string,
    chars: string,
    rtl: boolean,
    x: number,
    baseline: number,
    width: number,
    style: DrawStyle,
  ): void {
    const written = rtl ? [...chars].reverse().join('') : chars;
    const glyphs = layerFont.glyphs(written);
    const natural = (glyphs.reduce((w, g) => w + g.advanceWidth, 0) * style.size) / layerFont.unitsPerEm;
    const horizontalScaling = natural > 0 ? Math.max(1, (100 * width) / natural) : 100;
    text.run(layerFont, key, glyphs, x, baseline, { size: style.size, invisible: true, horizontalScaling });
  }
}
