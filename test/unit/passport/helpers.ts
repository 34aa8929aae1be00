/** Reading a passport PDF back as a verifier would: pdfjs text, metadata, structure, attachments; poppler for pixels. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

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

export function hasCommand(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function withTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'passport-test-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Renders page 1 with poppler (as a printer would) and decodes the QR code with jsQR. */
export function decodeQrOnFirstPage(pdf: Uint8Array, dpi = 150): string | null {
  return withTempDir((dir) => {
    writeFileSync(join(dir, 'p.pdf'), pdf);
    execFileSync('pdftoppm', [
      '-r',
      String(dpi),
      '-png',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      join(dir, 'p.pdf'),
      join(dir, 'page'),
    ]);
    const png = PNG.sync.read(readFileSync(join(dir, 'page.png')));
    const result = jsQR(
      new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.byteLength),
      png.width,
      png.height,
    );
    return result?.data ?? null;
  });
}

/** Re-saves a PDF with qpdf, packing objects into object streams (as many tools do). */
export function qpdfResave(pdf: Uint8Array): Uint8Array {
  return withTempDir((dir) => {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    execFileSync('qpdf', ['--object-streams=generate', join(dir, 'in.pdf'), join(dir, 'out.pdf')]);
    return new Uint8Array(readFileSync(join(dir, 'out.pdf')));
  });
}

export function pdftotext(pdf: Uint8Array): string {
  return withTempDir((dir) => {
    writeFileSync(join(dir, 'p.pdf'), pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'p.pdf'), '-'], { encoding: 'utf8' }).normalize('NFC');
  });
}
