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

import { inflateBounded } from '../lib/inflate.js';

export class PdfReadError extends Error {
  override readonly name: string = 'PdfReadError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The file goes beyond a limit of this reader (size, count, depth, decompression, time). */
export class PdfLimitError extends PdfReadError {
  override readonly name = 'PdfLimitError';
}

export interface PdfLimits {
  /** Indirect objects read (top level and inside object streams). */
  maxObjects: number;
  /** Nesting of arrays and dictionaries inside one object. */
  maxDepth: number;
  /** Bytes one non-stream object may span (strings, arrays, dictionaries). */
  maxObjectBytes: number;
  /** Decoded bytes of one stream (after every filter). */
  maxStreamBytes: number;
  /** Decoded bytes of all streams of the file. */
  maxTotalDecodedBytes: number;
  /** Largest decoded/encoded ratio of one filter step once its output passes 64 KB. */
  maxRatio: number;
  /** Filters chained on one stream. */
  maxFilters: number;
  /** Wall-clock budget for reading the whole file. */
  timeBudgetMs: number;
}

export const DEFAULT_PDF_LIMITS: PdfLimits = {
  maxObjects: 20_000,
  maxDepth: 48,
  maxObjectBytes: 256 * 1024,
  maxStreamBytes: 4 * 1024 * 1024,
  maxTotalDecodedBytes: 16 * 1024 * 1024,
  maxRatio: 200,
  maxFilters: 4,
  timeBudgetMs: 800,
};

// ------------------------------------------------------------------------------------ values

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

// ------------------------------------------------------------------------------------ lexer

const WS = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) WS[c] = 1;
const DELIM = new Uint8Array(256);
for (const c of '()<>[]{}/%') DELIM[c.charCodeAt(0)] = 1;
const isDigit = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;
const isRegular = (c: number | undefined) => c !== undefined && !WS[c] && !DELIM[c];

const ascii = (s: string) => Uint8Array.from(s, (ch) => ch.charCodeAt(0));
const KW_OBJ = ascii('obj');
const KW_ENDSTREAM = ascii('endstream');
const KW_TRAILER = ascii('trailer');

/** First index of `pattern` in `bytes` at or after `from`, or -1 (native search on the first byte). */
export function indexOfBytes(bytes: Uint8Array, pattern: Uint8Array, from: number): number {
  const first = pattern[0]!;
  let i = from;
  for (;;) {
    i = bytes.indexOf(first, i);
    if (i < 0 || i + pattern.length > bytes.length) return -1;
    let j = 1;
    while (j < pattern.length && bytes[i + j] === pattern[j]) j++;
    if (j === pattern.length) return i;
    i++;
  }
}

/**
 * Repeated forward searches for one keyword, remembering the last answer: asking again from a
 * position before the last hit (or after a miss) costs nothing, so a scan stays linear overall.
 */
class Finder {
  private from = -1;
  private at = -1;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly pattern: Uint8Array,
  ) {}
  next(from: number): number {
    if (this.from >= 0 && from >= this.from && (this.at < 0 || from <= this.at)) return this.at;
    this.from = from;
    this.at = indexOfBytes(this.bytes, this.pattern, from);
    return this.at;
  }
}

/** Start of the `N ws G ws` before the `obj` keyword at `obj` (not before `floor`), or -1. */
function headerStart(bytes: Uint8Array, obj: number, floor: number): number {
  let i = obj - 1;
  for (let field = 0; field < 2; field++) {
    if (i < floor || !WS[bytes[i]!]) return -1;
    while (i >= floor && WS[bytes[i]!]) i--;
    const digitsEnd = i;
    while (i >= floor && isDigit(bytes[i]) && digitsEnd - i < 10) i--;
    if (i === digitsEnd) return -1;
  }
  return i < floor || !isRegular(bytes[i]) ? i + 1 : -1;
}

class SyntaxFailure extends Error {}
const syntax = (what: string): never => {
  throw new SyntaxFailure(what);
};

