import type { Hono } from 'hono';
import { z } from 'zod';
import type { AppContext, AppEnv } from '../context.js';
import { AppError, type FieldError, notFound } from '../errors.js';
import { findOrganisationBySlug } from '../organisations/store.js';
import { redirectWithFlash, setOnce } from '../web/flash.js';
import { pageProps, tOf } from '../web/layout.js';
import { slugParam } from '../web/params.js';
import { body, json, params, route } from '../web/route.js';
import { parseWith, readForm } from '../web/validate.js';
import { allow, PUBLIC, principalOf, roles, SIGNED_IN, wantsHtml } from './access.js';
import { changePassword, createResetLink, lookUpReset, resetProblem, useResetLink } from './passwords.js';
import { ChangePasswordPage, ForgotPasswordPage, ResetPasswordPage } from './password-views.js';

export const changePasswordSchema = z.object({
  current: z.string().min(1, 'indiquez votre mot de passe actuel').max(1024),
  password: z.string().min(1, 'indiquez le nouveau mot de passe').max(1024),
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

/** Field errors of a validation problem for a browser's form; anything else (or another client) gets the problem. */
function fieldErrorsOf(c: AppContext, err: unknown) {
  if (err instanceof AppError && err.code === 'validation_failed' && wantsHtml(c)) return err.extra.errors ?? [];
  throw err;
}

/** Where the reset link just created is shown once (the team page of the organisation). */
export const teamPath = (slug: string) => `/organisations/${slug}/equipe`;

export function passwordRoutes(app: Hono<AppEnv>): void {
  app.get('/compte/mot-de-passe', allow(SIGNED_IN), (c) => {
    const t = tOf(c);
    return c.html(
      <ChangePasswordPage page={pageProps(c, t('Changer mon mot de passe', 'Change my password'))} t={t} />,
    );
  });

  app.post('/compte/mot-de-passe', allow(SIGNED_IN), async (c) => {
    const t = tOf(c);
    const form = parseWith(changePasswordSchema, await readForm(c));
    try {
      await changePassword(c.var.deps, principalOf(c), form);
    } catch (err) {
      const errors = fieldErrorsOf(c, err);
      return c.html(
        <ChangePasswordPage
          page={pageProps(c, t('Changer mon mot de passe', 'Change my password'))}
          t={t}
          errors={errors}
        />,
        422,
      );
    }
    return redirectWithFlash(c, '/compte', 'Mot de passe changé.', 'Password changed.');
  });

  app.get('/mot-de-passe-oublie', allow(PUBLIC), (c) => {
    const t = tOf(c);
    return c.html(
      <ForgotPasswordPage
        page={pageProps(c, t('Mot de passe oublié', 'Forgotten password'))}
        t={t}
        canEmail={Boolean(c.var.deps.mailer)}
      />,
    );
  });

  const resetPage = async (c: AppContext, errors?: FieldError[]) => {
    const t = tOf(c);
    const { token } = parseWith(tokenParam, c.req.param());
    const found = await lookUpReset(c.var.deps, token);
    if (found.state !== 'valid') throw resetProblem();
    c.header('cache-control', 'no-store');
    c.header('referrer-policy', 'no-referrer');
    return c.html(
      <ResetPasswordPage
        page={pageProps(c, t('Choisir un nouveau mot de passe', 'Choose a new password'))}
        t={t}
        token={token}
        email={found.user.email}
        {...(errors ? { errors } : {})}
      />,
      errors ? 422 : 200,
    );
  };

  app.get('/mot-de-passe/:token', allow(PUBLIC), (c) => resetPage(c));

  app.post('/mot-de-passe/:token', allow(PUBLIC), async (c) => {
    const { token } = parseWith(tokenParam, c.req.param());
    const form = parseWith(resetPasswordSchema, await readForm(c));
    try {
      await useResetLink(c.var.deps, token, form.password, c.var.deps.clientIp(c));
    } catch (err) {
      return resetPage(c, fieldErrorsOf(c, err));
    }
    return redirectWithFlash(
      c,
      '/connexion',
      'Mot de passe enregistré. Connectez-vous avec le nouveau.',
      'Password saved. Sign in with the new one.',
    );
  });

  const ADMINS = allow(roles('hub-admin', 'structure-admin'));

  const createFor = async (c: AppContext) => {
    const { slug, userId } = parseWith(memberParam, c.req.param());
    const org = await findOrganisationBySlug(c.var.deps.database.db, slug);
    if (!org) throw notFound();
    return {
      slug,
      created: await createResetLink(c.var.deps, principalOf(c), { userId, orgId: org.id }, c.var.deps.mailer),
    };
  };

  app.post('/organisations/:slug/membres/:userId/mot-de-passe', ADMINS, async (c) => {
    await readForm(c);
    const { slug, created } = await createFor(c);
    setOnce(c, 'reset', teamPath(slug), created);
    // The team page it redirects to shows the link once, with what to do with it.
    return c.redirect(`${teamPath(slug)}#lien-mdp`, 303);
  });

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
    body(resetLinkRequestSchema),
    async (c) => {
      const { created } = await createFor(c);
      c.header('cache-control', 'no-store');
      return c.json(
        { url: created.url, expiresAt: created.expiresAt, emailed: created.emailed } satisfies ResetLinkResponse,
        201,
      );
    },
  );
}
