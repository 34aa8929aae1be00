import type { Context, Hono } from 'hono';
import { allow, principalOf, roles } from '../auth/access.js';
import type { AppEnv } from '../context.js';
import type { FieldError } from '../errors.js';
import { plural } from '../lib/text.js';
import { redirectWithFlash } from '../web/flash.js';
import { tOf } from '../web/layout.js';
import { formWithErrors, query } from '../web/route.js';
import { progressOf, withdrawnCompetences } from './awards.js';
import { recordEvaluation } from './evaluations.js';
import { evaluationShape, evaluationValues, formOrProblem, orFormErrors, today } from './http.js';
import { evaluationSchema, finderQuery } from './schemas.js';
import { type LearnerScoped, learnerInPath } from './scope.js';
import { themesOf } from './search.js';
import * as service from './service.js';
import { EvaluationPage, type EvaluationValues, PositioningPage } from './evaluation-views.js';

/**
 * Recording what a person can do: the positioning (themes first, then a level per competence) and
 * an evaluation after a session. Correcting or deleting a recorded session is in corrections-routes.tsx.
 */

type LearnerCtx = Context<LearnerScoped>;

/** The positioning form, narrowed to the themes chosen (those of the referential only). */
async function positioningPage(
  c: LearnerCtx,
  chosen: string[],
  extra: { q?: string; errors?: FieldError[]; values?: EvaluationValues } = {},
) {
  const { learner: ctx, base } = c.var;
  const set = await service.learnerReferential(c.var.deps);
  const themes = themesOf(set.referential);
  if (extra.errors) c.status(422);
  return c.render(
    <PositioningPage
      action={`${base}/positionnement`}
      backHref={base}
      name={ctx.learner.personal?.displayName ?? ''}
      ref_={set.referential}
      themes={themes}
      chosen={chosen.filter((th) => themes.includes(th))}
      today={today(c)}
      {...extra}
    />,
    { title: tOf(c)('Positionnement', 'Positioning'), noindex: true },
  );
}

async function evaluationPage(
  c: LearnerCtx,
  extra: { errors?: FieldError[]; values?: EvaluationValues; q?: string; picked?: string[] } = {},
) {
  const { learner: ctx, base } = c.var;
  const progress = await progressOf(c.var.deps, ctx);
  c.status(extra.errors ? 422 : 200);
  return c.render(
    <EvaluationPage
      action={`${base}/evaluation`}
      backHref={base}
      name={ctx.learner.personal?.displayName ?? ''}
      ref_={progress.set.referential}
      standings={progress.standings}
      withdrawn={new Set(withdrawnCompetences(progress.credentials).keys())}
      today={today(c)}
      {...extra}
    />,
    { title: tOf(c)('Nouvelle évaluation', 'New evaluation'), noindex: true },
  );
}

export function evaluationRoutes(app: Hono<AppEnv>): void {
  const LEARNER_ACCESS = allow(roles('mediator', 'structure-admin'));

  app.get('/structures/:slug/apprenants/:id/positionnement', LEARNER_ACCESS, learnerInPath, query(finderQuery), (c) => {
    const { q, themes } = c.req.valid('query');
    return positioningPage(c, themes, { q });
  });

  app.post(
    '/structures/:slug/apprenants/:id/positionnement',
    LEARNER_ACCESS,
    learnerInPath,
    formWithErrors(evaluationSchema, (f) => ({
      ...evaluationShape(f),
      method: 'positioning',
      themes: f.themes ?? [],
    })),
    async (c) => {
      const { learner: ctx, base } = c.var;
      const sent = c.req.valid('form');
      const done = sent.ok
        ? await orFormErrors(c, () => recordEvaluation(c.var.deps, principalOf(c), ctx, sent.data, sent.data.deviceKey))
        : { errors: formOrProblem(c, sent.errors) };
      if ('ok' in done) return redirectWithFlash(c, base, 'Positionnement enregistré.', 'Positioning saved.');
      return positioningPage(c, sent.all.themes ?? [], { errors: done.errors, values: evaluationValues(sent.all) });
    },
  );

  app.get('/structures/:slug/apprenants/:id/evaluation', LEARNER_ACCESS, learnerInPath, query(finderQuery), (c) => {
    const { q, codes } = c.req.valid('query');
    return evaluationPage(c, { q, picked: codes });
  });

  app.post(
    '/structures/:slug/apprenants/:id/evaluation',
    LEARNER_ACCESS,
    learnerInPath,
    formWithErrors(evaluationSchema, evaluationShape),
    async (c) => {
      const { learner: ctx, base } = c.var;
      const sent = c.req.valid('form');
      const done = sent.ok
        ? await orFormErrors(c, () => recordEvaluation(c.var.deps, principalOf(c), ctx, sent.data, sent.data.deviceKey))
        : { errors: formOrProblem(c, sent.errors) };
      if (!('ok' in done)) return evaluationPage(c, { errors: done.errors, values: evaluationValues(sent.all) });
      const n = done.ok.issued.length;
      return n
        ? redirectWithFlash(
            c,
            base,
            `Évaluation enregistrée. ${plural(n, '# badge délivré', '# badges délivrés')} automatiquement.`,
            `Evaluation saved. ${n} badge(s) issued automatically.`,
          )
        : redirectWithFlash(c, base, 'Évaluation enregistrée.', 'Evaluation saved.');
    },
  );
}
