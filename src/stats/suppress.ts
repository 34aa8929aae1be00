/**
 * Small-count protection of the figures (pure). A published count that comes from a single
 * structure and a single month — one cell of the month × structure grid, or a sum that only one
 * such cell feeds — is withheld when it is 1 to 4: it could single a person out ("fewer than 5").
 * Then every published sum (a total and the counts that add up to it) is checked: while its
 * withheld members could be worked out from the others — one alone, or "fewer than 5" ones whose
 * bounds leave a single answer — one more member is withheld ("masked"), the smallest non-zero one.
 * Zeros stay (they single nobody out), and so does a pinned total (the hub's): when it is fed by one
 * small count alone, nothing can hide that count.
 */

export const SMALL = 5;

/** What a reader is shown instead of a count: fewer than 5, or withheld to protect such a count. */
export type Withheld = 'fewer-than-5' | 'masked';

export interface Cell {
  value: number;
  /** How many month × structure cells with a non-zero value feed this count. */
  support: number;
  /** Never withheld (the hub's total). */
  pinned?: boolean;
}

/** A published total and the published counts that add up to it (indexes into the cells). */
export interface Sum {
  total: number;
  parts: number[];
}

export function protect(cells: readonly Cell[], sums: readonly Sum[]): (Withheld | null)[] {
  const state: (Withheld | null)[] = cells.map((c) =>
    !c.pinned && c.support <= 1 && c.value > 0 && c.value < SMALL ? 'fewer-than-5' : null,
  );
  let changed = true;
  while (changed) {
    changed = false;
    for (const sum of sums) {
      if (!readable(sum, state, cells)) continue;
      const next = [sum.total, ...sum.parts]
        .filter((i) => !state[i] && !cells[i]!.pinned && cells[i]!.value > 0)
        .sort((a, b) => cells[a]!.value - cells[b]!.value)[0];
      if (next === undefined) continue; // Only zeros and a pinned total left: nothing to hide it with.
      state[next] = 'masked';
      changed = true;
    }
  }
  return state;
}

/**
 * Whether a sum lets a reader work out a withheld member: one withheld member alone equals the
 * difference; "fewer than 5" members (1 to 4 each) are read when their bounds leave one answer. A
 * masked member (any size) keeps the others unknown.
 */
function readable({ total, parts }: Sum, state: readonly (Withheld | null)[], cells: readonly Cell[]): boolean {
  const hiddenParts = parts.filter((p) => state[p]);
  const totalHidden = state[total] !== null;
  const hidden = hiddenParts.length + (totalHidden ? 1 : 0);
  if (hidden === 0) return false;
  if (hidden === 1) return true;
  if ([total, ...hiddenParts].some((i) => state[i] === 'masked')) return false;
  const m = hiddenParts.length;
  const known = parts.filter((p) => !state[p]).reduce((n, p) => n + cells[p]!.value, 0);
  if (!totalHidden) {
    // The hidden parts add up to a known number: all 1 or all 4 are the only single answers.
    const rest = cells[total]!.value - known;
    return rest === m || rest === m * (SMALL - 1);
  }
  // total = known + hidden parts, every one of them 1 to 4: is the total pinned to one value?
  return Math.max(1, known + m) === Math.min(SMALL - 1, known + m * (SMALL - 1));
}
