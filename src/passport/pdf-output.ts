/**
 * The passport's bytes out of pdfkit: its output collected as bytes (a run of strings at a time, a
 * page's operators once per page) and its name trees ordered as the bytes of their keys.
 */
import { concatBytes } from '../lib/bytes.js';
import type { PdfDoc, PdfRef } from './pdf.js';

/** pdfkit's output internals (both builds), not in any typings. */
interface OutputInternals {
  version: number;
  _offset: number;
  page: { content: PdfRef };
  _write(data: string | Uint8Array): void;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  on(event: 'pageAdded', listener: () => void): unknown;
  resume(): unknown;
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
      resolve(concatBytes(chunks, length));
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
function batchPageContent(content: PdfRef): void {
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
