/**
 * Serves a test harness (real app, real libSQL file) with @hono/node-server on a loopback port, in
 * its own process, and prints `committee-token <token>` (an API token of a hub committee member,
 * for bulk verification) then `listening <port>`: timing tests then measure the server, not the
 * test runner's own work.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { apiTokenFor, createHarness, createUser } from './harness.js';

const h = await createHarness();
const committee = await apiTokenFor(h, await createUser(h, h.boot.hub.id, 'committee'));
process.stdout.write(`committee-token ${committee}\n`);
const server = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' }, () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
const stop = () =>
  server.close(() => {
    h.close();
    process.exit(0);
  });
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
