import encodeChunks, { type PngChunk } from 'png-chunks-encode';
import { utf8Decode, utf8Encode } from '../lib/bytes.js';
import { escapeXml } from '../lib/text.js';

/**
 * Baking a credential into a badge image (OB 3.0 §5.3 "Baking").
 * PNG: one uncompressed `iTXt` chunk, keyword `openbadgecredential`, before IEND.
 * SVG: `<openbadges:credential>` as the first child of the root, namespace
 * `https://purl.imsglobal.org/ob/v3p0`; a JWT goes in `verify`, JSON in a CDATA body.
 * Extraction returns exactly the text that was baked.
 */

export const PNG_KEYWORD = 'openbadgecredential';
export const OB3_SVG_NAMESPACE = 'https://purl.imsglobal.org/ob/v3p0';

export class BakingError extends Error {
  override name = 'BakingError';
}

// ---------------------------------------------------------------- PNG

/** A baked badge has a dozen chunks; a file with thousands is not one. */
export const MAX_PNG_CHUNKS = 4096;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The file is beyond what a badge image can be (chunk count). */
export class BakingLimitError extends BakingError {
  override name = 'BakingLimitError';
}

/**
 * The chunks of a PNG, as views into the input (nothing is allocated from a declared length).
 * Replaces png-chunks-extract, which allocates whatever length a chunk declares before checking it
 * against the file (36 bytes could ask for 2 GB). Each declared length is checked against the bytes
 * that remain, the chunk count is limited, and reading stops at IEND. CRCs are not checked: the
 * baked text is authenticated by its signature, not by the container.
 */
function readChunks(png: Uint8Array): PngChunk[] {
  if (png.length < 8 || PNG_SIGNATURE.some((b, i) => png[i] !== b)) throw new BakingError('not a PNG image');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: PngChunk[] = [];
  let at = 8;
  while (at < png.length) {
    if (chunks.length >= MAX_PNG_CHUNKS) throw new BakingLimitError(`PNG with more than ${MAX_PNG_CHUNKS} chunks`);
    if (at + 12 > png.length) throw new BakingError('truncated PNG chunk header');
    const length = view.getUint32(at);
    if (length > png.length - at - 12) throw new BakingError('PNG chunk longer than the file');
    const name = String.fromCharCode(png[at + 4]!, png[at + 5]!, png[at + 6]!, png[at + 7]!);
    if (!/^[A-Za-z]{4}$/.test(name)) throw new BakingError('invalid PNG chunk name');
    chunks.push({ name, data: png.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
    if (name === 'IEND') return chunks;
  }
  throw new BakingError('PNG without IEND chunk');
}

const KEYWORD_BYTES = utf8Encode(PNG_KEYWORD);

/** iTXt layout: keyword NUL, compression flag, method, language tag NUL, translated keyword NUL, text. */
function itxtChunk(text: string): PngChunk {
  const body = utf8Encode(text);
  const data = new Uint8Array(KEYWORD_BYTES.length + 5 + body.length);
  data.set(KEYWORD_BYTES, 0);
  // The 5 bytes after the keyword stay 0: NUL, flag 0 (not compressed: the spec forbids it),
  // method 0, empty language tag NUL, empty translated keyword NUL.
  data.set(body, KEYWORD_BYTES.length + 5);
  return { name: 'iTXt', data };
}

interface ParsedItxt {
  keyword: string;
  compressed: boolean;
  text: Uint8Array;
}

function parseItxt(data: Uint8Array): ParsedItxt | null {
  const end = data.indexOf(0);
  if (end < 1 || end + 2 >= data.length) return null;
  const keyword = String.fromCharCode(...data.subarray(0, end));
  const compressed = data[end + 1] === 1;
  const langEnd = data.indexOf(0, end + 3);
  if (langEnd < 0) return null;
  const translatedEnd = data.indexOf(0, langEnd + 1);
  if (translatedEnd < 0) return null;
  return { keyword, compressed, text: data.subarray(translatedEnd + 1) };
}

function isCredentialChunk(chunk: PngChunk): boolean {
  return chunk.name === 'iTXt' && parseItxt(chunk.data)?.keyword === PNG_KEYWORD;
}

/** The PNG with `text` (a compact JWT or credential JSON) baked in; an earlier credential is replaced. */
export function bakePng(png: Uint8Array, text: string): Uint8Array {
  const chunks = readChunks(png).filter((c) => !isCredentialChunk(c));
  const iend = chunks.findIndex((c) => c.name === 'IEND');
  chunks.splice(iend < 0 ? chunks.length : iend, 0, itxtChunk(text));
  return encodeChunks(chunks);
}

/**
 * The baked text of the first `openbadgecredential` iTXt chunk, or null when there is none.
 * Throws BakingError when the bytes are not a PNG (or the chunk is compressed, which the spec forbids).
 */
export function extractFromPng(png: Uint8Array): string | null {
  for (const chunk of readChunks(png)) {
    if (chunk.name !== 'iTXt') continue;
    const itxt = parseItxt(chunk.data);
    if (!itxt || itxt.keyword !== PNG_KEYWORD) continue;
    if (itxt.compressed)
      throw new BakingError('compressed openbadgecredential chunk (the specification forbids compression)');
    try {
      return utf8Decode(itxt.text);
    } catch {
      throw new BakingError('openbadgecredential chunk is not UTF-8');
    }
  }
  return null;
}

// ---------------------------------------------------------------- SVG (a small, namespace-aware tag scanner)

interface Attribute {
  name: string;
  /** Raw value, entities not decoded. */
  raw: string;
}

type Token =
  | { kind: 'start'; name: string; attrs: Attribute[]; selfClosing: boolean; start: number; end: number }
  | { kind: 'end'; name: string; start: number; end: number }
  | { kind: 'cdata'; value: string; start: number; end: number }
  | { kind: 'text'; value: string; start: number; end: number };

function fail(what: string): never {
  throw new BakingError(`not a well-formed SVG document: ${what}`);
}

function skipTo(text: string, from: number, marker: string, what: string): number {
  const at = text.indexOf(marker, from);
  if (at < 0) fail(`unterminated ${what}`);
  return at + marker.length;
}

/** End of `<!DOCTYPE …>`, which may hold an internal subset in brackets. */
function skipDoctype(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '>' && depth <= 0) return i + 1;
  }
  fail('unterminated DOCTYPE');
}

