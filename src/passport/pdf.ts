/**
 * pdfkit access for the passport: document creation on Node and in Workers, the part of the
 * document API we use (typed here because @types/pdfkit lags 0.20), and the font objects handed
 * to pdfkit.
 */
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
  return new mod.default(options);
}

/** pdfkit's output internals (both builds), not in any typings. */
interface OutputInternals {
  version: number;
  _offset: number;
  page: { content: RefInternals };
  _write(data: string | Uint8Array): void;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  on(event: 'pageAdded', listener: () => void): unknown;
  resume(): unknown;
}

/** A pdfkit object (PDFReference), as far as its writing goes. */
interface RefInternals {
  write(chunk: string | Uint8Array): void;
  finalize(): void;
}

const ascii = new TextEncoder();
// biome-ignore lint/suspicious/noControlCharactersInRegex: the test is for any byte below 0x80.
const ASCII_ONLY = /^[\u0000-\u007f]*$/;

/** pdfkit's strings are binary (one byte per character, as its own conversion reads them); ASCII ones are encoded natively. */
function binaryBytes(text: string): Uint8Array {
  if (ASCII_ONLY.test(text)) return ascii.encode(text);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  return bytes;
}

/**
 * The document's bytes, resolved when it ends. Each piece pdfkit writes is kept as it comes, where
 * pdfkit would push it through its Readable stream (Node's, or a polyfill in Workers): that
 * machinery, per object written, was a tenth of a first render. Consecutive strings (pdfkit writes
 * each object as three or four) are kept as they are and turned into bytes together, when bytes
 * come or at the end: one conversion per run of objects instead of one per line.
 * Also batches each page's content (see batchPageContent).
 * Call right after createPdf(), before anything is written.
 */
export function collectPdf(doc: PdfDoc): Promise<Uint8Array> {
  const d = doc as unknown as OutputInternals;
  const chunks: Uint8Array[] = [];
  let pending: string[] = [];
  let length = 0;
  const flush = () => {
    if (pending.length === 0) return;
    chunks.push(binaryBytes(pending.join('')));
    pending = [];
  };
  const keep = (data: string | Uint8Array) => {
    if (data instanceof Uint8Array) {
      flush();
      chunks.push(data);
      length += data.length;
    } else {
      // One byte per character (binary string), plus the newline pdfkit adds.
      pending.push(data, '\n');
      length += data.length + 1;
    }
  };
  // pdfkit's constructor has already written the file header (into its stream, left unread): the same lines.
  keep(`%PDF-${d.version}`);
  keep('%\xFF\xFF\xFF\xFF');
  if (length !== d._offset) throw new Error('pdfkit wrote more than the file header before collectPdf');
  d._write = (data) => {
    keep(data);
    d._offset = length;
  };
  batchPageContent(d.page.content);
  d.on('pageAdded', () => batchPageContent(d.page.content));
  return new Promise((resolve, reject) => {
    d.on('error', reject);
    d.on('end', () => {
      flush();
      const out = new Uint8Array(length);
      let at = 0;
      for (const c of chunks) {
        out.set(c, at);
        at += c.length;
      }
      resolve(out);
    });
    // The stream carries nothing now, but it must flow for its end to be seen.
    d.resume();
  });
}

/**
 * A page's content stream takes its operators as strings, one write per operator; pdfkit turns
 * each into bytes on the spot (a loop per character, then a copy of them all when the page ends):
 * a tenth of a render. Here they are kept as strings and joined into one write when the page ends,
 * the same bytes (pdfkit ends every written string with a newline).
 */
function batchPageContent(content: RefInternals): void {
  const write = content.write.bind(content);
  const finalize = content.finalize.bind(content);
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    pending.push('');
    const text = pending.join('\n');
    pending = [];
    write(binaryBytes(text));
  };
  content.write = (chunk) => {
    if (typeof chunk === 'string') pending.push(chunk);
    else {
      flush();
      write(chunk);
    }
  };
  content.finalize = () => {
    flush();
    finalize();
  };
}

/** pdfkit's name trees (named destinations, embedded files), not in any typings. */
interface NameTreeInternals {
  _root: { data: { Names: { data: Record<string, { _compareKeys(a: string, b: string): number } | undefined> } } };
}

/**
 * Sorts the document's name trees (the attached files' names) by the keys' code units, as PDF
 * wants (ISO 32000-1, 7.9.6: lexical order of the bytes), instead of pdfkit's `localeCompare`,
 * whose first call in a fresh process builds an ICU collator (about 10 ms of a first render).
 */
export function orderNameTreesByBytes(doc: PdfDoc): void {
  const names = (doc as unknown as NameTreeInternals)._root.data.Names.data;
  for (const tree of Object.values(names))
    if (tree) tree._compareKeys = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
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

/** pdfkit's embedded-font object, as far as finishFonts() touches it. */
interface EmbeddedFontInternals {
  subset: unknown;
  widths: (number | undefined)[];
  unicode: (readonly number[] | undefined)[];
  document: { ref(data?: unknown): { compress: boolean; data: Record<string, unknown> } };
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
        document.ref = (data?: unknown) => {
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
