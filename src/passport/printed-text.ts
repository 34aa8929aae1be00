/**
 * The holder's name as printed on the page (not as the metadata says): the text of the structure
 * element the renderer titles `HOLDER_NAME_STRUCT_TITLE`, read from its marked content through the
 * fonts' ToUnicode maps. Written for what Jalon's renderer produces (Type0 fonts, 2-byte codes,
 * Tj/TJ inside `BDC … EMC`); anything else gives `undefined` (the name is then not compared), never
 * an error. A small reader rather than pdf.js: pdf.js needs a DOM-like environment and would add
 * megabytes to the Workers bundle for one line of text. Bounded: stream sizes, tokens, tree depth.
 */
import { type PdfDict, type PdfDocument, PdfLimitError, PdfStream, type PdfValue, pdfText } from './pdf-reader.js';
import { concatBytes } from '../lib/bytes.js';
import { HOLDER_NAME_STRUCT_TITLE } from './holder-name.js';

const MAX_CONTENT_BYTES = 4 * 1024 * 1024;
const MAX_CMAP_BYTES = 512 * 1024;
const MAX_TOKENS = 400_000;
const MAX_TREE_NODES = 5_000;
const MAX_NAME_CHARS = 1_000;

/** The struct element titled for the holder's name: its page and marked-content ids. */
async function findHolderElement(
  doc: PdfDocument,
  catalog: PdfDict,
): Promise<{ page: PdfDict; mcids: Set<number> } | undefined> {
  const root = await doc.dict(catalog.get('StructTreeRoot'));
  if (!root) return undefined;
  const queue: (PdfValue | undefined)[] = [root];
  const seen = new Set<object>();
  while (queue.length && seen.size < MAX_TREE_NODES) {
    const node = await doc.resolve(queue.shift());
    if (!node || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
    if (Array.isArray(node)) {
      queue.push(...node);
      continue;
    }
    const dict = await doc.dict(node);
    if (!dict) continue;
    if (pdfText(await doc.resolve(dict.get('T'))) === HOLDER_NAME_STRUCT_TITLE) {
      const page = await doc.dict(dict.get('Pg'));
      if (!page) return undefined;
      const mcids = new Set<number>();
      const kids = await doc.resolve(dict.get('K'));
      const add = async (k: PdfValue | undefined) => {
        const v = await doc.resolve(k);
        if (typeof v === 'number') mcids.add(v);
        else {
          const d = await doc.dict(v);
          const id = d ? await doc.resolve(d.get('MCID')) : undefined;
          if (typeof id === 'number') mcids.add(id);
        }
      };
      if (Array.isArray(kids)) for (const k of kids) await add(k);
      else await add(kids);
      return mcids.size ? { page, mcids } : undefined;
    }
    queue.push(dict.get('K'));
  }
  return undefined;
}

/** A stream's decoded bytes within `limit` (the reader's own limits apply too), else undefined. */
async function streamBytes(
  doc: PdfDocument,
  obj: PdfValue | undefined,
  limit: number,
): Promise<Uint8Array | undefined> {
  const stream = await doc.resolve(obj);
  if (!(stream instanceof PdfStream) || stream.raw.length > limit) return undefined;
  let bytes: Uint8Array;
  try {
    bytes = await doc.decode(stream);
  } catch (err) {
    if (err instanceof PdfLimitError) throw err;
    return undefined;
  }
  return bytes.length > limit ? undefined : bytes;
}

/** The page's content streams, decoded and joined. */
async function pageContent(doc: PdfDocument, page: PdfDict): Promise<Uint8Array | undefined> {
  const contents = await doc.resolve(page.get('Contents'));
  const parts: Uint8Array[] = [];
  let total = 0;
  for (const item of Array.isArray(contents) ? contents : [contents]) {
    const bytes = await streamBytes(doc, item, MAX_CONTENT_BYTES - total);
    if (!bytes) return undefined;
    parts.push(bytes, new Uint8Array([0x0a]));
    total += bytes.length + 1;
  }
  return concatBytes(parts, total);
}

// ---------------------------------------------------------------- ToUnicode maps

interface UnicodeMap {
  bytesPerCode: number;
  map: Map<number, string>;
}

function utf16(hex: string): string {
  let s = '';
  for (let i = 0; i + 4 <= hex.length; i += 4) s += String.fromCharCode(Number.parseInt(hex.slice(i, i + 4), 16));
  return s;
}

/** bfchar and bfrange entries of a ToUnicode CMap (the forms PDF writers use). */
export function parseToUnicode(cmap: string): UnicodeMap {
  const map = new Map<number, string>();
  const range = /begincodespacerange\s*<([0-9a-fA-F]+)>/.exec(cmap);
  const bytesPerCode = range ? Math.max(1, Math.ceil(range[1]!.length / 2)) : 2;
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>/g)) {
      if (map.size > 70_000) break;
      map.set(Number.parseInt(m[1]!, 16), utf16(m[2]!));
    }
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]*>|\[[^\]]*\])/g)) {
      const lo = Number.parseInt(m[1]!, 16);
      const hi = Math.min(Number.parseInt(m[2]!, 16), lo + 70_000);
      const dst = m[3]!;
      if (dst.startsWith('[')) {
        const list = [...dst.matchAll(/<([0-9a-fA-F]*)>/g)].map((x) => utf16(x[1]!));
        for (let c = lo; c <= hi && c - lo < list.length; c++) map.set(c, list[c - lo]!);
      } else {
        const base = dst.slice(1, -1);
        const head = base.slice(0, -4);
        const last = Number.parseInt(base.slice(-4) || '0', 16);
        for (let c = lo; c <= hi; c++) map.set(c, utf16(head + (last + c - lo).toString(16).padStart(4, '0')));
      }
    }
  }
  return { bytesPerCode, map };
}

