/**
 * Test harness: the real app over a real libSQL database in a temporary file, migrated and
 * bootstrapped exactly as `npm start` does, with a controllable clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { createApp } from '../../src/app.js';
import { nodeSvgRenderer } from '../../src/assets/resvg-node.js';
import { acceptInvitation, createInvitation } from '../../src/auth/service.js';
import { bootstrap, type BootstrapResult } from '../../src/bootstrap.js';
import { createDeps } from '../../src/deps.js';
import type { AppDeps, AppEnv } from '../../src/context.js';
import { migrateDatabase, openDatabase, type OpenedDatabase } from '../../src/db/node.js';
import type { Role } from '../../src/db/schema.js';
import { base64urlEncode } from '../../src/lib/bytes.js';
import { createOrganisation } from '../../src/organisations/service.js';
import { SHIPPED_REFERENTIALS } from '../../src/referentials/shipped.generated.js';
import { folderBlobs } from '../../src/storage/fs-blobs.js';

export const TEST_PUBLIC_URL = 'http://jalon.test';
export const TEST_PASSWORD = 'correct horse battery staple';

export interface Harness {
  app: Hono<AppEnv>;
  deps: AppDeps;
  boot: BootstrapResult;
  opened: OpenedDatabase;
  dir: string;
  /** Moves the clock; every service reads time through deps.clock. */
  setNow(date: Date | string): void;
  close(): void;
}

export async function createHarness(
  options: { publicUrl?: string; now?: Date | string; bootstrap?: boolean; evidenceQuotaMb?: number } = {},
): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'jalon-test-'));
  const opened = await openDatabase(`file:${join(dir, 'jalon.db')}`);
  await migrateDatabase(opened.client);
  let now = options.now ? new Date(options.now) : undefined;
  const masterKey = base64urlEncode(crypto.getRandomValues(new Uint8Array(32)));
  const deps = createDeps({
    publicUrl: options.publicUrl ?? TEST_PUBLIC_URL,
    masterKey,
    database: opened.database,
    clock: () => (now ? new Date(now) : new Date()),
    logLevel: 'silent',
    svgToPng: await nodeSvgRenderer(),
    // app.request() has no socket: tests name the client address they play.
    blobs: folderBlobs(join(dir, 'evidence')),
    evidenceQuotaMb: options.evidenceQuotaMb,
    // The same PBKDF2, with a work factor a test suite can afford (production's is checked in passwords.test.ts).
    passwordIterations: 1_000,
    clientIp: (c) => c.req.header('x-test-client-ip') ?? '127.0.0.1',
  });
  const boot =
    options.bootstrap === false
      ? (undefined as unknown as BootstrapResult)
      : // The referentials as embedded at build time (what the Worker ships): the same as the YAML files
        // (referentials.test.ts), without parsing them again for each of the suite's ~60 harnesses.
        await bootstrap(deps, SHIPPED_REFERENTIALS);
  return {
    app: createApp(deps),
    deps,
    boot,
    opened,
    dir,
    setNow(date) {
      now = new Date(date);
    },
    close() {
      opened.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let userCounter = 0;

export interface TestUser {
  id: string;
  email: string;
  password: string;
}

/** A real account through the real invitation flow. */
export async function createUser(h: Harness, orgId: string, role: Role, email?: string): Promise<TestUser> {
  const address = email ?? `user${++userCounter}-${Date.now()}@example.org`;
  const inv = await createInvitation(h.deps, null, { orgId, role });
  const token = inv.url.split('/').pop()!;
  const result = await acceptInvitation(h.deps, token, {
    email: address,
    displayName: `Test ${role} ${userCounter}`,
    password: TEST_PASSWORD,
  });
  return { id: result.principal.userId, email: address, password: TEST_PASSWORD };
}

export async function addRole(h: Harness, user: TestUser, orgId: string, role: Role): Promise<void> {
  const inv = await createInvitation(h.deps, null, { orgId, role });
  await acceptInvitation(h.deps, inv.url.split('/').pop()!, {
    email: user.email,
    displayName: 'x',
    password: user.password,
  });
}

export async function createStructure(h: Harness, name: string) {
  return createOrganisation(h.deps, null, { kind: 'structure', name, hubId: h.boot.hub.id });
}

/**
 * A browser-like client: keeps cookies, sends `Accept: text/html` unless told otherwise, and
 * reads the CSRF token from the last page it saw.
 */
export class Client {
  private cookies = new Map<string, string>();
  csrf = '';
  constructor(private readonly h: Harness) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      const v = value.join('=');
      if (/max-age=0/i.test(line) || v === '') this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), v);
    }
  }

  async request(path: string, init: RequestInit & { accept?: string } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (!headers.has('accept')) headers.set('accept', init.accept ?? 'text/html');
    if (this.cookies.size) headers.set('cookie', this.cookieHeader());
    const res = await this.h.app.request(path, { ...init, headers });
    this.remember(res);
    if ((res.headers.get('content-type') ?? '').includes('text/html')) {
      const text = await res.clone().text();
      const m = /name="_csrf" value="([^"]+)"/.exec(text);
      if (m) this.csrf = m[1]!;
    }
    return res;
  }

  get(path: string, accept?: string): Promise<Response> {
    return this.request(path, accept ? { accept } : {});
  }

  /** Posts a form with the CSRF token (unless `_csrf` is given explicitly, even empty). */
  async postForm(
    path: string,
    fields: Record<string, string | string[]>,
    opts: { accept?: string; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const body = new URLSearchParams();
    if (!('_csrf' in fields)) body.set('_csrf', this.csrf);
    for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
    return this.request(path, {
      method: 'POST',
      body: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...opts.headers },
      ...(opts.accept ? { accept: opts.accept } : {}),
    });
  }

  async signIn(user: TestUser): Promise<void> {
    await this.get('/connexion');
    const res = await this.postForm('/connexion', { email: user.email, password: user.password });
    if (res.status !== 303) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
    await this.get('/compte');
  }

  hasCookie(name: string): boolean {
    return this.cookies.has(name);
  }
}

