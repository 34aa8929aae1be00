import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import {
  bombPdf,
  deepJson,
  deepSvg,
  hugeChunkPng,
  latin1,
  manyChunksPng,
  nestedFlatePdf,
  sharedChildPdf,
} from '../fixtures/hostile-files.js';
import { BASE } from './helpers.js';

/** The bounded readers inside workerd: hostile uploads are failed items, answered quickly. */

/** Deflates a stream of `chunks` × 1 MiB of zeros (never all in memory). */
async function deflateZeros(chunks: number): Promise<Uint8Array> {
  let sent = 0;
  const zeros = new ReadableStream<BufferSource>({
    pull(controller) {
      if (sent++ < chunks) controller.enqueue(new Uint8Array(1 << 20));
      else controller.close();
    },
  });
  return new Uint8Array(await new Response(zeros.pipeThrough(new CompressionStream('deflate'))).arrayBuffer());
}

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe('hostile files inside workerd', () => {
  it('are each one failed verification item with a plain message, answered within a second', async () => {
    const n = 50_000;
    const families: [string, Uint8Array, string][] = [
      ['a.png', hugeChunkPng(), 'PNG'],
      ['b.png', manyChunksPng(), 'image'],
      ['c.pdf', sharedChildPdf(), 'PDF'],
      ['d.pdf', bombPdf(await deflate(await deflateZeros(256))), 'PDF'],
      ['e.svg', deepSvg(n), 'image'],
      ['f.json', latin1(deepJson(100_000)), 'nested'],
      ['g.pdf', await nestedFlatePdf(), 'PDF'],
    ];
    for (const [name, bytes, word] of families) {
      const form = new FormData();
      form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], name));
      const started = Date.now();
      const res = await SELF.fetch(`${BASE}/api/v1/verify`, { method: 'POST', body: form });
      const elapsed = Date.now() - started;
      expect(res.status, name).toBe(200);
      const body = (await res.json()) as {
        verified: boolean;
        checks: { id: string; ok: boolean; messageEn: string }[];
      };
      expect(body.verified, name).toBe(false);
      expect(body.checks[0]!.ok, name).toBe(false);
      expect(body.checks[0]!.messageEn, name).toContain(word);
      expect(elapsed, name).toBeLessThan(1000);
    }
  });
});
