/**
 * pdfkit deflates every stream it writes at zlib's default level (6). A passport's streams are its
 * two pages' drawing operators (~25 KB each) and small font maps: at level 1 they deflate in about a
 * third of the time (~0.3 ms less per passport, a tenth of a warm render) for ~2 KB more in a 65 KB
 * document. node:zlib is what pdfkit itself uses, on Node and on Workers (nodejs_compat).
 */
import { deflateSync } from 'node:zlib';
import { concatBytes } from '../lib/bytes.js';
import type { PdfDoc, PdfRef, PdfRefMaker } from './pdf.js';

const LEVEL = 1;

/**
 * From now on, each stream `doc` deflates is deflated here, at level 1, when it is written. Streams
 * pdfkit or Jalon mark not to deflate (the XMP metadata, a font program deflated at build time, the
 * attached credentials) stay as they are: the choice is read when the stream is written.
 */
export function deflateStreamsQuickly(doc: PdfDoc): void {
  const internals = doc as unknown as PdfRefMaker;
  const ref = internals.ref;
  internals.ref = function quickRef(this: unknown, data?: Record<string, unknown>): PdfRef {
    const made = ref.call(this, data);
    if (!made.compress) return made;
    const finalize = made.finalize;
    made.finalize = () => {
      if (made.compress && made.buffer.length > 0) {
        made.buffer = [
          deflateSync(made.buffer.length === 1 ? made.buffer[0]! : concatBytes(made.buffer), { level: LEVEL }),
        ];
        made.data.Filter = 'FlateDecode';
        made.compress = false;
      }
      finalize.call(made);
    };
    return made;
  };
}
