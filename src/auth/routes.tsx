import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppContext, AppEnv } from '../context.js';
import { AppError, type FieldError, invalid } from '../errors.js';
import { tOf } from '../web/layout.js';
import { wantsHtml } from '../web/negotiate.js';
import { idParam } from '../web/params.js';
import { body, form, formWithErrors, json, noContent, params, route } from '../web/route.js';
import { allow, principalOf, PUBLIC, SIGNED_IN } from './access.js';
import { safeNextPath, sessionCookieName } from './cookies.js';
import {
  acceptSchema,
  type ApiToken,
  apiTokenSchema,
  invitationTokenParam,
  type Me,
  meSchema,
  signInSchema,
  tokenNameSchema,
} from './schemas.js';
import { apiTokensOfActor, createApiToken, revokeApiTokenOf } from './api-tokens.js';
import { acceptInvitation, invitationProblem, lookUpInvitation } from './invitations.js';
import { type SignInResult, signIn, signOut } from './sessions.js';
import { AccountPage, InvitationPage, SignInPage } from './views.js';
import { redirectWithFlash, setOnce, takeOnce } from '../web/flash.js';
import { passwordRoutes } from './password-routes.js';

function startSession(c: AppContext, result: SignInResult): void {
  const config = c.var.deps.config;
  setCookie(c, sessionCookieName(config), result.sessionToken, {
    httpOnly: true,
    secure: config.secureCookies,
    sameSite: 'Lax',
    path: '/',
    maxAge: result.maxAgeSeconds,
  });
}

