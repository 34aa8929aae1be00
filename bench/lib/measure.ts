/**
 * Timing helpers for the benchmark suite: warm-up first, then as many runs as fit in a time budget
 * (at least `minRuns`, at most `maxRuns`), timed one by one with performance.now(). Set-up happens
 * outside `op`; only `op` is timed. CPU time (process.cpuUsage, all threads of the process, so it
 * includes libSQL's and WebCrypto's work off the main thread) is reported per operation.
 */

export interface Row {
  section: string;
  name: string;
  /** Measured operations. */
  n: number;
  median: number;
  p95: number;
  /** Process CPU time per operation, ms. */
  cpu?: number;
  /** Operations per second (wall clock) when it means something (issuing, concurrency). */
  throughput?: number;
  note?: string;
}

export interface Budget {
  warmup: number;
  minRuns: number;
  maxRuns: number;
  /** Stop after this much measured time once `minRuns` is reached. */
  budgetMs: number;
}

export interface Profile {
  quick: boolean;
  /** Budget of an ordinary row. */
  row(overrides?: Partial<Budget>): Budget;
}

export function profile(quick: boolean): Profile {
  return {
    quick,
    row(overrides = {}) {
      const base: Budget = quick
        ? { warmup: 2, minRuns: 5, maxRuns: 30, budgetMs: 150 }
        : { warmup: 15, minRuns: 30, maxRuns: 2000, budgetMs: 1500 };
      const merged = { ...base, ...overrides };
      // --quick keeps the caller's ratios but never runs long.
      return quick
        ? {
            warmup: Math.min(merged.warmup, 3),
            minRuns: Math.min(merged.minRuns, 5),
            maxRuns: Math.min(merged.maxRuns, 30),
            budgetMs: Math.min(merged.budgetMs, 150),
          }
        : merged;
    },
  };
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  // Nearest-rank on the sorted sample (p95 of 20 runs is the 19th value).
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1]!;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

export interface MeasureOptions extends Budget {
  section: string;
  name: string;
  note?: string;
  /** Report operations per second (1000 / mean). */
  throughput?: boolean;
}

/** One operation at a time. */
export async function measure(options: MeasureOptions, op: (i: number) => Promise<unknown>): Promise<Row> {
  for (let i = 0; i < options.warmup; i++) await op(i);
  const times: number[] = [];
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  let i = 0;
  while (
    times.length < options.maxRuns &&
    (times.length < options.minRuns || performance.now() - start < options.budgetMs)
  ) {
    const t = performance.now();
    await op(options.warmup + i++);
    times.push(performance.now() - t);
  }
  const wall = performance.now() - start;
  const cpu = cpuMs(cpu0);
  times.sort((a, b) => a - b);
  return {
    section: options.section,
    name: options.name,
    n: times.length,
    median: quantile(times, 0.5),
    p95: quantile(times, 0.95),
    cpu: cpu / times.length,
    ...(options.throughput ? { throughput: (times.length / wall) * 1000 } : {}),
    ...(options.note ? { note: options.note } : {}),
  };
}

/**
 * `concurrency` operations in flight at once, in rounds (all start together, the round ends when
 * the last one ends). Latency is each operation's own start-to-end time; throughput is operations
 * over the wall time of the rounds.
 */
export async function measureConcurrent(
  options: MeasureOptions & { concurrency: number },
  op: (i: number) => Promise<unknown>,
): Promise<Row> {
  let i = 0;
  const round = async (sink?: number[]) =>
    Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        const n = i++;
        const t = performance.now();
        await op(n);
        sink?.push(performance.now() - t);
      }),
    );
  for (let w = 0; w < Math.max(1, Math.ceil(options.warmup / options.concurrency)); w++) await round();
  const times: number[] = [];
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  while (
    times.length < options.maxRuns &&
    (times.length < options.minRuns || performance.now() - start < options.budgetMs)
  )
    await round(times);
  const wall = performance.now() - start;
  const cpu = cpuMs(cpu0);
  times.sort((a, b) => a - b);
  return {
    section: options.section,
    name: options.name,
    n: times.length,
    median: quantile(times, 0.5),
    p95: quantile(times, 0.95),
    cpu: cpu / times.length,
    throughput: (times.length / wall) * 1000,
    ...(options.note ? { note: options.note } : {}),
  };
}

/** A row from samples taken elsewhere (cold starts measured in fresh processes). */
export function rowOf(section: string, name: string, samples: number[], note?: string): Row {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    section,
    name,
    n: sorted.length,
    median: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    ...(note ? { note } : {}),
  };
}
