import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';

const FIX = join(import.meta.dirname, '../fixtures/referentials');
let dir: string;
let env: Record<string, string>;

function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  return run(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, env).then((code) => ({
    code,
    out: out.join('\n'),
    err: err.join('\n'),
  }));
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'jalon-cli-'));
  env = { DATABASE_URL: `file:${join(dir, 'jalon.db')}`, PUBLIC_URL: 'http://cli.test', LOG_LEVEL: 'silent' };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run jalon -- referential', () => {
  it('validate reports every problem with file, line and path, and exits 1', async () => {
    const r = await cli('referential', 'validate', join(FIX, 'broken.yaml'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/broken\.yaml:1 {2}slug {2}identifiant attendu/);
    expect(r.err).toMatch(
      /broken\.yaml:\d+ {2}entries\.0\.competences\.0\.alignments\.0\.code {2}code CRCN inconnu « 9\.9 »/,
    );
    expect(r.err).toMatch(/\d+ problème\(s\)\./);
  });

  it('validate accepts a good file and its rules', async () => {
    const r = await cli('referential', 'validate', join(FIX, 'mini-1.0.0.yaml'));
    expect(r.code).toBe(0);
    expect(r.out).toBe('OK mini 1.0.0 (learner) : 2 compétences, règles d’attribution valides.');
  });

  it('import publishes a version once, refuses other content under the same version, and requires a crosswalk', async () => {
    expect((await cli('referential', 'import', join(FIX, 'mini-1.0.0.yaml'))).out).toBe('Publié : mini 1.0.0.');
    expect((await cli('referential', 'import', join(FIX, 'mini-1.0.0.yaml'))).out).toBe(
      'Déjà publié à l’identique : mini 1.0.0.',
    );
    const changed = await cli('referential', 'import', join(FIX, 'mini-1.0.0-changed.yaml'));
    expect(changed.code).toBe(1);
    expect(changed.err).toContain('déjà publiée avec un autre contenu');
    const noCrosswalk = await cli('referential', 'import', join(FIX, 'mini-2.0.0-no-crosswalk.yaml'));
    expect(noCrosswalk.code).toBe(1);
    expect(noCrosswalk.err).toContain('sans table de correspondance : A2');
    expect((await cli('referential', 'import', join(FIX, 'mini-2.0.0.yaml'))).code).toBe(0);
    const list = await cli('referential', 'list');
    expect(
      list.out
        .split('\n')
        .filter((l) => l.startsWith('mini\t'))
        .map((l) => l.split('\t')[1]),
    ).toEqual(['2.0.0', '1.0.0']);
  });

  it('unknown commands and bad options exit 2 with one readable line', async () => {
    const r = await cli('frobnicate');
    expect(r.code).toBe(2);
    expect(r.err).toContain('Commande inconnue');
    const bad = await cli('invite', '--org', 'hub-demo', '--role', 'emperor');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('Rôle inconnu');
  });

  it('invite-admin prints a one-time link while the hub has no administrator', async () => {
    const r = await cli('invite-admin');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^http:\/\/cli\.test\/invitations\/[A-Za-z0-9_-]{43}$/);
  });

  it('keys rotate and keys compromised manage an issuer’s signing keys', async () => {
    const rotated = await cli('keys', 'rotate', '--org', 'hub-demo');
    expect(rotated.code).toBe(0);
    const fragment = /#(key-[A-Za-z0-9_-]+)$/.exec(rotated.out)![1]!;
    const again = await cli('keys', 'rotate', '--org', 'hub-demo');
    expect(again.code).toBe(0);
    const listed = await cli('keys', 'list', '--org', 'hub-demo');
    expect(listed.out).toMatch(new RegExp(`#${fragment}\tretired`));
    const compromised = await cli(
      'keys',
      'compromised',
      '--org',
      'hub-demo',
      '--key',
      fragment,
      '--reason',
      'Sauvegarde perdue',
    );
    expect(compromised.code).toBe(0);
    expect((await cli('keys', 'list', '--org', 'hub-demo')).out).toMatch(new RegExp(`#${fragment}\tcompromised`));
    expect((await cli('keys', 'compromised', '--org', 'hub-demo', '--key', fragment, '--reason', 'x')).code).toBe(1);
    expect((await cli('keys', 'rotate', '--org', 'nope')).code).toBe(2);
  });

  it('audit verify checks the hash chain', async () => {
    const r = await cli('audit', 'verify');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Chaîne d’audit intacte : \d+ événements\./);
  });

  it('a bad configuration stops with one readable line', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(
      ['referential', 'list'],
      { out: (l) => out.push(l), err: (l) => err.push(l) },
      { ...env, PUBLIC_URL: 'ftp://nope' },
    );
    expect(code).toBe(2);
    expect(err).toEqual([expect.stringMatching(/^Configuration invalide : PUBLIC_URL/)]);
  });

  it('runs as a real process with a non-zero exit code on failure', () => {
    const tsx = join(import.meta.dirname, '../../node_modules/.bin/tsx');
    const main = join(import.meta.dirname, '../../src/cli/main.ts');
    const ok = execFileSync(tsx, [main, 'referential', 'validate', join(FIX, 'mini-1.0.0.yaml')], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    expect(ok).toContain('OK mini 1.0.0');
    const failed = spawnSync(tsx, [main, 'referential', 'validate', join(FIX, 'broken.yaml')], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('code CRCN inconnu');
  });
});
