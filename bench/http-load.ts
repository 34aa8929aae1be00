/**
 * HTTP load generator for the benchmark, run in its own process (`node --import tsx bench/http-load.ts
 * <url> <bodyFile> <concurrency> <seconds>`) so that it does not share the server's event loop: keeps
 * `concurrency` POST requests in flight over keep-alive connections (node:http, no dependency) for
 * the given time, then prints one JSON object: requests per second and latency percentiles (ms).
 */
import { Agent, request } from 'node:http';
import { readFileSync } from 'node:fs';

const [url, bodyFile, concurrencyText, secondsText] = process.argv.slice(2);
if (!url || !bodyFile) throw new Error('usage: http-load.ts <url> <bodyFile> <concurrency> <seconds>');
const body = readFileSync(bodyFile);
const concurrency = Number(concurrencyText ?? 32);
const seconds = Number(secondsText ?? 3);
const target = new URL(url);
const VERIFIED = '{"verified":true,';
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });

function once(): Promise<number> {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': body.length },
      },
      (res) => {
        let head: Buffer | undefined;
        res.on('data', (c: Buffer) => {
          head ??= c;
        });
        res.on('end', () => {
          if (res.statusCode !== 200) return reject(new Error(`${res.statusCode} ${head?.toString()}`));
          if (!head || head.toString('latin1', 0, VERIFIED.length) !== VERIFIED)
            return reject(new Error('the credential did not verify'));
          resolve(performance.now() - t);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

// Warm-up, not counted: connections opened, and the hot code of both processes (each starts cold)
// compiled. Measured against a fresh server on the same machine: after 0.5 s of load, 1,200–1,900
// requests/s; after 2 s, 1,900–2,700 (the steady state a running server is in).
const WARM_UP_MS = 2000;
const warmUntil = performance.now() + WARM_UP_MS;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (performance.now() < warmUntil) await once();
  }),
);
const latencies: number[] = [];
const start = performance.now();
const end = start + seconds * 1000;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (performance.now() < end) latencies.push(await once());
  }),
);
const wall = performance.now() - start;
agent.destroy();
latencies.sort((a, b) => a - b);
const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)]!;
process.stdout.write(
  `${JSON.stringify({ requests: latencies.length, rps: (latencies.length / wall) * 1000, p50: q(0.5), p99: q(0.99) })}\n`,
);
