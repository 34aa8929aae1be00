/**
 * Reads the files attached inside a PDF (the signed credentials of a passport) with the bounded
 * reader of pdf-reader.ts, so that it runs on Node and in Workers and a hostile upload costs at
 * most its limits. Looks where PDF writers put attachments: the catalog's EmbeddedFiles name tree
 * (Names → EmbeddedFiles, with Kids), the catalog's /AF array (PDF 2.0 / PDF/A-3 "associated
 * files") and file-attachment annotations on pages. Each embedded file is returned once, decoded.
 */
import {
  DEFAULT_PDF_LIMITS,
  type PdfDict,
  PdfDocument,
  PdfLimitError,
  type PdfLimits,
  PdfName,
  PdfReadError,
  PdfStream,
  type PdfValue,
  pdfText,
} from './pdf-reader.js';

import { HOLDER_NAME_INFO_KEY, holderNameFromXmp } from './holder-name.js';
import { printedHolderName } from './printed-text.js';

export { PdfLimitError, PdfReadError } from './pdf-reader.js';

export interface PdfAttachment {
  filename: string;
  content: Uint8Array;
  mimeType?: string;
  description?: string;
}

const MAX_TREE_DEPTH = 32;
/** Name-tree nodes, page-tree nodes and annotations visited, in total. */
const MAX_NODES = 10_000;
/** A passport holds one credential per competence reached and the passport itself. */
export const MAX_ATTACHMENTS = 100;

function hasPdfHeader(bytes: Uint8Array): boolean {
  // The header may follow some garbage (the spec tolerates up to 1024 bytes before it).
  const limit = Math.min(bytes.length - 5, 1024);
  for (let i = 0; i <= limit; i++) {
    if (
      bytes[i] === 0x25 &&
      bytes[i + 1] === 0x50 &&
      bytes[i + 2] === 0x44 &&
      bytes[i + 3] === 0x46 &&
      bytes[i + 4] === 0x2d
    )
      return true;
  }
  return false;
}

/** Everything a verifier reads from a passport PDF, in one parsing pass. */
export interface PdfContents {
  attachments: PdfAttachment[];
  /** The holder's name the document carries (holder-name.ts), from each place found. */
  holderName: HolderNameSources;
}

export async function extractPdfAttachments(
  bytes: Uint8Array,
  limits: PdfLimits = DEFAULT_PDF_LIMITS,
): Promise<PdfAttachment[]> {
  return (await extractPdfContents(bytes, limits)).attachments;
}

