/**
 * Batch issuing against one-at-a-time issuing, in the same process and database: `issueBatch` of
 * `size` credentials (one transaction) against `issueCredential` called `size` times in sequence,
 * the same typical learner badge (name and e-mail hashed, one result). `npx tsx bench/batch.ts
 * [size] [rounds] [--batch-only]` prints a table and, last, one JSON object; `measureBatch` is what
 * `npm run bench -- --json` calls. `--batch-only` leaves out the one-at-a-time rounds, for a CPU
 * profile of batches alone (`node --cpu-prof --import tsx bench/batch.ts 500 20 --batch-only`).
 */
import { issueBatch, issueCredential } from '../src/issuing/service.js';
import { createBenchEnv, createMember } from './lib/env.js';
import { issueInput } from './suites/issuing.js';

export interface BatchFigures {
  /** Credentials per second, one batch of `batch_size`. */
  issue_batch_ops: number;
  /** Credentials per second, `issueCredential` one at a time (null with `sequential` off). */
  issue_seq_ops: number | null;
  batch_size: number;
  /** Median wall time of one batch, ms. */
  batch_ms: number;
  /** Median per-credential time in a batch, ms. */
  batch_per_credential_ms: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Rounds of one batch of `size` and (`sequential`) of `size` sequential issuances, alternated; medians. */
export async function measureBatch(size = 500, rounds = 5, sequential = true): Promise<BatchFigures> {
  const env = await createBenchEnv();
  try {
    const actor = await createMember(env, env.boot.structure.id, 'structure-admin');
    const input = await issueInput(env, env.boot.structure, actor);
    let serial = 0;
    const batchOf = () =>
      Array.from({ length: size }, () => {
        const { org: _org, actor: _actor, ...item } = input(++serial);
        return { ...item, idempotencyKey: `bench:${serial}` };
      });
    // Warm-up: keys, the status list, the issuer profile, schema and JIT.
    await issueBatch(env.deps, { org: env.boot.structure, actor, items: batchOf().slice(0, 50) });
    if (sequential) for (let i = 0; i < 50; i++) await issueCredential(env.deps, input(++serial));
    const batchMs: number[] = [];
    const seqMs: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const items = batchOf();
      let t = performance.now();
      await issueBatch(env.deps, { org: env.boot.structure, actor, items });
      batchMs.push(performance.now() - t);
      if (!sequential) continue;
      const inputs = Array.from({ length: size }, () => input(++serial));
      t = performance.now();
      for (const one of inputs) await issueCredential(env.deps, one);
      seqMs.push(performance.now() - t);
    }
    const b = median(batchMs);
    return {
      issue_batch_ops: Math.round((size / b) * 1000),
      issue_seq_ops: sequential ? Math.round((size / median(seqMs)) * 1000) : null,
      batch_size: size,
      batch_ms: Math.round(b * 10) / 10,
      batch_per_credential_ms: Math.round((b / size) * 1000) / 1000,
    };
  } finally {
    env.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [size, rounds] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const figures = await measureBatch(Number(size ?? 500), Number(rounds ?? 5), !process.argv.includes('--batch-only'));
  const sequential = figures.issue_seq_ops
    ? `; one at a time: ${figures.issue_seq_ops}/s; ×${(figures.issue_batch_ops / figures.issue_seq_ops).toFixed(1)}`
    : '';
  console.log(`batch of ${figures.batch_size}: ${figures.batch_ms} ms (${figures.issue_batch_ops}/s)${sequential}`);
  console.log(JSON.stringify(figures));
}
