// @types/pdfkit (0.17) lags pdfkit 0.20: these entry points are missing from it.
// src/passport/pdf.ts describes the part of the document API the passport uses.

declare module 'pdfkit/standard-fonts/Helvetica' {
  /** Metrics of a standard PDF font, as pdfkit's browser build expects in registerStdFonts(). */
  const font: { readonly name: 'Helvetica' } & Readonly<Record<string, unknown>>;
  export default font;
}
