/**
 * Mutation fuzzing of every reader of uploaded bytes: a corpus of real files (a passport PDF
 * rendered by our renderer, a baked PNG and SVG, the badge as JWT and as JSON, a committee's CSV
 * of links) and the hostile files of test/fixtures/hostile-files.ts, mutated (bit flips, byte
 * insertion and deletion, chunk duplication, truncation, splicing with another file, a number
 * rewritten) and fed to the verification service (verifyUpload: PDF reader and extraction, PNG and
 * SVG baking readers, JSON and JWT decoding; csvSources + verifyBulk for CSV), then a sample
 * through HTTP (POST /api/v1/verify as a file and as JSON, POST /api/v1/verify/bulk).
 *
 * Every input must come back as a verdict (or, for a CSV or JSON body the routes refuse, a 4xx
 * problem), no exception may escape, no answer may take 2 s, and nothing may be thrown out of
 * band (uncaught exception or unhandled rejection). Deterministic for a seed:
 * JALON_FUZZ_SEED=<n> JALON_FUZZ_RUNS=<n> npx vitest run --project node test/http/fuzz-readers.test.ts
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { concatBytes } from '../../src/lib/bytes.js';
import type { VerificationResult, VerifyContext } from '../../src/ob3/verify.js';
import { BULK_LIMITS, csvSources, verifyBulk } from '../../src/verification/bulk.js';
import { verifyContext, verifyUpload } from '../../src/verification/service.js';
import {
  bombPdf,
  deepJson,
  deepSvg,
  deflate,
  hugeChunkPng,
  latin1,
  manyChunksPng,
  nestedFlatePdf,
  randomBytes,
  sharedChildPdf,
} from '../fixtures/hostile-files.js';
import { api, apiTokenFor, bearer, createHarness, createUser, type Harness } from '../helpers/harness.js';
import { passportLearner } from '../helpers/passports.js';

const SEED = Number(process.env.JALON_FUZZ_SEED ?? 0x15_f022) >>> 0;
const RUNS = Number(process.env.JALON_FUZZ_RUNS ?? 2500);
/** Cases also sent through HTTP (the whole app: multipart, JSON body, bulk). */
const HTTP_RUNS = Math.max(40, Math.round(RUNS / 25));
const MAX_ANSWER_MS = 2000;
const REPLAY = `JALON_FUZZ_SEED=${SEED} JALON_FUZZ_RUNS=${RUNS}`;

/** mulberry32: small, deterministic. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
  };
}
type Rng = ReturnType<typeof prng>;

type Kind = 'file' | 'csv' | 'json';
interface Seed {
  name: string;
  kind: Kind;
  bytes: Uint8Array;
  /**
   * How often it is drawn, relative to others. A CSV case verifies a whole bulk with a fresh
   * context (its status lists rebuilt and signed), about ten times the cost of a file.
   */
  weight?: number;
}

const text = (s: string) => new TextEncoder().encode(s);
const INTERESTING = ['0', '1', '-1', '2', '7', '255', '65535', '2147483647', '4294967296', '99999999999', '1e9', '0.5'];

/** One mutation; each keeps the input within a few MB. */
const MUTATORS: { name: string; apply: (b: Uint8Array, rng: Rng, other: Uint8Array) => Uint8Array }[] = [
  {
    name: 'bit flips',
    apply(b, rng) {
      const out = b.slice();
      for (let n = 1 + rng.int(8); n > 0 && out.length > 0; n--) out[rng.int(out.length)]! ^= 1 << rng.int(8);
      return out;
    },
  },
  {
    name: 'byte insertion',
    apply(b, rng) {
      const at = rng.int(b.length + 1);
      const extra = Uint8Array.from({ length: 1 + rng.int(16) }, () =>
        rng.pick([0, 0x0a, 0x20, 0x25, 0x28, 0x3c, 0x5b, 0xff, rng.int(256)]),
      );
      return concatBytes([b.subarray(0, at), extra, b.subarray(at)]);
    },
  },
  {
    name: 'byte deletion',
    apply(b, rng) {
      const at = rng.int(b.length + 1);
      return concatBytes([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + rng.int(64)))]);
    },
  },
  {
    name: 'chunk duplication',
    apply(b, rng) {
      const from = rng.int(b.length + 1);
      const chunk = b.subarray(from, from + 1 + rng.int(2048));
      const at = rng.int(b.length + 1);
      return concatBytes([b.subarray(0, at), chunk, chunk, b.subarray(at)]);
    },
  },
  { name: 'truncation', apply: (b, rng) => b.subarray(0, rng.int(b.length + 1)) },
  {
    name: 'splicing',
    apply(b, rng, other) {
      const cut = rng.int(b.length + 1);
      const from = rng.int(other.length + 1);
      return concatBytes([b.subarray(0, cut), other.subarray(from, from + 1 + rng.int(4096))]);
    },
  },
  {
    // Lengths, offsets, counts and object numbers are decimal numbers in PDF, JSON and CSV.
    name: 'number rewritten',
    apply(b, rng) {
      let at = rng.int(b.length + 1);
      while (at < b.length && !(b[at]! >= 0x30 && b[at]! <= 0x39)) at++;
      let end = at;
      while (end < b.length && b[end]! >= 0x30 && b[end]! <= 0x39) end++;
      return concatBytes([b.subarray(0, at), latin1(rng.pick(INTERESTING)), b.subarray(end)]);
    },
  },
];

