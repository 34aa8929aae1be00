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

const utf8 = new TextEncoder();

export function qrMatrix(text: string): QrMatrix {
  // Level M (15 % recovery): robust to a crease or a stain, still a small symbol for a URL.
  // One byte-mode segment: the library's search for the shortest mix of modes cost more than the
  // rest of the symbol (≈ 60 % of it), for the same symbol version with our verification URLs.
  // Made with mask 0, then given the mask the library would choose (see bestMasked).
  const { modules } = QRCode.create([{ data: utf8.encode(text), mode: 'byte' }], {
    errorCorrectionLevel: 'M',
    maskPattern: 0,
  });
  const { size } = modules;
  const dark = bestMasked(size, modules.data, modules.reservedBit);
  return { size, isDark: (r, c) => dark[r * size + c] === 1 };
}

/** Whether mask `p` (ISO/IEC 18004, 7.8.2) flips the module at row i, column j. */
function maskAt(p: number, i: number, j: number): boolean {
  switch (p) {
    case 0:
      return (i + j) % 2 === 0;
    case 1:
      return i % 2 === 0;
    case 2:
      return j % 3 === 0;
    case 3:
      return (i + j) % 3 === 0;
    case 4:
      return (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0;
    case 5:
      return ((i * j) % 2) + ((i * j) % 3) === 0;
    case 6:
      return (((i * j) % 2) + ((i * j) % 3)) % 2 === 0;
    default:
      return (((i * j) % 3) + ((i + j) % 2)) % 2 === 0;
  }
}

/** The 15 format bits for level M and mask `p`: BCH(15,5) code, then the fixed XOR (ISO/IEC 18004, 7.9). */
function formatBits(p: number): number {
  const data = p; // level M is 00
  let d = data << 10;
  for (let bit = 14; bit >= 10; bit--) if (d & (1 << bit)) d ^= 0x537 << (bit - 10);
  return ((data << 10) | d) ^ 0x5412;
}

/** Writes the format bits where the qrcode package writes them (its setupFormatInfo). */
function placeFormat(m: Uint8Array, size: number, bits: number): void {
  for (let i = 0; i < 15; i++) {
    const mod = (bits >> i) & 1;
    m[(i < 6 ? i : i < 8 ? i + 1 : size - 15 + i) * size + 8] = mod;
    m[8 * size + (i < 8 ? size - i - 1 : i < 9 ? 15 - i : 15 - i - 1)] = mod;
  }
  m[(size - 8) * size + 8] = 1;
}

/** The penalty score of a masked symbol (ISO/IEC 18004, 7.8.3), computed as the qrcode package computes it. */
function penalty(m: Uint8Array, size: number): number {
  let n1 = 0;
  let n3 = 0;
  for (let a = 0; a < size; a++) {
    // Row a and column a in one pass.
    let runRow = 0;
    let runCol = 0;
    let lastRow = -1;
    let lastCol = -1;
    let bitsRow = 0;
    let bitsCol = 0;
    for (let b = 0; b < size; b++) {
      const r = m[a * size + b]!;
      const c = m[b * size + a]!;
      if (r === lastRow) runRow++;
      else {
        if (runRow >= 5) n1 += 3 + runRow - 5;
        lastRow = r;
        runRow = 1;
      }
      if (c === lastCol) runCol++;
      else {
        if (runCol >= 5) n1 += 3 + runCol - 5;
        lastCol = c;
        runCol = 1;
      }
      bitsRow = ((bitsRow << 1) & 0x7ff) | r;
      bitsCol = ((bitsCol << 1) & 0x7ff) | c;
      if (b >= 10) {
        if (bitsRow === 0x5d0 || bitsRow === 0x05d) n3++;
        if (bitsCol === 0x5d0 || bitsCol === 0x05d) n3++;
      }
    }
    if (runRow >= 5) n1 += 3 + runRow - 5;
    if (runCol >= 5) n1 += 3 + runCol - 5;
  }
  let n2 = 0;
  for (let row = 0; row < size - 1; row++)
    for (let col = 0; col < size - 1; col++) {
      const at = row * size + col;
      const sum = m[at]! + m[at + 1]! + m[at + size]! + m[at + size + 1]!;
      if (sum === 4 || sum === 0) n2++;
    }
  let dark = 0;
  for (let i = 0; i < m.length; i++) dark += m[i]!;
  const k = Math.abs(Math.ceil((dark * 100) / m.length / 5) - 10);
  return n1 + 3 * n2 + 40 * n3 + 10 * k;
}

/**
 * The modules under the mask of lowest penalty (the first one on a tie), from the symbol made with
 * mask 0: the very symbol the qrcode package makes when it chooses (test/unit/passport/qr.test.ts).
 * Why not let it choose: it scores the masks through a method call per module, which in a fresh
 * isolate (code not compiled yet) was the larger part of the QR code's cost in a first render
 * (about 12 of 19 ms, profiled); here it is one pass over typed arrays per mask.
 */
function bestMasked(size: number, masked0: Uint8Array, reserved: Uint8Array): Uint8Array {
  const plain = masked0.slice();
  for (let i = 0; i < size; i++)
    for (let j = 0; j < size; j++) if (!reserved[i * size + j] && maskAt(0, i, j)) plain[i * size + j]! ^= 1;
  let best = masked0;
  let lowest = Infinity;
  for (let p = 0; p < 8; p++) {
    const m = plain.slice();
    for (let i = 0; i < size; i++)
      for (let j = 0; j < size; j++) if (!reserved[i * size + j] && maskAt(p, i, j)) m[i * size + j]! ^= 1;
    placeFormat(m, size, formatBits(p));
    const score = penalty(m, size);
    if (score < lowest) {
      lowest = score;
      best = m;
    }
  }
  return best;
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
