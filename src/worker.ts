/**
 * Cloudflare Workers entry: D1 binding `DB`, or libSQL over HTTP (Turso) when DATABASE_URL is set.
 * Config is parsed once per isolate; the app and its dependencies are rebuilt only when the
 * bindings object changes. Migrations are applied by wrangler (D1) or the CLI (Turso), not here.
 */
import type { D1Database, ExecutionContext } from '@cloudflare/workers-types';
import { createClient } from '@libsql/client/web';
import type { Hono } from 'hono';
import { createApp } from './app.js';
import { workerSvgRenderer } from './assets/resvg-worker.js';
import { bootstrap } from './bootstrap.js';
import { buildConfig, ConfigError, parseEnv } from './config.js';
import type { AppDeps, AppEnv } from './context.js';
import { d1Database } from './db/d1.js';
import { libsqlDatabase } from './db/libsql.js';
import { createLogger } from './lib/logger.js';
import { SHIPPED_REFERENTIALS } from './referentials/shipped.generated.js';
import { noBlobs, type R2Like, r2Blobs } from './storage/blobs.js';

export interface WorkerBindings {
  DB?: D1Database;
  DATABASE_URL?: string;
  DATABASE_AUTH_TOKEN?: string;
  PUBLIC_URL?: string;
  JALON_MASTER_KEY?: string;
  JALON_SETUP_TOKEN?: string;
  LOG_LEVEL?: string;
  /** R2 bucket for evidence files (optional: without it, file evidence is refused). */
  EVIDENCE?: R2Like;
}

interface Built {
  app: Hono<AppEnv>;
  deps: AppDeps;
  /** Shipped referentials and the demo hub, once per isolate (idempotent, so a race is harmless). */
  bootstrapped: Promise<unknown> | undefined;
}

let built: { bindings: WorkerBindings; value: Built } | undefined;

function build(bindings: WorkerBindings): Built {
  const env = parseEnv({ ...bindings, DB: undefined } as Record<string, unknown>);
  if (!env.PUBLIC_URL) throw new ConfigError('Configuration invalide : PUBLIC_URL — obligatoire sur Workers');
  if (!env.JALON_MASTER_KEY)
    throw new ConfigError(
      'Configuration invalide : JALON_MASTER_KEY — secret obligatoire (wrangler secret put JALON_MASTER_KEY)',
    );
  let database;
  if (env.DATABASE_URL) {
    database = libsqlDatabase(
      createClient(
        env.DATABASE_AUTH_TOKEN
          ? { url: env.DATABASE_URL, authToken: env.DATABASE_AUTH_TOKEN }
          : { url: env.DATABASE_URL },
      ),
    );
  } else if (bindings.DB) {
    database = d1Database(bindings.DB);
  } else {
    throw new ConfigError('Configuration invalide : ni binding D1 « DB » ni DATABASE_URL');
  }
  const deps: AppDeps = {
    config: {
      ...buildConfig(env.PUBLIC_URL, env.JALON_MASTER_KEY),
      ...(env.JALON_SETUP_TOKEN ? { setupToken: env.JALON_SETUP_TOKEN } : {}),
    },
    database,
    clock: () => new Date(),
    logger: createLogger(env.LOG_LEVEL),
    svgToPng: async (svg) => (await workerSvgRenderer())(svg),
    blobs: bindings.EVIDENCE ? r2Blobs(bindings.EVIDENCE) : noBlobs,
    clientIp: (c) => c.req.header('cf-connecting-ip') ?? undefined,
  };
  return { app: createApp(deps, { shipped: SHIPPED_REFERENTIALS }), deps, bootstrapped: undefined };
}

export default {
  async fetch(request: Request, bindings: WorkerBindings, ctx: ExecutionContext): Promise<Response> {
    try {
      if (!built || built.bindings !== bindings) built = { bindings, value: build(bindings) };
    } catch (err) {
      const message = err instanceof ConfigError ? err.message : 'Configuration invalide';
      console.error(message);
      return new Response(
        JSON.stringify({
          type: 'about:blank',
          title: 'Service mal configuré',
          status: 503,
          detail: message,
          code: 'service_unavailable',
        }),
        {
          status: 503,
          headers: { 'content-type': 'application/problem+json; charset=utf-8' },
        },
      );
    }
    const value = built.value;
    value.bootstrapped ??= bootstrap(value.deps, SHIPPED_REFERENTIALS).catch((err: unknown) => {
      value.bootstrapped = undefined;
      throw err;
    });
    await value.bootstrapped;
    return value.app.fetch(request, bindings, ctx as never);
  },
};