function draw(corpus: readonly Seed[], rng: Rng): Seed {
  const total = corpus.reduce((n, s) => n + (s.weight ?? 1), 0);
  let at = rng.int(total * 100) / 100;
  for (const seed of corpus) {
    at -= seed.weight ?? 1;
    if (at < 0) return seed;
  }
  return corpus[corpus.length - 1]!;
}

function mutate(seed: Seed, corpus: readonly Seed[], rng: Rng): { bytes: Uint8Array; how: string[] } {
  let bytes = seed.bytes;
  const how: string[] = [];
  for (let n = 1 + rng.int(3); n > 0; n--) {
    const m = rng.pick(MUTATORS);
    how.push(m.name);
    bytes = m.apply(bytes, rng, rng.pick(corpus).bytes);
  }
  return { bytes, how };
}

const isVerdict = (r: VerificationResult) =>
  typeof r.verified === 'boolean' && r.checks.length > 0 && r.checks.every((c) => typeof c.ok === 'boolean');

let h: Harness;
let committee: string;
const corpus: Seed[] = [];
/** Errors thrown out of band while the fuzzer runs (the process would end on them). */
const outOfBand: unknown[] = [];
const record = (err: unknown) => outOfBand.push(err);

beforeAll(async () => {
  process.on('uncaughtException', record);
  process.on('unhandledRejection', record);
  h = await createHarness();
  const mediator = await apiTokenFor(h, await createUser(h, h.boot.structure!.id, 'mediator'));
  committee = await apiTokenFor(h, await createUser(h, h.boot.hub.id, 'committee'));
  const learner = await passportLearner(h, mediator, { name: 'Hélène Lefèvre' }, ['S1', 'O1', 'C1']);
  const badge = learner.credentials.find((c) => c.kind !== 'passport') ?? learner.credentials[0]!;
  const get = async (path: string) => new Uint8Array(await (await api(h, null, path)).arrayBuffer());
  const id = badge.url.split('/').pop()!;
  const jwt = await get(`/credentials/${id}.jwt`);
  const links = learner.credentials.map((c) => c.url);
  corpus.push(
    { name: 'passport.pdf', kind: 'file', bytes: learner.pdf, weight: 3 },
    { name: 'badge.png', kind: 'file', bytes: await get(`/credentials/${id}.png`) },
    { name: 'badge.svg', kind: 'file', bytes: await get(`/credentials/${id}.svg`) },
    { name: 'badge.jwt', kind: 'file', bytes: jwt },
    { name: 'badge.json', kind: 'file', bytes: await get(`/credentials/${id}.json`) },
    {
      name: 'liens.csv',
      kind: 'csv',
      weight: 0.3,
      bytes: text(
        ['nom;lien', ...links.map((l, i) => `ligne ${i};${l}`), `jwt;${new TextDecoder().decode(jwt)}`].join('\r\n'),
      ),
    },
    { name: 'verify.json', kind: 'json', bytes: text(JSON.stringify({ credential: new TextDecoder().decode(jwt) })) },
    { name: 'hostile: huge PNG chunk', kind: 'file', bytes: hugeChunkPng() },
    { name: 'hostile: many PNG chunks', kind: 'file', bytes: manyChunksPng(5000) },
    { name: 'hostile: page DAG', kind: 'file', bytes: sharedChildPdf(16) },
    {
      name: 'hostile: flate twice',
      kind: 'file',
      bytes: bombPdf(await deflate(await deflate(new Uint8Array(8 << 20)))),
    },
    { name: 'hostile: nested flate', kind: 'file', bytes: await nestedFlatePdf() },
    { name: 'hostile: deep SVG', kind: 'file', bytes: deepSvg(3000) },
    { name: 'hostile: deep JSON', kind: 'file', bytes: latin1(deepJson(3000)) },
    { name: 'hostile: random PDF', kind: 'file', bytes: concatBytes([latin1('%PDF-1.7\n'), randomBytes(64 * 1024)]) },
  );
}, 60_000);

afterAll(() => {
  process.off('uncaughtException', record);
  process.off('unhandledRejection', record);
  h?.close();
});

