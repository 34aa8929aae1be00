/**
 * Batch issuing (issue 20, item 2: many credentials in one call of the issuing service): one batch
 * of 500 credentials in one transaction, credentials per second over the whole call. Measured in
 * its own database (`measureBatch`, bench/batch.ts) so the main run's lists are not filled; its
 * `throughput` is `issue_batch_ops` in `--json` and feeds `issue_batch_vs_raw_sign` and
 * `issue_vs_di_peer`.
 */
import { measureBatch } from '../batch.js';
import type { BenchEnv } from '../lib/env.js';
import type { Profile, Row } from '../lib/measure.js';

export async function batchIssuingRow(_env: BenchEnv, p: Profile): Promise<Row> {
  const size = p.quick ? 100 : 500;
  const figures = await measureBatch(size, p.quick ? 1 : 3);
  return {
    section: 'Issuing',
    name: `issueBatch, ${size} credentials in one transaction`,
    n: size,
    median: figures.batch_per_credential_ms,
    p95: figures.batch_per_credential_ms,
    throughput: figures.issue_batch_ops,
    note: `one at a time in the same run: ${figures.issue_seq_ops}/s; one batch: ${figures.batch_ms} ms`,
  };
}
