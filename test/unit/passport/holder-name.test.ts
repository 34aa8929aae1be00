/** The holder's name a passport PDF carries for verifiers: written exact in Info and XMP, read back by the extractor. */
import { PDFDocument, PDFHexString, PDFName } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { extractPdfContents } from '../../../src/passport/extract.js';
import { parseToUnicode } from '../../../src/passport/printed-text.js';
import { holderNameFromXmp, holderNameXmp } from '../../../src/passport/holder-name.js';
import { renderPassportPdf } from '../../../src/passport/render.js';
import { samePrintedName } from '../../../src/verification/verdict.js';
import { passportView } from '../../fixtures/passport/views.js';
import { allText, flat, openPdf } from '../../helpers/pdf.js';

describe('holder name in the passport PDF', () => {
  it('is written exactly in the Info dictionary, the XMP packet and the text layer, and read back by the extractor', async () => {
    const name = 'Hélène Lefèvre-N’Diaye & <Fils> "Aïcha"';
    const pdf = await renderPassportPdf(passportView({ holderName: name }));
    const read = await extractPdfContents(pdf);
    expect(read.holderName).toEqual({ info: name, xmp: name, text: name });
    expect(read.attachments.length).toBeGreaterThan(0);
    // An independent reader (pdfjs) parses the XMP packet (escaped, well-formed) and finds the printed name.
    const doc = await openPdf(pdf);
    const { info, metadata } = (await doc.getMetadata()) as unknown as {
      info: { Custom?: Record<string, unknown> };
      metadata: { get(k: string): unknown } | null;
    };
    expect(info.Custom?.['JalonHolderName']).toBe(name);
    expect(metadata).not.toBeNull();
    await doc.destroy();
    expect(flat(await allText(pdf))).toContain(name);
  });

  it('keeps names in other scripts exact, and reads them back from the page', async () => {
    for (const name of ['Мария Иванова', 'राम शर्मा', '王小明', 'מרים כהן', 'مريم العلي', 'Мария — مريم']) {
      const read = await extractPdfContents(await renderPassportPdf(passportView({ holderName: name })));
      expect(read.holderName.info, name).toBe(name);
      expect(read.holderName.xmp, name).toBe(name);
      // The page text comes in drawing order (right-to-left scripts visually), compared tolerantly.
      expect(samePrintedName(read.holderName.text!, name), `${name} read as ${read.holderName.text}`).toBe(true);
      expect(samePrintedName(read.holderName.text!, 'Awa Diallo')).toBe(false);
    }
    const long = 'Hubert Blaine Wolfeschlegelsteinhausenbergerdorff Senior de la Tour du Pin';
    const wrapped = (await extractPdfContents(await renderPassportPdf(passportView({ holderName: long })))).holderName;
    expect(samePrintedName(wrapped.text!, long)).toBe(true);
  });

  it('reads each place separately after another tool rewrote one of them', async () => {
    const pdf = await renderPassportPdf(passportView({ holderName: 'Awa Diallo' }));
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    const infoRef = doc.context.trailerInfo.Info;
    const info = doc.context.lookup(infoRef as never) as unknown as { set(k: PDFName, v: unknown): void };
    info.set(PDFName.of('JalonHolderName'), PDFHexString.fromText('Jean Dupont'));
    const read = await extractPdfContents(await doc.save({ useObjectStreams: true }));
    expect(read.holderName).toEqual({ info: 'Jean Dupont', xmp: 'Awa Diallo', text: 'Awa Diallo' });
  });

  it('finds no name in a PDF that is not a passport', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    doc.setTitle('Autre chose');
    expect((await extractPdfContents(await doc.save())).holderName).toEqual({});
  });

  it('reads ToUnicode maps in their bfchar and bfrange forms', () => {
    const cmap = `begincodespacerange <0000> <ffff> endcodespacerange
      2 beginbfchar <0003> <0041> <0004> <00e9> endbfchar
      2 beginbfrange <0010> <0012> <0061> <0020> <0021> [<0416> <d83dde00>] endbfrange`;
    const { bytesPerCode, map } = parseToUnicode(cmap);
    expect(bytesPerCode).toBe(2);
    expect([3, 4, 0x10, 0x11, 0x12, 0x20, 0x21].map((c) => map.get(c))).toEqual(['A', 'é', 'a', 'b', 'c', 'Ж', '😀']);
  });

  it('reads only its own XMP property, in its own namespace, with entities decoded', () => {
    expect(holderNameFromXmp(`<x>${holderNameXmp('A & B <c>')}</x>`)).toBe('A & B <c>');
    expect(holderNameFromXmp('<jalon:holderName>X</jalon:holderName>')).toBeUndefined();
    expect(
      holderNameFromXmp(
        'xmlns:jalon="urn:jalon:passport:1.0#"<jalon:holderName>&#x00C9;mile &#233;</jalon:holderName>',
      ),
    ).toBe('Émile é');
  });
});
