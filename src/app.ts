import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie, setCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { anonymousCsrfToken } from './auth/access.js';
import { sessionCookieName } from './auth/cookies.js';
import { authRoutes } from './auth/routes.js';
import { principalFromApiToken, principalFromSession } from './auth/service.js';
import type { AppDeps, AppEnv } from './context.js';
import { errorSummary, isBusyError } from './db/busy.js';
import { AppError, ERROR_CODES, type ErrorCode } from './errors.js';
import { adminRoutes } from './organisations/routes.js';
import { referentialRoutes } from './referentials/routes.js';
import { detectLanguage } from './web/i18n.js';
import { renderProblem } from './web/problem.js';
import { pageRenderer } from './web/render.js';
import { siteRoutes } from './web/routes.js';
import { setupRoutes } from './setup/routes.js';
import { dataIntegrityRoutes } from './issuing/ldp-routes.js';
import { issuingRoutes } from './issuing/routes.js';
import { verificationRoutes } from './verification/routes.js';
import { statisticsRoutes } from './stats/routes.js';
import { learnerRoutes } from './learners/routes.js';
import { committeeRequestsOf as certificationRequestsOf } from './certification/applications.js';
import { certificationRoutes } from './certification/routes.js';
import { openApiRoutes } from './openapi/routes.js';
import { committeeRequestsOf as labelRequestsOf } from './label/applications.js';
import { labelRoutes } from './label/routes.js';
import { offlineHeaders, offlineRoutes } from './offline/routes.js';
import { BULK_LIMITS } from './verification/bulk.js';
import { bulkVerificationRoutes } from './verification/bulk-routes.js';
import type { ReferentialFile } from './referentials/files-types.js';

/** Largest request body: a passport PDF or a baked image with room to spare. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
const BULK_PATHS = new Set(['/api/v1/verify/bulk', '/comite/verification']);

/** The database stayed busy (another process writing) longer than we retry: try again shortly. */
export function databaseBusy(): AppError {
  return new AppError(
    'service_unavailable',
    {
      fr: 'Le service est très sollicité en ce moment. Réessayez dans quelques secondes.',
      en: 'The service is very busy right now. Try again in a few seconds.',
    },
    { retryAfterSeconds: 2 },
  );
}

export interface AppOptions {
  /** Referentials the setup route loads into an empty database. */
  shipped?: ReferentialFile[];
  /** Told each request's id as soon as it is known (the Node entry names it if the process crashes). */
  onRequestId?: (requestId: string) => void;
}

