/**
 * Batch issuing (issue 20, item 2: many credentials in one call of the issuing service) — built on
 * another branch. HOOK: once that service exists, measure it here (credentials per second over the
 * whole call, throughput in the row) and return the row; `issue_batch_ops` in `--json` and the
 * ratios `issue_batch_vs_raw_sign` and `issue_vs_di_peer` are read from it. Until then: null.
 */
import type { BenchEnv } from '../lib/env.js';
import type { Profile, Row } from '../lib/measure.js';

export async function batchIssuingRow(_env: BenchEnv, _p: Profile): Promise<Row | null> {
  return null;
}
