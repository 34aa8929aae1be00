import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends a run with one plain line, "N passed, N failed[, N skipped]", that any CI can read
 * (vitest's own summary is decorated). Counts both projects (Node and workerd).
 */
export default class SummaryLine implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of modules) {
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      // A file that failed to load, or whose setup hook failed (its tests then show as skipped),
      // is a failure of its own.
      const testsFailed = [...mod.children.allTests()].some((test) => test.result().state === 'failed');
      if (mod.state() === 'failed' && !testsFailed) failed++;
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  }
}
