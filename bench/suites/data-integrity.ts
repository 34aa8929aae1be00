/**
 * Data Integrity (issue 18): eddsa-rdfc-2022 signing and verification of each credential kind (cold in
 * a fresh process, then warm), and what the routes cost — the first `.ldp.json` request signs and
 * stores, later ones read the kept document; the JSON-LD status list is re-signed only when a bit changes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runDemo } from '../../src/cli/demo.js';
import { changeStatus, credentialOfRow } from '../../src/issuing/service.js';
import { type CredentialRow, findCredential } from '../../src/issuing/store.js';
import { dataIntegrityBody } from '../../src/ob3/data-integrity/credential.js';
import { signDataIntegrity } from '../../src/ob3/data-integrity/sign.js';
import type { BenchEnv } from '../lib/env.js';
import { testMultikey, verifyWithMethod } from '../lib/data-integrity.js';
import { measure, rowOf, type Profile, type Row } from '../lib/measure.js';
import { kb } from './verifying.js';

const SECTION = 'Data Integrity (eddsa-rdfc-2022)';
const KINDS = ['competence', 'passport', 'block', 'certification', 'label'] as const;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export async function dataIntegritySuite(env: BenchEnv, p: Profile): Promise<{ rows: Row[]; notes: string[] }> {
  const rows: Row[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'jalon-bench-di-'));
  try {
    // Every kind through the real services (set-up, not timed).
    const demo = await runDemo(env.deps, join(dir, 'demo'));
    const ids = [
      ...demo.credentials.map((c) => c.id),
      ...demo.passport.credentialIds,
      ...demo.mediator.credentials.map((c) => c.id),
      demo.label.credentialId,
    ].map((id) => id.slice('urn:uuid:'.length));
    const all: CredentialRow[] = [];
    for (const id of ids) all.push((await findCredential(env.deps.database.db, id))!);
    const byKind = new Map(KINDS.map((k) => [k, all.filter((r) => r.achievementKind === k)]));

    for (const kind of KINDS) {
      const row = byKind.get(kind)![0]!;
      const body = dataIntegrityBody(credentialOfRow(row));
      const size = kb(JSON.stringify(body).length);
      const file = join(dir, `${kind}.json`);
      writeFileSync(file, JSON.stringify(body));
      const samples = { sign: [] as number[], verify: [] as number[] };
      for (let i = 0; i < (p.quick ? 1 : 3); i++) {
        const res = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench/data-integrity-cold.ts'), file], {
          cwd: root,
          encoding: 'utf8',
          timeout: 60_000,
        });
        if (res.status !== 0) throw new Error(`data-integrity cold: ${res.stderr || res.error?.message}`);
        const v = JSON.parse(res.stdout.trim().split('\n').pop()!) as { sign: number; verify: number };
        samples.sign.push(v.sign);
        samples.verify.push(v.verify);
      }
      rows.push(rowOf(SECTION, `sign, ${kind} (${size}), cold (fresh process)`, samples.sign));
      const key = await testMultikey(typeof body.issuer === 'string' ? body.issuer : body.issuer.id);
      rows.push(
        await measure(
          {
            section: SECTION,
            name: `sign, ${kind} (${size}), warm`,
            ...p.row({ warmup: 3, minRuns: 10, budgetMs: 2000 }),
          },
          () => signDataIntegrity(body, { signer: key.signer, created: new Date() }),
        ),
      );
      rows.push(rowOf(SECTION, `verify (@digitalbazaar/vc), ${kind}, cold (fresh process)`, samples.verify));
      const signed = await signDataIntegrity(body, { signer: key.signer, created: new Date() });
      rows.push(
        await measure(
          {
            section: SECTION,
            name: `verify (@digitalbazaar/vc), ${kind}, warm`,
            ...p.row({ warmup: 3, minRuns: 10, budgetMs: 2000 }),
          },
          async () => {
            if (!(await verifyWithMethod(signed, key.method))) throw new Error('not verified');
          },
        ),
      );
    }

    // The routes: a first request signs and stores (each run a credential never requested), then reads.
    const get = async (path: string) => {
      const res = await env.app.request(path);
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
      return res.text();
    };
    const fresh = all.filter(
      (r) => (r.achievementKind === 'competence' || r.achievementKind === 'passport') && !r.revokedAt,
    );
    const firstTimes: number[] = [];
    for (const row of fresh.slice(1)) {
      const t = performance.now();
      await get(`/credentials/${row.id}.ldp.json`);
      firstTimes.push(performance.now() - t);
    }
    rows.push(
      rowOf(
        SECTION,
        `GET /credentials/:id.ldp.json, first request (signs and stores; ${fresh.length - 1} learner credentials)`,
        firstTimes,
      ),
    );
    const kept = fresh[1]!.id;
    rows.push(
      await measure({ section: SECTION, name: 'GET /credentials/:id.ldp.json, kept', ...p.row() }, () =>
        get(`/credentials/${kept}.ldp.json`),
      ),
    );
    const list = JSON.parse(await get(`/credentials/${kept}.ldp.json`)).credentialStatus.statusListCredential as string;
    const listPath = new URL(list).pathname;
    await get(listPath);
    rows.push(
      await measure(
        { section: SECTION, name: 'GET /issuers/:slug/status/:list.ldp.json, bits unchanged (kept)', ...p.row() },
        () => get(listPath),
      ),
    );
    // Each run changes a bit (a revocation) before the request: the list is signed again.
    const revocable = fresh.slice(2);
    const resigned: number[] = [];
    for (const row of revocable.slice(0, p.quick ? 3 : 8)) {
      await changeStatus(env.deps, null, row.id, 'revoke', 'Mesure');
      const t = performance.now();
      await get(listPath);
      resigned.push(performance.now() - t);
    }
    rows.push(rowOf(SECTION, 'GET /issuers/:slug/status/:list.ldp.json, after a bit changed (signed again)', resigned));
    return {
      rows,
      notes: [
        'Data Integrity: cold = the first signature or verification in a fresh Node process (the JSON-LD contexts are processed then, and cached by jsonld for later calls); verification resolves the DID document in memory and skips the status list.',
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
