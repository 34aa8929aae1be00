/**
 * Node entry point (local and self-hosted): libSQL file, migrations and bootstrap on start,
 * then @hono/node-server. Node-only modules are allowed here, never in what a request runs.
 */
import { smtpMailer } from './lib/mailer-node.js';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { dirname, join, resolve } from 'node:path';
import type { Context } from 'hono';
import { createApp } from './app.js';
import { adminInvitationIfNeeded, bootstrap } from './bootstrap.js';
import { ConfigError, parseEnv, type Env } from './config.js';
import { createDeps } from './deps.js';
import type { AppDeps } from './context.js';
import { exitOnCrash, rememberRequestId, scopedFetch } from './node-crash.js';
import { migrateDatabase, openDatabase, type OpenedDatabase } from './db/node.js';
import { loadOrCreateMasterKey } from './cli/master-key.js';
import { ReferentialFileError, shippedReferentials } from './referentials/files.js';
import { shippedLabelProgrammes } from './referentials/label-files.js';
import { nodeSvgRenderer } from './assets/resvg-node.js';
import { folderBlobs } from './storage/fs-blobs.js';

export interface NodeRuntime {
  deps: AppDeps;
  opened: OpenedDatabase;
  env: Env;
  port: number;
}

export function dataDirFor(databaseUrl: string): string {
  if (databaseUrl.startsWith('file:')) {
    const path = databaseUrl.slice('file:'.length);
    if (path && path !== ':memory:') return dirname(resolve(path));
  }
  return resolve('data');
}

/**
 * The client address for rate limits. Behind a reverse proxy (TRUST_PROXY=true) it is the LAST
 * entry of X-Forwarded-For: the one our proxy appended for the peer it saw. Entries to its left
 * come from the client itself and can be anything. (One proxy hop is assumed; with a chain of
 * proxies, the last one must overwrite the header or the limits are per proxy.)
 */
export function nodeClientIp(trustProxy: boolean) {
  return (c: Context): string | undefined => {
    if (trustProxy) {
      const hops = (c.req.header('x-forwarded-for') ?? '').split(',');
      const last = hops[hops.length - 1]?.trim();
      if (last) return last;
    }
    return getConnInfo(c).remote.address;
  };
}

/** Everything `npm start`, the CLI and the demo share: config, database, migrations, deps. */
export async function createNodeRuntime(raw: Record<string, string | undefined> = process.env): Promise<NodeRuntime> {
  const env = parseEnv(raw);
  const port = env.PORT;
  const databaseUrl = env.DATABASE_URL ?? 'file:data/jalon.db';
  const publicUrl = env.PUBLIC_URL ?? `http://localhost:${port}`;
  const masterKey = env.JALON_MASTER_KEY ?? loadOrCreateMasterKey(dataDirFor(databaseUrl));
  const opened = await openDatabase(databaseUrl, env.DATABASE_AUTH_TOKEN);
  await migrateDatabase(opened.client);
  const deps = createDeps({
    publicUrl,
    masterKey,
    setupToken: env.JALON_SETUP_TOKEN,
    database: opened.database,
    svgToPng: await nodeSvgRenderer(),
    blobs: folderBlobs(join(dataDirFor(databaseUrl), 'evidence')),
    clientIp: nodeClientIp(env.TRUST_PROXY === 'true'),
    logLevel: env.LOG_LEVEL,
    evidenceQuotaMb: env.EVIDENCE_QUOTA_MB,
    ...(env.SMTP_URL
      ? { mailer: smtpMailer(env.SMTP_URL, env.MAIL_FROM ?? `Jalon <jalon@${new URL(publicUrl).hostname}>`) }
      : {}),
  });
  return { deps, opened, env, port };
}

async function main(): Promise<void> {
  exitOnCrash();
  const runtime = await createNodeRuntime();
  const { deps, port } = runtime;
  const shipped = shippedReferentials();
  // A hub adapts its label programme in referentials/label/: read from disk, like the referentials.
  const result = await bootstrap(deps, shipped, shippedLabelProgrammes());
  const invitation = await adminInvitationIfNeeded(deps, result.hub);
  const app = createApp(deps, { shipped, onRequestId: rememberRequestId });
  serve({ fetch: scopedFetch(app.fetch), port }, () => {
    // Printed to the operator's terminal only (stdout of the process), never to the request log.
    console.log(`Jalon ${deps.config.version} — ${deps.config.publicUrl}`);
    console.log(`Référentiels : ${result.referentials.map((r) => `${r.slug} ${r.version}`).join(', ')}`);
    if (invitation) {
      console.log(
        `\nAucun administrateur pour « ${result.hub.name} ». Invitation à usage unique (7 jours) :\n  ${invitation}\n`,
      );
    }
  });
}

const isMain = import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('/src/node.ts');
if (isMain) {
  main().catch((err: unknown) => {
    console.error(
      err instanceof ConfigError || err instanceof ReferentialFileError
        ? err.message
        : `Démarrage impossible : ${err instanceof Error ? err.message : String(err)}`,
    );
    process.exit(1);
  });
}
