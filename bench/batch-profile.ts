/**
 * Batch issuing alone, for a CPU profile (`node --cpu-prof --import tsx bench/batch-profile.ts [size] [rounds]`):
 * what bench/batch.ts measures, without the one-at-a-time rounds between the batches.
 */
import { issueBatch } from '../src/issuing/service.js';
import { createBenchEnv, createMember } from './lib/env.js';
import { issueInput } from './suites/issuing.js';

const size = Number(process.argv[2] ?? 500);
const rounds = Number(process.argv[3] ?? 10);
const env = await createBenchEnv();
try {
  const actor = await createMember(env, env.boot.structure.id, 'structure-admin');
  const input = await issueInput(env, env.boot.structure, actor);
  let serial = 0;
  const batchOf = () =>
    Array.from({ length: size }, () => {
      const { org: _org, actor: _actor, ...item } = input(++serial);
      return { ...item, idempotencyKey: `profile:${serial}` };
    });
  await issueBatch(env.deps, { org: env.boot.structure, actor, items: batchOf().slice(0, 50) });
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const items = batchOf();
    const t = performance.now();
    await issueBatch(env.deps, { org: env.boot.structure, actor, items });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(`batch of ${size}: median ${times[Math.floor(rounds / 2)]!.toFixed(1)} ms over ${rounds} rounds`);
} finally {
  env.close();
}
