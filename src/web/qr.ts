import { escapeXml } from '../lib/text.js';
import { QR_QUIET_ZONE, qrBars, qrMatrix } from '../passport/qr.js';

/**
 * A QR code as an inline SVG (vector, crisp when printed; the same module matrix as the PDF).
 * `label` is its accessible name.
 */
export function qrSvg(text: string, label: string, sizeCss = '14rem'): string {
  const m = qrMatrix(text);
  const side = m.size + 2 * QR_QUIET_ZONE;
  const bars = qrBars(m)
    .map((b) => `M${b.x + QR_QUIET_ZONE} ${b.y + QR_QUIET_ZONE}h${b.w}v1h-${b.w}z`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" width="${sizeCss}" height="${sizeCss}" role="img" aria-label="${escapeXml(label)}" shape-rendering="crispEdges"><rect width="${side}" height="${side}" fill="#fff"/><path d="${bars}" fill="#000"/></svg>`;
}