class Lexer {
  pos: number;
  constructor(
    readonly bytes: Uint8Array,
    start: number,
    /** No token may extend past this index (one object's byte budget). */
    readonly end: number,
    readonly maxDepth: number,
  ) {
    this.pos = start;
  }

  private peek(offset = 0): number | undefined {
    const i = this.pos + offset;
    return i < this.end ? this.bytes[i] : undefined;
  }

  skipWs(): void {
    for (;;) {
      const c = this.peek();
      if (c === undefined) return;
      if (WS[c]) this.pos++;
      else if (c === 0x25 /* % */) {
        while (this.pos < this.end && this.bytes[this.pos] !== 10 && this.bytes[this.pos] !== 13) this.pos++;
      } else return;
    }
  }

  /** An unsigned integer at the current position, or null (position unchanged). */
  uint(): number | null {
    let i = this.pos;
    let n = 0;
    while (i < this.end && isDigit(this.bytes[i]) && i - this.pos < 10) n = n * 10 + (this.bytes[i++]! - 0x30);
    if (i === this.pos || isDigit(this.bytes[i])) return null;
    this.pos = i;
    return n;
  }

  keyword(word: Uint8Array): boolean {
    for (let j = 0; j < word.length; j++) if (this.peek(j) !== word[j]) return false;
    if (isRegular(this.peek(word.length))) return false;
    this.pos += word.length;
    return true;
  }

  value(depth = 0): PdfValue {
    if (depth > this.maxDepth) throw new PdfLimitError(`PDF object nested deeper than ${this.maxDepth}`);
    this.skipWs();
    const c = this.peek();
    if (c === undefined) return syntax('unexpected end of object');
    if (c === 0x2f /* / */) return this.name();
    if (c === 0x28 /* ( */) return this.literalString();
    if (c === 0x3c /* < */) {
      if (this.peek(1) === 0x3c) return this.dict(depth);
      return this.hexString();
    }
    if (c === 0x5b /* [ */) {
      this.pos++;
      const out: PdfValue[] = [];
      for (;;) {
        this.skipWs();
        if (this.peek() === 0x5d /* ] */) {
          this.pos++;
          return out;
        }
        out.push(this.value(depth + 1));
      }
    }
    if (isDigit(c) || c === 0x2b || c === 0x2d || c === 0x2e) return this.numberOrRef();
    if (this.keyword(ascii('true'))) return true;
    if (this.keyword(ascii('false'))) return false;
    if (this.keyword(ascii('null'))) return null;
    return syntax(`unexpected byte ${c}`);
  }

  private name(): PdfName {
    this.pos++;
    let out = '';
    while (isRegular(this.peek())) {
      const c = this.bytes[this.pos++]!;
      if (c === 0x23 /* # */ && this.pos + 1 < this.end) {
        const hex = String.fromCharCode(this.bytes[this.pos]!, this.bytes[this.pos + 1]!);
        if (/^[0-9a-fA-F]{2}$/.test(hex)) {
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 2;
          continue;
        }
      }
      out += String.fromCharCode(c);
    }
    return new PdfName(out);
  }

  private literalString(): PdfString {
    this.pos++;
    const out: number[] = [];
    let nesting = 1;
    for (;;) {
      const c = this.peek();
      if (c === undefined) return syntax('unterminated string');
      this.pos++;
      if (c === 0x5c /* \ */) {
        const e = this.peek();
        if (e === undefined) return syntax('unterminated string');
        this.pos++;
        const simple: Record<number, number> = { 110: 10, 114: 13, 116: 9, 98: 8, 102: 12, 40: 40, 41: 41, 92: 92 };
        if (simple[e] !== undefined) out.push(simple[e]!);
        else if (e >= 0x30 && e <= 0x37) {
          let v = e - 0x30;
          for (let k = 0; k < 2 && (this.peek() ?? 0) >= 0x30 && (this.peek() ?? 0) <= 0x37; k++)
            v = v * 8 + (this.bytes[this.pos++]! - 0x30);
          out.push(v & 0xff);
        } else if (e === 13) {
          if (this.peek() === 10) this.pos++;
        } else if (e !== 10) out.push(e);
      } else if (c === 0x28) {
        nesting++;
        out.push(c);
      } else if (c === 0x29) {
        if (--nesting === 0) return new PdfString(Uint8Array.from(out));
        out.push(c);
      } else out.push(c);
    }
  }