export function createApp(deps: AppDeps, options: AppOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use('*', detectLanguage);
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    c.set('principal', null);
    c.set('csrfToken', '');
    c.set('lang', c.get('language') === 'en' ? 'en' : 'fr');
    // A language chosen with the footer link (?lang=) sticks for the following pages.
    const chosen = c.req.query('lang');
    if (chosen === 'fr' || chosen === 'en')
      setCookie(c, 'lang', chosen, {
        path: '/',
        sameSite: 'Lax',
        maxAge: 31_536_000,
        secure: deps.config.secureCookies,
      });
    await next();
  });
  app.use('*', requestId());
  app.use('*', async (c, next) => {
    options.onRequestId?.(c.get('requestId'));
    const started = performance.now();
    await next();
    // The route pattern, never the raw path: paths can hold secret links.
    deps.logger.info('request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    });
  });
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'"],
        scriptSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
      // The header alone sets the policy (no <meta name="referrer"> in pages, which would win over it).
      referrerPolicy: 'same-origin',
      crossOriginResourcePolicy: 'cross-origin',
      // A header a route set itself stays (the holder page's `Referrer-Policy: no-referrer`).
      overwrite: false,
    }),
  );
  const limitOf = (maxSize: number): MiddlewareHandler<AppEnv> => {
    const tooLarge = () => {
      throw new AppError('payload_too_large', {
        fr: `L’envoi dépasse ${maxSize / 1024 / 1024} Mo.`,
        en: `The upload exceeds ${maxSize / 1024 / 1024} MB.`,
      });
    };
    const counted = bodyLimit({ maxSize, onError: tooLarge });
    // hono's bodyLimit first asks for `c.req.raw.body`: on Node that builds the whole web Request (its
    // stream, its abort signal) that the body readers otherwise skip. A declared length decides alone
    // there too, so it is read first; a body without one (chunked) is counted by hono's as before.
    return (c, next) => {
      if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
      const length = c.req.header('content-length');
      if (length === undefined || c.req.header('transfer-encoding') !== undefined) return counted(c, next);
      return Number.parseInt(length, 10) > maxSize ? tooLarge() : next();
    };
  };
  const usualLimit = limitOf(MAX_BODY_BYTES);
  const bulkLimit = limitOf(BULK_LIMITS.bytes);
  app.use('*', (c, next) => (BULK_PATHS.has(c.req.path) ? bulkLimit(c, next) : usualLimit(c, next)));
  app.use('*', async (c, next) => {
    const auth = c.req.header('authorization');
    if (auth?.startsWith('Bearer ')) {
      const principal = await principalFromApiToken(deps, auth.slice(7).trim());
      if (!principal) {
        throw new AppError('unauthenticated', {
          fr: 'Jeton d’API inconnu ou révoqué.',
          en: 'Unknown or revoked API token.',
        });
      }
      c.set('principal', principal);
    } else {
      const cookie = getCookie(c, sessionCookieName(deps.config));
      const principal = cookie ? await principalFromSession(deps, cookie) : null;
      c.set('principal', principal);
    }
    const p = c.get('principal');
    // The JSON API renders no form and checks no anonymous token (auth/access.ts): a visitor's
    // call gets no CSRF cookie, and is spared drawing and serialising one.
    c.set('csrfToken', p?.csrfToken ?? (c.req.path.startsWith('/api/') ? '' : anonymousCsrfToken(c)));
    await next();
  });

  app.use('*', offlineHeaders);
  app.use('*', pageRenderer);

  app.route('/', siteRoutes({ committeeRequests: [certificationRequestsOf, labelRequestsOf] }));
  app.route('/', authRoutes());
  app.route('/', adminRoutes());
  app.route('/', referentialRoutes());
  app.route('/', setupRoutes(options.shipped ?? []));
  app.route('/', dataIntegrityRoutes()); // before issuingRoutes: its /credentials/:file takes every other form
  app.route('/', issuingRoutes());
  app.route('/', verificationRoutes());
  app.route('/', learnerRoutes());
  app.route('/', certificationRoutes());
  app.route('/', statisticsRoutes());
  app.route('/', labelRoutes());
  app.route('/', bulkVerificationRoutes());
  app.route('/', offlineRoutes());
  app.route('/', openApiRoutes(app));

  app.notFound((c) =>
    renderProblem(c, new AppError('not_found', { fr: 'Cette page n’existe pas.', en: 'This page does not exist.' })),
  );
  app.onError((err, c) => {
    if (err instanceof AppError) return renderProblem(c, err);
    if (err instanceof HTTPException) {
      const code = (Object.entries(ERROR_CODES).find(([, s]) => s === err.status)?.[0] ?? 'bad_request') as ErrorCode;
      return renderProblem(
        c,
        new AppError(code, { fr: 'La requête n’a pas pu être traitée.', en: 'The request could not be processed.' }),
      );
    }
    if (isBusyError(err)) {
      deps.logger.warn('database busy', { requestId: c.var.requestId, route: c.req.routePath });
      return renderProblem(c, databaseBusy());
    }
    // Class and code only: a query error's message carries the query's values (names, e-mails).
    deps.logger.error('unhandled error', { requestId: c.var.requestId, route: c.req.routePath, ...errorSummary(err) });
    return renderProblem(
      c,
      new AppError('internal', {
        fr: 'Une erreur inattendue s’est produite. Elle a été enregistrée ; réessayez plus tard.',
        en: 'An unexpected error occurred. It has been logged; try again later.',
      }),
    );
  });
  return app;
}
