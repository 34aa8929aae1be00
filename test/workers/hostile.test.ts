import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { BASE } from './helpers.js';

/** The bounded readers inside workerd: hostile uploads are failed items, answered quickly. */

const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function hugeChunkPng(): Uint8Array {
  const out = new Uint8Array(36);
  out.set(SIGNATURE);
  new DataView(out.buffer).setUint32(8, 0x7fffffff);
  out.set(latin1('IHDR'), 12);
  return out;
}

function manyChunksPng(n = 120_000): Uint8Array {
  const out = new Uint8Array(8 + n * 12 + 12);
  out.set(SIGNATURE);
  for (let i = 0; i < n; i++) out.set(latin1('tEXt'), 8 + i * 12 + 4);
  out.set(latin1('IEND'), 8 + n * 12 + 4);
  return out;
}

function pdf(objects: (string | Uint8Array)[]): Uint8Array {
  const parts: Uint8Array[] = [latin1('%PDF-1.7\n')];
  objects.forEach((body, i) => {
    parts.push(latin1(`${i + 1} 0 obj\n`), typeof body === 'string' ? latin1(body) : body, latin1('\nendobj\n'));
  });
  parts.push(latin1(`trailer\n<< /Root 1 0 R >>\n%%EOF\n`));
  return concat(parts);
}

function sharedChildPdf(depth = 30): Uint8Array {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>'];
  for (let level = 0; level < depth; level++)
    objects.push(`<< /Type /Pages /Kids [${level + 3} 0 R ${level + 3} 0 R] >>`);
  objects.push('<< /Type /Page >>');
  return pdf(objects);
}

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

async function bombPdf(): Promise<Uint8Array> {
  const data = await deflate(await deflateZeros(256));
  return pdf([
    '<< /Type /Catalog /Names << /EmbeddedFiles << /Names [(c.jwt) 2 0 R] >> >> >>',
    '<< /Type /Filespec /F (c.jwt) /EF << /F 3 0 R >> >>',
    concat([
      latin1(`<< /Filter [/FlateDecode /FlateDecode] /Length ${data.length} >>\nstream\n`),
      data,
      latin1('\nendstream'),
    ]),
  ]);
}

describe('hostile files inside workerd', () => {
  it('are each one failed verification item with a plain message, answered within a second', async () => {
    const n = 50_000;
    const families: [string, Uint8Array, string][] = [
      ['a.png', hugeChunkPng(), 'PNG'],
      ['b.png', manyChunksPng(), 'image'],
      ['c.pdf', sharedChildPdf(), 'PDF'],
      ['d.pdf', await bombPdf(), 'PDF'],
      ['e.svg', latin1(`<svg xmlns="http://www.w3.org/2000/svg">${'<g>'.repeat(n)}${'</g>'.repeat(n)}</svg>`), 'image'],
      ['f.json', latin1(`{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`), 'nested'],
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