  private hexString(): PdfString {
    this.pos++;
    const out: number[] = [];
    let high = -1;
    for (;;) {
      const c = this.peek();
      if (c === undefined) return syntax('unterminated hex string');
      this.pos++;
      if (c === 0x3e /* > */) break;
      if (WS[c]) continue;
      const v = parseInt(String.fromCharCode(c), 16);
      if (Number.isNaN(v)) return syntax('bad hex string');
      if (high < 0) high = v;
      else {
        out.push(high * 16 + v);
        high = -1;
      }
    }
    if (high >= 0) out.push(high * 16);
    return new PdfString(Uint8Array.from(out));
  }

  private dict(depth: number): PdfDict {
    this.pos += 2;
    const map = new Map<string, PdfValue>();
    for (;;) {
      this.skipWs();
      if (this.peek() === 0x3e && this.peek(1) === 0x3e) {
        this.pos += 2;
        return new PdfDict(map);
      }
      if (this.peek() !== 0x2f) return syntax('dictionary key is not a name');
      const key = this.name().name;
      map.set(key, this.value(depth + 1));
    }
  }

  private numberOrRef(): number | PdfRef {
    const start = this.pos;
    const first = this.uint();
    if (first !== null) {
      const after = this.pos;
      this.skipWs();
      const gen = this.uint();
      if (gen !== null) {
        this.skipWs();
        if (this.peek() === 0x52 /* R */ && !isRegular(this.peek(1))) {
          this.pos++;
          return new PdfRef(first, gen);
        }
      }
      this.pos = after;
      if (this.peek() !== 0x2e) return first;
      this.pos = start;
    }
    let i = this.pos;
    while (i < this.end && i - this.pos < 32 && /[0-9+\-.]/.test(String.fromCharCode(this.bytes[i]!))) i++;
    const n = Number(String.fromCharCode(...this.bytes.subarray(this.pos, i)));
    this.pos = i;
    return Number.isFinite(n) ? n : 0;
  }
}

// ------------------------------------------------------------------------------------ budget

class Budget {
  private readonly deadline: number;
  private sliceStart = performance.now();
  objects = 0;
  decoded = 0;
  constructor(readonly limits: PdfLimits) {
    this.deadline = performance.now() + limits.timeBudgetMs;
  }

  countObject(): void {
    if (++this.objects > this.limits.maxObjects)
      throw new PdfLimitError(`PDF holds more than ${this.limits.maxObjects} objects`);
  }

  /** Checks the clock, and lets the event loop run other work every few milliseconds. */
  async tick(): Promise<void> {
    const now = performance.now();
    if (now > this.deadline) throw new PdfLimitError(`PDF takes longer than ${this.limits.timeBudgetMs} ms to read`);
    if (now - this.sliceStart > 8) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      this.sliceStart = performance.now();
    }
  }
}

// ------------------------------------------------------------------------------------ streams

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

// ------------------------------------------------------------------------------------ document

export class PdfDocument {
  private readonly objects = new Map<number, PdfValue>();
  private readonly objectStreams: PdfStream[] = [];
  private readonly objs: Finder;
  private readonly trailers: Finder;
  private readonly endstreams: Finder;
  private expanded = 0;
  trailer: PdfDict | undefined;

  private constructor(
    private readonly bytes: Uint8Array,
    private readonly budget: Budget,
  ) {
    this.objs = new Finder(bytes, KW_OBJ);
    this.trailers = new Finder(bytes, KW_TRAILER);
    this.endstreams = new Finder(bytes, KW_ENDSTREAM);
  }

