/**
 * Jalon benchmarks: `npm run bench` (full suite, ~2 minutes), `npx tsx bench/run.ts --quick`
 * (smoke run, a few iterations), `--write` to (re)write BENCHMARKS.md with the figures and the
 * Workers bundle size (`--no-bundle` skips the wrangler dry run), `--json` to end the output with
 * one line holding one JSON object: the headline figures and their ratios to the machine's limits
 * (issue 20), all from this run.
 *
 * Everything runs on the real app over a real libSQL file (WAL, as `npm start` opens it) in a
 * temporary directory. Each row warms up, then runs within a time budget; only the operation is
 * timed (set-up, bulk inserts and account creation are not). Not part of `npm test`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { statusListJwt } from '../src/issuing/status.js';
import { findKey, findStatusList } from '../src/issuing/store.js';
import { parseDidUrl } from '../src/ob3/did.js';
import type { EcJwk } from '../src/ob3/types.js';
import type { ColdInput } from './cold.js';
import { apiToken, createBenchEnv, createMember } from './lib/env.js';
import { BUNDLE_COMMAND, bundleSize, fileBytes, loadAverage, machine } from './lib/machine.js';
import { profile, rowOf, type Row } from './lib/measure.js';
import { interpretation, type BundleFacts } from './lib/interpret.js';
import { markdownTable, textTable } from './lib/report.js';
import { passportRows } from './passport.js';
import { batchIssuingRow } from './suites/batch.js';
import { limitsSuite, type HttpLoad } from './suites/limits.js';
import { bulkSuite } from './suites/bulk.js';
import { dataIntegritySuite } from './suites/data-integrity.js';
import { imagesSuite } from './suites/images.js';
import { grownIssuingRows, issuingSuite } from './suites/issuing.js';
import { realPassportView, verifyingSuite, type VerifyingOutput } from './suites/verifying.js';

const args = new Set(process.argv.slice(2));
for (const a of args)
  if (!['--quick', '--write', '--no-bundle', '--json'].includes(a))
    throw new Error(`unknown option ${a} (--quick, --write, --no-bundle, --json)`);
const quick = args.has('--quick');
const p = profile(quick);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const started = performance.now();
const loadBefore = loadAverage();
const log = (s: string) => process.stderr.write(`${s}\n`);

/** Cold first calls, each in a fresh process (see bench/cold.ts). */
function coldRows(input: ColdInput, repeats: number): Row[] {
  const dir = mkdtempSync(join(tmpdir(), 'jalon-bench-cold-'));
  const file = join(dir, 'input.json');
  writeFileSync(file, JSON.stringify(input));
  const samples = new Map<string, number[]>();
  try {
    for (let i = 0; i < repeats; i++) {
      for (const mode of ['badge', 'schema', 'passport']) {
        const res = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench/cold.ts'), mode, file], {
          cwd: root,
          encoding: 'utf8',
          timeout: 60_000,
        });
        if (res.status !== 0) throw new Error(`cold ${mode}: ${res.stderr || res.error?.message}`);
        const values = JSON.parse(res.stdout.trim().split('\n').pop()!) as Record<string, number>;
        for (const [k, v] of Object.entries(values)) samples.set(k, [...(samples.get(k) ?? []), v]);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const s = (k: string) => samples.get(k) ?? [];
  return [
    rowOf(
      'Cold start (fresh process)',
      'verifyCredential, JWT, in-memory context (schema compiled on first use)',
      s('verifyCredential'),
    ),
    rowOf('Cold start (fresh process)', 'validateAchievementCredential, first call (OB 3.0 schema)', s('schema')),
    rowOf('Cold start (fresh process)', 'validateAchievementCredential, second call', s('schemaSecond')),
    rowOf('Cold start (fresh process)', 'badgeSvg (fonts decoded on first use)', s('badgeSvg')),
    rowOf('Cold start (fresh process)', 'resvg wasm init (read + compile, once per process)', s('resvgInit')),
    rowOf('Cold start (fresh process)', 'svgToPng, first render after init', s('svgToPng')),
    rowOf('Cold start (fresh process)', 'svgToPng, second render', s('svgToPngSecond')),
    rowOf('Cold start (fresh process)', 'renderPassportPdf (fixture view)', s('renderPassportPdf')),
    rowOf('Cold start (fresh process)', 'extractPdfAttachments, after that render', s('extractPdfAttachments')),
  ];
}

log(`Jalon benchmarks${quick ? ' (--quick)' : ''}: setting up a libSQL file database…`);
const t0 = performance.now();
const env = await createBenchEnv();
const mediator = await createMember(env, env.boot.structure.id, 'mediator');
const token = await apiToken(env, mediator);
const notes: string[] = [
  `Set-up (migrations, shipped referentials, one mediator account and API token): ${((performance.now() - t0) / 1000).toFixed(1)} s, not timed.`,
];
const rows: Row[] = [];
let http: HttpLoad | undefined;
let batchRow: Row | null = null;
let verifyStatements: VerifyingOutput['statements'];
try {
  log('issuing…');
  const issuing = await issuingSuite(env, p, { principal: mediator, token });
  rows.push(...issuing.rows);
  notes.push(...issuing.notes);
  batchRow = await batchIssuingRow(env, p);
  if (batchRow) rows.push(batchRow);
  log('verifying…');
  const verifying = await verifyingSuite(env, p, issuing.sample);
  rows.push(...verifying.rows);
  notes.push(...verifying.notes);
  verifyStatements = verifying.statements;
  log('bulk verification…');
  const bulk = await bulkSuite(env, p);
  rows.push(...bulk.rows);
  notes.push(...bulk.notes);
  log('passport…');
  const view = realPassportView(issuing.sample.slice(0, 13));
  const passport = await passportRows(p, view, (o) => ({ ...realPassportView(issuing.sample.slice(0, 13)), ...o }));
  rows.push(...passport.rows);
  log('badge images…');
  rows.push(...(await imagesSuite(env, p, issuing.sample[0]!)));
  log('grown database…');
  const grown = await grownIssuingRows(env, p, verifying.statusOrg, verifying.statusFill, quick ? 5_000 : 50_000);
  rows.push(...grown.rows);
  notes.push(...grown.notes);
  log('data integrity…');
  const di = await dataIntegritySuite(env, p);
  rows.push(...di.rows);
  notes.push(...di.notes);

  const sample = issuing.sample[0]!;
  const ref = parseDidUrl(
    JSON.parse(Buffer.from(sample.jwt.split('.')[0]!, 'base64url').toString('utf8')).kid as string,
  )!;
  const key = (await findKey(env.deps.database.db, sample.row.issuerOrgId, ref.fragment))!;
  log('limits of the machine, HTTP load, Data Integrity peer…');
  const limits = await limitsSuite(env, p, sample, JSON.parse(key.publicJwk) as EcJwk);
  rows.push(...limits.rows);
  notes.push(...limits.notes);
  http = limits.http;

  log('cold starts (fresh processes)…');
  const list = (await findStatusList(env.deps.database.db, sample.row.statusListId))!;
  rows.push(
    ...coldRows(
      {
        jwt: sample.jwt,
        publicJwk: JSON.parse(key.publicJwk) as EcJwk,
        statusListJwt: (await statusListJwt(env.deps, env.boot.structure, list)).jwt,
      },
      quick ? 1 : 3,
    ),
  );
} finally {
  env.close();
}

let bundle: string | undefined;
let bundleFacts: BundleFacts | undefined;
if (args.has('--write') && !args.has('--no-bundle')) {
  log('Workers bundle size (wrangler dry run)…');
  const b = bundleSize();
  if ('line' in b) {
    const mb = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;
    const fonts = fileBytes(join(root, 'src/assets/fonts.generated.ts')) ?? 0;
    const total = b.files.reduce((sum, f) => sum + f.bytes, 0);
    const wasm = b.files.filter((f) => f.name.endsWith('.wasm')).reduce((sum, f) => sum + f.bytes, 0);
    bundle = `${b.line} (files: ${b.files.map((f) => `${f.name} ${mb(f.bytes)}`).join(', ')}${fonts ? `; the embedded fonts, src/assets/fonts.generated.ts, are ${mb(fonts)} of worker.js` : ''})`;
    const gzip = /gzip:\s*([\d.]+) KiB/.exec(b.line);
    bundleFacts = {
      line: b.line,
      ...(gzip ? { gzipKiB: Number(gzip[1]) } : {}),
      wasmAndFontsShare: total ? (wasm + fonts) / total : 0,
    };
  } else bundle = `not measured (${b.error})`;
}

const elapsed = (performance.now() - started) / 1000;
const loadAfter = loadAverage();
const m = machine();
console.log(
  `\nJalon benchmarks — Node ${m.node}, ${m.cpu}, ${m.cores} cores${quick ? ' — QUICK RUN (few iterations, figures indicative only)' : ''}\n`,
);
console.log(textTable(rows));
console.log(`\n${notes.map((n) => `· ${n}`).join('\n')}`);
if (bundle) console.log(`· Workers bundle: ${bundle}`);
console.log(`· Total run time: ${elapsed.toFixed(0)} s; load average (1 min) ${loadBefore} before, ${loadAfter} after`);

/** The headline figures and their ratios (issue 20); null where a figure was not measured. */
function headline(): Record<string, number | null> {
  const find = (section: string, prefix: string) =>
    rows.find((r) => r.section === section && r.name.startsWith(prefix));
  const ops = (r: Row | undefined | null) => (r?.throughput === undefined ? null : r.throughput);
  const median = (r: Row | undefined) => (r === undefined || Number.isNaN(r.median) ? null : r.median);
  const limit = 'Limits of the machine, and the peer (same run)';
  const rawSign16 = ops(
    rows.find((r) => r.section === limit && r.name.startsWith('raw ES256 sign') && r.name.endsWith('16 in flight')),
  );
  const rawVerify = ops(find(limit, 'raw ES256 verify'));
  const verify = ops(find('Verifying', 'verifyCredential, JWT'));
  const batch = ops(batchRow);
  const diPeer = median(find(limit, 'Data Integrity sign'));
  const bulk = find('Bulk verification (committee)', 'POST /api/v1/verify/bulk, 1,000 JWT');
  const ratio = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : a / b);
  const round = (v: number | null) => (v === null ? null : Number(v.toPrecision(4)));
  const figures = {
    raw_sign_ops: ops(find(limit, 'raw ES256 sign (jose)')),
    raw_sign_ops_16: rawSign16,
    raw_verify_ops: rawVerify,
    issue_ops: ops(find('Issuing', 'issueCredential, sequential')),
    issue_batch_ops: batch,
    verify_ops: verify,
    http_verify_rps: http?.rps ?? null,
    http_verify_p99_ms: http?.p99 ?? null,
    bulk_verify_ops: bulk && !Number.isNaN(bulk.median) ? (1000 * 1000) / bulk.median : null,
    pdf_warm_ms: median(find('Passport PDF', 'renderPassportPdf, typical')),
    pdf_cold_ms: median(find('Cold start (fresh process)', 'renderPassportPdf')),
    schema_cold_ms: median(find('Cold start (fresh process)', 'validateAchievementCredential, first call')),
    di_peer_sign_ms: diPeer,
    issue_batch_vs_raw_sign: ratio(batch, rawSign16),
    verify_vs_raw: ratio(verify, rawVerify),
    // The peer's signature time over Jalon's per-credential time when issuing in a batch.
    issue_vs_di_peer: batch === null ? null : ratio(diPeer, 1000 / batch),
  };
  return Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, round(v)]));
}
const figures = headline();
const RATIOS: [key: string, what: string, target: string][] = [
  [
    'issue_batch_vs_raw_sign',
    '`issue_batch_ops / raw_sign_ops_16`: batch issuing against raw ES256 signing, 16 in flight',
    '≥ 0.5',
  ],
  ['verify_vs_raw', '`verify_ops / raw_verify_ops`: pure `verifyCredential` against a raw ES256 verification', '≥ 0.5'],
  ['issue_vs_di_peer', '`di_peer_sign_ms` over the per-credential time of batch issuing', '≥ 10'],
];

