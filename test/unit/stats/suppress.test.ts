import { describe, expect, it } from 'vitest';
import { type Cell, protect, type Sum } from '../../../src/stats/suppress.js';

/** One month × structure cell (support 1 when non-zero). */
const cell = (value: number): Cell => ({ value, support: value > 0 ? 1 : 0 });

describe('small-count protection of the figures', () => {
  it('withholds 1 to 4 from one structure in one month; zeros, 5 and more, and counts of several cells stay', () => {
    const cells = [cell(0), cell(1), cell(4), cell(5), { value: 3, support: 2 }];
    expect(protect(cells, [])).toEqual([null, 'fewer-than-5', 'fewer-than-5', null, null]);
  });

  it('masks the smallest other row when a withheld one is the exact total minus the rest', () => {
    // Hub total 7 (pinned) = structure A 6 + structure B 1: A is masked, else B = 7 − 6.
    const cells: Cell[] = [{ value: 7, support: 2, pinned: true }, { value: 6, support: 3 }, cell(1), cell(9)];
    const sums: Sum[] = [{ total: 0, parts: [1, 2] }];
    expect(protect(cells, sums)).toEqual([null, 'masked', 'fewer-than-5', null]);
  });

  it('reads "fewer than 5" rows whose bounds leave one answer (all 1, all 4) and masks one more', () => {
    // 2 = 1 + 1: both read back unless a third row is masked.
    const ones: Cell[] = [{ value: 12, support: 3, pinned: true }, cell(1), cell(1), cell(10)];
    expect(protect(ones, [{ total: 0, parts: [1, 2, 3] }])).toEqual([null, 'fewer-than-5', 'fewer-than-5', 'masked']);
    // 3 = 1 + 2 or 2 + 1: not read back, nothing more to hide.
    const mixed: Cell[] = [{ value: 13, support: 3, pinned: true }, cell(1), cell(2), cell(10)];
    expect(protect(mixed, [{ total: 0, parts: [1, 2, 3] }])).toEqual([null, 'fewer-than-5', 'fewer-than-5', null]);
  });

  it('hides a sum whose parts are all exact but one, and a withheld sum whose parts are all exact', () => {
    // A month row (not pinned) of one structure alone: it is that structure's cell, withheld with it.
    const alone: Cell[] = [{ value: 2, support: 1 }, cell(2), cell(0)];
    expect(protect(alone, [{ total: 0, parts: [1, 2] }])).toEqual(['fewer-than-5', 'fewer-than-5', null]);
    // A structure row masked to protect a neighbour must not be the sum of its exact months.
    const cells: Cell[] = [
      { value: 20, support: 3, pinned: true }, // hub total
      { value: 17, support: 2 }, // structure A = 8 + 9
      cell(3), // structure B
      cell(8),
      cell(9),
    ];
    const sums: Sum[] = [
      { total: 0, parts: [1, 2] },
      { total: 1, parts: [3, 4] },
    ];
    expect(protect(cells, sums)).toEqual([null, 'masked', 'fewer-than-5', 'masked', null]);
  });

  it('keeps a pinned total exact even when one small cell alone feeds it (nothing can hide it then)', () => {
    const cells: Cell[] = [{ value: 1, support: 1, pinned: true }, cell(1), cell(0)];
    expect(protect(cells, [{ total: 0, parts: [1, 2] }])).toEqual([null, 'fewer-than-5', null]);
  });
});
