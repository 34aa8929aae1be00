/** Small text helpers every layer shares: the form of an e-mail address, XML escaping, French plurals. */

/**
 * The one form of an e-mail address, for accounts, invitations and the hashed recipient of a badge
 * (the two must agree): Unicode NFC, trimmed, lower case (the whole address: in practice mailbox
 * local parts are case-insensitive). For an ASCII address NFC changes nothing.
 */
export function normaliseEmail(email: string): string {
  return email.normalize('NFC').trim().toLowerCase();
}

const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text for XML content or a quoted attribute (SVG, XMP): the five markup characters as entities. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => XML_ENTITIES[ch]!);
}

/**
 * `plural(n, '# badge délivré', '# badges délivrés')`, `#` standing for `n`. French counts 0 and 1
 * as singular (« 0 badge », « 1 badge », « 2 badges »).
 */
export function plural(n: number, one: string, many: string): string {
  return (Math.abs(n) < 2 ? one : many).replace('#', String(n));
}