export async function signedInClient(h: Harness, user: TestUser): Promise<Client> {
  const client = new Client(h);
  await client.signIn(user);
  return client;
}

export async function json<T = unknown>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** An API token of a user, created through the real account page. */
export async function apiTokenFor(h: Harness, user: TestUser): Promise<string> {
  const client = await signedInClient(h, user);
  const res = await client.request('/api/v1/tokens', {
    method: 'POST',
    body: JSON.stringify({ name: 'tests' }),
    headers: { 'content-type': 'application/json', 'x-csrf-token': client.csrf },
  });
  if (res.status !== 201) throw new Error(`token creation failed: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

/** JSON API call with a bearer token. */
export async function api(
  h: Harness,
  token: string | null,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...(init.headers ?? {}) };
  if (token) headers.authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers['content-type'] ??= 'application/json';
  return h.app.request(path, {
    method: init.method ?? (init.body !== undefined ? 'POST' : 'GET'),
    headers,
    ...(init.body !== undefined ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) } : {}),
  });
}

/**
 * A JSON body of about `size` bytes (`{"credential":"xxx…"}`), streamed in 64 KiB chunks without a
 * declared length, as Node hands a chunked upload to the app. One chunk is reused: a test of the size
 * limit allocates nothing near the limit itself.
 */
export function streamedJsonBody(size: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const chunk = new Uint8Array(64 * 1024).fill('x'.charCodeAt(0));
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent === 0) {
        const head = encoder.encode('{"credential":"');
        controller.enqueue(head);
        sent += head.length;
      } else if (sent < size) {
        const part = chunk.subarray(0, Math.min(chunk.length, size - sent));
        controller.enqueue(part);
        sent += part.length;
      } else {
        controller.enqueue(encoder.encode('"}'));
        controller.close();
      }
    },
  });
}
