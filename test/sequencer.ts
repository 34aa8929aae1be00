import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The longest files first, also on a fresh clone (CI): without Vitest's timing cache it starts the
 * largest files first, and a long file that starts last leaves one core idle while it runs alone.
 * Measured order on the 2-core machine; files not listed follow in Vitest's own order.
 *
 * The two `latency` files are placed: hostile uploads once workerd's start-up (the heaviest work at
 * normal priority) is over, about the time the CLI files start; contention last, so that the two never
 * run at the same time.
 */
const LONGEST_FIRST = [
  'test/workers/workerd.test.ts',
  'test/http/authz-matrix.test.ts',
  'test/http/data-integrity.test.ts',
  'test/cli/audit-tamper.test.ts',
  'test/cli/cli.test.ts',
  'test/http/hostile-files.test.ts',
  'test/cli/demo.test.ts',
  'test/http/fuzz-readers.test.ts',
  'test/unit/passport/render.test.ts',
];
const LAST = 'test/http/contention.test.ts';

function rank(spec: TestSpecification): number {
  if (spec.moduleId.endsWith(LAST)) return LONGEST_FIRST.length + 1;
  const index = LONGEST_FIRST.findIndex((file) => spec.moduleId.endsWith(file));
  return index === -1 ? LONGEST_FIRST.length : index;
}

export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // Array.prototype.sort is stable: within a group and rank, Vitest's order stays.
    return sorted.sort(
      (a, b) => a.project.config.sequence.groupOrder - b.project.config.sequence.groupOrder || rank(a) - rank(b),
    );
  }
}
