/**
 * The machine's limits and the peers, measured in the same run as Jalon's figures so that ratios
 * compare like with like (issue 20): raw jose ES256 signing and verification of the same 10 KB
 * credential payload (one at a time and 16 in flight), the Node server under an HTTP load of 32
 * requests in flight on loopback (a separate load-generating process, bench/http-load.ts), and a
 * Data Integrity signature of the same credential with the reference library.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CompactSign, compactVerify } from 'jose';
import { signingKeyFor } from '../../src/issuing/keys.js';
import type { Issued } from '../../src/issuing/service.js';
import { dataIntegrityBody } from '../../src/ob3/data-integrity/credential.js';
import { signDataIntegrity } from '../../src/ob3/data-integrity/sign.js';
import { jwtPayloadFor } from '../../src/ob3/jwt.js';
import { importVerifyingKey } from '../../src/ob3/keys.js';
import type { EcJwk } from '../../src/ob3/types.js';
import { testMultikey } from '../lib/data-integrity.js';
import type { BenchEnv } from '../lib/env.js';
import { measure, measureConcurrent, type Profile, type Row } from '../lib/measure.js';

const SECTION = 'Limits of the machine, and the peer (same run)';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The node options `npm start` gives the server (package.json), read so that the two cannot drift apart. */
const START_NODE_OPTIONS = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }
).scripts.start
  .split(/\s+/)
  .filter((word) => word.startsWith('--max-'));

export interface HttpLoad {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
}

export interface LimitsOutput {
  rows: Row[];
  notes: string[];
  http: HttpLoad;
}

export async function limitsSuite(env: BenchEnv, p: Profile, issued: Issued, publicJwk: EcJwk): Promise<LimitsOutput> {
  const rows: Row[] = [];
  const key = await signingKeyFor(env.deps, env.boot.structure);
  // The very bytes Jalon signs for this credential: same payload size, same header.
  const payload = new TextEncoder().encode(JSON.stringify(jwtPayloadFor(issued.credential)));
  const sign = () =>
    new CompactSign(payload).setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' }).sign(key.privateKey);
  const name = `${(payload.length / 1024).toFixed(1)} KB payload`;
  rows.push(
    await measure({ section: SECTION, name: `raw ES256 sign (jose), ${name}`, throughput: true, ...p.row() }, sign),
  );
  rows.push(
    await measureConcurrent(
      {
        section: SECTION,
        name: `raw ES256 sign (jose), ${name}, 16 in flight`,
        concurrency: 16,
        ...p.row({ warmup: 16, minRuns: 16 * 6, maxRuns: 16 * 400 }),
      },
      sign,
    ),
  );
  const verifyingKey = await importVerifyingKey(publicJwk);
  rows.push(
    await measure(
      { section: SECTION, name: `raw ES256 verify (jose compactVerify), ${name}`, throughput: true, ...p.row() },
      () => compactVerify(issued.jwt, verifyingKey),
    ),
  );

  const body = dataIntegrityBody(issued.credential);
  const multikey = await testMultikey(typeof body.issuer === 'string' ? body.issuer : body.issuer.id);
  rows.push(
    await measure(
      {
        section: SECTION,
        name: 'Data Integrity sign (eddsa-rdfc-2022, @digitalbazaar), same credential, warm',
        ...p.row({ warmup: 3, minRuns: 10, budgetMs: 1500 }),
      },
      () => signDataIntegrity(body, { signer: multikey.signer, created: new Date() }),
    ),
  );

  const http = await httpLoad(env, issued.jwt, p.quick ? 1 : 4);
  rows.push({
    section: SECTION,
    name: 'POST /api/v1/verify (JWT) on the Node server, 32 in flight on loopback (load from another process)',
    n: http.requests,
    median: http.p50,
    p95: Number.NaN,
    throughput: http.rps,
    note: `p99 ${http.p99.toFixed(1)} ms`,
  });
  return {
    rows,
    http,
    notes: [
      'Limits: raw jose ES256 rows sign the same claims Jalon signs for a learner credential and verify its JWT, with an imported CryptoKey (no JWK import per call); the HTTP row serves the bench database from a server process of its own (bench/http-server.ts: @hono/node-server on 127.0.0.1, with the node options of `npm start`) while bench/http-load.ts, another Node process (node:http, keep-alive), keeps 32 verification requests in flight — the two share the 2 cores; the suite process waits.',
    ],
  };
}

/** Starts bench/http-server.ts on the bench's database; resolves with its port and a way to stop it. */
function startServer(env: BenchEnv): Promise<{ port: number; stop(): void }> {
  const child = spawn(
    process.execPath,
    // The node options of package.json's start script: the server as `npm start` runs it.
    [...START_NODE_OPTIONS, '--import', 'tsx', join(root, 'bench/http-server.ts'), join(env.dir, 'jalon.db')],
    {
      cwd: root,
      env: { ...process.env, JALON_BENCH_MASTER_KEY: env.masterKey },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('bench/http-server.ts did not listen within 30 s')), 30_000);
    child.once('exit', (code) => fail(new Error(`bench/http-server.ts exited (${code})`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      const port = /listening (\d+)/.exec(chunk.toString())?.[1];
      if (!port) return;
      clearTimeout(timer);
      ok({ port: Number(port), stop: () => child.kill('SIGTERM') });
    });
  });
}

/**
 * Serves the bench's database from a server process of its own (as `npm start` does) and loads it
 * from another child process for `seconds`: three processes, this one idle meanwhile.
 */
async function httpLoad(env: BenchEnv, jwt: string, seconds: number): Promise<HttpLoad> {
  const server = await startServer(env);
  const dir = mkdtempSync(join(tmpdir(), 'jalon-bench-http-'));
  const file = join(dir, 'body.json');
  writeFileSync(file, JSON.stringify({ credential: jwt }));
  try {
    return await new Promise<HttpLoad>((ok, fail) =>
      execFile(
        process.execPath,
        [
          // The same young generation as the server's: the generator holds 32 answers in flight too,
          // and its own collections would be counted in the latencies it measures.
          ...START_NODE_OPTIONS,
          '--import',
          'tsx',
          join(root, 'bench/http-load.ts'),
          `http://127.0.0.1:${server.port}/api/v1/verify`,
          file,
          '32',
          String(seconds),
        ],
        { cwd: root, timeout: 60_000 },
        (error, stdout, stderr) => {
          if (error) return fail(new Error(`http load: ${stderr || error.message}`));
          ok(JSON.parse(stdout.trim().split('\n').pop()!) as HttpLoad);
        },
      ),
    );
  } finally {
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
