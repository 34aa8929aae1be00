/**
 * The Node entry's crash handling (src/node-crash.ts) around a small Hono app that, like
 * createApp, tells `rememberRequestId` each request's id, with two routes that fail out of band —
 * as a cancelled DecompressionStream did on Node 20 — quoting personal data in their message.
 * Kept small so that it starts fast (test/cli/crash.test.ts starts two). Prints `listening <port>`.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { exitOnCrash, rememberRequestId, scopedFetch } from '../../src/node-crash.js';

exitOnCrash();
const app = new Hono<{ Variables: { requestId: string } }>();
app.use('*', requestId());
app.use('*', async (c, next) => {
  rememberRequestId(c.var.requestId);
  await next();
});
const personal = 'Hélène Lefèvre <helene.lefevre@example.org>';
app.get('/test/uncaught', (c) => {
  setTimeout(() => {
    throw new TypeError(`Invalid state for ${personal}`);
  }, 5);
  return c.text('ok');
});
app.get('/test/rejection', (c) => {
  void Promise.reject(new RangeError(`no slot for ${personal}`));
  return c.text('ok');
});
const server = serve({ fetch: scopedFetch(app.fetch), port: 0, hostname: '127.0.0.1' }, () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