  static async load(bytes: Uint8Array, limits: PdfLimits = DEFAULT_PDF_LIMITS): Promise<PdfDocument> {
    const doc = new PdfDocument(bytes, new Budget(limits));
    await doc.scan();
    return doc;
  }

  get limits(): PdfLimits {
    return this.budget.limits;
  }

  private lexer(start: number): Lexer {
    const { maxObjectBytes, maxDepth } = this.budget.limits;
    return new Lexer(this.bytes, start, Math.min(this.bytes.length, start + maxObjectBytes), maxDepth);
  }

  /** Reads every top-level object once, front to back; garbage is skipped to the next `obj`. */
  private async scan(): Promise<void> {
    const bytes = this.bytes;
    let pos = 0;
    while (pos < bytes.length) {
      await this.budget.tick();
      const next = this.nextCandidate(pos);
      if (next < 0) break;
      const lx = this.lexer(next);
      if (lx.keyword(KW_TRAILER)) {
        try {
          const value = lx.value();
          if (value instanceof PdfDict) this.trailer = value;
        } catch (err) {
          if (!(err instanceof SyntaxFailure)) throw err;
        }
        pos = Math.max(lx.pos, next + 1);
        continue;
      }
      const end = this.readIndirectObject(next);
      pos = end > next ? end : next + 1;
    }
  }

  /** Start of the next `N G obj` header or `trailer` keyword at or after `from`, or -1. */
  private nextCandidate(from: number): number {
    const bytes = this.bytes;
    const trailer = this.trailers.next(from);
    let search = from;
    for (;;) {
      const obj = this.objs.next(search);
      if (obj < 0 || (trailer >= 0 && trailer < obj)) return trailer;
      const start = headerStart(bytes, obj, from);
      if (start >= 0) return start;
      search = obj + KW_OBJ.length;
    }
  }

  /** Reads `N G obj … endobj` at `start`; returns where reading stopped. */
  private readIndirectObject(start: number): number {
    const lx = this.lexer(start);
    const num = lx.uint();
    lx.skipWs();
    const gen = lx.uint();
    lx.skipWs();
    if (num === null || gen === null || !lx.keyword(KW_OBJ)) return start + 1;
    this.budget.countObject();
    let value: PdfValue;
    try {
      value = lx.value();
    } catch (err) {
      if (err instanceof SyntaxFailure) return lx.pos > start ? lx.pos : start + 1;
      throw err;
    }
    let end = lx.pos;
    if (value instanceof PdfDict) {
      lx.skipWs();
      if (lx.keyword(ascii('stream'))) {
        const stream = this.readStreamData(value, lx.pos);
        if (!stream) return lx.pos;
        value = stream.stream;
        end = stream.end;
      }
    }
    if (value instanceof PdfStream) {
      const type = value.dict.get('Type');
      if (type instanceof PdfName && type.name === 'ObjStm') this.objectStreams.push(value);
      if (type instanceof PdfName && type.name === 'XRef') this.trailer = value.dict;
    }
    this.objects.set(num, value);
    return end;
  }

  private readStreamData(dict: PdfDict, afterKeyword: number): { stream: PdfStream; end: number } | null {
    const bytes = this.bytes;
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
    const endKw = this.endstreams.next(start);
    if (endKw < 0) return null;
    let end = endKw;
    if (bytes[end - 1] === 10) end--;
    if (bytes[end - 1] === 13) end--;
    return {
      stream: new PdfStream(dict, bytes.subarray(start, Math.max(start, end))),
      end: endKw + KW_ENDSTREAM.length,
    };
  }

