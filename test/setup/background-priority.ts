/**
 * Setup file of the `node` project: its workers run at a lower CPU priority (nice 10), so that the
 * `latency` project's files, which assert how fast a server answers while it is attacked or its
 * database is locked, keep their core when they run beside them (instead of running alone after
 * everything else, with a core idle). Linux gives each thread its own nice value: every thread the
 * worker already has (V8's and libuv's helpers) is lowered too; threads made later inherit it.
 */
import { readdirSync } from 'node:fs';
import { constants, setPriority } from 'node:os';

const lowered = Symbol.for('jalon.test.background-priority');
const state = globalThis as { [lowered]?: true };

if (!state[lowered]) {
  state[lowered] = true;
  let threads: number[] = [0];
  try {
    threads = readdirSync('/proc/self/task').map(Number);
  } catch {
    // Not Linux: the process's main thread only.
  }
  for (const thread of threads) {
    try {
      setPriority(thread, constants.priority.PRIORITY_BELOW_NORMAL);
    } catch {
      // A thread that ended meanwhile, or a system that refuses: priority is an optimisation only.
    }
  }
}
