/**
 * An HTTPS server on a loopback port with the fixture certificate for `localhost` (test/fixtures/tls,
 * self-signed, test use only), for readers that resolve did:web the way the method says: over https.
 * The port is known before the app exists (its PUBLIC_URL, hence its DIDs, name it).
 */
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve } from '@hono/node-server';

export const TLS_CERT_FILE = join(import.meta.dirname, '../fixtures/tls/localhost-cert.pem');
const TLS_KEY_FILE = join(import.meta.dirname, '../fixtures/tls/localhost-key.pem');

export interface HttpsServer {
  /** `https://localhost:<port>` */
  origin: string;
  serve(app: { fetch: (request: Request) => Response | Promise<Response> }): void;
  close(): Promise<void>;
}

export async function startHttpsServer(): Promise<HttpsServer> {
  let target: { fetch: (request: Request) => Response | Promise<Response> } | undefined;
  const server = serve({
    fetch: (request) => (target ? target.fetch(request) : new Response('not ready', { status: 503 })),
    port: 0,
    hostname: '127.0.0.1',
    createServer,
    serverOptions: { key: readFileSync(TLS_KEY_FILE), cert: readFileSync(TLS_CERT_FILE) },
  });
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    origin: `https://localhost:${(server.address() as AddressInfo).port}`,
    serve(app) {
      target = app;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
