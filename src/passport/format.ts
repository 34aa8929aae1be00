/** Text helpers for the passport's metadata (dates are written by src/lib/dates.ts). */

/** Keeps XMP metadata well-formed: pdfkit writes Title/Author/Subject into XML without escaping. */
export function metadataSafe(text: string): string {
  return text.replace(/&/g, ' et ').replace(/[<>]/g, ' ').replace(/\s+/g, ' ').trim();
}
