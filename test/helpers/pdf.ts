/** Reading a passport PDF back as a verifier would: pdfjs text, metadata, structure, attachments and pixels. */
import jsQR from 'jsqr';
import { PDFDocument } from 'pdf-lib';

interface CanvasFactory {
  create(width: number, height: number): { canvas: HTMLCanvasElement; context: CanvasRenderingContext2D };
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjsPromise: Promise<PdfJs> | undefined;
const pdfjs = () => (pdfjsPromise ??= import('pdfjs-dist/legacy/build/pdf.mjs'));

export async function openPdf(bytes: Uint8Array) {
  const lib = await pdfjs();
  // pdfjs may transfer (detach) the buffer it is given: always hand it a copy.
  return lib.getDocument({ data: bytes.slice(), verbosity: 0 }).promise;
}

/** Text of each page, items joined by line as pdfjs reports them (NFC). */
export async function pageTexts(bytes: Uint8Array): Promise<string[]> {
  const doc = await openPdf(bytes);
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    let text = '';
    for (const item of content.items) {
      if (!('str' in item)) continue;
      text += item.str + (item.hasEOL ? '\n' : '');
    }
    pages.push(text.normalize('NFC'));
  }
  await doc.destroy();
  return pages;
}

export async function allText(bytes: Uint8Array): Promise<string> {
  return (await pageTexts(bytes)).join('\n');
}

/** Text with line breaks and repeated spaces flattened, for "contains" checks of wrapped sentences. */
export const flat = (s: string) => s.replace(/\s+/g, ' ');

/**
 * Renders one page to pixels with pdfjs (an independent PDF reader, drawing through the
 * npm-shipped @napi-rs/canvas), as a printer or a screen would.
 */
export async function renderPage(pdf: Uint8Array, pageNumber = 1, dpi = 150) {
  const doc = await openPdf(pdf);
  try {
    const page = await doc.getPage(pageNumber);
    const viewport = page.getViewport({ scale: dpi / 72 });
    // pdfjs's Node canvas factory hands back a @napi-rs/canvas canvas; its types are the DOM's.
    const factory = (doc as unknown as { canvasFactory: CanvasFactory }).canvasFactory;
    const { canvas, context } = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
    context.fillStyle = '#fff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({ canvas, canvasContext: context, viewport }).promise;
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    return { width: image.width, height: image.height, data: new Uint8ClampedArray(image.data) };
  } finally {
    await doc.destroy();
  }
}

/** Renders page 1 (pdfjs) and decodes the QR code with jsQR. */
export async function decodeQrOnFirstPage(pdf: Uint8Array, dpi = 150): Promise<string | null> {
  const page = await renderPage(pdf, 1, dpi);
  return jsQR(page.data, page.width, page.height)?.data ?? null;
}

/**
 * Re-saves a PDF with pdf-lib's writer, packing objects into object streams with a cross-reference
 * stream (as many tools do), so that readers meet the compact structure our own writer never makes.
 */
export async function resaveWithObjectStreams(pdf: Uint8Array): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  return doc.save({ useObjectStreams: true, updateFieldAppearances: false });
}
