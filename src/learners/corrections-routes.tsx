import type { Context, Hono } from 'hono';
import { allow, principalOf, roles } from '../auth/access.js';
import type { AppEnv } from '../context.js';
import { type FieldError, notFound } from '../errors.js';
import { changeStatus } from '../issuing/service.js';
import { kindName } from '../issuing/views.js';
import { redirectWithFlash } from '../web/flash.js';
import { tOf } from '../web/layout.js';
import { form, formWithErrors, params, query } from '../web/route.js';
import { reasonSchema } from '../web/schemas.js';
import { progressOf, withdrawnCompetences } from './awards.js';
import {
  correctLearner,
  deleteEvaluation,
  editEvaluation,
  learnerCredential,
  possibleDuplicates,
  reissueWithCurrentName,
  unsupportedBadges,
} from './corrections.js';
import { evaluationShape, evaluationValues, first, formOrProblem, orFormErrors, today } from './http.js';
import {
  credentialParam,
  emptyForm,
  evaluationEditSchema,
  evaluationParam,
  finderQuery,
  learnerCorrectionSchema,
  withdrawFormSchema,
} from './schemas.js';
import { type LearnerScoped, learnerInPath } from './scope.js';
import * as service from './service.js';
import { DeleteSessionPage, EditLearnerPage, WithdrawBadgePage } from './corrections-views.js';
import { EvaluationPage, type EvaluationValues } from './evaluation-views.js';

/**
 * Corrections from a person's page, each with a reason kept in the audit log: their details (and
 * issuing their badges again under the corrected name), withdrawing a badge, deleting or correcting
 * a session. Every POST redirects with a confirmation (post/redirect/get); a form with errors comes
 * back with what was typed; other clients get problem+json.
 */

type LearnerCtx = Context<LearnerScoped>;
type Typed = { values: Record<string, string>; errors: FieldError[] };

const nameOf = (c: LearnerCtx) => c.var.learner.learner.personal?.displayName ?? '';

const noLongerSupported = (n: number) =>
  n
    ? {
        fr: ` ${n} badge(s) ne sont plus justifiés : vous pouvez les retirer (ci-dessous).`,
        en: ` ${n} badge(s) are no longer supported: you can withdraw them (below).`,
      }
    : { fr: '', en: '' };

function editPage(c: LearnerCtx, values: Record<string, string>, errors?: FieldError[]) {
  c.status(errors ? 422 : 200);
  return c.render(
    <EditLearnerPage
      base={c.var.base}
      learner={c.var.learner.learner}
      values={values}
      {...(errors ? { errors } : {})}
    />,
    { title: tOf(c)('Corriger l’identité', 'Correct the identity'), noindex: true },
  );
}

async function withdrawPage(c: LearnerCtx, cid: string, typed?: Typed) {
  const t = tOf(c);
  const row = await learnerCredential(c.var.deps, c.var.learner, cid);
  const ref = (await service.learnerReferential(c.var.deps)).referential;
  const title =
    row.achievementKind === 'passport'
      ? kindName('passport', t)
      : (ref.entries.flatMap((e) => e.competences).find((x) => x.code === row.competenceCode)?.title ??
        kindName(row.achievementKind, t));
  c.status(typed ? 422 : 200);
  return c.render(
    <WithdrawBadgePage
      base={c.var.base}
      name={nameOf(c)}
      badge={{
        id: row.id,
        title,
        level: row.level ? ref.scale.levels.find((l) => l.id === row.level)?.label : undefined,
        issuedAt: row.issuedAt,
      }}
      {...(typed ? { values: { reason: typed.values.reason ?? '' }, errors: typed.errors } : {})}
    />,
    { title: t('Retirer un badge', 'Withdraw a badge'), noindex: true },
  );
}

async function sessionPage(c: LearnerCtx, eid: string, typed?: Typed) {
  const t = tOf(c);
  const progress = await progressOf(c.var.deps, c.var.learner);
  const found = progress.evaluations.find((e) => e.evaluation.id === eid);
  if (!found) throw notFound({ fr: 'Cette séance n’existe pas.', en: 'This session does not exist.' });
  const ref = progress.set.referential;
  const titles = new Map(ref.entries.flatMap((e) => e.competences.map((x) => [x.code, x.title] as const)));
  c.status(typed ? 422 : 200);
  return c.render(
    <DeleteSessionPage
      base={c.var.base}
      name={nameOf(c)}
      session={{
        id: eid,
        date: found.evaluation.date,
        method: found.evaluation.method,
        items: found.items.map((i) => ({
          title: titles.get(i.competenceCode) ?? i.competenceCode,
          level: ref.scale.levels.find((l) => l.id === i.level)?.label ?? i.level,
        })),
      }}
      {...(typed ? { values: { reason: typed.values.reason ?? '' }, errors: typed.errors } : {})}
    />,
    { title: t('Supprimer une séance', 'Delete a session'), noindex: true },
  );
}

