/** The holder's name a passport PDF carries for verifiers: written exact in Info and XMP, read back by the extractor. */
import { PDFDocument, PDFHexString, PDFName } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { extractPdfContents } from '../../../src/passport/extract.js';
import { holderNameFromXmp, holderNameXmp } from '../../../src/passport/holder-name.js';
import { renderPassportPdf } from '../../../src/passport/render.js';
import { passportView } from '../../fixtures/passport/views.js';
import { allText, flat, openPdf } from './helpers.js';

describe('holder name in the passport PDF', () => {
  it('is written exactly in the Info dictionary, the XMP packet and the text layer, and read back by the extractor', async () => {
    const name = 'Hélène Lefèvre-N’Diaye & <Fils> "Aïcha"';
    const pdf = await renderPassportPdf(passportView({ holderName: name }));
    const read = await extractPdfContents(pdf);
    expect(read.holderName).toEqual({ info: name, xmp: name });
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

  it('keeps names in other scripts exact', async () => {
    const name = 'Мария Иванова — مريم';
    const read = await extractPdfContents(await renderPassportPdf(passportView({ holderName: name })));
    expect(read.holderName).toEqual({ info: name, xmp: name });
  });

  it('reads each place separately after another tool rewrote one of them', async () => {
    const pdf = await renderPassportPdf(passportView({ holderName: 'Awa Diallo' }));
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    const infoRef = doc.context.trailerInfo.Info;
    const info = doc.context.lookup(infoRef as never) as unknown as { set(k: PDFName, v: unknown): void };
    info.set(PDFName.of('JalonHolderName'), PDFHexString.fromText('Jean Dupont'));
    const read = await extractPdfContents(await doc.save({ useObjectStreams: true }));
    expect(read.holderName).toEqual({ info: 'Jean Dupont', xmp: 'Awa Diallo' });
  });

  it('finds no name in a PDF that is not a passport', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    doc.setTitle('Autre chose');
    expect((await extractPdfContents(await doc.save())).holderName).toEqual({});
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
