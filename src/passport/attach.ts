/**
 * A file attached to the passport (an embedded file, PDF 2.0 § 7.11.4, with its associated-file
 * relationship for PDF/A-3), written as pdfkit's `doc.file()` writes it. pdfkit computes the file's
 * MD5 checksum in JavaScript: 1.5 ms for a passport's 13 credentials, a third of a warm render. Here
 * it is node:crypto's (native, ~0.2 ms; on Workers through nodejs_compat). The credentials are
 * stored without compression: small, barely compressible (base64url, signatures).
 */
import { createHash } from 'node:crypto';
import type { PdfDoc, PdfRef, PdfRefMaker } from './pdf.js';

export interface Attachment {
  name: string;
  /** Media type, e.g. application/vc+jwt. */
  type: string;
  description: string;
  creationDate: Date;
  /** PDF/A-3's AFRelationship. */
  relationship: 'Data' | 'Source' | 'Alternative' | 'Supplement' | 'Unspecified';
}

interface DocInternals extends PdfRefMaker {
  addNamedEmbeddedFile(name: string, ref: PdfRef): void;
  _root: { data: { AF?: PdfRef[] } };
}

/** A PDF name's characters outside the regular ones as #XX (PDF 2.0 § 7.3.5). */
function escapedPdfName(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.charCodeAt(0);
    const regular = code > 0x20 && code < 0x7f && !'#%()/<>[]{}'.includes(char);
    out += regular ? char : `#${code.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function attachFile(doc: PdfDoc, data: Uint8Array, file: Attachment): void {
  const internals = doc as unknown as DocInternals;
  const embedded = internals.ref({
    Type: 'EmbeddedFile',
    Subtype: escapedPdfName(file.type),
    Params: {
      CreationDate: file.creationDate,
      // pdfkit's String objects are PDF text strings; the checksum is written as its hex digits.
      CheckSum: new String(createHash('md5').update(data).digest('hex')),
      Size: data.byteLength,
    },
  });
  embedded.compress = false;
  embedded.end(data);
  const spec = internals.ref({
    Type: 'Filespec',
    AFRelationship: file.relationship,
    F: new String(file.name),
    EF: { F: embedded },
    UF: new String(file.name),
    Desc: new String(file.description),
  });
  spec.end();
  internals.addNamedEmbeddedFile(file.name, spec);
  const associated = internals._root.data.AF ?? [];
  associated.push(spec);
  internals._root.data.AF = associated;
}