  /** Follows a reference (object streams are inflated only when an object is not found directly). */
  async resolve(value: PdfValue | undefined): Promise<PdfValue | undefined> {
    if (!(value instanceof PdfRef)) return value;
    const found = this.objects.get(value.num);
    if (found !== undefined) return found;
    while (this.expanded < this.objectStreams.length) {
      await this.expandObjectStream(this.objectStreams[this.expanded++]!);
      if (this.objects.has(value.num)) return this.objects.get(value.num);
    }
    return undefined;
  }

  private async expandObjectStream(stream: PdfStream): Promise<void> {
    const n = stream.dict.get('N');
    const first = stream.dict.get('First');
    if (typeof n !== 'number' || typeof first !== 'number' || n < 0 || first < 0) return;
    const data = await this.decode(stream);
    const header = new Lexer(data, 0, Math.min(data.length, first), 1);
    const entries: [number, number][] = [];
    for (let i = 0; i < n; i++) {
      header.skipWs();
      const num = header.uint();
      header.skipWs();
      const offset = header.uint();
      if (num === null || offset === null) break;
      entries.push([num, offset]);
    }
    for (const [num, offset] of entries) {
      this.budget.countObject();
      await this.budget.tick();
      if (this.objects.has(num)) continue; // a later top-level definition wins
      const start = first + offset;
      const lx = new Lexer(
        data,
        start,
        Math.min(data.length, start + this.limits.maxObjectBytes),
        this.limits.maxDepth,
      );
      try {
        this.objects.set(num, lx.value());
      } catch (err) {
        if (!(err instanceof SyntaxFailure)) throw err;
      }
    }
  }

  /** A stream's data after its filters (FlateDecode only, possibly chained), within the limits. */
  async decode(stream: PdfStream): Promise<Uint8Array> {
    const filter = await this.resolve(stream.dict.get('Filter'));
    const names = (Array.isArray(filter) ? filter : filter === undefined || filter === null ? [] : [filter]).map((f) =>
      f instanceof PdfName ? f.name : '',
    );
    if (names.length > this.limits.maxFilters)
      throw new PdfLimitError(`PDF stream with more than ${this.limits.maxFilters} filters`);
    const parms = await this.resolve(stream.dict.get('DecodeParms'));
    const hasPredictor = (p: PdfValue | undefined) =>
      p instanceof PdfDict && typeof p.get('Predictor') === 'number' && (p.get('Predictor') as number) > 1;
    if (Array.isArray(parms) ? parms.some(hasPredictor) : hasPredictor(parms))
      throw new PdfReadError('PDF stream with a predictor: not supported for attachments');
    let data = stream.raw;
    if (names.length === 0 && data.length > this.limits.maxStreamBytes)
      throw new PdfLimitError(`PDF stream larger than ${this.limits.maxStreamBytes} bytes`);
    for (const name of names) {
      if (name !== 'FlateDecode') throw new PdfReadError(`PDF stream filter ${name || '(invalid)'} is not supported`);
      data = await inflate(data, this.budget);
    }
    return data;
  }

  async dict(value: PdfValue | undefined): Promise<PdfDict | undefined> {
    const v = await this.resolve(value);
    if (v instanceof PdfDict) return v;
    return v instanceof PdfStream ? v.dict : undefined;
  }

  async array(value: PdfValue | undefined): Promise<PdfValue[] | undefined> {
    const v = await this.resolve(value);
    return Array.isArray(v) ? v : undefined;
  }

  async tick(): Promise<void> {
    await this.budget.tick();
  }

  /** The document catalog: the trailer's /Root, else the last object typed /Catalog. */
  async catalog(): Promise<PdfDict> {
    const root = await this.dict(this.trailer?.get('Root'));
    if (root) return root;
    let found: PdfDict | undefined;
    for (const value of this.objects.values()) {
      if (value instanceof PdfDict && (value.get('Type') as PdfName | undefined)?.name === 'Catalog') found = value;
    }
    if (!found) throw new PdfReadError('unreadable PDF: no document catalog');
    return found;
  }

  get encrypted(): boolean {
    return this.trailer?.get('Encrypt') !== undefined;
  }
}

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