const NAME_RE = /[^\s/>=]+/y;

function readStartTag(text: string, start: number): Extract<Token, { kind: 'start' }> {
  NAME_RE.lastIndex = start + 1;
  const nameMatch = NAME_RE.exec(text);
  if (!nameMatch) fail('tag without a name');
  const name = nameMatch[0];
  const attrs: Attribute[] = [];
  let i = NAME_RE.lastIndex;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) fail(`unterminated tag <${name}>`);
    if (text[i] === '>') return { kind: 'start', name, attrs, selfClosing: false, start, end: i + 1 };
    if (text.startsWith('/>', i)) return { kind: 'start', name, attrs, selfClosing: true, start, end: i + 2 };
    NAME_RE.lastIndex = i;
    const attrMatch = NAME_RE.exec(text);
    if (!attrMatch) fail(`bad attribute in <${name}>`);
    i = NAME_RE.lastIndex;
    while (/\s/.test(text[i] ?? '')) i++;
    if (text[i] !== '=') fail(`attribute ${attrMatch[0]} without a value`);
    i++;
    while (/\s/.test(text[i] ?? '')) i++;
    const quote = text[i];
    if (quote !== '"' && quote !== "'") fail(`unquoted attribute ${attrMatch[0]}`);
    const close = text.indexOf(quote, i + 1);
    if (close < 0) fail(`unterminated attribute ${attrMatch[0]}`);
    attrs.push({ name: attrMatch[0], raw: text.slice(i + 1, close) });
    i = close + 1;
  }
}

function* tokens(text: string): Generator<Token> {
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (lt < 0) {
      yield { kind: 'text', value: text.slice(i), start: i, end: text.length };
      return;
    }
    if (lt > i) yield { kind: 'text', value: text.slice(i, lt), start: i, end: lt };
    if (text.startsWith('<!--', lt)) i = skipTo(text, lt + 4, '-->', 'comment');
    else if (text.startsWith('<![CDATA[', lt)) {
      const end = skipTo(text, lt + 9, ']]>', 'CDATA section');
      yield { kind: 'cdata', value: text.slice(lt + 9, end - 3), start: lt, end };
      i = end;
    } else if (text.startsWith('<?', lt)) i = skipTo(text, lt + 2, '?>', 'processing instruction');
    else if (text.startsWith('<!', lt)) i = skipDoctype(text, lt + 2);
    else if (text.startsWith('</', lt)) {
      const end = skipTo(text, lt + 2, '>', 'end tag');
      yield { kind: 'end', name: text.slice(lt + 2, end - 1).trim(), start: lt, end };
      i = end;
    } else {
      const tag = readStartTag(text, lt);
      yield tag;
      i = tag.end;
    }
  }
}

function decodeEntities(raw: string): string {
  return raw.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      if (!(code <= 0x10ffff)) fail('character reference out of range');
      return String.fromCodePoint(code);
    }
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e]!;
  });
}

function splitName(qname: string): { prefix: string; local: string } {
  const colon = qname.indexOf(':');
  return colon < 0 ? { prefix: '', local: qname } : { prefix: qname.slice(0, colon), local: qname.slice(colon + 1) };
}

/** Namespace bindings declared on a start tag (prefix '' = default namespace). */
function declaredNamespaces(attrs: readonly Attribute[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const a of attrs) {
    if (a.name === 'xmlns') map.set('', decodeEntities(a.raw));
    else if (a.name.startsWith('xmlns:')) map.set(a.name.slice(6), decodeEntities(a.raw));
  }
  return map;
}

interface CredentialElement {
  start: number;
  end: number;
  verify?: string;
  body: string;
}