/** One case through the service functions: a verdict, or a refusal the routes turn into a 4xx. */
async function throughService(kind: Kind, bytes: Uint8Array, ctx: VerifyContext): Promise<string> {
  if (kind === 'file' || kind === 'json') {
    const { results } = await verifyUpload(h.deps, bytes, {}, ctx);
    if (results.length === 0 || !results.every(isVerdict)) throw new Error('an answer without a verdict');
    return results.every((r) => r.verified) ? 'verified' : 'failed';
  }
  let sources: ReturnType<typeof csvSources>;
  try {
    sources = csvSources('liens.csv', new TextDecoder().decode(bytes), BULK_LIMITS.items);
  } catch (err) {
    if (err instanceof AppError && err.status < 500) return 'refused';
    throw err;
  }
  const report = await verifyBulk(h.deps, sources);
  if (report.items.length !== sources.length || !report.items.every((i) => i.checks.length > 0))
    throw new Error('a bulk report without one verdict per row');
  return 'bulk';
}

async function throughHttp(kind: Kind, bytes: Uint8Array): Promise<Response> {
  const form = new FormData();
  if (kind === 'json')
    return h.app.request('/api/v1/verify', {
      method: 'POST',
      body: bytes as Uint8Array<ArrayBuffer>,
      headers: { accept: 'application/json', 'content-type': 'application/json' },
    });
  form.set(
    kind === 'csv' ? 'csv' : 'file',
    new File([bytes as Uint8Array<ArrayBuffer>], kind === 'csv' ? 'l.csv' : 'f'),
  );
  return h.app.request(kind === 'csv' ? '/api/v1/verify/bulk' : '/api/v1/verify', {
    method: 'POST',
    body: form,
    headers: { accept: 'application/json', ...(kind === 'csv' ? bearer(committee) : {}) },
  });
}

describe(`mutation fuzzing of the readers of uploaded bytes (${REPLAY})`, () => {
  it('answers every mutated input with a verdict, within 2 s, nothing thrown', async () => {
    const rng = prng(SEED);
    const ctx = verifyContext(h.deps);
    const outcomes = new Map<string, number>();
    let slowest = { ms: 0, what: '' };
    const started = performance.now();
    const cpu = process.cpuUsage();
    for (let run = 0; run < RUNS; run++) {
      const seed = draw(corpus, rng);
      const { bytes, how } = mutate(seed, corpus, rng);
      const what = `case ${run} (${seed.name}: ${how.join(', ')}; ${REPLAY})`;
      const t0 = performance.now();
      let outcome: string;
      try {
        outcome = await throughService(seed.kind, bytes, ctx);
      } catch (err) {
        throw new Error(`${what}: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`, {
          cause: err,
        });
      }
      const ms = performance.now() - t0;
      if (ms > slowest.ms) slowest = { ms, what };
      expect(ms, what).toBeLessThan(MAX_ANSWER_MS);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    // Anything thrown out of band surfaces within a turn or two of the event loop.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(outOfBand, REPLAY).toEqual([]);
    console.info(
      `fuzz (service): ${RUNS} cases, seed ${SEED}, ${Math.round(performance.now() - started)} ms (CPU ${Math.round(process.cpuUsage(cpu).user / 1000)} ms); ${[...outcomes].map(([k, n]) => `${k} ${n}`).join(', ')}; slowest ${slowest.ms.toFixed(0)} ms — ${slowest.what}`,
    );
  }, 120_000);

  it('answers mutated uploads through HTTP below 500, within 2 s, nothing thrown', async () => {
    const rng = prng(SEED ^ 0x4854_5450);
    const statuses = new Map<number, number>();
    for (let run = 0; run < HTTP_RUNS; run++) {
      const seed = draw(corpus, rng);
      const { bytes, how } = mutate(seed, corpus, rng);
      const what = `HTTP case ${run} (${seed.name}: ${how.join(', ')}; ${REPLAY})`;
      const t0 = performance.now();
      const res = await throughHttp(seed.kind, bytes);
      const body = await res.text();
      const ms = performance.now() - t0;
      expect(res.status, `${what}: ${body.slice(0, 300)}`).toBeLessThan(500);
      if (res.status >= 400) expect(res.headers.get('content-type'), what).toMatch(/problem\+json/);
      else if (seed.kind !== 'csv') expect((JSON.parse(body) as { verdict?: unknown }).verdict, what).toBeDefined();
      expect(ms, what).toBeLessThan(MAX_ANSWER_MS);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(outOfBand, REPLAY).toEqual([]);
    console.info(
      `fuzz (HTTP): ${HTTP_RUNS} cases, seed ${SEED}; ${[...statuses].map(([k, n]) => `${k}×${n}`).join(', ')}`,
    );
  }, 120_000);
});
