/** The values a PDF object is made of, and the decoding of PDF text strings. */

export class PdfName {
  constructor(readonly name: string) {}
}
export class PdfString {
  constructor(readonly bytes: Uint8Array) {}
}
export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
}
export class PdfDict {
  constructor(readonly map: Map<string, PdfValue>) {}
  get(key: string): PdfValue | undefined {
    return this.map.get(key);
  }
}
export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    readonly raw: Uint8Array,
  ) {}
}
export type PdfValue = null | boolean | number | PdfName | PdfString | PdfRef | PdfDict | PdfStream | PdfValue[];

/** A PDF text string: UTF-16BE with a BOM, UTF-8 with a BOM (PDF 2.0), else PDFDocEncoding (≈ Latin-1). */
export function pdfText(value: PdfValue | undefined): string | undefined {
  if (!(value instanceof PdfString)) return undefined;
  const b = value.bytes;
  if (b[0] === 0xfe && b[1] === 0xff) {
    let out = '';
    for (let i = 2; i + 1 < b.length; i += 2) out += String.fromCharCode((b[i]! << 8) | b[i + 1]!);
    return out;
  }
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return new TextDecoder().decode(b.subarray(3));
  let out = '';
  for (const c of b) out += String.fromCharCode(c);
  return out;
}