/** Nesting and element count a badge image never comes near; beyond them the file is refused. */
export const MAX_SVG_DEPTH = 256;
export const MAX_SVG_ELEMENTS = 100_000;

/**
 * Every element in the OB3 namespace with local name `credential`, in document order. Linear time:
 * each prefix keeps a stack of its bindings (a lookup is O(1) whatever the depth), and depth and
 * element count are limited.
 */
function findCredentialElements(svg: string): CredentialElement[] {
  const found: CredentialElement[] = [];
  const bindings = new Map<string, string[]>();
  /** Prefixes each open element declared, to unbind them when it closes. */
  const open: string[][] = [];
  let elements = 0;
  const close = () => {
    const declared = open.pop();
    if (!declared) return false;
    for (const prefix of declared) bindings.get(prefix)!.pop();
    return true;
  };
  let current: {
    element: CredentialElement;
    depth: number;
    cdata: string[];
    text: string[];
    sawCdata: boolean;
  } | null = null;
  for (const token of tokens(svg)) {
    if (token.kind === 'start') {
      if (++elements > MAX_SVG_ELEMENTS) throw new BakingLimitError(`SVG with more than ${MAX_SVG_ELEMENTS} elements`);
      if (open.length >= MAX_SVG_DEPTH) throw new BakingLimitError(`SVG nested deeper than ${MAX_SVG_DEPTH}`);
      const declared = declaredNamespaces(token.attrs);
      for (const [prefix, uri] of declared) {
        const stack = bindings.get(prefix);
        if (stack) stack.push(uri);
        else bindings.set(prefix, [uri]);
      }
      open.push([...declared.keys()]);
      const { prefix, local } = splitName(token.name);
      if (!current && local === 'credential' && bindings.get(prefix)?.at(-1) === OB3_SVG_NAMESPACE) {
        const verify = token.attrs.find((a) => a.name === 'verify');
        const element: CredentialElement = { start: token.start, end: token.end, body: '' };
        if (verify) element.verify = decodeEntities(verify.raw);
        if (token.selfClosing) found.push(element);
        else current = { element, depth: open.length, cdata: [], text: [], sawCdata: false };
      }
      if (token.selfClosing) close();
    } else if (token.kind === 'end') {
      if (current && open.length === current.depth) {
        // CDATA content is taken verbatim; plain text (no CDATA) is unescaped and trimmed.
        current.element.body = current.sawCdata ? current.cdata.join('') : decodeEntities(current.text.join('')).trim();
        current.element.end = token.end;
        found.push(current.element);
        current = null;
      }
      if (!close()) fail(`unexpected </${token.name}>`);
    } else if (current) {
      if (token.kind === 'cdata') {
        current.sawCdata = true;
        current.cdata.push(token.value);
      } else current.text.push(token.value);
    }
  }
  if (current) fail('unterminated openbadges:credential element');
  return found;
}

/** The baked JWT (from `verify`) or JSON (element body) of the first OB3 credential element, or null. */
export function extractFromSvg(svg: string): string | null {
  const [first] = findCredentialElements(svg);
  if (!first) return null;
  return first.verify ?? (first.body || null);
}

/** `]]>` cannot appear inside CDATA: split it across two sections (extraction joins them back). */
function cdata(text: string): string {
  return `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

/**
 * The SVG with `text` baked in: a compact JWT in `verify`, anything starting with `{` as JSON in
 * a CDATA body. An earlier baked credential is replaced.
 */
export function bakeSvg(svg: string, text: string): string {
  const root = (() => {
    for (const token of tokens(svg)) if (token.kind === 'start') return token;
    fail('no root element');
  })();
  if (splitName(root.name).local !== 'svg') fail(`root element is <${root.name}>, not <svg>`);
  const declared = declaredNamespaces(root.attrs).get('openbadges');
  if (declared !== undefined && declared !== OB3_SVG_NAMESPACE) {
    throw new BakingError(`the openbadges prefix is already bound to ${declared}`);
  }
  const isJson = text.trimStart().startsWith('{');
  const element = isJson
    ? `<openbadges:credential>${cdata(text)}</openbadges:credential>`
    : `<openbadges:credential verify="${escapeXml(text)}"></openbadges:credential>`;

  // Remove earlier credentials (from the end, so that offsets stay valid).
  let out = svg;
  for (const old of findCredentialElements(svg).reverse()) {
    if (old.start < root.end) fail('credential element outside the root');
    out = out.slice(0, old.start) + out.slice(old.end);
  }
  const nameEnd = root.start + 1 + root.name.length;
  const xmlns = declared === undefined ? ` xmlns:openbadges="${OB3_SVG_NAMESPACE}"` : '';
  const head = out.slice(0, nameEnd) + xmlns;
  if (root.selfClosing) {
    const attrs = out.slice(nameEnd, root.end).replace(/\s*\/>$/, '');
    return `${head}${attrs}>${element}</${root.name}>${out.slice(root.end)}`;
  }
  return `${head}${out.slice(nameEnd, root.end)}${element}${out.slice(root.end)}`;
}
