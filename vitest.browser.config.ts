import { defineConfig } from 'vitest/config';

// `npm run test:browser`: the pages in real headless Chromium with axe (test/e2e). Chromium comes from
// the system (Debian: /usr/bin/chromium, or CHROMIUM_PATH); scripts/check-chromium.mjs says how to
// install it when it is missing.
export default defineConfig({
  test: {
    reporters: ['default', './test/reporters/summary-line.ts'],
    projects: [
      {
        test: {
          name: 'browser',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          // Two files at once (each drives its own Chromium and server; much of a page test waits on the
          // browser), sharing loaded modules: each file starts its own app and database.
          maxWorkers: 2,
          isolate: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
