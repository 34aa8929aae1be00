/**
 * The font programs made at build time (scripts/embed-font-tables.ts): a passport whose glyphs are
 * all in them embeds them as they are; any other glyph sends its font down the per-document subset,
 * and the PDF still holds every glyph it draws.
 */
import * as fontkit from 'fontkit';
import { unzlibSync } from 'fflate';
import {
  decodePDFRawStream,
  type PDFArray,
  type PDFDict,
  PDFDocument,
  PDFName,
  type PDFRawStream,
  PDFRef,
} from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { FONT_TABLES } from '../../../src/assets/font-tables.generated.js';
import { font, fontProgram, type FontName, woffTableBytes } from '../../../src/assets/fonts.js';
import { renderPassportPdf } from '../../../src/passport/render.js';
import { IdentitySubset } from '../../../src/passport/text/subset.js';
import { passportView } from '../../fixtures/passport/views.js';
import { allText, flat } from '../../helpers/pdf.js';

const tableFonts = Object.keys(FONT_TABLES) as FontName[];

/** Each embedded TrueType font of the PDF: its BaseFont (without the subset tag) and its program's bytes (decoded) and raw stream data. */
async function fontFiles(pdf: Uint8Array): Promise<{ name: string; program: Uint8Array; raw: Uint8Array }[]> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const lookup = <T>(v: unknown) => (v instanceof PDFRef ? doc.context.lookup(v) : v) as T;
  const out = new Map<string, { name: string; program: Uint8Array; raw: Uint8Array }>();
  for (const page of doc.getPages()) {
    const fonts = lookup<PDFDict | undefined>(page.node.Resources()?.get(PDFName.of('Font')));
    for (const [, ref] of fonts?.entries() ?? []) {
      const type0 = lookup<PDFDict>(ref);
      const descendant = lookup<PDFDict>(lookup<PDFArray>(type0.get(PDFName.of('DescendantFonts'))).get(0));
      const descriptor = lookup<PDFDict>(descendant.get(PDFName.of('FontDescriptor')));
      const stream = lookup<PDFRawStream>(descriptor.get(PDFName.of('FontFile2')));
      const name = String(type0.get(PDFName.of('BaseFont'))).replace(/^\/[A-Z]{6}\+/, '');
      out.set(name, { name, program: decodePDFRawStream(stream).decode(), raw: stream.getContents() });
    }
  }
  return [...out.values()];
}

const pdfName = (name: FontName) => `${font(name).postscriptName}-${name}`.replace(/[^A-Za-z0-9-]/g, '');

describe('prebuilt font programs', () => {
  for (const name of tableFonts) {
    it(`${name}: the program is the subset of its glyphs, as a document using only them would embed it`, () => {
      const program = fontProgram(name)!;
      const glyphs = FONT_TABLES[name]!.program.glyphs;
      const subset = new IdentitySubset(`test:${name}`, (tag) => woffTableBytes(name, tag));
      for (const gid of glyphs) subset.includeGlyph(gid);
      // Closed under components: including them added nothing.
      expect(subset.glyphIds()).toEqual([...glyphs]);
      expect(unzlibSync(program.deflated())).toEqual(subset.encode());
      expect(program.has(0)).toBe(true);
    });
  }

  it('a French passport embeds the prebuilt programs as they are, each holding the glyphs it draws', async () => {
    const pdf = await renderPassportPdf(passportView());
    const files = await fontFiles(pdf);
    expect(files.map((f) => f.name).sort()).toEqual(tableFonts.map(pdfName).sort());
    for (const name of tableFonts) {
      const file = files.find((f) => f.name === pdfName(name))!;
      expect(file.raw).toEqual(fontProgram(name)!.deflated());
    }
  });

  it('a glyph outside the program gives its font its own subset, with every glyph drawn', async () => {
    // Atkinson has no « ʻ » (U+02BB, Hawaiian ʻokina): the word is set in Noto Sans, whose programs
    // hold only the digits and the space; the name's Noto font gets a subset of its own, which must
    // still hold the word's letters and the digits.
    const holderName = 'Kaʻiulani Martin 42';
    const pdf = await renderPassportPdf(passportView({ holderName }));
    expect(flat(await allText(pdf))).toContain(holderName);
    const files = await fontFiles(pdf);
    const own = (['noto-latin-400', 'noto-latin-700'] as const).filter((name) => {
      const file = files.find((f) => f.name === pdfName(name));
      return file && !equalBytes(file.raw, fontProgram(name)!.deflated());
    });
    expect(own.length).toBe(1);
    const name = own[0]!;
    const embedded = fontkit.create(Buffer.from(files.find((f) => f.name === pdfName(name))!.program)) as fontkit.Font;
    for (const ch of 'Kaʻiuln42') {
      const gid = font(name).glyphForCodePoint(ch.codePointAt(0)!).id;
      expect(embedded.getGlyph(gid).path.commands.length, ch).toBeGreaterThan(0);
    }
  });
});

const equalBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);
