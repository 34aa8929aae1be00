/**
 * QR code as vector rectangles: the qrcode package's browser build (used in Workers) cannot make
 * a PNG, and vectors print sharp at any size. Pure: modules → rectangles in module units.
 */
import QRCode from 'qrcode';

/** Light modules around the symbol, as the QR specification asks (4). */
export const QR_QUIET_ZONE = 4;

export interface QrMatrix {
  size: number;
  isDark(row: number, col: number): boolean;
}

export function qrMatrix(text: string): QrMatrix {
  // Level M (15 % recovery): robust to a crease or a stain, still a small symbol for a URL.
  // One byte-mode segment: the library's search for the shortest mix of modes cost more than the
  // rest of the symbol (≈ 60 % of it), for the same symbol version with our verification URLs.
  const { modules } = QRCode.create([{ data: new TextEncoder().encode(text), mode: 'byte' }], {
    errorCorrectionLevel: 'M',
  });
  return { size: modules.size, isDark: (r, c) => Boolean(modules.get(r, c)) };
}

/** Dark modules merged into horizontal bars (fewer, larger rectangles: smaller PDF, faster). Units: modules, quiet zone excluded. */
export function qrBars(m: QrMatrix): { x: number; y: number; w: number }[] {
  const bars: { x: number; y: number; w: number }[] = [];
  for (let r = 0; r < m.size; r++) {
    for (let c = 0; c < m.size; ) {
      if (!m.isDark(r, c)) {
        c++;
        continue;
      }
      let end = c;
      while (end < m.size && m.isDark(r, end)) end++;
      bars.push({ x: c, y: r, w: end - c });
      c = end;
    }
  }
  return bars;
}
