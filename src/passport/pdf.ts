/**
 * pdfkit access for the passport: document creation on Node and in Workers, the part of the
 * document API we use (typed here because @types/pdfkit lags 0.20), and the font objects handed
 * to pdfkit.
 */
import { deflateStreamsQuickly } from './pdf-deflate.js';
import type * as fontkit from 'fontkit';
import * as pdfkit from 'pdfkit';
import Helvetica from 'pdfkit/standard-fonts/Helvetica';
import { font, fontProgram, fontTable, type FontMetrics, type FontName, woffTableBytes } from '../assets/fonts.js';
import { HOLDER_NAME_INFO_KEY } from './holder-name.js';
import { IdentitySubset } from './text/subset.js';

export interface StructElement {
  add(child: StructElement | (() => void)): StructElement;
  end(): void;
}

export interface StructOptions {
  title?: string;
  lang?: string;
  alt?: string;
  actual?: string;
  /** [left, top, right, bottom] in page coordinates (top-left origin), for Figures. */
  bbox?: [number, number, number, number];
  placement?: 'Block' | 'Inline';
}

export interface TextOptions {
  lineBreak?: boolean;
  baseline?: 'alphabetic';
  features?: string[];
  horizontalScaling?: number;
  link?: string;
}

/** The subset of pdfkit's PDFDocument used here. */
export interface PdfDoc {
  readonly page: { width: number; height: number };
  addPage(options?: { size?: string; margin?: number }): PdfDoc;
  font(src: fontkit.Font | FontLike, family: string): PdfDoc;
  fontSize(size: number): PdfDoc;
  fillColor(color: string): PdfDoc;
  strokeColor(color: string): PdfDoc;
  lineWidth(width: number): PdfDoc;
  text(text: string, x: number, y: number, options?: TextOptions): PdfDoc;
  rect(x: number, y: number, w: number, h: number): PdfDoc;
  roundedRect(x: number, y: number, w: number, h: number, r: number): PdfDoc;
  circle(x: number, y: number, r: number): PdfDoc;
  moveTo(x: number, y: number): PdfDoc;
  /** Multiplies the current transformation matrix (pdfkit writes `cm` and tracks it). */
  transform(m11: number, m12: number, m21: number, m22: number, dx: number, dy: number): PdfDoc;
  lineTo(x: number, y: number): PdfDoc;
  path(svgPath: string): PdfDoc;
  fill(color?: string): PdfDoc;
  stroke(color?: string): PdfDoc;
  fillAndStroke(fill?: string, stroke?: string): PdfDoc;
  save(): PdfDoc;
  restore(): PdfDoc;
  addContent(operators: string): PdfDoc;
  markContent(tag: string, options?: { type?: 'Pagination' | 'Layout' | 'Page'; attached?: string[] }): PdfDoc;
  endMarkedContent(): PdfDoc;
  struct(
    type: string,
    options?: StructOptions,
    children?: (() => void) | StructElement | StructElement[],
  ): StructElement;
  struct(type: string, children?: (() => void) | StructElement | StructElement[]): StructElement;
  addStructure(element: StructElement): PdfDoc;
  /** Appends raw XML inside the XMP packet's rdf:RDF (written unescaped: escape first). */
  appendXML(xml: string, newline?: boolean): void;
  link(x: number, y: number, w: number, h: number, url: string): PdfDoc;
  file(
    content: Uint8Array,
    options: { name: string; type?: string; description?: string; creationDate?: Date; relationship?: string },
  ): unknown;
  end(): void;
}

export interface PdfDocOptions {
  size: 'A4';
  margin: number;
  /** null: no default font, so no standard (non-embedded) font is ever loaded. */
  font: null;
  pdfVersion: '1.7';
  lang: string;
  tagged: boolean;
  displayTitle: boolean;
  subset?: 'PDF/UA';
  info: {
    Title: string;
    Author: string;
    Subject: string;
    Keywords: string;
    Creator: string;
    CreationDate: Date;
    /** Custom Info entry: the holder's name, exact (see holder-name.ts). */
    [HOLDER_NAME_INFO_KEY]?: string;
  };
  autoFirstPage: boolean;
  bufferPages?: boolean;
}

/** The two shapes of the pdfkit module: the Node build registers standard fonts itself, the browser build does not. */
interface PdfKitModule {
  default: new (options: PdfDocOptions) => PdfDoc;
  registerStdFonts?: (...fonts: unknown[]) => void;
}

let stdFontsRegistered = false;

