/**
 * The holder's name as the passport PDF carries it for a verifier: a custom document Info entry and
 * an XMP property, both exact (NFC), and the printed text itself, in a structure element titled
 * HOLDER_NAME_STRUCT_TITLE (read back by printed-text.ts). Readers compare them: a PDF whose name
 * was edited in one place and not the others is reported as altered.
 */
import { escapeXml } from '../lib/text.js';

/** Custom entry of the document Info dictionary (a PDF text string, UTF-16 when needed). */
export const HOLDER_NAME_INFO_KEY = 'JalonHolderName';

/** Title (/T) of the structure element that holds the printed name, so that a reader finds it on the page. */
export const HOLDER_NAME_STRUCT_TITLE = 'Titulaire';

/** XMP namespace of Jalon's passport properties (a URN: no web page is claimed). */
export const XMP_NAMESPACE = 'urn:jalon:passport:1.0#';
const XMP_PROPERTY = 'holderName';

/** The rdf:Description that carries the name inside the XMP packet (pdfkit copies it as is: escaped here). */
export function holderNameXmp(name: string): string {
  return `
        <rdf:Description rdf:about="" xmlns:jalon="${XMP_NAMESPACE}">
            <jalon:${XMP_PROPERTY}>${escapeXml(name)}</jalon:${XMP_PROPERTY}>
        </rdf:Description>
        `;
}

const MAX_XMP_CHARS = 256 * 1024;

/** The name read back from an XMP packet: only our property, in our namespace's prefix; entities decoded. */
export function holderNameFromXmp(xmp: string): string | undefined {
  if (xmp.length > MAX_XMP_CHARS) return undefined;
  // The prefix must be bound to our namespace in the packet (another `jalon:` means nothing to us).
  if (!xmp.includes(`xmlns:jalon="${XMP_NAMESPACE}"`)) return undefined;
  const m = /<jalon:holderName>([^<]{0,1000})<\/jalon:holderName>/.exec(xmp);
  return m ? decodeXmlText(m[1]!).normalize('NFC') : undefined;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXmlText(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g, (whole, ref: string) => {
    if (ref in NAMED) return NAMED[ref]!;
    const code = ref.startsWith('#x') ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
