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
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