/** The ToUnicode maps of the named fonts of a page, each read and parsed once. */
async function fontMaps(doc: PdfDocument, page: PdfDict, names: Iterable<string>): Promise<Map<string, UnicodeMap>> {
  const resources = await doc.dict(page.get('Resources'));
  const fonts = resources ? await doc.dict(resources.get('Font')) : undefined;
  const maps = new Map<string, UnicodeMap>();
  for (const name of names) {
    const font = fonts ? await doc.dict(fonts.get(name)) : undefined;
    const bytes = font ? await streamBytes(doc, font.get('ToUnicode'), MAX_CMAP_BYTES) : undefined;
    if (bytes) maps.set(name, parseToUnicode(new TextDecoder('latin1').decode(bytes)));
  }
  return maps;
}

// ---------------------------------------------------------------- content stream

type Token =
  | { t: 'num'; v: number }
  | { t: 'name'; v: string }
  | { t: 'str'; v: Uint8Array }
  | { t: 'op'; v: string }
  | { t: '['; v?: undefined }
  | { t: ']'; v?: undefined }
  | { t: '<<'; v?: undefined }
  | { t: '>>'; v?: undefined };

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09 || b === 0x0c || b === 0x00;
const isDelim = (b: number) => '()<>[]{}/%'.includes(String.fromCharCode(b));

function* tokens(src: Uint8Array): Generator<Token> {
  let i = 0;
  let count = 0;
  const n = src.length;
  while (i < n) {
    if (++count > MAX_TOKENS) return;
    const b = src[i]!;
    if (isSpace(b)) {
      i++;
    } else if (b === 0x25) {
      while (i < n && src[i] !== 0x0a && src[i] !== 0x0d) i++;
    } else if (b === 0x2f) {
      let j = i + 1;
      while (j < n && !isSpace(src[j]!) && !isDelim(src[j]!)) j++;
      yield { t: 'name', v: new TextDecoder('latin1').decode(src.subarray(i + 1, j)) };
      i = j;
    } else if (b === 0x5b) {
      yield { t: '[' };
      i++;
    } else if (b === 0x5d) {
      yield { t: ']' };
      i++;
    } else if (b === 0x3c && src[i + 1] === 0x3c) {
      yield { t: '<<' };
      i += 2;
    } else if (b === 0x3e && src[i + 1] === 0x3e) {
      yield { t: '>>' };
      i += 2;
    } else if (b === 0x3c) {
      let j = i + 1;
      let hex = '';
      while (j < n && src[j] !== 0x3e) {
        if (!isSpace(src[j]!)) hex += String.fromCharCode(src[j]!);
        j++;
      }
      if (hex.length % 2) hex += '0';
      const out = new Uint8Array(hex.length / 2);
      for (let k = 0; k < out.length; k++) out[k] = Number.parseInt(hex.slice(2 * k, 2 * k + 2), 16) || 0;
      yield { t: 'str', v: out };
      i = j + 1;
    } else if (b === 0x28) {
      const out: number[] = [];
      let depth = 1;
      let j = i + 1;
      while (j < n && depth > 0) {
        const c = src[j]!;
        if (c === 0x5c && j + 1 < n) {
          const e = src[j + 1]!;
          const simple: Record<number, number> = { 110: 10, 114: 13, 116: 9, 98: 8, 102: 12 };
          if (e >= 0x30 && e <= 0x37) {
            let k = j + 1;
            let v = 0;
            while (k < n && k < j + 4 && src[k]! >= 0x30 && src[k]! <= 0x37) v = v * 8 + (src[k++]! - 0x30);
            out.push(v & 0xff);
            j = k;
            continue;
          }
          if (e !== 0x0a && e !== 0x0d) out.push(simple[e] ?? e);
          j += 2;
          continue;
        }
        if (c === 0x28) depth++;
        if (c === 0x29 && --depth === 0) break;
        out.push(c);
        j++;
      }
      yield { t: 'str', v: new Uint8Array(out) };
      i = j + 1;
    } else {
      let j = i;
      while (j < n && !isSpace(src[j]!) && !isDelim(src[j]!)) j++;
      if (j === i) j++;
      const word = new TextDecoder('latin1').decode(src.subarray(i, j));
      const num = Number(word);
      yield word !== '' && !Number.isNaN(num) && /^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)
        ? { t: 'num', v: num }
        : { t: 'op', v: word };
      i = j;
    }
  }
}