if (args.has('--write')) {
  const md = [
    '# Benchmarks',
    '',
    `Measured by \`${quick ? 'npx tsx bench/run.ts --quick --write' : 'npx tsx bench/run.ts --write'}\` (\`npm run bench\` runs the same suite without writing this file)${quick ? ' — **quick run: few iterations, figures indicative only**' : ''}.`,
    '',
    `- Date: ${new Date().toISOString().slice(0, 10)}`,
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.platform}; Node ${m.node}`,
    `- Database: libSQL file in a temporary directory, WAL, \`synchronous = NORMAL\` (as \`npm start\` opens it)`,
    `- Workers bundle (\`${BUNDLE_COMMAND}\`): ${bundle ?? 'not measured in this run'}`,
    `- Total run time: ${elapsed.toFixed(0)} s; 1-minute load average ${loadBefore} before and ${loadAfter} after (other work on the machine adds noise)`,
    '',
    'Each row warms up, then runs as many times as fit in its time budget (n); median and p95 are per operation',
    '(wall clock, `performance.now()`), CPU is process CPU time per operation (all threads: libSQL and',
    'WebCrypto work off the main thread, so it can exceed wall time), ops/s is operations over wall time.',
    'Set-up is never timed. Concurrent rows start 16 or 64 operations together in rounds; their latency is',
    'each operation’s own.',
    '',
    markdownTable(rows),
    '',
    '## Against the machine’s limits (ratios, same run)',
    '',
    '| Ratio | What it compares | This run | Target |',
    '|---|---|---:|---:|',
    ...RATIOS.map(
      ([k, what, target]) =>
        `| \`${k}\` | ${what} | ${figures[k] === null ? 'not measured' : figures[k]!.toFixed(2)} | ${target} |`,
    ),
    '',
    `The same run’s headline figures, as \`npm run bench -- --json\` prints them on its last line: \`${JSON.stringify(figures)}\``,
    '',
    ...notes.map((n) => `- ${n}`),
    '',
    '## Reading the figures',
    '',
    ...interpretation(rows, {
      ...(bundleFacts ? { bundle: bundleFacts } : {}),
      ...(verifyStatements ? { verifyStatements } : {}),
    }).map((l) => `- ${l}`),
    '',
  ].join('\n');
  writeFileSync(join(root, 'BENCHMARKS.md'), md);
  log('BENCHMARKS.md written.');
}

// Last line of the output, whatever else was printed: one JSON object (issue 20).
if (args.has('--json'))
  console.log(JSON.stringify({ ...figures, load_average_before: loadBefore, load_average_after: loadAfter }));