/** The evaluation form's fields and the reason, as the correction schema reads them. */
const editShape = (f: Record<string, string[]>) => ({ ...evaluationShape(f), reason: first(f, 'reason') });

async function editSessionPage(
  c: LearnerCtx,
  eid: string,
  typed?: { fields: Record<string, string[]>; errors: FieldError[] },
  finder: { q: string; codes: string[] } = { q: '', codes: [] },
) {
  const t = tOf(c);
  const progress = await progressOf(c.var.deps, c.var.learner);
  const found = progress.evaluations.find((e) => e.evaluation.id === eid);
  if (!found) throw notFound({ fr: 'Cette séance n’existe pas.', en: 'This session does not exist.' });
  const values: EvaluationValues = typed
    ? evaluationValues(typed.fields)
    : {
        date: found.evaluation.date,
        method: found.evaluation.method,
        levels: Object.fromEntries(found.items.map((i) => [i.competenceCode, i.level])),
        notes: Object.fromEntries(found.items.map((i) => [i.competenceCode, i.evidenceNote ?? ''])),
      };
  const picked = [...new Set([...found.items.map((i) => i.competenceCode), ...finder.codes])];
  c.status(typed ? 422 : 200);
  return c.render(
    <EvaluationPage
      action={`${c.var.base}/seances/${eid}/modifier`}
      backHref={c.var.base}
      name={nameOf(c)}
      ref_={progress.set.referential}
      standings={progress.standings}
      withdrawn={new Set(withdrawnCompetences(progress.credentials).keys())}
      today={today(c)}
      q={finder.q}
      picked={picked.slice(0, 100)}
      values={values}
      errors={typed?.errors ?? []}
      edit={{
        positioning: found.evaluation.method === 'positioning',
        reason: typed ? first(typed.fields, 'reason') : undefined,
      }}
    />,
    { title: t('Corriger une séance', 'Correct a session'), noindex: true },
  );
}

