/**
 * The bench's HTTP server in a process of its own, as `npm start` serves (the suite's own process
 * holds hundreds of megabytes of other rows' state, whose collections would be measured with it):
 * `node --import tsx bench/http-server.ts <database file>`, the master key in
 * JALON_BENCH_MASTER_KEY; prints `listening <port>` once it answers on 127.0.0.1, stops on SIGTERM.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '../src/app.js';
import { openDatabase } from '../src/db/node.js';
import { shippedReferentials } from '../src/referentials/files.js';
import { benchDeps } from './lib/env.js';

const [file] = process.argv.slice(2);
const masterKey = process.env.JALON_BENCH_MASTER_KEY;
if (!file || !masterKey) throw new Error('usage: JALON_BENCH_MASTER_KEY=… http-server.ts <database file>');
const opened = await openDatabase(`file:${file}`);
const app = createApp(await benchDeps(opened, masterKey), { shipped: shippedReferentials() });
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () =>
  server.close(() => {
    opened.close();
    process.exit(0);
  }),
);
