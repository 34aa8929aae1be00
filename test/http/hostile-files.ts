/**
 * Hostile uploads against the real Node server (@hono/node-server on a loopback port): each family
 * of small files that used to freeze the event loop or exhaust memory is sent to POST
 * /api/v1/verify and POST /verifier while /healthz is polled; each must come back as one failed
 * verification item, quickly, and /healthz must keep answering. The process must also survive a
 * file that used to end it (nested FlateDecode, sent 280 times), and a committee's bulk of 1,000
 * hostile PDFs must not hold the event loop.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { constants, createDeflate, deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bombPdf,
  concat,
  deepJson,
  deepSvg,
  hugeChunkPng,
  hugeJwt,
  latin1,
  manyChunksPng,
  nestedFlatePdf,
  randomBytes,
  sharedChildPdf,
} from '../fixtures/hostile-files.js';

let server: ChildProcess;
let base: string;
/** API token of a committee member of the server's hub (bulk verification). */
let committee: string;
/** What the server wrote to stderr (an uncaught exception, when it dies). */
let serverErrors = '';

beforeAll(async () => {
  // The server runs in its own process (test/helpers/serve.ts): /healthz latency is the server's.
  server = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../helpers/serve.ts')], {
    cwd: join(import.meta.dirname, '../..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stderr!.on('data', (chunk: Buffer) => {
    serverErrors += chunk.toString();
    process.stderr.write(chunk);
  });
  const port = await new Promise<string>((resolve, reject) => {
    server.once('exit', (code) => reject(new Error(`server exited (${code})`)));
    let out = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      committee = /committee-token (\S+)/.exec(out)?.[1] ?? '';
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
  });
  base = `http://127.0.0.1:${port}`;
}, 60_000);
afterAll(async () => {
  if (server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
});

// ------------------------------------------------------------------ hostile files, built here

/** Zlib stream of 1 GiB of zeros (1 MiB blocks after full flushes, repeated), about 1 MB. */
async function gigabyteOfZeros(): Promise<Uint8Array> {
  const deflate = createDeflate({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const block = async () => {
    deflate.write(Buffer.alloc(1 << 20));
    await new Promise<void>((resolve) => deflate.flush(constants.Z_FULL_FLUSH, () => resolve()));
    return Buffer.concat(out.splice(0));
  };
  const first = await block();
  const next = await block();
  deflate.close();
  return concat([first, ...Array.from({ length: 1023 }, () => next)]);
}

/** FlateDecode twice over 1 GiB of zeros: a 2.5 KB stream. */
const gigabyteBombPdf = async () => bombPdf(deflateSync(await gigabyteOfZeros(), { level: 9 }));

interface Family {
  name: string;
  bytes: Uint8Array;
  filename: string;
}

// ------------------------------------------------------------------ measuring

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
}

/** Polls /healthz every 20 ms until stopped; returns every latency. */
function pollHealth() {
  const latencies: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const { value, ms } = await timed(() => fetch(`${base}/healthz`));
      expect(value.status).toBe(200);
      await value.arrayBuffer();
      latencies.push(ms);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    latencies,
    async stop() {
      running = false;
      await loop;
      return latencies;
    },
  };
}

async function anonymousForm(): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${base}/verifier`, { headers: { accept: 'text/html' } });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await res.text())![1]!;
  return { cookie, csrf };
}

interface VerifyAnswer {
  verified: boolean;
  checks: { id: string; ok: boolean; message: string; messageEn: string }[];
  summary: string;
}

describe('hostile files sent to the verifier', () => {
  it('are each one failed item with a plain message, answered fast, while /healthz stays under 200 ms', async () => {
    const families: Family[] = [
      { name: '36-byte PNG declaring a 0x7fffffff chunk', bytes: hugeChunkPng(), filename: 'a.png' },
      { name: 'PNG with 120k chunks', bytes: manyChunksPng(), filename: 'b.png' },
      { name: 'PDF page tree sharing a child twice per level, depth 30', bytes: sharedChildPdf(), filename: 'c.pdf' },
      { name: 'PDF attachment: FlateDecode twice over 1 GiB', bytes: await gigabyteBombPdf(), filename: 'd.pdf' },
      { name: 'SVG with 100k nested elements', bytes: deepSvg(), filename: 'e.svg' },
      {
        name: '%PDF-1.7 and 8 MB of random bytes',
        bytes: concat([latin1('%PDF-1.7\n'), randomBytes(8 * 1024 * 1024)]),
        filename: 'f.pdf',
      },
      { name: 'JSON nested 200k deep', bytes: latin1(deepJson()), filename: 'g.json' },
      { name: '6 MB JWT', bytes: latin1(hugeJwt()), filename: 'h.jwt' },
    ];
    const bomb = families[3]!.bytes;
    expect(bomb.length).toBeLessThan(4096);
    expect(families[0]!.bytes.length).toBe(36);

    const form = await anonymousForm();
    // Bodies are built before the clock starts: the test process only sends bytes meanwhile.
    const bodies = await Promise.all(
      families.map(async (family) => {
        const multipart = (fields: Record<string, string>) => {
          const data = new FormData();
          for (const [k, v] of Object.entries(fields)) data.set(k, v);
          data.set('file', new File([family.bytes as Uint8Array<ArrayBuffer>], family.filename));
          const request = new Request('http://x/', { method: 'POST', body: data });
          return request.arrayBuffer().then((bytes) => ({ bytes, type: request.headers.get('content-type')! }));
        };
        return { api: await multipart({}), page: await multipart({ _csrf: form.csrf }) };
      }),
    );
    const health = pollHealth();
    const figures: string[] = [];
    try {
      for (const [n, family] of families.entries()) {
        const pollsBefore = health.latencies.length;
        const { api, page } = bodies[n]!;
        const viaApi = await timed(() =>
          fetch(`${base}/api/v1/verify`, {
            method: 'POST',
            body: api.bytes,
            headers: { accept: 'application/json', 'content-type': api.type },
          }),
        );
        expect(viaApi.value.status, family.name).toBe(200);
        const answer = (await viaApi.value.json()) as VerifyAnswer;
        expect(answer.verified, family.name).toBe(false);
        const parse = answer.checks.find((c) => c.id === 'parse')!;
        expect(parse.ok, family.name).toBe(false);
        expect(parse.message, family.name).toMatch(/[a-z]/);
        expect(parse.messageEn, family.name).toMatch(/[a-z]/);
        expect(viaApi.ms, family.name).toBeLessThan(1000);

        const viaPage = await timed(() =>
          fetch(`${base}/verifier`, {
            method: 'POST',
            body: page.bytes,
            headers: { accept: 'text/html', cookie: form.cookie, 'content-type': page.type },
          }),
        );
        expect(viaPage.value.status, family.name).toBe(200);
        const html = await viaPage.value.text();
        expect(html, family.name).toContain(parse.message.replace(/&/g, '&amp;'));
        expect(viaPage.ms, family.name).toBeLessThan(1000);
        const during = health.latencies.slice(pollsBefore);
        figures.push(
          `${family.name} (${family.bytes.length} B): API ${viaApi.ms.toFixed(0)} ms, page ${viaPage.ms.toFixed(0)} ms, /healthz worst ${Math.max(0, ...during).toFixed(0)} ms — ${parse.messageEn}`,
        );
      }
    } finally {
      const latencies = await health.stop();
      const worst = Math.max(...latencies);
      figures.push(`/healthz: ${latencies.length} polls, worst ${worst.toFixed(0)} ms`);
      console.info(`hostile files:\n  ${figures.join('\n  ')}`);
      expect(latencies.length).toBeGreaterThan(5);
      expect(worst).toBeLessThan(200);
    }
  });

  it('answers deep JSON and a huge JWT sent as JSON bodies with a problem or a failed item, never a 5xx', async () => {
    const deep = await fetch(`${base}/api/v1/verify`, {
      method: 'POST',
      body: deepJson(),
      headers: { 'content-type': 'application/json', accept: 'application/json' },
    });
    expect(deep.status).toBe(400);
    expect(deep.headers.get('content-type')).toMatch(/problem\+json/);
    const nested = `{"credential":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`;
    const tooDeep = await fetch(`${base}/api/v1/verify`, {
      method: 'POST',
      body: nested,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
    });
    expect(tooDeep.status).toBe(200);
    const answer = (await tooDeep.json()) as VerifyAnswer;
    expect(answer.checks[0]!.messageEn).toMatch(/nested too deeply/);
    const jwt = await fetch(`${base}/api/v1/verify`, {
      method: 'POST',
      body: JSON.stringify({ credential: `eyJhbGciOiJFUzI1NiJ9.${'A'.repeat(900_000)}.c2ln` }),
      headers: { 'content-type': 'application/json', accept: 'application/json' },
    });
    expect(jwt.status).toBe(200);
    expect(((await jwt.json()) as VerifyAnswer).checks[0]!.messageEn).toMatch(/too long/);
  });

  it('stays up through 280 nested-flate PDFs (220 one at a time, then 60 at once), each a 200 failed verdict', async () => {
    const bytes = await nestedFlatePdf();
    expect(bytes.length).toBeLessThan(1024);
    const form = new FormData();
    form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], 'passeport.pdf'));
    const request = new Request('http://x/', { method: 'POST', body: form });
    const body = await request.arrayBuffer();
    const type = request.headers.get('content-type')!;
    const send = async () => {
      const res = await fetch(`${base}/api/v1/verify`, {
        method: 'POST',
        body,
        headers: { accept: 'application/json', 'content-type': type },
      });
      return { status: res.status, answer: (await res.json()) as VerifyAnswer };
    };
    const answers: Awaited<ReturnType<typeof send>>[] = [];
    try {
      for (let i = 0; i < 220; i++) answers.push(await send());
      answers.push(...(await Promise.all(Array.from({ length: 60 }, send))));
    } catch (err) {
      // A refused connection means the process ended: show why.
      throw new Error(
        `request ${answers.length + 1} failed (server exit code ${server.exitCode}): ${serverErrors.trim().split('\n').slice(0, 3).join(' / ')}`,
        { cause: err },
      );
    }
    expect(answers).toHaveLength(280);
    for (const { status, answer } of answers) {
      expect(status).toBe(200);
      expect(answer.verified).toBe(false);
      expect(answer.checks[0]).toMatchObject({ id: 'parse', ok: false });
    }
    expect(answers[0]!.answer.checks[0]!.messageEn).toMatch(/too complex|unreadable/);
    expect(server.exitCode).toBeNull();
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('keeps /healthz under 1 s while a committee verifies 1,000 page-DAG PDFs in one bulk', async () => {
    // About 6 KB each, 6 MiB in all: each PDF costs a few milliseconds to refuse, 1,000 of them seconds.
    const dag = sharedChildPdf(80);
    const form = new FormData();
    for (let i = 0; i < 1000; i++) form.append('file', new File([dag as Uint8Array<ArrayBuffer>], `dag-${i}.pdf`));
    const request = new Request('http://x/', { method: 'POST', body: form });
    const body = await request.arrayBuffer();
    const type = request.headers.get('content-type')!;
    expect(body.byteLength).toBeGreaterThan(5 * 1024 * 1024);
    const health = pollHealth();
    let bulk: { value: Response; ms: number };
    try {
      await new Promise((resolve) => setTimeout(resolve, 50));
      bulk = await timed(() =>
        fetch(`${base}/api/v1/verify/bulk`, {
          method: 'POST',
          body,
          headers: { accept: 'application/json', 'content-type': type, authorization: `Bearer ${committee}` },
        }),
      );
      expect(bulk.value.status).toBe(200);
      const report = (await bulk.value.json()) as { totals: { items: number; verified: number } };
      expect(report.totals).toMatchObject({ items: 1000, verified: 0 });
    } finally {
      await health.stop();
    }
    const worst = Math.max(...health.latencies);
    console.info(
      `bulk of 1,000 page-DAG PDFs (${(body.byteLength / 2 ** 20).toFixed(1)} MiB): ${bulk.ms.toFixed(0)} ms; /healthz ${health.latencies.length} polls, worst ${worst.toFixed(0)} ms`,
    );
    expect(health.latencies.length).toBeGreaterThan(3);
    expect(worst).toBeLessThan(1000);
  });
});