export function createPdf(options: PdfDocOptions): PdfDoc {
  // The namespace object differs between pdfkit's builds; @types/pdfkit describes neither.
  const mod = pdfkit as unknown as PdfKitModule;
  if (!stdFontsRegistered) {
    // Browser build (Workers): registerStdFonts takes the font data objects themselves (each has a
    // `name`), not a { name: data } map. We pass `font: null`, so Helvetica is never used; it is
    // registered anyway so that any pdfkit code path that falls back to it keeps working.
    if (typeof mod.registerStdFonts === 'function') mod.registerStdFonts(Helvetica);
    stdFontsRegistered = true;
  }
  const doc = new mod.default(options);
  deflateStreamsQuickly(doc);
  return doc;
}

/** A font object pdfkit accepts in doc.font() (it looks for layout()); TextLayerFont implements it. */
export interface FontLike {
  postscriptName: string;
  layout(text: string): unknown;
}

const namedFonts = new Map<FontName, fontkit.Font | FontLike>();

const pdfName = (postscriptName: string, name: FontName) => `${postscriptName}-${name}`.replace(/[^A-Za-z0-9-]/g, '');

/** `prebuilt`: may embed the font's build-time program (see IdentitySubset) when every glyph used is in it. */
const subsetOf = (name: FontName, prebuilt = true) =>
  new IdentitySubset(name, (tag) => woffTableBytes(name, tag), prebuilt ? fontProgram(name) : undefined);

/**
 * The font object handed to pdfkit, with a PostScript name unique per embedded slice: pdfkit
 * merges fonts that share a name, and all Noto Sans slices are called "NotoSans-Regular".
 * For a font with a build-time table, its generated metrics (pdfkit reads only those, and text/emit.ts
 * writes the glyphs): no font is parsed. Otherwise the fontkit font.
 */
export function pdfFont(name: FontName): fontkit.Font | FontLike {
  let f = namedFonts.get(name);
  if (!f) {
    const table = fontTable(name);
    if (table) f = new MetricsFont(name, pdfName(table.metrics.postscriptName, name), table.metrics);
    else {
      const base = font(name);
      const psName = pdfName(base.postscriptName, name);
      f = new Proxy(base, {
        get(target, prop) {
          if (prop === 'postscriptName') return psName;
          if (prop === 'createSubset') return () => subsetOf(name);
          const value: unknown = Reflect.get(target, prop, target);
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
    }
    namedFonts.set(name, f);
  }
  return f;
}

/** What pdfkit's EmbeddedFont reads from a font, from the generated metrics (see pdfFont). */
class MetricsFont implements FontLike {
  readonly unitsPerEm: number;
  readonly ascent: number;
  readonly descent: number;
  readonly lineGap: number;
  readonly xHeight: number;
  readonly capHeight: number;
  readonly italicAngle: number;
  readonly bbox: FontMetrics['bbox'];
  readonly head: { macStyle: { italic: boolean } };
  readonly post: { isFixedPitch: boolean };
  readonly 'OS/2': { sFamilyClass: number };

  constructor(
    private readonly name: FontName,
    readonly postscriptName: string,
    private readonly metrics: FontMetrics,
  ) {
    ({
      unitsPerEm: this.unitsPerEm,
      ascent: this.ascent,
      descent: this.descent,
      lineGap: this.lineGap,
      xHeight: this.xHeight,
      capHeight: this.capHeight,
      italicAngle: this.italicAngle,
      bbox: this.bbox,
    } = metrics);
    this.head = { macStyle: { italic: metrics.italic } };
    this.post = { isFixedPitch: metrics.fixedPitch };
    this['OS/2'] = { sFamilyClass: metrics.familyClass };
  }

  createSubset(): IdentitySubset {
    return subsetOf(this.name);
  }

  getGlyph(id: number): { advanceWidth: number } {
    if (id !== 0) throw new Error('MetricsFont only knows the .notdef glyph');
    return { advanceWidth: this.metrics.notdefAdvance };
  }

  /** pdfkit recognises a font object by layout(); our glyphs are written by text/emit.ts, never by pdfkit's text(). */
  layout(text: string): unknown {
    return font(this.name).layout(text);
  }
}

interface LayerGlyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}

/**
 * A font for an invisible text layer: one glyph per character, never shaped, so that each glyph
 * maps to exactly one character in the PDF's ToUnicode table and text extraction gives back the
 * characters in order. `glyphFor` picks the glyph (the font's own glyph, or any spare glyph for a
 * character no font has: the glyph is never painted).
 */
export class TextLayerFont implements FontLike {
  readonly postscriptName: string;

  constructor(
    private readonly baseName: FontName,
    name: string,
    private readonly glyphFor: (codePoint: number) => { id: number; advanceWidth: number },
  ) {
    this.postscriptName = name;
  }

  /** Everything else pdfkit reads comes from the base font, parsed on first use only. */
  private get base(): fontkit.Font | MetricsFont {
    return pdfFont(this.baseName) as fontkit.Font | MetricsFont;
  }

  /** One glyph per character, in the order given. */
  glyphs(
    text: string,
  ): { id: number; advanceWidth: number; xAdvance: number; xOffset: number; yOffset: number; codePoints: number[] }[] {
    const out = [];
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      const g = this.glyphFor(cp);
      out.push({
        id: g.id,
        advanceWidth: g.advanceWidth,
        xAdvance: g.advanceWidth,
        xOffset: 0,
        yOffset: 0,
        codePoints: [cp],
      });
    }
    return out;
  }

  /** pdfkit recognises a font object by its layout() method (text/emit.ts writes glyphs itself, so this only serves pdfkit's own text()). */
  layout(text: string): {
    glyphs: LayerGlyph[];
    positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }[];
    readonly advanceWidth: number;
  } {
    const glyphs = this.glyphs(text);
    const positions = glyphs.map((g) => ({ xAdvance: g.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0 }));
    return {
      glyphs,
      positions,
      // A getter, like fontkit's GlyphRun: pdfkit scales the positions in place, then reads it.
      get advanceWidth() {
        return positions.reduce((sum, p) => sum + p.xAdvance, 0);
      },
    };
  }

  /** The layer's glyphs are never painted: its own subset (a few glyphs), never the prebuilt program of the base font. */
  createSubset() {
    return subsetOf(this.baseName, false);
  }
  getGlyph(id: number) {
    return { advanceWidth: this.base.getGlyph(id).advanceWidth };
  }
  get unitsPerEm() {
    return this.base.unitsPerEm;
  }
  get ascent() {
    return this.base.ascent;
  }
  get descent() {
    return this.base.descent;
  }
  get lineGap() {
    return this.base.lineGap;
  }
  get xHeight() {
    return this.base.xHeight;
  }
  get capHeight() {
    return this.base.capHeight;
  }
  get italicAngle() {
    return this.base.italicAngle;
  }
  get bbox() {
    return this.base.bbox;
  }
  get head() {
    return (this.base as unknown as Record<string, unknown>)['head'];
  }
  get post() {
    return (this.base as unknown as Record<string, unknown>)['post'];
  }
  get ['OS/2']() {
    return (this.base as unknown as Record<string, unknown>)['OS/2'];
  }
}

