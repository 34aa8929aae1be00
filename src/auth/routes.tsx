import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { AppContext, AppEnv } from '../context.js';
import { AppError } from '../errors.js';
import { humanName } from '../lib/inputs.js';
import { redirectWithFlash, setOnce, takeOnce } from '../web/flash.js';
import { pageProps, tOf } from '../web/layout.js';
import { idParam } from '../web/params.js';
import { fieldErrors, parseWith, readForm, readJson } from '../web/validate.js';
import { allow, principalOf, PUBLIC, SIGNED_IN } from './access.js';
import { safeNextPath, sessionCookieName } from './cookies.js';
import { passwordRoutes } from './password-routes.js';
import * as service from './service.js';
import { apiTokensOf } from './store.js';
import { AccountPage, InvitationPage, SignInPage } from './views.js';

export const signInSchema = z.object({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(1024),
  suite: z.string().max(2000).optional(),
});

export const acceptSchema = z.object({
  email: z.string().trim().email('adresse e-mail invalide').max(254),
  displayName: humanName(120),
  password: z.string().min(1, 'indiquez un mot de passe').max(1024),
});

export const tokenNameSchema = z.object({ name: z.string().trim().min(1, 'donnez un nom au jeton').max(80) });
const tokenParam = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'lien invalide') });

