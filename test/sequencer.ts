import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The longest files first, also on a fresh clone (CI): without Vitest's timing cache it starts the
 * largest files first, and a long file that starts last leaves one core idle while it runs alone.
 * Measured order on the 2-core machine; files not listed follow in Vitest's own order.
 * The `latency` file starts once workerd's start-up (the heaviest single stretch of work) is over.
 */
const LONGEST_FIRST = [
  'test/workers/workerd.test.ts',
  'test/http/authz-matrix.test.ts',
  'test/http/data-integrity.test.ts',
  'test/cli/audit-tamper.test.ts',
  'test/cli/cli.test.ts',
  'test/http/under-stress.test.ts',
  'test/cli/demo.test.ts',
  'test/http/fuzz-readers.test.ts',
  'test/unit/passport/render.test.ts',
];

function rank(spec: TestSpecification): number {
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