function decodeShown(bytes: Uint8Array, font: UnicodeMap | undefined): string {
  if (!font) return '';
  let s = '';
  for (let i = 0; i + font.bytesPerCode <= bytes.length; i += font.bytesPerCode) {
    let code = 0;
    for (let k = 0; k < font.bytesPerCode; k++) code = code * 256 + bytes[i + k]!;
    s += font.map.get(code) ?? '';
  }
  return s;
}

/** Text shown inside the marked-content sequences with the given ids; line moves become spaces. */
function markedText(
  content: Uint8Array,
  mcids: ReadonlySet<number>,
  fontNamed: (name: string) => UnicodeMap | undefined,
): string {
  const operands: (Token | Token[] | Map<string, Token>)[] = [];
  const marks: boolean[] = [];
  const pending = new Set(mcids);
  let font: UnicodeMap | undefined;
  let out = '';
  // Nested arrays and dictionaries are collected into one operand.
  const stack: (Token[] | Map<string, Token>)[] = [];
  let pendingKey: string | undefined;
  const push = (tok: Token) => {
    const top = stack.at(-1);
    if (!top) operands.push(tok);
    else if (Array.isArray(top)) top.push(tok);
    else if (pendingKey === undefined && tok.t === 'name') pendingKey = tok.v;
    else {
      if (pendingKey !== undefined) top.set(pendingKey, tok);
      pendingKey = undefined;
    }
  };
  const inside = () => marks.includes(true);
  for (const tok of tokens(content)) {
    if (tok.t === '[' || tok.t === '<<') {
      stack.push(tok.t === '[' ? [] : new Map());
      continue;
    }
    if (tok.t === ']' || tok.t === '>>') {
      const done = stack.pop();
      if (done && stack.length === 0) operands.push(done);
      pendingKey = undefined;
      continue;
    }
    if (tok.t !== 'op') {
      push(tok);
      continue;
    }
    if (stack.length) continue; // an operator inside an array: malformed, ignored
    switch (tok.v) {
      case 'BDC': {
        const props = operands.at(-1);
        const id = props instanceof Map ? props.get('MCID') : undefined;
        const wanted = id?.t === 'num' && mcids.has(id.v);
        if (wanted) pending.delete(id.v);
        marks.push(wanted);
        break;
      }
      case 'BMC':
        marks.push(false);
        break;
      case 'EMC':
        marks.pop();
        // Every wanted sequence seen and closed: the rest of the page is not needed.
        if (pending.size === 0 && !inside()) return out;
        break;
      case 'Tf': {
        const name = operands.at(-2);
        font =
          name && !Array.isArray(name) && !(name instanceof Map) && name.t === 'name' ? fontNamed(name.v) : undefined;
        break;
      }
      case 'Tj':
      case "'":
      case '"': {
        const s = operands.at(-1);
        if (inside() && s && !Array.isArray(s) && !(s instanceof Map) && s.t === 'str')
          out += (tok.v === 'Tj' ? '' : ' ') + decodeShown(s.v, font);
        break;
      }
      case 'TJ': {
        const arr = operands.at(-1);
        if (inside() && Array.isArray(arr))
          for (const part of arr) if (part.t === 'str') out += decodeShown(part.v, font);
        break;
      }
      case 'Td':
      case 'TD':
      case 'T*':
      case 'Tm':
      case 'ET':
        if (inside() && out && !out.endsWith(' ')) out += ' ';
        break;
    }
    operands.length = 0;
    if (out.length > MAX_NAME_CHARS) return '';
  }
  return out;
}

/** The holder's name as printed on the page, or undefined when this PDF does not mark it. */
export async function printedHolderName(doc: PdfDocument, catalog: PdfDict): Promise<string | undefined> {
  const element = await findHolderElement(doc, catalog);
  if (!element) return undefined;
  const content = await pageContent(doc, element.page);
  if (!content) return undefined;
  // Streams are read asynchronously (bounded inflate): a first pass learns which fonts the name is
  // shown with (it stops after the name's marked content), then only their maps are parsed.
  const used = new Set<string>();
  markedText(content, element.mcids, (name) => {
    used.add(name);
    return undefined;
  });
  const maps = await fontMaps(doc, element.page, used);
  const text = markedText(content, element.mcids, (name) => maps.get(name))
    .trim()
    .replace(/\s+/g, ' ');
  return text ? text.normalize('NFC') : undefined;
}
