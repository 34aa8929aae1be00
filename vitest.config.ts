import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';

// `npm test`: two projects, everything on Node (unit, HTTP through app.request, CLI) and the
// Workers entry inside workerd with D1 and the shipped migrations. It needs nothing but Node and the
// npm registry. The browser tests (real Chromium) have their own command: vitest.browser.config.ts.
const TIMED = ['test/http/hostile-files.test.ts', 'test/http/contention.test.ts'];

export default defineConfig(async () => ({
  test: {
    reporters: ['default', './test/reporters/summary-line.ts'],
    // Vitest's default is one file fewer than the cores: one file at a time on a 2-core machine. Files
    // often wait (child processes, local servers, the disk), so three at once keep two cores busy:
    // 202 s → 75 s for the node project on a loaded 2-core machine, the same CPU time.
    maxWorkers: Math.max(3, availableParallelism() - 1),
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/workers/**', 'test/e2e/**', 'node_modules/**', ...TIMED],
          environment: 'node',
          // Files share loaded modules (no test mocks or patches globals; each builds its own app and
          // database): a third less CPU than re-importing the app, zod schemas and fonts per file.
          isolate: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // Tests that assert latencies (the server keeps answering during hostile uploads and under
        // write contention) run after the others, one file at a time, so that other test files do
        // not compete with the server they measure for the 2 cores.
        test: {
          name: 'timed',
          include: TIMED,
          environment: 'node',
          fileParallelism: false,
          sequence: { groupOrder: 1 },
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
          name: 'workers',
          include: ['test/workers/**/*.test.ts'],
          setupFiles: ['./test/workers/setup.ts'],
          testTimeout: 30_000,
          // jsonld and jsonld-signatures are CommonJS with a `browser` map (their Node build needs
          // node:https and undici): pre-bundled with esbuild here, as wrangler bundles them for deploys.
          deps: { optimizer: { ssr: { enabled: true, include: ['jsonld', 'jsonld-signatures'] } } },
        },
      },
    ],
  },
}));
