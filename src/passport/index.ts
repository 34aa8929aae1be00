export { renderPassportPdf } from './render.js';
export {
  extractPdfAttachments,
  extractPdfContents,
  PdfReadError,
  type HolderNameSources,
  type PdfAttachment,
  type PdfContents,
} from './extract.js';
export type {
  BadgeStatus,
  PassportAttachment,
  PassportBadge,
  PassportCompetence,
  PassportLetter,
  PassportLevel,
  PassportView,
} from './view.js';