export function authRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/connexion', allow(PUBLIC), (c) => {
    if (c.var.principal) return c.redirect(safeNextPath(c.req.query('suite')), 303);
    return c.render(<SignInPage next={safeNextPath(c.req.query('suite'))} />, {
      title: tOf(c)('Se connecter', 'Sign in'),
    });
  });

  app.post('/connexion', allow(PUBLIC), form(signInSchema), async (c) => {
    const input = c.req.valid('form');
    const next = safeNextPath(input.suite);
    try {
      const result = await signIn(c.var.deps, {
        email: input.email,
        password: input.password,
        clientIp: c.var.deps.clientIp(c),
      });
      startSession(c, result);
      return c.redirect(next, 303);
    } catch (err) {
      if (err instanceof AppError && (err.code === 'unauthenticated' || err.code === 'rate_limited') && wantsHtml(c)) {
        if (err.extra.retryAfterSeconds) c.header('retry-after', String(err.extra.retryAfterSeconds));
        c.status(err.status as 401);
        return c.render(<SignInPage next={next} email={input.email} error={err.detail[c.var.lang]} />, {
          title: tOf(c)('Se connecter', 'Sign in'),
        });
      }
      throw err;
    }
  });

  app.post('/deconnexion', allow(SIGNED_IN), async (c) => {
    const name = sessionCookieName(c.var.deps.config);
    const cookie = getCookie(c, name);
    if (cookie) await signOut(c.var.deps, cookie);
    deleteCookie(c, name, { path: '/', secure: c.var.deps.config.secureCookies });
    // What this browser kept for offline work (pages of people, forms not sent) leaves with the session.
    c.header('clear-site-data', '"cache", "storage"');
    return c.redirect('/', 303);
  });

  /** The invitation of the link, or the problem saying why it no longer works. */
  const openInvitation = async (c: AppContext, token: string) => {
    const found = await lookUpInvitation(c.var.deps, token);
    if (found.state !== 'valid') throw invitationProblem(found.state);
    return found;
  };
  const invitationPage = (
    c: AppContext,
    token: string,
    found: Awaited<ReturnType<typeof openInvitation>>,
    extra: { values?: { email?: string; displayName?: string }; errors?: FieldError[]; error?: string } = {},
  ) =>
    c.render(
      <InvitationPage
        token={token}
        org={found.org}
        role={found.invitation.role}
        boundEmail={found.invitation.email}
        {...extra}
      />,
      { title: tOf(c)('Invitation', 'Invitation'), noindex: true },
    );

  app.get('/invitations/:token', allow(PUBLIC), params(invitationTokenParam), async (c) => {
    const { token } = c.req.valid('param');
    return invitationPage(c, token, await openInvitation(c, token));
  });

  app.post(
    '/invitations/:token',
    allow(PUBLIC),
    params(invitationTokenParam),
    formWithErrors(acceptSchema),
    async (c) => {
      const { token } = c.req.valid('param');
      const found = await openInvitation(c, token);
      const submitted = c.req.valid('form');
      const values = { email: submitted.values.email ?? '', displayName: submitted.values.displayName ?? '' };
      if (!submitted.ok) {
        if (!wantsHtml(c)) throw invalid(submitted.errors);
        c.status(422);
        return invitationPage(c, token, found, { values, errors: submitted.errors });
      }
      try {
        const result = await acceptInvitation(c.var.deps, token, {
          ...submitted.data,
          clientIp: c.var.deps.clientIp(c),
        });
        startSession(c, result);
        return c.redirect('/espace', 303);
      } catch (err) {
        if (
          err instanceof AppError &&
          ['unauthenticated', 'forbidden', 'conflict', 'validation_failed', 'rate_limited'].includes(err.code) &&
          wantsHtml(c)
        ) {
          // Field errors go to the summary, linked to their field; others as one alert.
          if (err.extra.retryAfterSeconds) c.header('retry-after', String(err.extra.retryAfterSeconds));
          c.status(err.status as 401);
          return invitationPage(
            c,
            token,
            found,
            err.extra.errors?.length ? { values, errors: err.extra.errors } : { values, error: err.detail[c.var.lang] },
          );
        }
        throw err;
      }
    },
  );

  app.get('/compte', allow(SIGNED_IN), async (c) => {
    const principal = principalOf(c);
    const tokens = await apiTokensOfActor(c.var.deps, principal);
    const fresh = takeOnce(c, 'jeton', '/compte');
    c.header('cache-control', 'no-store');
    const once = typeof fresh === 'string' ? { newToken: fresh } : {};
    return c.render(<AccountPage principal={principal} tokens={tokens} {...once} />, {
      title: tOf(c)('Mon compte', 'My account'),
      noindex: true,
    });
  });

  app.post('/compte/jetons', allow(SIGNED_IN), form(tokenNameSchema), async (c) => {
    const created = await createApiToken(c.var.deps, principalOf(c), c.req.valid('form').name);
    // Post/redirect/get: the new token is shown once, on the page the redirect leads to.
    setOnce(c, 'jeton', '/compte', created.token);
    return redirectWithFlash(c, '/compte#jetons', 'Jeton créé.', 'Token created.');
  });

  app.post('/compte/jetons/:id/revoquer', allow(SIGNED_IN), params(idParam), async (c) => {
    await revokeApiTokenOf(c.var.deps, principalOf(c), c.req.valid('param').id);
    return redirectWithFlash(c, '/compte#jetons', 'Jeton révoqué.', 'Token revoked.');
  });

  passwordRoutes(app);

  // --- JSON API

  app.get(
    '/api/v1/me',
    route({
      access: SIGNED_IN,
      operationId: 'getMe',
      summary: 'Le compte connecté et ses rôles',
      tag: 'Compte',
      responses: { 200: json('Le compte.', meSchema) },
    }),
    (c) => {
      const p = principalOf(c);
      return c.json({
        id: p.userId,
        email: p.email,
        displayName: p.displayName,
        memberships: p.memberships.map((m) => ({
          organisation: { id: m.orgId, slug: m.orgSlug, name: m.orgName, kind: m.orgKind },
          role: m.role,
        })),
      } satisfies Me);
    },
  );

  app.post(
    '/api/v1/tokens',
    route({
      access: SIGNED_IN,
      operationId: 'createApiToken',
      summary: 'Créer un jeton d’API',
      description: 'Le jeton n’est montré qu’une fois ; il est stocké haché. / The token is shown once.',
      tag: 'Compte',
      responses: { 201: json('Jeton créé.', apiTokenSchema) },
    }),
    body(tokenNameSchema),
    async (c) => {
      const created = await createApiToken(c.var.deps, principalOf(c), c.req.valid('json').name);
      c.header('cache-control', 'no-store');
      return c.json({ id: created.id, token: created.token } satisfies ApiToken, 201);
    },
  );

  app.delete(
    '/api/v1/tokens/:id',
    route({
      access: SIGNED_IN,
      operationId: 'revokeApiToken',
      summary: 'Révoquer un de ses jetons d’API',
      tag: 'Compte',
      responses: { 204: noContent('Jeton révoqué.') },
    }),
    params(idParam),
    async (c) => {
      await revokeApiTokenOf(c.var.deps, principalOf(c), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  return app;
}
