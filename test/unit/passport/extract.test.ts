import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { extractPdfAttachments, PdfReadError } from '../../../src/passport/extract.js';

describe('extractPdfAttachments', () => {
  it('rejects bytes that are not a PDF with a PdfReadError', async () => {
    for (const bytes of [
      new Uint8Array(),
      new TextEncoder().encode('{"hello":"world"}'),
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]),
    ]) {
      await expect(extractPdfAttachments(bytes)).rejects.toBeInstanceOf(PdfReadError);
    }
  });

  it('rejects a truncated PDF with a PdfReadError', async () => {
    await expect(
      extractPdfAttachments(new TextEncoder().encode('%PDF-1.7\n1 0 obj\n<< /Type /Catalog')),
    ).rejects.toSatisfy((e) => e instanceof PdfReadError && /PDF/.test((e as Error).message));
  });

  it('returns [] for a PDF without attachments', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    expect(await extractPdfAttachments(await doc.save())).toEqual([]);
  });

  it('reads attachments written by another library (pdf-lib, object streams, compressed)', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    const content = new TextEncoder().encode('{"type":["VerifiableCredential"],"name":"Démo"}'.repeat(20));
    await doc.attach(content, 'credential.json', { mimeType: 'application/json', description: 'Attestation' });
    const out = await extractPdfAttachments(await doc.save({ useObjectStreams: true }));
    expect(out).toHaveLength(1);
    expect(out[0]!.filename).toBe('credential.json');
    expect(out[0]!.mimeType).toBe('application/json');
    expect(out[0]!.description).toBe('Attestation');
    expect(Buffer.from(out[0]!.content).equals(Buffer.from(content))).toBe(true);
  });
});
