/**
 * Reads the files attached inside a PDF (the signed credentials of a passport), with pdf-lib so
 * that it runs on Node and in Workers. Looks where PDF writers put attachments: the catalog's
 * EmbeddedFiles name tree (Names → EmbeddedFiles, with Kids), the catalog's /AF array (PDF 2.0 /
 * PDF/A-3 "associated files") and file-attachment annotations on pages. Each embedded file is
 * returned once, decoded (FlateDecode and the other standard filters).
 */
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFRawStream,
  PDFRef,
  PDFStream,
  PDFString,
  type PDFObject,
} from 'pdf-lib';
import { HOLDER_NAME_INFO_KEY, holderNameFromXmp } from './holder-name.js';
import { printedHolderName } from './printed-text.js';

export interface PdfAttachment {
  filename: string;
  content: Uint8Array;
  mimeType?: string;
  description?: string;
}

/** The bytes are not a readable PDF (or not one this reader can open). The message says why, in English, for logs. */
export class PdfReadError extends Error {
  override readonly name = 'PdfReadError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const MAX_NAME_TREE_DEPTH = 32;

function text(obj: PDFObject | undefined): string | undefined {
  if (obj instanceof PDFString || obj instanceof PDFHexString) return obj.decodeText();
  return undefined;
}

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

export async function extractPdfAttachments(bytes: Uint8Array): Promise<PdfAttachment[]> {
  return (await extractPdfContents(bytes)).attachments;
}

export async function extractPdfContents(bytes: Uint8Array): Promise<PdfContents> {
  if (!(bytes instanceof Uint8Array) || bytes.length < 8 || !hasPdfHeader(bytes)) {
    throw new PdfReadError('not a PDF: the "%PDF-" header is missing');
  }
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false });
  } catch (cause) {
    throw new PdfReadError(`unreadable PDF: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  if (doc.isEncrypted) throw new PdfReadError('encrypted PDF: its attachments cannot be read');

  const context = doc.context;
  const lookup = (obj: PDFObject | undefined): PDFObject | undefined =>
    obj instanceof PDFRef ? context.lookup(obj) : obj;
  const dict = (obj: PDFObject | undefined): PDFDict | undefined => {
    const v = lookup(obj);
    return v instanceof PDFDict ? v : undefined;
  };
  const array = (obj: PDFObject | undefined): PDFArray | undefined => {
    const v = lookup(obj);
    return v instanceof PDFArray ? v : undefined;
  };

  const out: PdfAttachment[] = [];
  const seenStreams = new Set<PDFObject>();

  const addFileSpec = (specObj: PDFObject | undefined, treeKey?: string) => {
    const spec = dict(specObj);
    if (!spec) return;
    const ef = dict(spec.get(PDFName.of('EF')));
    if (!ef) return; // a reference to an external file, not an embedded one
    const streamObj = lookup(ef.get(PDFName.of('UF')) ?? ef.get(PDFName.of('F')));
    if (!(streamObj instanceof PDFStream) || seenStreams.has(streamObj)) return;
    seenStreams.add(streamObj);
    const filename =
      text(spec.get(PDFName.of('UF'))) ?? text(spec.get(PDFName.of('F'))) ?? treeKey ?? `attachment-${out.length + 1}`;
    let content: Uint8Array;
    try {
      content = streamObj instanceof PDFRawStream ? decodePDFRawStream(streamObj).decode() : streamObj.getContents();
    } catch (cause) {
      throw new PdfReadError(
        `attachment "${filename}" cannot be decoded: ${cause instanceof Error ? cause.message : String(cause)}`,
        { cause },
      );
    }
    const subtype = streamObj.dict.get(PDFName.of('Subtype'));
    const attachment: PdfAttachment = { filename, content };
    if (subtype instanceof PDFName) attachment.mimeType = subtype.decodeText();
    const description = text(spec.get(PDFName.of('Desc')));
    if (description !== undefined) attachment.description = description;
    out.push(attachment);
  };

  const visited = new Set<PDFObject>();
  const walkNameTree = (nodeObj: PDFObject | undefined, depth: number) => {
    const node = dict(nodeObj);
    if (!node || visited.has(node) || depth > MAX_NAME_TREE_DEPTH) return;
    visited.add(node);
    const names = array(node.get(PDFName.of('Names')));
    if (names) {
      for (let i = 0; i + 1 < names.size(); i += 2) addFileSpec(names.get(i + 1), text(lookup(names.get(i))));
    }
    const kids = array(node.get(PDFName.of('Kids')));
    if (kids) for (let i = 0; i < kids.size(); i++) walkNameTree(kids.get(i), depth + 1);
  };

  try {
    const catalog = doc.catalog;
    walkNameTree(dict(catalog.get(PDFName.of('Names')))?.get(PDFName.of('EmbeddedFiles')), 0);
    const af = array(catalog.get(PDFName.of('AF')));
    if (af) for (let i = 0; i < af.size(); i++) addFileSpec(af.get(i));
    for (const page of doc.getPages()) {
      const annots = array(page.node.get(PDFName.of('Annots')));
      if (!annots) continue;
      for (let i = 0; i < annots.size(); i++) {
        const annot = dict(annots.get(i));
        if (annot?.get(PDFName.of('Subtype')) === PDFName.of('FileAttachment'))
          addFileSpec(annot.get(PDFName.of('FS')));
      }
    }
  } catch (cause) {
    if (cause instanceof PdfReadError) throw cause;
    throw new PdfReadError(`damaged PDF structure: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
  return { attachments: out, holderName: readHolderName(doc) };
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

/** Never throws: a name that cannot be read is reported absent, not as a broken PDF. */
function readHolderName(doc: PDFDocument): HolderNameSources {
  const out: HolderNameSources = {};
  try {
    const info = infoHolderName(doc);
    if (info !== undefined) out.info = info;
  } catch {
    // absent
  }
  try {
    const xmp = xmpHolderName(doc);
    if (xmp !== undefined) out.xmp = xmp;
  } catch {
    // absent
  }
  try {
    const printed = printedHolderName(doc);
    if (printed !== undefined) out.text = printed;
  } catch {
    // absent
  }
  return out;
}

function infoHolderName(doc: PDFDocument): string | undefined {
  const ref = doc.context.trailerInfo.Info;
  const info = ref instanceof PDFRef ? doc.context.lookup(ref) : ref;
  if (!(info instanceof PDFDict)) return undefined;
  const value = info.get(PDFName.of(HOLDER_NAME_INFO_KEY));
  const resolved = value instanceof PDFRef ? doc.context.lookup(value) : value;
  const name = text(resolved);
  return name === undefined || name.length > 1000 ? undefined : name.normalize('NFC');
}

/** Larger XMP packets are not read (ours is about 2 KB). */
const MAX_XMP_BYTES = 256 * 1024;

function xmpHolderName(doc: PDFDocument): string | undefined {
  const ref = doc.catalog.get(PDFName.of('Metadata'));
  const stream = ref instanceof PDFRef ? doc.context.lookup(ref) : ref;
  if (!(stream instanceof PDFRawStream) || stream.getContentsSize() > MAX_XMP_BYTES) return undefined;
  const content = decodePDFRawStream(stream).decode();
  if (content.length > MAX_XMP_BYTES) return undefined;
  return holderNameFromXmp(new TextDecoder().decode(content));
}
