/**
 * Tokens and values of PDF syntax within one object's byte budget, and the linear keyword search
 * the document scan uses to find object headers. A syntax error is a `SyntaxFailure`, which the
 * reader treats as garbage to skip; going beyond a limit is a `PdfLimitError`, which ends reading.
 */

import { PdfLimitError } from './limits.js';
import { PdfDict, PdfName, PdfRef, PdfString, type PdfValue } from './values.js';

export const WS = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) WS[c] = 1;
const DELIM = new Uint8Array(256);
for (const c of '()<>[]{}/%') DELIM[c.charCodeAt(0)] = 1;
const isDigit = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;
const isRegular = (c: number | undefined) => c !== undefined && !WS[c] && !DELIM[c];

export const ascii = (s: string) => Uint8Array.from(s, (ch) => ch.charCodeAt(0));
export const KW_OBJ = ascii('obj');
export const KW_ENDSTREAM = ascii('endstream');
export const KW_TRAILER = ascii('trailer');

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
export class Finder {
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
export function headerStart(bytes: Uint8Array, obj: number, floor: number): number {
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

export class SyntaxFailure extends Error {}
const syntax = (what: string): never => {
  throw new SyntaxFailure(what);
};

export class Lexer {
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
