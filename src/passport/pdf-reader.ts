/**
 * A small PDF object reader, bounded by design, for files anyone can upload to the verifier.
 *
 * Why not pdf-lib (which we used before): its loader decompresses every object stream at load time
 * with no size or ratio limit, its page-tree traversal keeps no visited set (a child listed twice
 * per level is exponential), and on garbage after a `%PDF-` header it scans quadratically while
 * logging each invalid object. Those paths cannot be bounded from outside, so this reader does only
 * what the verifier needs — find objects, follow references, inflate a few streams — with limits
 * on everything: bytes per object, object count, nesting depth, decompressed size and ratio per
 * stream and in total, and a wall-clock budget; it yields to the event loop while it works so that
 * a server keeps answering other requests. Web APIs and pure JavaScript only (streams inflate with
 * fflate, bounded: src/lib/inflate.ts): Node and Workers.
 *
 * It reads objects sequentially, like a repairing reader: the last definition of an object number
 * wins (incremental updates), cross-reference tables are skipped, `trailer` dictionaries and
 * cross-reference stream dictionaries give the catalog, and objects inside object streams are
 * inflated only when looked up.
 */
// The reader, by what each part does: limits.ts (every limit, the budget that counts them),
// values.ts (PDF values, text strings), lexer.ts (tokens and values within one object's bytes),
// streams.ts (stream data and filters), document.ts (the scan, references, object streams).

export { PdfDocument } from './pdf-reader/document.js';
export { DEFAULT_PDF_LIMITS, PdfLimitError, type PdfLimits, PdfReadError } from './pdf-reader/limits.js';
export { PdfDict, PdfName, PdfRef, PdfStream, PdfString, type PdfValue, pdfText } from './pdf-reader/values.js';
