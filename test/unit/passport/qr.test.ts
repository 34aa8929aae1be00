/**
 * The passport's QR code chooses its mask itself (src/passport/qr.ts, for a first render's sake):
 * the symbol must be exactly the one the qrcode package makes when it chooses.
 */
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { qrMatrix } from '../../../src/passport/qr.js';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-';

describe('passport QR code', () => {
  it('is the symbol the qrcode package makes, mask included, for addresses of every length up to version 16 (version information from 7)', () => {
    const masks = new Set<number | undefined>();
    for (let length = 1; length < 400; length += 3) {
      for (let seed = 0; seed < 3; seed++) {
        let id = '';
        for (let i = 0; i < length; i++) id += ALPHABET[(i * 7 + seed * 13 + length) % ALPHABET.length];
        const url = `https://jalon.example.org/verifier/${id}`;
        const reference = QRCode.create([{ data: new TextEncoder().encode(url), mode: 'byte' }], {
          errorCorrectionLevel: 'M',
        });
        masks.add(reference.maskPattern);
        const ours = qrMatrix(url);
        expect(ours.size, url).toBe(reference.modules.size);
        let same = true;
        for (let r = 0; r < ours.size && same; r++)
          for (let c = 0; c < ours.size && same; c++) same = ours.isDark(r, c) === Boolean(reference.modules.get(r, c));
        expect(same, url).toBe(true);
      }
    }
    // Every mask was the best one for some address: the comparison covered all eight.
    expect([...masks].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});
