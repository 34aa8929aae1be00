/**
 * The benchmark environment: the real app over a real libSQL file in a temporary directory,
 * opened as `npm start` opens it (WAL, synchronous=NORMAL), migrated and bootstrapped with the
 * shipped referentials. Same few lines as test/helpers/harness.ts, without vitest or test/ imports
 * that may change under us; accounts are created through the real invitation flow.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { createApp } from '../../src/app.js';
import { noBlobs } from '../../src/storage/blobs.js';
import { nodeSvgRenderer } from '../../src/assets/resvg-node.js';
import { createApiToken } from '../../src/auth/api-tokens.js';
import { acceptInvitation, createInvitation } from '../../src/auth/service.js';
import { bootstrap, type BootstrapResult } from '../../src/bootstrap.js';
import { buildConfig } from '../../src/config.js';
import type { AppDeps, AppEnv, Principal } from '../../src/context.js';
import { migrateDatabase, openDatabase, type OpenedDatabase } from '../../src/db/node.js';
import type { Role } from '../../src/db/schema.js';
import { base64urlEncode } from '../../src/lib/bytes.js';
import { createLogger } from '../../src/lib/logger.js';
import { createOrganisation } from '../../src/organisations/service.js';
import type { OrganisationRow } from '../../src/organisations/store.js';
import { shippedReferentials } from '../../src/referentials/files.js';

export const BENCH_PUBLIC_URL = 'http://localhost:8787';

export interface BenchEnv {
  app: Hono<AppEnv>;
  deps: AppDeps;
  boot: BootstrapResult & { structure: OrganisationRow };
  opened: OpenedDatabase;
  dir: string;
  /** The master key of the app's secrets, for a second process on the same database (bench/http-server.ts). */
  masterKey: string;
  close(): void;
}

/** What the app runs on in the bench: its database, a fixed master key, no logs, no blob store. */
export async function benchDeps(opened: OpenedDatabase, masterKey: string): Promise<AppDeps> {
  return {
    config: buildConfig(BENCH_PUBLIC_URL, masterKey),
    database: opened.database,
    clock: () => new Date(),
    logger: createLogger('silent'),
    svgToPng: await nodeSvgRenderer(),
    blobs: noBlobs,
    clientIp: () => '127.0.0.1',
  };
}

export async function createBenchEnv(): Promise<BenchEnv> {
  const dir = mkdtempSync(join(tmpdir(), 'jalon-bench-'));
  const opened = await openDatabase(`file:${join(dir, 'jalon.db')}`);
  await migrateDatabase(opened.client);
  const masterKey = base64urlEncode(crypto.getRandomValues(new Uint8Array(32)));
  const deps = await benchDeps(opened, masterKey);
  const shipped = shippedReferentials();
  const boot = await bootstrap(deps, shipped);
  if (!boot.structure) throw new Error('bootstrap created no demo structure');
  return {
    app: createApp(deps, { shipped }),
    deps,
    boot: { ...boot, structure: boot.structure },
    opened,
    dir,
    masterKey,
    close() {
      opened.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let counter = 0;

/** An account with one role, through the real invitation flow (PBKDF2 once, outside any timing). */
export async function createMember(env: BenchEnv, orgId: string, role: Role): Promise<Principal> {
  const inv = await createInvitation(env.deps, null, { orgId, role });
  const token = inv.url.split('/').pop()!;
  const result = await acceptInvitation(env.deps, token, {
    email: `bench${++counter}@example.org`,
    displayName: `Bench ${role} ${counter}`,
    password: 'correct horse battery staple',
  });
  return { ...result.principal, via: 'token' };
}

export async function apiToken(env: BenchEnv, principal: Principal): Promise<string> {
  return (await createApiToken(env.deps, principal, 'bench')).token;
}

export async function createStructure(env: BenchEnv, name: string): Promise<OrganisationRow> {
  return createOrganisation(env.deps, null, { kind: 'structure', name, hubId: env.boot.hub.id });
}
