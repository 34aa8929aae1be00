/**
 * The database under write contention: another process (a second libSQL client on the same file,
 * like `npm run demo` beside `npm start`) holds the write lock for 0.3 s at a time while 200
 * issuances and 200 learner registrations arrive at once (CONTENTION_N=400 for a longer run). Nothing may answer a 5xx other than a
 * 503 with Retry-After, and the database must agree with every answer.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, apiTokenFor, createHarness, createUser, type Harness } from '../helpers/harness.js';

const ROOT = join(import.meta.dirname, '../..');
const N = Number(process.env.CONTENTION_N ?? 200);

/**
 * A separate process that takes the write lock (BEGIN IMMEDIATE), writes, sleeps 0.3 s, commits, pauses 0.15 s, again:
 * the lock is held two thirds of the time (a longer pause would leave the app free most of the time, a shorter one
 * only makes the run longer: the app commits between two holds what its waiting requests allow).
 */
const WRITER = `
import { createClient } from '@libsql/client';
const client = createClient({ url: process.argv[1], timeout: 10000 });
let n = 0;
for (;;) {
  const tx = await client.transaction('write');
  await tx.execute({ sql: "insert into rate_limits (key, window_start, count) values (?, '2000-01-01', 1)", args: ['contention-writer-' + n] });
  if (n++ === 0) process.stdout.write('locked\\n');
  await new Promise((r) => setTimeout(r, 300));
  await tx.commit();
  process.stdout.write('cycle\\n');
  await new Promise((r) => setTimeout(r, 150));
}
`;

let h: Harness;
let writer: ChildProcess;
let cycles = 0;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => {
  if (writer && writer.exitCode === null) writer.kill('SIGTERM');
  h.close();
});

function startWriter(dbUrl: string): Promise<void> {
  writer = spawn(process.execPath, ['--input-type=module', '-e', WRITER, dbUrl], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    writer.once('exit', (code) => reject(new Error(`writer exited (${code})`)));
    writer.stdout!.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      cycles += text.split('cycle').length - 1;
      if (text.includes('locked')) resolve();
    });
  });
}

describe('database under contention', () => {
  it(`answers ${N} issuances and ${N} registrations with 201 or 503 + Retry-After, and the database agrees`, async () => {
    const structure = h.boot.structure!;
    const mediator = await createUser(h, structure.id, 'mediator');
    const token = await apiTokenFor(h, mediator);
    const dbUrl = `file:${join(h.dir, 'jalon.db')}`;
    await startWriter(dbUrl);
    const started = performance.now();
    const issuances = Array.from({ length: N }, (_, i) =>
      api(h, token, '/api/v1/credentials', {
        body: { achievement: 'abecedaire/1.0.0/competences/A1', recipient: { name: `Contention ${i}` } },
        headers: { 'idempotency-key': `contention-${i}` },
      }),
    );
    const registrations = Array.from({ length: N }, (_, i) =>
      api(h, token, `/api/v1/structures/${structure.slug}/learners`, {
        body: { displayName: `Apprenant contention ${i}`, consent: true },
      }),
    );
    const [issued, registered] = await Promise.all([Promise.all(issuances), Promise.all(registrations)]);
    const elapsed = performance.now() - started;
    writer.kill('SIGTERM');

    const problems: string[] = [];
    for (const res of [...issued, ...registered]) {
      if (res.status === 201) continue;
      if (res.status === 503) {
        if (!res.headers.get('retry-after')) problems.push('503 without Retry-After');
        if (!/problem\+json/.test(res.headers.get('content-type') ?? '')) problems.push('503 not problem+json');
        continue;
      }
      problems.push(`${res.status}: ${await res.text()}`);
    }
    expect(problems).toEqual([]);

    // Read the file through another client: what was committed, whatever this process believes.
    const check = createClient({ url: dbUrl });
    try {
      const credentialRows = await check.execute({
        sql: 'select idempotency_key as k from credentials where idempotency_key like ?',
        args: [`api:${mediator.id}:contention-%`],
      });
      const perKey = new Map<string, number>();
      for (const row of credentialRows.rows) perKey.set(String(row.k), (perKey.get(String(row.k)) ?? 0) + 1);
      issued.forEach((res, i) => {
        const n = perKey.get(`api:${mediator.id}:contention-${i}`) ?? 0;
        expect(n, `issuance ${i} answered ${res.status}`).toBe(res.status === 201 ? 1 : 0);
      });
      const learnerRows = await check.execute({
        sql: "select display_name as n from learner_personal where display_name like 'Apprenant contention %'",
        args: [],
      });
      const names = new Map<string, number>();
      for (const row of learnerRows.rows) names.set(String(row.n), (names.get(String(row.n)) ?? 0) + 1);
      registered.forEach((res, i) => {
        expect(names.get(`Apprenant contention ${i}`) ?? 0, `registration ${i} answered ${res.status}`).toBe(
          res.status === 201 ? 1 : 0,
        );
      });
    } finally {
      check.close();
    }
    const count = (list: Response[], status: number) => list.filter((r) => r.status === status).length;
    console.info(
      `contention: ${elapsed.toFixed(0)} ms, writer cycles ${cycles}; issuances 201×${count(issued, 201)} 503×${count(issued, 503)}; registrations 201×${count(registered, 201)} 503×${count(registered, 503)}`,
    );
    expect(cycles).toBeGreaterThan(2);
    expect(count(issued, 201) + count(registered, 201)).toBeGreaterThan(0);
  }, 120_000);
});
