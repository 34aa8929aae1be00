/**
 * Cloudflare Workers entry: D1 binding `DB`, or libSQL over HTTP (Turso) when DATABASE_URL is set.
 * Config is parsed once per isolate; the app and its dependencies are rebuilt only when the
 * bindings object changes. Migrations are applied by wrangler (D1) or the CLI (Turso), not here.
 */
import type { D1Database, ExecutionContext } from '@cloudflare/workers-types';
import { createClient } from '@libsql/client/web';
import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import type { z } from 'zod';
import { createApp } from './app.js';
import { workerSvgRenderer } from './assets/resvg-worker.js';
import { bootstrap } from './bootstrap.js';
import { type envSchema, parseEnv } from './config.js';
import { ConfigError } from './errors.js';
import type { AppDeps, AppEnv } from './context.js';
import type { Database } from './db/client.js';
import { d1Database } from './db/d1.js';
import { libsqlDatabase } from './db/libsql.js';
import { createDeps } from './deps.js';
import { AppError } from './errors.js';
import { SHIPPED_REFERENTIALS } from './referentials/shipped.generated.js';
import { detectLanguage } from './web/i18n.js';
import { renderProblem } from './web/problem.js';
import { noBlobs, type R2Like, r2Blobs } from './storage/blobs.js';

/** The Worker's bindings: every variable of the env schema (as text), plus the D1 binding. */
export type WorkerBindings = { [K in keyof z.input<typeof envSchema>]?: string } & {
  DB?: D1Database;
  /** R2 bucket for evidence files (optional: without it, file evidence is refused). */
  EVIDENCE?: R2Like;
};

interface Built {
  app: Hono<AppEnv>;
  deps: AppDeps;
  /** Shipped referentials and the demo hub, once per isolate (idempotent, so a race is harmless). */
  bootstrapped: Promise<unknown> | undefined;
}

let built: { bindings: WorkerBindings; value: Built } | undefined;

function databaseOf(env: ReturnType<typeof parseEnv>, bindings: WorkerBindings): Database {
  if (env.DATABASE_URL) {
    return libsqlDatabase(
      createClient(
        env.DATABASE_AUTH_TOKEN
          ? { url: env.DATABASE_URL, authToken: env.DATABASE_AUTH_TOKEN }
          : { url: env.DATABASE_URL },
      ),
    );
  }
  if (bindings.DB) return d1Database(bindings.DB);
  throw new ConfigError('Configuration invalide : ni binding D1 « DB » ni DATABASE_URL');
}

function build(bindings: WorkerBindings): Built {
  const { DB: _database, EVIDENCE: _evidence, ...variables } = bindings;
  const env = parseEnv(variables);
  if (!env.PUBLIC_URL) throw new ConfigError('Configuration invalide : PUBLIC_URL — obligatoire sur Workers');
  if (!env.JALON_MASTER_KEY)
    throw new ConfigError(
      'Configuration invalide : JALON_MASTER_KEY — secret obligatoire (wrangler secret put JALON_MASTER_KEY)',
    );
  const deps = createDeps({
    publicUrl: env.PUBLIC_URL,
    masterKey: env.JALON_MASTER_KEY,
    setupToken: env.JALON_SETUP_TOKEN,
    database: databaseOf(env, bindings),
    svgToPng: async (svg) => (await workerSvgRenderer())(svg),
    // What hono's Workers getConnInfo reads (its hono/cloudflare-workers adapter is deprecated).
    blobs: bindings.EVIDENCE ? r2Blobs(bindings.EVIDENCE) : noBlobs,
    clientIp: (c) => c.req.header('cf-connecting-ip') ?? undefined,
    logLevel: env.LOG_LEVEL,
    evidenceQuotaMb: env.EVIDENCE_QUOTA_MB,
  });
  return { app: createApp(deps, { shipped: SHIPPED_REFERENTIALS }), deps, bootstrapped: undefined };
}

/**
 * The answer while the service cannot run (configuration, database): the app's own problem
 * serializer, so it carries a request id and both languages like every other error.
 */
function unavailable(detail: { fr: string; en: string }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', detectLanguage, requestId());
  app.use('*', async (c, next) => {
    c.set('lang', c.var.language === 'en' ? 'en' : 'fr');
    await next();
  });
  app.all('*', () => {
    throw new AppError('service_unavailable', detail);
  });
  app.onError((err, c) => renderProblem(c, err as AppError));
  return app;
}

export default {
  async fetch(request: Request, bindings: WorkerBindings, ctx: ExecutionContext): Promise<Response> {
    try {
      if (!built || built.bindings !== bindings) built = { bindings, value: build(bindings) };
    } catch (err) {
      const message = err instanceof ConfigError ? err.message : 'Configuration invalide';
      console.error(message);
      return unavailable({
        fr: message,
        en: 'The service is not configured correctly; its log says which setting is wrong.',
      }).fetch(request);
    }
    const value = built.value;
    try {
      value.bootstrapped ??= bootstrap(value.deps, SHIPPED_REFERENTIALS).catch((err: unknown) => {
        value.bootstrapped = undefined;
        throw err;
      });
      await value.bootstrapped;
    } catch (err) {
      value.deps.logger.error('bootstrap failed', { error: err instanceof Error ? err.name : 'non-error thrown' });
      return unavailable({
        fr: 'Le service démarre mal : la base de données ne répond pas comme prévu. Réessayez plus tard.',
        en: 'The service could not start: the database does not answer as expected. Try again later.',
      }).fetch(request);
    }
    return value.app.fetch(request, bindings, ctx as never);
  },
};
