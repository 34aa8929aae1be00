import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { AppContext, AppEnv } from '../context.js';
import type { FieldError } from '../errors.js';
import { managedTeam } from '../organisations/service.js';
import { redirectWithFlash, setOnce } from '../web/flash.js';
import { tOf } from '../web/layout.js';
import { slugParam } from '../web/params.js';
import { body, form, formErrorsOr, json, params, route, scope } from '../web/route.js';
import { allow, PUBLIC, principalOf, roles, SIGNED_IN } from './access.js';
import {
  changePassword,
  createResetLink,
  liveApiTokenCount,
  lookUpReset,
  resetProblem,
  resetTargetOf,
  useResetLink,
} from './passwords.js';
import { ChangePasswordPage, ForgotPasswordPage, ResetPasswordPage } from './password-views.js';

export const changePasswordSchema = z.object({
  current: z.string().min(1, 'indiquez votre mot de passe actuel').max(1024),
  password: z.string().min(1, 'indiquez le nouveau mot de passe').max(1024),
  // A checkbox: ticked sends `revokeTokens=oui`, unticked sends nothing.
  revokeTokens: z.string().max(10).optional(),
});
export const resetPasswordSchema = z.object({
  password: z.string().min(1, 'indiquez le nouveau mot de passe').max(1024),
});
export const resetLinkRequestSchema = z.strictObject({}).meta({
  id: 'PasswordResetLinkRequest',
  description: 'Corps vide. / Empty body.',
});
export const resetLinkResponseSchema = z
  .object({ url: z.url(), expiresAt: z.string(), emailed: z.boolean() })
  .meta({ id: 'PasswordResetLink', description: 'Lien à usage unique, 24 heures. / One-time link, 24 hours.' });
type ResetLinkResponse = z.infer<typeof resetLinkResponseSchema>;

const tokenParam = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'lien invalide') });
const memberParam = slugParam.extend({ userId: z.string().uuid('identifiant invalide') });

/** Where the reset link just created is shown once (the team page of the organisation). */
export const teamPath = (slug: string) => `/organisations/${slug}/equipe`;

export function passwordRoutes(app: Hono<AppEnv>): void {
  const changePage = async (c: AppContext, revokeTokens: boolean, errors?: FieldError[]) => {
    const liveTokens = await liveApiTokenCount(c.var.deps, principalOf(c));
    return c.render(<ChangePasswordPage liveTokens={liveTokens} revokeTokens={revokeTokens} errors={errors ?? []} />, {
      title: tOf(c)('Changer mon mot de passe', 'Change my password'),
      noindex: true,
    });
  };

  app.get('/compte/mot-de-passe', allow(SIGNED_IN), (c) => changePage(c, false));

  app.post('/compte/mot-de-passe', allow(SIGNED_IN), form(changePasswordSchema), async (c) => {
    const { current, password, revokeTokens } = c.req.valid('form');
    const closeTokens = revokeTokens === 'oui';
    try {
      await changePassword(c.var.deps, principalOf(c), { current, password, revokeTokens: closeTokens });
    } catch (err) {
      const errors = formErrorsOr(c, err);
      c.status(422);
      return changePage(c, closeTokens, errors);
    }
    return closeTokens
      ? redirectWithFlash(
          c,
          '/compte',
          'Mot de passe changé. Vos jetons d’API sont fermés.',
          'Password changed. Your API tokens are closed.',
        )
      : redirectWithFlash(c, '/compte', 'Mot de passe changé.', 'Password changed.');
  });

  app.get('/mot-de-passe-oublie', allow(PUBLIC), (c) =>
    c.render(<ForgotPasswordPage canEmail={Boolean(c.var.deps.mailer)} />, {
      title: tOf(c)('Mot de passe oublié', 'Forgotten password'),
    }),
  );

  const resetPage = async <E extends AppEnv>(c: Context<E>, token: string, errors?: FieldError[]) => {
    const found = await lookUpReset(c.var.deps, token);
    if (found.state !== 'valid') throw resetProblem();
    c.header('cache-control', 'no-store');
    c.header('referrer-policy', 'no-referrer');
    c.status(errors ? 422 : 200);
    return c.render(<ResetPasswordPage token={token} email={found.user.email} {...(errors ? { errors } : {})} />, {
      title: tOf(c)('Choisir un nouveau mot de passe', 'Choose a new password'),
      noindex: true,
    });
  };

  app.get('/mot-de-passe/:token', allow(PUBLIC), params(tokenParam), (c) => resetPage(c, c.req.valid('param').token));

  // A link that no longer works says so, whatever was typed (the path's resource before the form).
  const liveLink = scope('reset', async (c) => {
    const found = await lookUpReset(c.var.deps, c.req.param('token') ?? '');
    if (found.state !== 'valid') throw resetProblem();
    return found;
  });

  app.post(
    '/mot-de-passe/:token',
    allow(PUBLIC),
    params(tokenParam),
    liveLink,
    form(resetPasswordSchema),
    async (c) => {
      const { token } = c.req.valid('param');
      try {
        await useResetLink(c.var.deps, token, c.req.valid('form').password, c.var.deps.clientIp(c));
      } catch (err) {
        return resetPage(c, token, formErrorsOr(c, err));
      }
      return redirectWithFlash(
        c,
        '/connexion',
        'Mot de passe enregistré. Les sessions et les jetons d’API du compte sont fermés. Connectez-vous avec le nouveau.',
        'Password saved. The account’s sessions and API tokens are closed. Sign in with the new one.',
      );
    },
  );

  const ADMINS = allow(roles('hub-admin', 'structure-admin'));
  // The member of the path: the caller runs the team and every role of the account (before any body is read).
  const resetTargetInPath = scope('resetTarget', async (c) => {
    const org = await managedTeam(c.var.deps, principalOf(c), c.req.param('slug') ?? '');
    return resetTargetOf(c.var.deps, principalOf(c), { userId: c.req.param('userId') ?? '', orgId: org.id });
  });

  // The form only carries the CSRF field: `form(...)` still insists on a form body.
  app.post(
    '/organisations/:slug/membres/:userId/mot-de-passe',
    ADMINS,
    params(memberParam),
    resetTargetInPath,
    form(z.object({})),
    async (c) => {
      const member = c.req.valid('param');
      setOnce(
        c,
        'reset',
        teamPath(member.slug),
        await createResetLink(c.var.deps, principalOf(c), c.var.resetTarget, c.var.deps.mailer),
      );
      // The team page it redirects to shows the link once, with what to do with it.
      return c.redirect(`${teamPath(member.slug)}#lien-mdp`, 303);
    },
  );

  app.post(
    '/api/v1/organisations/:slug/members/:userId/password-reset',
    route({
      access: roles('hub-admin', 'structure-admin'),
      operationId: 'createPasswordResetLink',
      summary: 'Créer un lien à usage unique pour qu’un membre choisisse un nouveau mot de passe',
      tag: 'Organisations',
      responses: { 201: json('Lien créé (à transmettre ; envoyé par e-mail si possible).', resetLinkResponseSchema) },
    }),
    params(memberParam),
    resetTargetInPath,
    body(resetLinkRequestSchema),
    async (c) => {
      const created = await createResetLink(c.var.deps, principalOf(c), c.var.resetTarget, c.var.deps.mailer);
      c.header('cache-control', 'no-store');
      return c.json(
        { url: created.url, expiresAt: created.expiresAt, emailed: created.emailed } satisfies ResetLinkResponse,
        201,
      );
    },
  );
}
