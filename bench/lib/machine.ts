/** Machine facts and the Workers bundle size (wrangler dry run). */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg, totalmem } from 'node:os';

export interface Machine {
  node: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
  platform: string;
}

export function machine(): Machine {
  const list = cpus();
  return {
    node: process.version,
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    platform: `${process.platform} ${process.arch}`,
  };
}

/** The 1-minute load average: other work on the machine makes figures noisier. */
export function loadAverage(): string {
  return loadavg()[0]!.toFixed(2);
}

/** Size of a source file (e.g. the embedded fonts), or undefined. */
export function fileBytes(path: string): number | undefined {
  try {
    return statSync(path).size;
  } catch {
    return undefined;
  }
}

export const BUNDLE_COMMAND =
  'CLOUDFLARE_CF_FETCH_ENABLED=false WRANGLER_SEND_METRICS=false npx wrangler deploy --dry-run --outdir /tmp/jalon-bundle';

export interface Bundle {
  /** "Total Upload: 7910.88 KiB / gzip: 3027.69 KiB", as wrangler prints it. */
  line: string;
  seconds: number;
  /** What the output directory holds, largest first (source maps excluded). */
  files: { name: string; bytes: number }[];
}

export function bundleSize(outdir = '/tmp/jalon-bundle'): Bundle | { error: string } {
  const t = performance.now();
  const res = spawnSync('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', outdir], {
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' },
    encoding: 'utf8',
    timeout: 180_000,
  });
  const output = `${res.stdout ?? ''}\n${res.stderr ?? ''}`;
  const m = /Total Upload:\s*([\d.]+ \w+)\s*\/\s*gzip:\s*([\d.]+ \w+)/.exec(output);
  if (!m)
    return { error: res.error?.message ?? (output.trim().split('\n').slice(-3).join(' ') || `exit ${res.status}`) };
  const files = readdirSync(outdir)
    .filter((name) => !name.endsWith('.map') && name !== 'README.md')
    .map((name) => ({ name: name.replace(/^[0-9a-f]{40}-/, ''), bytes: statSync(join(outdir, name)).size }))
    .sort((a, b) => b.bytes - a.bytes);
  return { line: `Total Upload: ${m[1]} / gzip: ${m[2]}`, seconds: (performance.now() - t) / 1000, files };
}
