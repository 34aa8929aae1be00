/**
 * Evidence files: PDF, PNG or JPEG only, recognised by their first bytes (the declared type and
 * the file name are not trusted), at most MAX_FILE_BYTES each and MAX_EVIDENCE per competence, and
 * within each person's storage quota (EVIDENCE_QUOTA_MB).
 */
export const MiB = 1024 * 1024;
export const MAX_FILE_BYTES = 5 * MiB;
export const MAX_FILE_LABEL = '5 Mo';
export const MAX_EVIDENCE = 10;

export type EvidenceType = 'application/pdf' | 'image/png' | 'image/jpeg';

export function sniffEvidence(bytes: Uint8Array): EvidenceType | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (bytes.length >= 5 && starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf'; // %PDF-
  if (bytes.length >= 8 && starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (bytes.length >= 3 && starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  return null;
}

/** A file name safe to show and to put in Content-Disposition (no path, no control or quote). */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base
    .normalize('NFC')
    .replace(/[\p{Cc}"\\;]/gu, '')
    .trim()
    .slice(0, 120);
  return clean || 'preuve';
}

/** A size as people read it: « 1,5 Mo », « 300 Ko » (MiB and KiB, as the limits are written). */
export function sizeLabel(bytes: number, lang: 'fr' | 'en'): string {
  const [value, unit] =
    bytes >= MiB
      ? [Math.round((bytes / MiB) * 10) / 10, lang === 'fr' ? 'Mo' : 'MB']
      : [Math.ceil(bytes / 1024), lang === 'fr' ? 'Ko' : 'KB'];
  return `${value.toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB')} ${unit}`;
}
