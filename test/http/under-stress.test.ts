/**
 * Tests that measure the server while it is stressed: hostile uploads (it keeps answering others
 * meanwhile) and a database write-locked by another process (every answer a 201 or a 503, and the
 * database agrees). One file, so that the two run one after the other, never at the same time, in
 * the one worker of the `latency` project (vitest.config.ts), beside the other files; each module
 * keeps its own set-up.
 */
import './hostile-files.js';
import './contention.js';
