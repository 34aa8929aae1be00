import type { Hono } from 'hono';
import { allow, HOLDER_LINK, principalOf, roles } from '../auth/access.js';
import type { AppContext, AppEnv } from '../context.js';
import { AppError } from '../errors.js';
import { redirectWithFlash, setOnce, takeOnce } from '../web/flash.js';
import { tOf } from '../web/layout.js';
import { form, params } from '../web/route.js';
import { currentCredentials, progressOf } from './awards.js';
import { createHolderLink, holderLinkState, learnerByHolderToken, revokeHolderLink } from './holder.js';
import { pdfResponse } from './http.js';
import { passportFile, passportVerifyUrl, passportView } from './passport.js';
import { emptyForm, holderParam } from './schemas.js';
import { learnerInPath } from './scope.js';
import { HolderLinkPage, HolderPage } from './holder-views.js';

/**
 * The personal link: the mediator's page that creates it (shown once, with a card to print) or
 * disables it, and the holder's own pages behind the secret link (no account).
 */

/** The person of a personal link (`/p/:token`), once the token has the right shape. */
async function holderCtx(c: AppContext, token: string) {
  const ctx = await learnerByHolderToken(c.var.deps, token);
  if (!ctx) {
    throw new AppError('not_found', {
      fr: 'Ce lien personnel ne fonctionne plus. Demandez-en un nouveau à votre médiateur ou médiatrice.',
      en: 'This personal link no longer works. Ask your mediator for a new one.',
    });
  }
  return { ctx, token };
}

export function holderRoutes(app: Hono<AppEnv>): void {
  const LEARNER_ACCESS = allow(roles('mediator', 'structure-admin'));

  // --- the mediator's side

  app.get('/structures/:slug/apprenants/:id/lien', LEARNER_ACCESS, learnerInPath, async (c) => {
    const { learner: ctx, base } = c.var;
    // The link just created (shown once), only if it is still the live one.
    const once = takeOnce(c, 'lien', `${base}/lien`);
    const { hasLink, created } = await holderLinkState(c.var.deps, ctx, typeof once === 'string' ? once : undefined);
    c.header('cache-control', 'no-store');
    return c.render(
      <HolderLinkPage
        base={base}
        name={ctx.learner.personal?.displayName ?? ''}
        org={ctx.org}
        email={ctx.learner.personal?.email}
        hasLink={hasLink}
        created={created}
      />,
      { title: tOf(c)('Lien personnel', 'Personal link'), noindex: true },
    );
  });

  app.post('/structures/:slug/apprenants/:id/lien', LEARNER_ACCESS, learnerInPath, form(emptyForm), async (c) => {
    const { learner: ctx, base } = c.var;
    const link = await createHolderLink(c.var.deps, principalOf(c), ctx);
    setOnce(c, 'lien', `${base}/lien`, link.token);
    return redirectWithFlash(c, `${base}/lien`, 'Lien personnel créé.', 'Personal link created.');
  });

  app.post(
    '/structures/:slug/apprenants/:id/lien/revoquer',
    LEARNER_ACCESS,
    learnerInPath,
    form(emptyForm),
    async (c) => {
      const { learner: ctx, base } = c.var;
      await revokeHolderLink(c.var.deps, principalOf(c), ctx);
      return redirectWithFlash(c, `${base}/lien`, 'Lien personnel désactivé.', 'Personal link disabled.');
    },
  );

  // --- the holder's pages (secret link, no account)

  app.get('/p/:token', allow(HOLDER_LINK), params(holderParam), async (c) => {
    const { ctx, token } = await holderCtx(c, c.req.valid('param').token);
    const [progress, view] = await Promise.all([progressOf(c.var.deps, ctx), passportView(c.var.deps, ctx)]);
    const ref = progress.set.referential;
    const names = new Map(ref.entries.flatMap((e) => e.competences.map((x) => [x.code, x.title] as const)));
    c.header('cache-control', 'no-store');
    c.header('referrer-policy', 'no-referrer');
    return c.render(
      <HolderPage
        token={token}
        name={ctx.learner.personal?.displayName ?? ''}
        org={ctx.org}
        summary={
          view
            ? {
                kind: view.kind ?? 'passport',
                competences: view.letters.flatMap((l) =>
                  l.competences.map((x) => ({ code: x.code, title: x.title, level: x.levelLabel })),
                ),
              }
            : null
        }
        credentials={currentCredentials(progress.credentials)}
        names={names}
        levelLabel={(id) => ref.scale.levels.find((l) => l.id === id)?.label ?? id}
        verifyUrl={passportVerifyUrl(c.var.deps, ctx.learner.publicId)}
      />,
      { title: tOf(c)('Mes badges', 'My badges'), noindex: true },
    );
  });

  app.get('/p/:token/passeport.pdf', allow(HOLDER_LINK), params(holderParam), async (c) => {
    const { ctx } = await holderCtx(c, c.req.valid('param').token);
    c.header('referrer-policy', 'no-referrer');
    return pdfResponse(c, await passportFile(c.var.deps, ctx));
  });
}
