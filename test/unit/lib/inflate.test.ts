/**
 * The bounded inflate every reader of uploaded compressed bytes uses (src/lib/inflate.ts): exact
 * output, overflow and damage reported as values, the caller's budget honoured between slices,
 * and nothing thrown out of band — the Node 20 crash of a cancelled DecompressionStream.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type InflateResult, inflateBounded } from '../../../src/lib/inflate.js';
import { extractPdfContents, PdfLimitError } from '../../../src/passport/extract.js';
import { concat, deflate, latin1, nestedFlatePdf, randomBytes } from '../../fixtures/hostile-files.js';

describe('inflateBounded', () => {
  it('gives back exactly what was compressed, as zlib (PDF FlateDecode) and as gzip (status lists)', async () => {
    const data = randomBytes(300_000).map((b) => b & 0x0f);
    const same = (r: InflateResult) => r.ok && Buffer.from(r.bytes).equals(data);
    const zlib = await deflate(data);
    expect(same(await inflateBounded(zlib, { format: 'zlib', maxBytes: data.length }))).toBe(true);
    expect(same(await inflateBounded(gzipSync(data), { format: 'gzip', maxBytes: data.length }))).toBe(true);
    // An end of line counted in a wrong /Length follows the Adler-32: ignored, as zlib does.
    const eol = concat([zlib, latin1('\r\n')]);
    expect(same(await inflateBounded(eol, { format: 'zlib', maxBytes: data.length }))).toBe(true);
  });

  it('reports a bomb as too large, quickly, without producing all of it', async () => {
    const bomb = gzipSync(new Uint8Array(32 * 1024 * 1024));
    let slices = 0;
    const started = performance.now();
    const result = await inflateBounded(bomb, {
      format: 'gzip',
      maxBytes: 1024 * 1024,
      between: async () => {
        slices++;
      },
    });
    expect(result).toEqual({ ok: false, reason: 'too-large' });
    // 1 MiB of zeros is about 1 KB of input: the work stops a slice or two (of 1 KB) later.
    expect(slices).toBeLessThan(4);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('reports damaged, truncated or empty input as damaged, never by throwing', async () => {
    const good = await deflate(new TextEncoder().encode('un badge signé'.repeat(200)));
    const badChecksum = good.slice();
    badChecksum[badChecksum.length - 1]! ^= 1;
    const cases = [
      new Uint8Array(),
      randomBytes(5000),
      good.subarray(0, good.length - 10),
      good.subarray(2),
      badChecksum,
    ];
    for (const bytes of cases)
      expect(await inflateBounded(bytes, { format: 'zlib', maxBytes: 1 << 20 })).toEqual({
        ok: false,
        reason: 'damaged',
      });
    for (const bytes of [good, new Uint8Array(3), gzipSync(latin1('liste')).subarray(0, 20)])
      expect(await inflateBounded(bytes, { format: 'gzip', maxBytes: 1 << 20 })).toEqual({
        ok: false,
        reason: 'damaged',
      });
  });

  it('passes the error of its caller’s budget through (a time limit stops the work)', async () => {
    const big = await deflate(randomBytes(64 * 1024));
    const stop = new Error('time budget');
    await expect(
      inflateBounded(big, {
        format: 'zlib',
        maxBytes: 1 << 20,
        between: () => Promise.reject(stop),
      }),
    ).rejects.toBe(stop);
  });
});

describe('the PDF reader on nested FlateDecode (4 MiB of zeros deflated four times)', () => {
  it('refuses it as too complex 200 times, 150 one after another and 50 at once, nothing thrown out of band', async () => {
    const outOfBand: unknown[] = [];
    const record = (err: unknown) => outOfBand.push(err);
    process.on('uncaughtException', record);
    try {
      const bytes = await nestedFlatePdf();
      const outcome = (read: Promise<unknown>) =>
        read.then(
          () => 'read',
          (err: unknown) => (err instanceof PdfLimitError ? 'too complex' : String(err)),
        );
      const outcomes: string[] = [];
      for (let i = 0; i < 150; i++) outcomes.push(await outcome(extractPdfContents(bytes)));
      outcomes.push(...(await Promise.all(Array.from({ length: 50 }, () => outcome(extractPdfContents(bytes))))));
      expect(new Set(outcomes)).toEqual(new Set(['too complex']));
      // A stream's late output would land within a turn or two of the event loop.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(outOfBand).toEqual([]);
    } finally {
      process.off('uncaughtException', record);
    }
  });
});
