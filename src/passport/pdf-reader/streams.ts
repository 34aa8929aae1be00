/**
 * Stream data: where a stream's bytes end in the file, and its decoding through its filters
 * (FlateDecode only, possibly chained), each step within the stream's, the file's and the ratio's
 * limits. Inflating goes through src/lib/inflate.ts (fflate, synchronous, bounded), never a
 * `DecompressionStream`, which cannot be stopped safely on Node 20.
 */

import { inflateBounded } from '../../lib/inflate.js';
import { type Finder, indexOfBytes, KW_ENDSTREAM, WS } from './lexer.js';
import { type Budget, PdfLimitError, PdfReadError } from './limits.js';
import { PdfDict, PdfName, PdfStream, type PdfValue } from './values.js';

/** One /FlateDecode step within the stream's, the file's and the ratio's limits (src/lib/inflate.ts). */
async function inflate(data: Uint8Array, budget: Budget): Promise<Uint8Array> {
  const { limits } = budget;
  const bounds = [
    { max: limits.maxStreamBytes, why: `PDF stream inflates beyond ${limits.maxStreamBytes} bytes` },
    {
      max: limits.maxTotalDecodedBytes - budget.decoded,
      why: `PDF streams inflate beyond ${limits.maxTotalDecodedBytes} bytes in total`,
    },
    // Small outputs are never refused for their ratio (a short text compresses well).
    {
      max: Math.max(65_536, data.length * limits.maxRatio),
      why: `PDF stream inflates more than ${limits.maxRatio} times its size`,
    },
  ];
  const tightest = bounds.reduce((a, b) => (b.max < a.max ? b : a));
  const result = await inflateBounded(data, {
    format: 'zlib',
    maxBytes: Math.max(0, tightest.max),
    between: () => budget.tick(),
  });
  if (!result.ok) {
    if (result.reason === 'too-large') throw new PdfLimitError(tightest.why);
    throw new PdfReadError('PDF stream: damaged compressed data');
  }
  budget.decoded += result.bytes.length;
  return result.bytes;
}

/** The data of the stream whose `stream` keyword ends at `afterKeyword`, and where reading goes on. */
export function readStreamData(
  bytes: Uint8Array,
  dict: PdfDict,
  afterKeyword: number,
  endstreams: Finder,
): { stream: PdfStream; end: number } | null {
  let start = afterKeyword;
  if (bytes[start] === 13) start++;
  if (bytes[start] === 10) start++;
  const length = dict.get('Length');
  if (typeof length === 'number' && Number.isInteger(length) && length >= 0 && start + length <= bytes.length) {
    let i = start + length;
    while (i < bytes.length && WS[bytes[i]!]) i++;
    if (indexOfBytes(bytes.subarray(i, i + KW_ENDSTREAM.length), KW_ENDSTREAM, 0) === 0)
      return { stream: new PdfStream(dict, bytes.subarray(start, start + length)), end: i + KW_ENDSTREAM.length };
  }
  // Indirect or wrong /Length: the data ends at the next `endstream`.
  const endKw = endstreams.next(start);
  if (endKw < 0) return null;
  let end = endKw;
  if (bytes[end - 1] === 10) end--;
  if (bytes[end - 1] === 13) end--;
  return {
    stream: new PdfStream(dict, bytes.subarray(start, Math.max(start, end))),
    end: endKw + KW_ENDSTREAM.length,
  };
}

/** A stream's data after its filters (FlateDecode only, possibly chained), within the limits. */
export async function decodeStream(
  stream: PdfStream,
  resolve: (value: PdfValue | undefined) => Promise<PdfValue | undefined>,
  budget: Budget,
): Promise<Uint8Array> {
  const { limits } = budget;
  const filter = await resolve(stream.dict.get('Filter'));
  const names = (Array.isArray(filter) ? filter : filter === undefined || filter === null ? [] : [filter]).map((f) =>
    f instanceof PdfName ? f.name : '',
  );
  if (names.length > limits.maxFilters)
    throw new PdfLimitError(`PDF stream with more than ${limits.maxFilters} filters`);
  const parms = await resolve(stream.dict.get('DecodeParms'));
  const hasPredictor = (p: PdfValue | undefined) =>
    p instanceof PdfDict && typeof p.get('Predictor') === 'number' && (p.get('Predictor') as number) > 1;
  if (Array.isArray(parms) ? parms.some(hasPredictor) : hasPredictor(parms))
    throw new PdfReadError('PDF stream with a predictor: not supported for attachments');
  let data = stream.raw;
  if (names.length === 0 && data.length > limits.maxStreamBytes)
    throw new PdfLimitError(`PDF stream larger than ${limits.maxStreamBytes} bytes`);
  for (const name of names) {
    if (name !== 'FlateDecode') throw new PdfReadError(`PDF stream filter ${name || '(invalid)'} is not supported`);
    data = await inflate(data, budget);
  }
  return data;
}
