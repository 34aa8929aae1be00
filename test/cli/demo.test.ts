import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractFromPng, extractFromSvg } from '../../src/ob3/baking.js';

const ROOT = join(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const PORT = 18000 + Math.floor(Math.random() * 2000);
const BASE = `http://127.0.0.1:${PORT}`;

let dir: string;
let server: ChildProcess;
let env: NodeJS.ProcessEnv;
let stdout = '';

/**
 * Runs a command to its end without blocking the event loop: a blocked loop cannot see the server
 * close an idle keep-alive socket, and the next fetch on that socket fails ("other side closed").
 */
function run(cmd: string, args: string[], timeoutMs: number): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stderr });
    });
  });
}

async function waitForHealth(): Promise<void> {
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(`${BASE}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('server did not start');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jalon-demo-'));
  env = {
    ...process.env,
    DATABASE_URL: `file:${join(dir, 'jalon.db')}`,
    PORT: String(PORT),
    PUBLIC_URL: BASE,
    LOG_LEVEL: 'warn',
  };
  server = spawn(TSX, [join(ROOT, 'src/node.ts')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  await waitForHealth();
}, 60_000);

afterAll(() => {
  server?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

describe('npm start on an empty database', () => {
  it('migrates, loads the referentials, creates the demo hub and prints a one-time admin invitation', async () => {
    expect(stdout).toContain('Référentiels : abecedaire 1.0.0, abecedaire 1.1.0, mediateurs 1.0.0');
    const link = /(http:\/\/127\.0\.0\.1:\d+\/invitations\/[A-Za-z0-9_-]{43})/.exec(stdout)?.[1];
    expect(link).toBeTruthy();
    const page = await fetch(link!, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('administration du hub');
    const list = (await (await fetch(`${BASE}/api/v1/referentials`)).json()) as { slug: string }[];
    expect(list.map((r) => r.slug)).toEqual(['abecedaire', 'abecedaire', 'mediateurs']);
    expect(existsSync(join(dir, 'master.key'))).toBe(true);
  });
});

describe('npm run demo', () => {
  it('writes signed artefacts and summary.json while npm start serves the same database, and they verify there', async () => {
    const out = join(dir, 'out');
    const demo = await run(TSX, [join(ROOT, 'src/cli/demo.ts'), '--out', out], 60_000);
    expect(demo.status, demo.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
      credentials: {
        id: string;
        url: string;
        jwt: string;
        json: string;
        svg: string;
        png: string;
        ldp: string;
        status: string;
        holderName: string;
      }[];
      passport: { pdf: string; holderName: string; credentialIds: string[]; holderLink: string };
      mediator: {
        holderName: string;
        credentials: { id: string; jwt: string; ldp: string; status: string; kind: string; holderName: string }[];
      };
      label: { structureIssuer: string; credentialId: string };
    };
    expect(summary.credentials.length).toBeGreaterThanOrEqual(4);
    expect(summary.credentials.filter((c) => c.status === 'revoked')).toHaveLength(1);
    for (const c of summary.credentials) {
      for (const file of [c.jwt, c.json, c.svg, c.png]) expect(existsSync(join(out, file)), file).toBe(true);
      const jwt = readFileSync(join(out, c.jwt), 'utf8');
      expect(extractFromPng(new Uint8Array(readFileSync(join(out, c.png))))).toBe(jwt);
      expect(extractFromSvg(readFileSync(join(out, c.svg), 'utf8'))).toBe(jwt);
      expect(c.url.startsWith(`${BASE}/credentials/`)).toBe(true);
      const res = await fetch(`${BASE}/api/v1/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ credential: jwt, expected: { name: c.holderName } }),
      });
      const body = (await res.json()) as { verified: boolean; checks: { id: string; ok: boolean }[] };
      expect(body.verified, c.id).toBe(c.status === 'active');
      expect(body.checks.find((k) => k.id === 'recipient')?.ok).toBe(true);
      if (c.status === 'revoked') expect(body.checks.find((k) => k.id === 'status')?.ok).toBe(false);
      const page = await fetch(c.url, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      // The Data Integrity form written is the one the server keeps and serves.
      expect(await (await fetch(`${c.url}.ldp.json`)).text()).toBe(readFileSync(join(out, c.ldp), 'utf8'));
    }
    // The demo learner's passport: the PDF alone verifies on the running server, with the name.
    expect(summary.passport.credentialIds.length).toBeGreaterThanOrEqual(9);
    const form = new FormData();
    form.set(
      'file',
      new File([readFileSync(join(out, summary.passport.pdf))], summary.passport.pdf, { type: 'application/pdf' }),
    );
    form.set('holderName', summary.passport.holderName);
    const res = await fetch(`${BASE}/api/v1/verify`, { method: 'POST', body: form });
    const body = (await res.json()) as { verified: boolean; credentials: { credential: { id: string } }[] };
    expect(body.verified).toBe(true);
    expect(body.credentials.map((c) => c.credential.id).sort()).toEqual([...summary.passport.credentialIds].sort());
    // Its personal page, from the secret link as handed over: the server serves it, with no name in the address.
    expect(summary.passport.holderLink).toMatch(new RegExp(`^${BASE}/p/[A-Za-z0-9_-]{43}$`));
    const holderPage = await fetch(summary.passport.holderLink, { headers: { accept: 'text/html' } });
    expect(holderPage.status).toBe(200);
    expect(await holderPage.text()).toMatch(/Vous avez \d+ compétences reconnues\./);

    // Mediators certified by the hub's committee: active blocks and certification, one suspended.
    const m = summary.mediator;
    const count = (kind: string, status: string) =>
      m.credentials.filter((c) => c.kind === kind && c.status === status).length;
    expect(count('block', 'active')).toBeGreaterThanOrEqual(2);
    expect(count('certification', 'active')).toBeGreaterThanOrEqual(1);
    expect(m.credentials.filter((c) => c.status === 'suspended')).toHaveLength(1);
    for (const c of m.credentials) {
      const jwt = readFileSync(join(out, c.jwt), 'utf8');
      const res = await fetch(`${BASE}/api/v1/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ credential: jwt, expected: { name: c.holderName } }),
      });
      const v = (await res.json()) as { verified: boolean; checks: { id: string; ok: boolean; message: string }[] };
      expect(v.verified, c.id).toBe(c.status === 'active');
      expect(v.checks.find((k) => k.id === 'recipient')?.ok).toBe(true);
      if (c.status === 'suspended')
        expect(v.checks.find((k) => k.id === 'status')?.message).toMatch(/^Ce badge est suspendu/);
      const ldp = JSON.parse(readFileSync(join(out, c.ldp), 'utf8')) as {
        id: string;
        proof: { cryptosuite: string }[];
      };
      expect(ldp.id).toBe(c.id);
      expect(ldp.proof[0]!.cryptosuite).toBe('eddsa-rdfc-2022');
    }
    // The structure that issued them is labelled: in the registry, and the label check says so.
    expect(summary.label.structureIssuer).toMatch(/^did:web:.+:issuers:structure-demo$/);
    expect(summary.label.credentialId).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    const registry = (await (await fetch(`${BASE}/api/v1/registry`)).json()) as {
      items: { issuer: string; label: { credentialId: string }; certifiedMediators: number }[];
    };
    expect(registry.items.map((i) => [i.issuer, i.label.credentialId])).toEqual([
      [summary.label.structureIssuer, summary.label.credentialId],
    ]);
    // Counted by Jalon from the committee's certifications: the certified demo mediator, not the suspended one.
    expect(registry.items[0]!.certifiedMediators).toBe(1);
    const place = await (await fetch(`${BASE}/lieux/structure-demo`, { headers: { accept: 'text/html' } })).text();
    expect(place).toContain('1 médiateur(s) certifié(s) travaillent ici.');
    // No mediator agreed to be named: the count only.
    expect(place).not.toContain(summary.mediator.holderName);
    const labelCheck = (
      body.credentials as unknown as { checks: { id: string; ok: boolean; message: string }[] }[]
    )[0]!.checks.find((k) => k.id === 'label')!;
    expect(labelCheck.ok).toBe(true);
    expect(labelCheck.message).toMatch(/labellisé .* depuis le .*il l’était déjà/);
  }, 90_000);
});