/**
 * A pdfkit object (PDFReference), as Jalon's modules touch it (not in any typings): its dictionary,
 * its stream's chunks and whether pdfkit will deflate them when it is written (`finalize`).
 */
export interface PdfRef {
  compress: boolean;
  data: Record<string, unknown>;
  buffer: Uint8Array[];
  write(chunk: string | Uint8Array): void;
  end(chunk?: Uint8Array): void;
  finalize(): void;
}

/** How a document makes a new object (pdfkit's `doc.ref()`, not in any typings). */
export interface PdfRefMaker {
  ref(data?: Record<string, unknown>): PdfRef;
}

/** pdfkit's embedded-font object, as far as finishFonts() touches it. */
interface EmbeddedFontInternals {
  subset: unknown;
  widths: (number | undefined)[];
  unicode: (readonly number[] | undefined)[];
  document: PdfRefMaker;
  embed(): void;
}

/**
 * With glyph ids kept (IdentitySubset), pdfkit's widths and ToUnicode arrays have holes for the
 * glyphs not used; pdfkit expects them dense (and derives the CIDSet, the glyphs the program holds,
 * from the widths). A prebuilt program (already deflated) is embedded as it is. Call once, just
 * before doc.end().
 */
export function finishFonts(doc: PdfDoc): void {
  const families = (doc as unknown as { _fontFamilies: Record<string, EmbeddedFontInternals> })._fontFamilies;
  for (const f of new Set(Object.values(families))) {
    const subset = f.subset;
    if (!(subset instanceof IdentitySubset)) continue;
    const max = subset.maxGlyphId;
    for (let i = 0; i <= max; i++) {
      // Never drawn; a mapping is still required by the format.
      f.unicode[i] ??= [0xfffd];
    }
    const embedded = subset.maxEmbeddedGlyphId;
    for (let i = 0; i <= embedded; i++) f.widths[i] ??= 0;
    if (subset.prebuilt) {
      const embed = f.embed.bind(f);
      f.embed = () => {
        // pdfkit's embed() makes the font file its first object, then writes encode()'s bytes into it.
        const document = f.document;
        const ref = document.ref;
        document.ref = (data?: Record<string, unknown>) => {
          document.ref = ref;
          if (data !== undefined)
            throw new Error('pdfkit no longer makes the font file first: cannot embed a prebuilt program');
          const file = ref.call(document);
          file.compress = false;
          file.data.Filter = 'FlateDecode';
          return file;
        };
        try {
          embed();
        } finally {
          document.ref = ref;
        }
      };
    }
  }
}
