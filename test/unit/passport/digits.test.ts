/**
 * Digits without a slashed zero in the passport PDF: Atkinson Hyperlegible Next draws « 0 » with a
 * slash, which people who read little take for a letter (« 2Ø26 »). The test reads the PDF with an
 * independent reader (pdf-lib), finds in each embedded font the glyph its ToUnicode map gives for
 * « 0 », and counts that glyph's contours with fontkit: an open zero has two (outside, inside), the
 * slashed one three (the slash cuts the inside in two).
 */
import * as fontkit from 'fontkit';
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
import { font } from '../../../src/assets/fonts.js';
import { renderPassportPdf } from '../../../src/passport/render.js';
import { passportView } from '../../fixtures/passport/views.js';

const contours = (glyph: fontkit.Glyph) => glyph.path.commands.filter((c) => c.command === 'closePath').length;

/** Glyph ids a ToUnicode CMap (pdfkit's: bfrange with arrays, or bfchar) maps to U+0030. */
function zeroCids(cmap: string): number[] {
  const out: number[] = [];
  const hex = (s: string) => Number.parseInt(s, 16);
  for (const m of cmap.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*\[([^\]]*)\]/gi)) {
    const values = [...m[3]!.matchAll(/<([0-9a-f]+)>/gi)].map((v) => v[1]!.toLowerCase());
    values.forEach((v, i) => {
      if (v === '0030') out.push(hex(m[1]!) + i);
    });
  }
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const m of block[1]!.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>/gi))
      if (m[2]!.toLowerCase() === '0030') out.push(hex(m[1]!));
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
    for (const m of block[1]!.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*<([0-9a-f]+)>/gi)) {
      const [lo, hi, start] = [hex(m[1]!), hex(m[2]!), hex(m[3]!)];
      if (start <= 0x30 && 0x30 <= start + hi - lo) out.push(lo + 0x30 - start);
    }
  return out;
}

/** Every embedded font that draws a « 0 »: its name and the contour count of that glyph. */
async function zerosOf(pdf: Uint8Array): Promise<{ font: string; contours: number }[]> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const found: { font: string; contours: number }[] = [];
  const seen = new Set<string>();
  const lookup = <T>(v: unknown) => (v instanceof PDFRef ? doc.context.lookup(v) : v) as T;
  const bytes = (v: unknown) => decodePDFRawStream(lookup<PDFRawStream>(v)).decode();
  for (const page of doc.getPages()) {
    const fonts = lookup<PDFDict | undefined>(page.node.Resources()?.get(PDFName.of('Font')));
    for (const [, ref] of fonts?.entries() ?? []) {
      if (seen.has(String(ref))) continue;
      seen.add(String(ref));
      const type0 = lookup<PDFDict>(ref);
      const toUnicode = type0.get(PDFName.of('ToUnicode'));
      const descendant = lookup<PDFDict>(lookup<PDFArray>(type0.get(PDFName.of('DescendantFonts'))).get(0));
      const descriptor = lookup<PDFDict>(descendant.get(PDFName.of('FontDescriptor')));
      const file = descriptor.get(PDFName.of('FontFile2'));
      if (!toUnicode || !file) continue;
      const cids = zeroCids(new TextDecoder().decode(bytes(toUnicode)));
      if (cids.length === 0) continue;
      const embedded = fontkit.create(Buffer.from(bytes(file)));
      if (!('getGlyph' in embedded)) continue;
      // Glyph ids are kept in the subset (CIDToGIDMap Identity), so a CID is the glyph id.
      for (const cid of cids)
        found.push({ font: String(type0.get(PDFName.of('BaseFont'))), contours: contours(embedded.getGlyph(cid)) });
    }
  }
  return found;
}

describe('digits in the passport PDF', () => {
  it('the two zeros differ as the test assumes: Atkinson’s has three contours (slashed), Noto’s two', () => {
    expect(contours(font('atkinson-latin-400').glyphForCodePoint(0x30))).toBe(3);
    expect(contours(font('atkinson-latin-700').glyphForCodePoint(0x30))).toBe(3);
    expect(contours(font('noto-latin-400').glyphForCodePoint(0x30))).toBe(2);
    expect(contours(font('noto-latin-700').glyphForCodePoint(0x30))).toBe(2);
  });

  it('draws every « 0 » (dates, numbers, the address) with an open zero, never the slashed one', async () => {
    const pdf = await renderPassportPdf(passportView({ issuedOn: '2026-10-20', publicId: 'P0K3-9Q0M-2D4F' }));
    const zeros = await zerosOf(pdf);
    expect(zeros.length).toBeGreaterThan(0);
    expect(zeros.filter((z) => z.contours !== 2)).toEqual([]);
    expect(zeros.every((z) => /NotoSans/.test(z.font))).toBe(true);
  });
});
