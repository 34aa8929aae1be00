/**
 * What `npm start`, the CLI and the demo share: configuration, the database (migrated), the services'
 * dependencies. Node only. It does not load the web app, so that a CLI command starts in a fraction of
 * `npm start`'s time (the app's pages and routes are most of the modules).
 */
import { dirname, join, resolve } from 'node:path';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { nodeSvgRenderer } from './assets/resvg-node.js';
import { loadOrCreateMasterKey } from './cli/master-key.js';
import { parseEnv, type Env } from './config.js';
import type { AppDeps } from './context.js';
import { migrateDatabase, openDatabase, type OpenedDatabase } from './db/node.js';
import { createDeps } from './deps.js';
import { smtpMailer } from './lib/mailer-node.js';
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
