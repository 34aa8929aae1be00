export { renderPassportPdf } from './render.js';
export { extractPdfAttachments, PdfReadError, type PdfAttachment } from './extract.js';
export type {
  BadgeStatus,
  PassportAttachment,
  PassportBadge,
  PassportCompetence,
  PassportLetter,
  PassportLevel,
  PassportView,
} from './view.js';
