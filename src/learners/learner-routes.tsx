import type { Context, Hono } from 'hono';
import { allow, principalOf, roles } from '../auth/access.js';
import type { AppEnv } from '../context.js';
import { plural } from '../lib/text.js';
import { redirectWithFlash } from '../web/flash.js';
import { tOf } from '../web/layout.js';
import { form } from '../web/route.js';
import { issueEarned, progressOf } from './awards.js';
import { credentialsWithOldName, unsupportedBadges } from './corrections.js';
import { pdfResponse } from './http.js';
import { passportFile } from './passport.js';
import { emptyForm, eraseFormSchema } from './schemas.js';
import { type LearnerScoped, learnerInPath } from './scope.js';
import * as service from './service.js';
import { ErasePage, LearnerPage } from './learner-views.js';

/**
 * A person's page and what is done from it: issuing what is earned, the passport PDF, the GDPR
 * export and erasure. Corrections are in corrections-routes.tsx, evaluations in evaluation-routes.tsx.
 */

async function learnerPage(c: Context<LearnerScoped>) {
  const ctx = c.var.learner;
  const progress = await progressOf(c.var.deps, ctx);
  const ref = progress.set.referential;
  const staleCount = (await credentialsWithOldName(ctx, progress.credentials)).length;
  const names = new Map(ref.entries.flatMap((e) => e.competences.map((x) => [x.code, x.title] as const)));
  return c.render(
    <LearnerPage
      org={ctx.org}
      learner={ctx.learner}
      ref_={ref}
      standings={progress.standings}
      earned={progress.earned}
      credentials={progress.credentials}
      names={names}
      evaluations={progress.evaluations.map((e) => ({
        id: e.evaluation.id,
        date: e.evaluation.date,
        method: e.evaluation.method,
        count: e.items.length,
      }))}
      socle={progress.set.rules?.passport.core ?? []}
      staleCount={staleCount}
      unsupported={unsupportedBadges(progress).map((row) => ({
        id: row.id,
        title: names.get(row.competenceCode ?? '') ?? row.competenceCode ?? '',
        level: ref.scale.levels.find((l) => l.id === row.level)?.label ?? row.level ?? '',
      }))}
    />,
    { title: ctx.learner.personal?.displayName ?? tOf(c)('Personne accompagnée', 'Person helped'), noindex: true },
  );
}

export function learnerPageRoutes(app: Hono<AppEnv>): void {
  const LEARNER_ACCESS = allow(roles('mediator', 'structure-admin'));

  app.get('/structures/:slug/apprenants/:id', LEARNER_ACCESS, learnerInPath, learnerPage);

  app.post('/structures/:slug/apprenants/:id/attribuer', LEARNER_ACCESS, learnerInPath, form(emptyForm), async (c) => {
    const { learner: ctx, base } = c.var;
    const issued = await issueEarned(c.var.deps, principalOf(c), ctx);
    return issued.length
      ? redirectWithFlash(
          c,
          base,
          `${plural(issued.length, '# badge délivré', '# badges délivrés')}.`,
          `${issued.length} badge(s) issued.`,
        )
      : redirectWithFlash(c, base, 'Rien de nouveau à délivrer.', 'Nothing new to issue.');
  });

  app.get('/structures/:slug/apprenants/:id/passeport.pdf', LEARNER_ACCESS, learnerInPath, async (c) =>
    pdfResponse(c, await passportFile(c.var.deps, c.var.learner)),
  );

  app.get('/structures/:slug/apprenants/:id/export.json', LEARNER_ACCESS, learnerInPath, async (c) => {
    const ctx = c.var.learner;
    const data = await service.exportLearner(c.var.deps, principalOf(c), ctx);
    return c.body(JSON.stringify(data, null, 2), 200, {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="donnees-${ctx.learner.publicId}.json"`,
      'cache-control': 'no-store',
    });
  });

  app.get('/structures/:slug/apprenants/:id/effacer', LEARNER_ACCESS, learnerInPath, async (c) => {
    const { learner: ctx, base } = c.var;
    const progress = await progressOf(c.var.deps, ctx);
    return c.render(
      <ErasePage
        base={base}
        name={ctx.learner.personal?.displayName ?? ''}
        credentialCount={progress.credentials.length}
      />,
      { title: tOf(c)('Effacer les données', 'Erase data'), noindex: true },
    );
  });

  app.post(
    '/structures/:slug/apprenants/:id/effacer',
    LEARNER_ACCESS,
    learnerInPath,
    form(eraseFormSchema),
    async (c) => {
      const ctx = c.var.learner;
      await service.eraseLearner(c.var.deps, principalOf(c), ctx);
      return redirectWithFlash(c, `/structures/${ctx.org.slug}/apprenants`, 'Données effacées.', 'Data erased.');
    },
  );
}
