/**
 * verifyCredential against a raw jose ES256 verification of the same JWT, in one small process, for
 * profiling (issue 20): `node --cpu-prof --import tsx bench/verify-profile.ts [--only-verify|--only-raw]
 * [seconds]` prints each one's ops/s and process CPU per operation; `--app [seconds]` does the same
 * for the verification route called in process (no socket). With `--serve <port> <bodyFile>
 * [seconds]` it writes a verification request body for that JWT and serves the app on loopback for
 * that long (30 s), for bench/http-load.ts in another process. Not part of `npm run bench`.
 */
import { writeFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { compactVerify } from 'jose';
import { issueCredential } from '../src/issuing/service.js';
import { statusListJwt } from '../src/issuing/status.js';
import { findKey, findStatusList } from '../src/issuing/store.js';
import { parseDidUrl } from '../src/ob3/did.js';
import { importVerifyingKey } from '../src/ob3/keys.js';
import type { EcJwk } from '../src/ob3/types.js';
import { verifyCredential, type VerifyContext } from '../src/ob3/verify.js';
import { createBenchEnv } from './lib/env.js';
import { issueInput } from './suites/issuing.js';

const args = process.argv.slice(2);
const seconds = Number(args.find((a) => /^\d+(\.\d+)?$/.test(a)) ?? 3);
const env = await createBenchEnv();
const input = await issueInput(env, env.boot.structure, null);
const issued = await issueCredential(env.deps, input(0));
for (let i = 1; i < 20; i++) await issueCredential(env.deps, input(i));
const list = (await findStatusList(env.deps.database.db, issued.row.statusListId))!;
const header = JSON.parse(Buffer.from(issued.jwt.split('.')[0]!, 'base64url').toString('utf8')) as { kid: string };
const ref = parseDidUrl(header.kid)!;
const keyRow = (await findKey(env.deps.database.db, issued.row.issuerOrgId, ref.fragment))!;
const publicJwk = JSON.parse(keyRow.publicJwk) as EcJwk;
const listJwt = (await statusListJwt(env.deps, env.boot.structure, list)).jwt;
const ctx: VerifyContext = {
  now: new Date(),
  resolveKey: async () => ({ publicJwk, status: 'active', issuerName: env.boot.structure.name }),
  loadStatusList: async () => listJwt,
  findSignedOriginal: async () => null,
  statusReason: async () => null,
};

async function rate(name: string, op: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 200; i++) await op();
  let n = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 50; i++) await op();
    n += 50;
  }
  const ops = (n * 1000) / (performance.now() - t0);
  const cpu = process.cpuUsage(cpu0);
  console.log(
    `${name}: ${ops.toFixed(0)} ops/s (${(1000 / ops).toFixed(3)} ms, process CPU ${((cpu.user + cpu.system) / 1000 / n).toFixed(3)} ms)`,
  );
  return ops;
}

const mode = args[0];
if (mode === '--serve') {
  const port = Number(args[1]);
  writeFileSync(args[2]!, JSON.stringify({ credential: issued.jwt }));
  serve({ fetch: env.app.fetch, port, hostname: '127.0.0.1' });
  console.log(`listening on ${port}`);
  // Exits on its own (a --cpu-prof profile is written on a normal exit).
  setTimeout(() => process.exit(0), Number(args[3] ?? 30) * 1000);
} else if (mode === '--app') {
  // The verification route in process (no socket): what each request costs the app itself.
  const body = JSON.stringify({ credential: issued.jwt });
  const post = () =>
    env.app.request('/api/v1/verify', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body,
    });
  for (let round = 0; round < 2; round++)
    await rate('POST /api/v1/verify in process', async () => (await post()).text());
} else {
  const key = await importVerifyingKey(publicJwk);
  console.log(`JWT ${issued.jwt.length} chars`);
  const which = mode === '--only-verify' ? ['verify'] : mode === '--only-raw' ? ['raw'] : ['raw', 'verify'];
  let raw = 0;
  let ver = 0;
  for (let round = 0; round < 2; round++) {
    if (which.includes('raw')) raw = await rate('raw ES256 verify (jose)', () => compactVerify(issued.jwt, key));
    if (which.includes('verify'))
      ver = await rate('verifyCredential, JWT, in memory', async () => {
        const r = await verifyCredential(issued.jwt, ctx);
        if (!r.verified) throw new Error(r.summaryEn);
      });
  }
  if (raw && ver) console.log(`ratio ${(ver / raw).toFixed(3)}`);
  env.close();
}
