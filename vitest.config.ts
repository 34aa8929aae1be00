import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { LongestFirstSequencer } from './test/sequencer.js';

// `npm test`: everything on Node (unit, HTTP through app.request, CLI; the `node` and `latency`
// projects) and the Workers entry inside workerd with D1 and the shipped migrations (`edge`). It needs
// nothing but Node and the npm registry. The browser tests (real Chromium) have their own command:
// vitest.browser.config.ts.
const LATENCY = ['test/http/under-stress.test.ts'];

export default defineConfig(async () => ({
  test: {
    reporters: ['default', './test/reporters/summary-line.ts'],
    // Vitest's default is one file fewer than the cores: one file at a time on a 2-core machine. One file
    // per core, measured on the idle 2-core machine (node project): 1 file 127 s wall, 2 files 77 s,
    // 3 files 99 s (three processes each loading the app, competing for two cores).
    maxWorkers: Math.max(2, availableParallelism()),
    sequence: { sequencer: LongestFirstSequencer },
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/workers/**', 'test/e2e/**', 'node_modules/**', ...LATENCY],
          environment: 'node',
          // Files share loaded modules (no test mocks or patches globals; each builds its own app and
          // database): a third less CPU than re-importing the app, zod schemas and fonts per file.
          isolate: false,
          // A larger young generation: the suite allocates much and keeps little (requests, PDFs, JSON).
          // Measured on the idle 2-core machine: ~8 s less CPU over the run, ~4 s less wall time.
          execArgv: ['--max-semi-space-size=32'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // Tests that measure the server under stress (hostile uploads, a database locked by another
        // process): one file, in a worker of its own that holds nothing else, so that the client's side of
        // each measure is not the garbage collection of a worker that ran forty other files. It runs beside
        // the `node` files, once workerd has started (test/sequencer.ts).
        test: {
          name: 'latency',
          include: LATENCY,
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [
          cloudflareTest({
            main: './src/worker.ts',
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                TEST_MIGRATIONS: await readD1Migrations('./drizzle'),
                JALON_MASTER_KEY: 'dGVzdC1tYXN0ZXIta2V5LWZvci13b3JrZXJkLW9ubHktMzI',
                PUBLIC_URL: 'https://jalon.example.org',
                JALON_SETUP_TOKEN: 'workerd-test-setup-token-0123456789',
                LOG_LEVEL: 'warn',
              },
            },
          }),
        ],
        test: {
          // Vitest orders a group's files by project name: 'edge' (one file, workerd's start-up ~17 s of
          // one core) starts first, beside the node files, instead of after them.
          name: 'edge',
          // One file: each module under test/workers/ is one feature (see workerd.test.ts).
          include: ['test/workers/workerd.test.ts'],
          testTimeout: 30_000,
          // jsonld and jsonld-signatures are CommonJS with a `browser` map (their Node build needs
          // node:https and undici): pre-bundled with esbuild here, as wrangler bundles them for deploys.
          deps: { optimizer: { ssr: { enabled: true, include: ['jsonld', 'jsonld-signatures'] } } },
        },
      },
    ],
  },
}));
