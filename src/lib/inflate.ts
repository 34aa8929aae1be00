/**
 * Bounded decompression of untrusted bytes (PDF /FlateDecode streams, gzipped status lists).
 *
 * Why fflate rather than `DecompressionStream`: a stream cannot be bounded safely. Stopping a
 * bomb means cancelling the stream while zlib still emits, and on Node 20 that throws
 * `ERR_INVALID_STATE: Controller is already closed` from zlib's callback, outside any promise —
 * an uncaught exception that ends the process; reading it to the end instead costs all the bomb's
 * output. fflate (pure JavaScript, already in the Workers bundle through pdfkit) inflates
 * synchronously, push by push: the input goes in small slices, the output is counted after each,
 * and the work simply stops once the bound is passed. Nothing runs after this function returns,
 * so nothing can throw out of band, on Node or in workerd.
 *
 * fflate's streaming readers do not check the trailer, so this does (zlib: Adler-32; gzip: CRC-32
 * and length): cut or altered data is `damaged`, as it was with DecompressionStream.
 */
import { Gunzip, Unzlib } from 'fflate';

export type InflateResult =
  | { ok: true; bytes: Uint8Array }
  /** The output would pass `maxBytes` (it was stopped at most one slice later). */
  | { ok: false; reason: 'too-large' }
  /** Not zlib/gzip data, or cut short. */
  | { ok: false; reason: 'damaged' };

/**
 * Bytes a /FlateDecode stream may carry after its Adler-32 (an end-of-line counted in a wrong
 * /Length): like zlib, the reader ignores them.
 */
const ZLIB_TRAILING = 16;

export interface InflateOptions {
  /** `zlib`: what PDF's /FlateDecode holds; `gzip`: a status list's `encodedList`. */
  format: 'zlib' | 'gzip';
  /** Largest output accepted. */
  maxBytes: number;
  /**
   * Awaited between input slices: the caller yields to the event loop there, or throws to stop
   * (a time budget). Its error is passed through unchanged.
   */
  between?: () => Promise<void>;
}

/**
 * Compressed bytes pushed at a time. Deflate expands at most ~1032 times, so one slice yields at
 * most ~1 MiB: the overshoot past `maxBytes` before the count stops the work.
 */
const SLICE = 1024;

export async function inflateBounded(data: Uint8Array, options: InflateOptions): Promise<InflateResult> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const sink = (chunk: Uint8Array) => {
    total += chunk.length;
    if (total <= options.maxBytes && chunk.length > 0) chunks.push(chunk);
  };
  const zlib = options.format === 'zlib';
  if (!zlib && !(data.length >= 18 && data[0] === 0x1f && data[1] === 0x8b && data[2] === 8))
    return { ok: false, reason: 'damaged' };
  const inflater = zlib ? new Unzlib(sink) : new Gunzip(sink);
  for (let at = 0; ; ) {
    const end = Math.min(data.length, at + SLICE);
    const last = end === data.length;
    try {
      inflater.push(data.subarray(at, end), last);
    } catch {
      return { ok: false, reason: 'damaged' };
    }
    if (total > options.maxBytes) return { ok: false, reason: 'too-large' };
    if (last) break;
    at = end;
    if (options.between) await options.between();
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return (zlib ? zlibTrailerHolds(data, out) : gzipTrailerHolds(data, out))
    ? { ok: true, bytes: out }
    : { ok: false, reason: 'damaged' };
}

const be32 = (b: Uint8Array, at: number) =>
  ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
const le32 = (b: Uint8Array, at: number) =>
  ((b[at + 3]! << 24) | (b[at + 2]! << 16) | (b[at + 1]! << 8) | b[at]!) >>> 0;

/** The Adler-32 of the output ends the data, or stands a few bytes before its end. */
function zlibTrailerHolds(data: Uint8Array, out: Uint8Array): boolean {
  let a = 1;
  let b = 0;
  for (let i = 0; i < out.length; ) {
    // 5552 bytes at most between reductions keep the sums within 2^53 (zlib's NMAX).
    for (const end = Math.min(out.length, i + 5552); i < end; i++) {
      a += out[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  const adler = ((b << 16) | a) >>> 0;
  for (let at = data.length - 4; at >= Math.max(2, data.length - 4 - ZLIB_TRAILING); at--)
    if (be32(data, at) === adler) return true;
  return false;
}

let crcTable: Uint32Array | undefined;

/** A gzip member ends with the CRC-32 and the length (mod 2^32) of its output. */
function gzipTrailerHolds(data: Uint8Array, out: Uint8Array): boolean {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < out.length; i++) crc = crcTable[(crc ^ out[i]!) & 0xff]! ^ (crc >>> 8);
  const at = data.length - 8;
  return le32(data, at) === (crc ^ 0xffffffff) >>> 0 && le32(data, at + 4) === out.length >>> 0;
}
