/**
 * The document: reads every top-level object once, front to back, like a repairing reader (the
 * last definition of an object number wins, cross-reference tables are skipped, `trailer`
 * dictionaries and cross-reference stream dictionaries give the catalog), then follows references,
 * inflating object streams only when an object is looked up and not found directly.
 */

import { ascii, Finder, headerStart, KW_ENDSTREAM, KW_OBJ, KW_TRAILER, Lexer, SyntaxFailure } from './lexer.js';
import { Budget, DEFAULT_PDF_LIMITS, type PdfLimits, PdfReadError } from './limits.js';
import { decodeStream, readStreamData } from './streams.js';
import { PdfDict, PdfName, PdfRef, PdfStream, type PdfValue } from './values.js';

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
        const stream = readStreamData(this.bytes, value, lx.pos, this.endstreams);
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

  /** A stream's data after its filters (FlateDecode only, possibly chained), within the limits (streams.ts). */
  async decode(stream: PdfStream): Promise<Uint8Array> {
    return decodeStream(stream, (value) => this.resolve(value), this.budget);
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
