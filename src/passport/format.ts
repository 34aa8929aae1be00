/** French wording helpers for the passport (plain words, no abbreviations). */

const MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];

/** "2026-03-01" → "1er mars 2026"; anything else is returned unchanged. */
export function frenchDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!m) return isoDate;
  const day = Number(m[3]);
  const month = MONTHS[Number(m[2]) - 1];
  if (!month || day < 1 || day > 31) return isoDate;
  return `${day === 1 ? '1er' : day} ${month} ${m[1]}`;
}

/** Keeps XMP metadata well-formed: pdfkit writes Title/Author/Subject into XML without escaping. */
export function metadataSafe(text: string): string {
  return text.replace(/&/g, ' et ').replace(/[<>]/g, ' ').replace(/\s+/g, ' ').trim();
}