export async function extractPdfContents(
  bytes: Uint8Array,
  limits: PdfLimits = DEFAULT_PDF_LIMITS,
): Promise<PdfContents> {
  if (!(bytes instanceof Uint8Array) || bytes.length < 8 || !hasPdfHeader(bytes)) {
    throw new PdfReadError('not a PDF: the "%PDF-" header is missing');
  }
  const doc = await PdfDocument.load(bytes, limits);
  if (doc.encrypted) throw new PdfReadError('encrypted PDF: its attachments cannot be read');
  const catalog = await doc.catalog();

  const out: PdfAttachment[] = [];
  const seenStreams = new Set<PdfStream>();
  // Every node is visited once (a tree that lists a child twice, or loops, costs nothing more).
  const visited = new Set<object>();
  const visit = async (value: PdfValue | undefined): Promise<PdfDict | undefined> => {
    const node = await doc.dict(value);
    if (!node || visited.has(node)) return undefined;
    if (visited.size >= MAX_NODES) throw new PdfLimitError(`PDF structure with more than ${MAX_NODES} nodes`);
    visited.add(node);
    await doc.tick();
    return node;
  };

  const addFileSpec = async (specObj: PdfValue | undefined, treeKey?: string) => {
    const spec = await doc.dict(specObj);
    if (!spec) return;
    const ef = await doc.dict(spec.get('EF'));
    if (!ef) return; // a reference to an external file, not an embedded one
    const streamObj = await doc.resolve(ef.get('UF') ?? ef.get('F'));
    if (!(streamObj instanceof PdfStream) || seenStreams.has(streamObj)) return;
    if (seenStreams.size >= MAX_ATTACHMENTS)
      throw new PdfLimitError(`PDF with more than ${MAX_ATTACHMENTS} attachments`);
    seenStreams.add(streamObj);
    const filename =
      pdfText(await doc.resolve(spec.get('UF'))) ??
      pdfText(await doc.resolve(spec.get('F'))) ??
      treeKey ??
      `attachment-${out.length + 1}`;
    let content: Uint8Array;
    try {
      content = await doc.decode(streamObj);
    } catch (cause) {
      if (cause instanceof PdfLimitError) throw cause;
      throw new PdfReadError(
        `attachment "${filename}" cannot be decoded: ${cause instanceof Error ? cause.message : String(cause)}`,
        { cause },
      );
    }
    const subtype = streamObj.dict.get('Subtype');
    const attachment: PdfAttachment = { filename, content };
    if (subtype instanceof PdfName) attachment.mimeType = subtype.name;
    const description = pdfText(await doc.resolve(spec.get('Desc')));
    if (description !== undefined) attachment.description = description;
    out.push(attachment);
  };

  const walkNameTree = async (nodeObj: PdfValue | undefined, depth: number): Promise<void> => {
    if (depth > MAX_TREE_DEPTH) return;
    const node = await visit(nodeObj);
    if (!node) return;
    const names = await doc.array(node.get('Names'));
    if (names) {
      for (let i = 0; i + 1 < names.length; i += 2)
        await addFileSpec(names[i + 1], pdfText(await doc.resolve(names[i])));
    }
    for (const kid of (await doc.array(node.get('Kids'))) ?? []) await walkNameTree(kid, depth + 1);
  };

  const walkPages = async (nodeObj: PdfValue | undefined, depth: number): Promise<void> => {
    if (depth > MAX_TREE_DEPTH) return;
    const node = await visit(nodeObj);
    if (!node) return;
    for (const annotObj of (await doc.array(node.get('Annots'))) ?? []) {
      const annot = await doc.dict(annotObj);
      const subtype = annot?.get('Subtype');
      if (annot && subtype instanceof PdfName && subtype.name === 'FileAttachment') await addFileSpec(annot.get('FS'));
    }
    for (const kid of (await doc.array(node.get('Kids'))) ?? []) await walkPages(kid, depth + 1);
  };

  await walkNameTree((await doc.dict(catalog.get('Names')))?.get('EmbeddedFiles'), 0);
  for (const spec of (await doc.array(catalog.get('AF'))) ?? []) await addFileSpec(spec);
  await walkPages(catalog.get('Pages'), 0);
  return { attachments: out, holderName: await readHolderName(doc, catalog) };
}

// ---------------------------------------------------------------- holder's name (metadata)

export interface HolderNameSources {
  /** From the document Info dictionary's custom entry. */
  info?: string;
  /** From the XMP metadata packet. */
  xmp?: string;
  /** As printed on the page (the text of the marked name). */
  text?: string;
}

/**
 * Never fails for a name that cannot be read (reported absent, not as a broken PDF); a limit of
 * the reader reached on the way still is one (the file is hostile, not merely unusual).
 */
async function readHolderName(doc: PdfDocument, catalog: PdfDict): Promise<HolderNameSources> {
  const out: HolderNameSources = {};
  const attempt = async (read: () => Promise<string | undefined>): Promise<string | undefined> => {
    try {
      return await read();
    } catch (err) {
      if (err instanceof PdfLimitError) throw err;
      return undefined;
    }
  };
  const info = await attempt(() => infoHolderName(doc));
  if (info !== undefined) out.info = info;
  const xmp = await attempt(() => xmpHolderName(doc, catalog));
  if (xmp !== undefined) out.xmp = xmp;
  const printed = await attempt(() => printedHolderName(doc, catalog));
  if (printed !== undefined) out.text = printed;
  return out;
}

async function infoHolderName(doc: PdfDocument): Promise<string | undefined> {
  const info = await doc.dict(doc.trailer?.get('Info'));
  const name = pdfText(await doc.resolve(info?.get(HOLDER_NAME_INFO_KEY)));
  return name === undefined || name.length > 1000 ? undefined : name.normalize('NFC');
}

/** Larger XMP packets are not read (ours is about 2 KB). */
const MAX_XMP_BYTES = 256 * 1024;

async function xmpHolderName(doc: PdfDocument, catalog: PdfDict): Promise<string | undefined> {
  const stream = await doc.resolve(catalog.get('Metadata'));
  if (!(stream instanceof PdfStream) || stream.raw.length > MAX_XMP_BYTES) return undefined;
  const content = await doc.decode(stream);
  if (content.length > MAX_XMP_BYTES) return undefined;
  return holderNameFromXmp(new TextDecoder().decode(content));
}