function startSession(c: AppContext, result: service.SignInResult): void {
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
    const t = tOf(c);
    if (c.var.principal) return c.redirect(safeNextPath(c.req.query('suite')), 303);
    return c.html(
      <SignInPage page={pageProps(c, t('Se connecter', 'Sign in'))} t={t} next={safeNextPath(c.req.query('suite'))} />,
    );
  });

  app.post('/connexion', allow(PUBLIC), async (c) => {
    const t = tOf(c);
    const form = parseWith(signInSchema, await readForm(c));
    const next = safeNextPath(form.suite);
    try {
      const result = await service.signIn(c.var.deps, {
        email: form.email,
        password: form.password,
        clientIp: c.var.deps.clientIp(c),
      });
      startSession(c, result);
      return c.redirect(next, 303);
    } catch (err) {
      if (err instanceof AppError && (err.code === 'unauthenticated' || err.code === 'rate_limited')) {
        const headers: Record<string, string> = err.extra.retryAfterSeconds
          ? { 'retry-after': String(err.extra.retryAfterSeconds) }
          : {};
        if (!c.req.header('accept')?.includes('text/html')) throw err;
        return c.html(
          <SignInPage
            page={pageProps(c, t('Se connecter', 'Sign in'))}
            t={t}
            next={next}
            email={form.email}
            error={err.detail[c.var.lang]}
          />,
          err.status as 401,
          headers,
        );
      }
      throw err;
    }
  });

  app.post('/deconnexion', allow(SIGNED_IN), async (c) => {
    const name = sessionCookieName(c.var.deps.config);
    const cookie = getCookie(c, name);
    if (cookie) await service.signOut(c.var.deps, cookie);
    deleteCookie(c, name, { path: '/', secure: c.var.deps.config.secureCookies });
    return c.redirect('/', 303);
  });

  /** The invitation of the link, or the problem saying why it no longer works. */
  const openInvitation = async (c: AppContext) => {
    const { token } = parseWith(tokenParam, c.req.param());
    const found = await service.lookUpInvitation(c.var.deps, token);
    if (found.state !== 'valid') throw service.invitationProblem(found.state);
    const t = tOf(c);
    const page = (extra: Partial<Parameters<typeof InvitationPage>[0]> = {}) => (
      <InvitationPage
        page={pageProps(c, t('Invitation', 'Invitation'))}
        t={t}
        token={token}
        org={found.org}
        role={found.invitation.role}
        boundEmail={found.invitation.email}
        {...extra}
      />
    );
    return { token, page };
  };

  app.get('/invitations/:token', allow(PUBLIC), async (c) => c.html((await openInvitation(c)).page()));

  app.post('/invitations/:token', allow(PUBLIC), async (c) => {
    const { token, page } = await openInvitation(c);
    const raw = await readForm(c);
    const parsed = acceptSchema.safeParse(raw);
    const render = (
      status: 401 | 403 | 409 | 422 | 429,
      opts: { errors?: ReturnType<typeof fieldErrors>; error?: string },
    ) => {
      if (!c.req.header('accept')?.includes('text/html')) return undefined;
      return c.html(page({ values: { email: raw.email ?? '', displayName: raw.displayName ?? '' }, ...opts }), status);
    };
    if (!parsed.success) {
      const errors = fieldErrors(parsed.error);
      const page = render(422, { errors });
      if (page) return page;
      throw new AppError(
        'validation_failed',
        { fr: 'Certaines données sont invalides.', en: 'Some data is invalid.' },
        { errors },
      );
    }
    try {
      const result = await service.acceptInvitation(c.var.deps, token, {
        ...parsed.data,
        clientIp: c.var.deps.clientIp(c),
      });
      startSession(c, result);
      return c.redirect('/espace', 303);
    } catch (err) {
      if (
        err instanceof AppError &&
        ['unauthenticated', 'forbidden', 'conflict', 'validation_failed', 'rate_limited'].includes(err.code)
      ) {
        if (err.extra.retryAfterSeconds) c.header('retry-after', String(err.extra.retryAfterSeconds));
        // Field errors go to the summary, linked to their field; others as one alert.
        const page = render(
          err.status as 401,
          err.extra.errors?.length ? { errors: err.extra.errors } : { error: err.detail[c.var.lang] },
        );
        if (page) return page;
      }
      throw err;
    }
  });

  app.get('/compte', allow(SIGNED_IN), async (c) => {
    const t = tOf(c);
    const principal = principalOf(c);
    const tokens = await apiTokensOf(c.var.deps.database.db, principal.userId);
    const fresh = takeOnce(c, 'jeton', '/compte');
    c.header('cache-control', 'no-store');
    return c.html(
      <AccountPage
        page={pageProps(c, t('Mon compte', 'My account'))}
        t={t}
        principal={principal}
        tokens={tokens}
        {...(typeof fresh === 'string' ? { newToken: fresh } : {})}
      />,
    );
  });

  app.post('/compte/jetons', allow(SIGNED_IN), async (c) => {
    const principal = principalOf(c);
    const { name } = parseWith(tokenNameSchema, await readForm(c));
    const created = await service.createApiToken(c.var.deps, principal, name);
    setOnce(c, 'jeton', '/compte', created.token);
    return redirectWithFlash(c, '/compte#jetons', 'Jeton créé.', 'Token created.');
  });

  app.post('/compte/jetons/:id/revoquer', allow(SIGNED_IN), async (c) => {
    const { id } = parseWith(idParam, c.req.param());
    await service.revokeApiTokenOf(c.var.deps, principalOf(c), id);
    return redirectWithFlash(c, '/compte#jetons', 'Jeton révoqué.', 'Token revoked.');
  });

  passwordRoutes(app);

  // --- JSON API

  app.get('/api/v1/me', allow(SIGNED_IN), (c) => {
    const p = principalOf(c);
    return c.json({
      id: p.userId,
      email: p.email,
      displayName: p.displayName,
      memberships: p.memberships.map((m) => ({
        organisation: { id: m.orgId, slug: m.orgSlug, name: m.orgName, kind: m.orgKind },
        role: m.role,
      })),
    });
  });

  app.post('/api/v1/tokens', allow(SIGNED_IN), async (c) => {
    const { name } = await readJson(c, tokenNameSchema);
    const created = await service.createApiToken(c.var.deps, principalOf(c), name);
    c.header('cache-control', 'no-store');
    return c.json(created, 201);
  });

  app.delete('/api/v1/tokens/:id', allow(SIGNED_IN), async (c) => {
    const { id } = parseWith(idParam, c.req.param());
    await service.revokeApiTokenOf(c.var.deps, principalOf(c), id);
    return c.body(null, 204);
  });

  return app;
}