export function correctionRoutes(app: Hono<AppEnv>): void {
  const LEARNER_ACCESS = allow(roles('mediator', 'structure-admin'));

  // --- correcting a person's details

  app.get('/structures/:slug/apprenants/:id/modifier', LEARNER_ACCESS, learnerInPath, (c) => {
    const p = c.var.learner.learner.personal;
    return editPage(c, {
      displayName: p?.displayName ?? '',
      latinName: p?.latinName ?? '',
      email: p?.email ?? '',
      birthYear: p?.birthYear ? String(p.birthYear) : '',
    });
  });

  app.post(
    '/structures/:slug/apprenants/:id/modifier',
    LEARNER_ACCESS,
    learnerInPath,
    formWithErrors(learnerCorrectionSchema),
    async (c) => {
      const sent = c.req.valid('form');
      if (!sent.ok) return editPage(c, sent.values, formOrProblem(c, sent.errors));
      const { learner: ctx, base } = c.var;
      const { reason, ...details } = sent.data;
      const { nameChanged } = await correctLearner(c.var.deps, principalOf(c), ctx, details, reason);
      const others = await possibleDuplicates(c.var.deps, ctx.org.id, details, ctx.learner.id);
      const warn = others.length ? ' Attention : une autre personne porte déjà ce nom.' : '';
      const warnEn = others.length ? ' Note: someone else already has this name.' : '';
      return nameChanged
        ? redirectWithFlash(
            c,
            `${base}#nom-corrige`,
            `Informations corrigées.${warn} Pensez à délivrer à nouveau ses badges (ci-dessous).`,
            `Details corrected.${warnEn} Remember to issue their badges again (below).`,
          )
        : redirectWithFlash(c, base, `Informations corrigées.${warn}`, `Details corrected.${warnEn}`);
    },
  );

  app.post('/structures/:slug/apprenants/:id/redelivrer', LEARNER_ACCESS, learnerInPath, form(emptyForm), async (c) => {
    const n = await reissueWithCurrentName(c.var.deps, principalOf(c), c.var.learner);
    return n
      ? redirectWithFlash(
          c,
          c.var.base,
          `${n} badge(s) délivré(s) de nouveau avec le nom corrigé ; les anciens sont retirés.`,
          `${n} badge(s) issued again with the corrected name; the old ones are withdrawn.`,
        )
      : redirectWithFlash(
          c,
          c.var.base,
          'Tous les badges portent déjà le bon nom.',
          'Every badge already has the right name.',
        );
  });

  // --- withdrawing a badge from the person's page

  app.get(
    '/structures/:slug/apprenants/:id/badges/:cid/retirer',
    LEARNER_ACCESS,
    params(credentialParam),
    learnerInPath,
    (c) => withdrawPage(c, c.req.valid('param').cid),
  );

  app.post(
    '/structures/:slug/apprenants/:id/badges/:cid/retirer',
    LEARNER_ACCESS,
    params(credentialParam),
    learnerInPath,
    formWithErrors(withdrawFormSchema),
    async (c) => {
      const { cid } = c.req.valid('param');
      const sent = c.req.valid('form');
      if (!sent.ok) return withdrawPage(c, cid, { values: sent.values, errors: formOrProblem(c, sent.errors) });
      const row = await learnerCredential(c.var.deps, c.var.learner, cid);
      if (row.revokedAt)
        return redirectWithFlash(c, c.var.base, 'Ce badge était déjà retiré.', 'This badge was already withdrawn.');
      await changeStatus(c.var.deps, principalOf(c), row.id, 'revoke', sent.data.reason);
      return redirectWithFlash(
        c,
        c.var.base,
        'Badge retiré. La compétence ne sera plus proposée avant une nouvelle évaluation.',
        'Badge withdrawn. The competence will not be offered again before a new evaluation.',
      );
    },
  );

  // --- deleting a session recorded by mistake

  app.get(
    '/structures/:slug/apprenants/:id/seances/:eid/supprimer',
    LEARNER_ACCESS,
    params(evaluationParam),
    learnerInPath,
    (c) => sessionPage(c, c.req.valid('param').eid),
  );

  app.post(
    '/structures/:slug/apprenants/:id/seances/:eid/supprimer',
    LEARNER_ACCESS,
    params(evaluationParam),
    learnerInPath,
    formWithErrors(reasonSchema),
    async (c) => {
      const { eid } = c.req.valid('param');
      const sent = c.req.valid('form');
      if (!sent.ok) return sessionPage(c, eid, { values: sent.values, errors: formOrProblem(c, sent.errors) });
      await deleteEvaluation(c.var.deps, principalOf(c), c.var.learner, eid, sent.data.reason);
      const n = unsupportedBadges(await progressOf(c.var.deps, c.var.learner)).length;
      const more = noLongerSupported(n);
      return redirectWithFlash(
        c,
        n ? `${c.var.base}#badges-a-revoir` : c.var.base,
        `Séance supprimée.${more.fr}`,
        `Session deleted.${more.en}`,
      );
    },
  );

  // --- correcting a session (levels, notes, date) with a reason

  app.get(
    '/structures/:slug/apprenants/:id/seances/:eid/modifier',
    LEARNER_ACCESS,
    params(evaluationParam),
    learnerInPath,
    query(finderQuery),
    (c) => editSessionPage(c, c.req.valid('param').eid, undefined, c.req.valid('query')),
  );

  app.post(
    '/structures/:slug/apprenants/:id/seances/:eid/modifier',
    LEARNER_ACCESS,
    params(evaluationParam),
    learnerInPath,
    formWithErrors(evaluationEditSchema, editShape),
    async (c) => {
      const { eid } = c.req.valid('param');
      const sent = c.req.valid('form');
      if (!sent.ok) return editSessionPage(c, eid, { fields: sent.all, errors: formOrProblem(c, sent.errors) });
      const { reason, ...input } = sent.data;
      const done = await orFormErrors(c, () =>
        editEvaluation(c.var.deps, principalOf(c), c.var.learner, eid, input, reason),
      );
      if (!('ok' in done)) return editSessionPage(c, eid, { fields: sent.all, errors: done.errors });
      if (!done.ok.changed) return redirectWithFlash(c, c.var.base, 'Rien n’a changé.', 'Nothing changed.');
      const n = unsupportedBadges(await progressOf(c.var.deps, c.var.learner)).length;
      const issued = done.ok.issued.length;
      const more = noLongerSupported(n);
      return redirectWithFlash(
        c,
        n ? `${c.var.base}#badges-a-revoir` : c.var.base,
        `Séance corrigée.${issued ? ` ${issued} badge(s) délivré(s) automatiquement.` : ''}${more.fr}`,
        `Session corrected.${issued ? ` ${issued} badge(s) issued automatically.` : ''}${more.en}`,
      );
    },
  );
}
