/**
 * A crash is never silent: an uncaught exception or an unhandled rejection in the Node process is
 * logged once, with the id of the request it came from and no personal data, and the process
 * exits non-zero so that its supervisor restarts it (README, deploy/jalon.service). The crash
 * handling runs in a small server of its own (test/helpers/crash-server.ts); the app's part, telling
 * the entry each request's id, is checked here.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createHarness } from '../helpers/harness.js';

const ROOT = join(import.meta.dirname, '../..');

interface Crash {
  code: number | null;
  lines: Record<string, unknown>[];
  stderr: string;
}

/** Starts the crash server, calls `path` with a request id, and waits for the process to end. */
async function crashThrough(path: string, requestId: string): Promise<Crash> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/helpers/crash-server.ts')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const port = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${stderr}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const m = /listening (\d+)/.exec(stdout);
      if (m) resolve(m[1]!);
    });
  });
  try {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { 'x-request-id': requestId } });
    expect(res.status).toBe(200);
    const code = await exited;
    const lines = stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    return { code, lines, stderr };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

describe('the Node entry when something is thrown out of band', () => {
  it('logs an uncaught exception or an unhandled rejection with its request id, not its message, and exits with 1', async () => {
    // Two processes at once: each can crash only once.
    const [uncaught, rejection] = await Promise.all([
      crashThrough('/test/uncaught', 'crash-test-uncaught'),
      crashThrough('/test/rejection', 'crash-test-rejection'),
    ]);
    expect(uncaught.code).toBe(1);
    expect(uncaught.lines).toHaveLength(1);
    expect(uncaught.lines[0]).toMatchObject({
      level: 'error',
      msg: 'uncaught exception: the process stops',
      requestId: 'crash-test-uncaught',
      error: 'TypeError',
    });
    expect(uncaught.lines[0]!.stack).toMatch(/^at /);
    expect(rejection.code).toBe(1);
    expect(rejection.lines).toHaveLength(1);
    expect(rejection.lines[0]).toMatchObject({
      level: 'error',
      msg: 'unhandled rejection: the process stops',
      requestId: 'crash-test-rejection',
      error: 'RangeError',
    });
    for (const crash of [uncaught, rejection]) expect(crash.stderr).not.toMatch(/Hélène|Lefèvre|example\.org/);
  }, 60_000);

  it('is told each request’s id by the app (the id the answer carries)', async () => {
    const h = await createHarness({ bootstrap: false });
    try {
      const seen: string[] = [];
      const app = createApp(h.deps, { onRequestId: (id) => seen.push(id) });
      const given = await app.request('/healthz', { headers: { 'x-request-id': 'donne-par-le-client' } });
      const generated = await app.request('/healthz');
      expect(seen).toEqual(['donne-par-le-client', generated.headers.get('x-request-id')]);
      expect(given.headers.get('x-request-id')).toBe('donne-par-le-client');
    } finally {
      h.close();
    }
  });
});
