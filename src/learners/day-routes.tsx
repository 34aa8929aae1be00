import type { Context, Hono } from 'hono';
import { allow, principalOf, roles, wantsHtml } from '../auth/access.js';
import type { AppEnv } from '../context.js';
import { AppError, type FieldError, invalid, notFound } from '../errors.js';
import { changeStatus } from '../issuing/service.js';
import { kindName } from '../issuing/views.js';
import { redirectWithFlash } from '../web/flash.js';
import { tOf } from '../web/layout.js';
import { form, formWithErrors, params, query } from '../web/route.js';
import {
  correctLearner,
  deleteEvaluation,
  editEvaluation,
  learnerCredential,
  possibleDuplicates,
  reissueWithCurrentName,
  unsupportedBadges,
} from './corrections.js';
import {
  DeleteSessionPage,
  EditLearnerPage,
  WithdrawBadgePage,
  WorkshopPage,
  type WorkshopValues,
} from './day-views.js';
import {
  credentialParam,
  emptyForm,
  evaluationEditSchema,
  evaluationParam,
  finderQuery,
  learnerCorrectionSchema,
  reasonSchema,
  withdrawFormSchema,
  workshopFormSchema,
  workshopQuerySchema,
} from './schemas.js';
import { type LearnerScoped, learnerInPath, type StructureScoped, structureInPath } from './scope.js';
import * as service from './service.js';
import { learnersOf } from './store.js';
import { EvaluationPage, type EvaluationValues } from './views.js';

/**
 * The routes of a mediator's day added to the learner pages: corrections (details, sessions,
 * badges) and the workshop mode. Every POST redirects with a confirmation (post/redirect/get);
 * a form with errors comes back with what was typed; other clients get problem+json.
 */

type LearnerCtx = Context<LearnerScoped>;

const first = (fields: Record<string, string[]>, key: string) => fields[key]?.[fields[key]!.length - 1] ?? '';
const today = <E extends AppEnv>(c: Context<E>) => c.var.deps.clock().toISOString().slice(0, 10);
const nameOf = (c: LearnerCtx) => c.var.learner.learner.personal?.displayName ?? '';

/** Browsers get the form back with the errors; other clients get problem+json. */
function formOrProblem<E extends AppEnv>(c: Context<E>, errors: FieldError[]): FieldError[] {
  if (!wantsHtml(c)) throw invalid(errors);
  return errors;
}

/** Errors a service found in what was typed (unknown level, future date) go back to the form too. */
async function orFormErrors<R, E extends AppEnv>(
  c: Context<E>,
  run: () => Promise<R>,
): Promise<{ ok: R } | { errors: FieldError[] }> {
  try {
    return { ok: await run() };
  } catch (err) {
    if (err instanceof AppError && err.code === 'validation_failed' && wantsHtml(c))
      return { errors: err.extra.errors ?? [] };
    throw err;
  }
}

const noLongerSupported = (n: number) =>
  n
    ? {
        fr: ` ${n} badge(s) ne sont plus justifiés : vous pouvez les retirer (ci-dessous).`,
        en: ` ${n} badge(s) are no longer supported: you can withdraw them (below).`,
      }
    : { fr: '', en: '' };

export function dayRoutes(app: Hono<AppEnv>): void {
  const LEARNER_ACCESS = allow(roles('mediator', 'structure-admin'));

  // --- correcting a person's details

  const editPage = (c: LearnerCtx, values: Record<string, string>, errors?: FieldError[]) => {
    c.status(errors ? 422 : 200);
    return c.render(
      <EditLearnerPage
        base={c.var.base}
        learner={c.var.learner.learner}
        values={values}
        {...(errors ? { errors } : {})}
      />,
      { title: tOf(c)('Corriger les informations', 'Correct the details'), noindex: true },
    );
  };

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
      const { ctx, base } = { ctx: c.var.learner, base: c.var.base };
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

  const withdrawPage = async (
    c: LearnerCtx,
    cid: string,
    typed?: { values: Record<string, string>; errors: FieldError[] },
  ) => {
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
  };

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

  const sessionPage = async (
    c: LearnerCtx,
    eid: string,
    typed?: { values: Record<string, string>; errors: FieldError[] },
  ) => {
    const t = tOf(c);
    const progress = await service.progressOf(c.var.deps, c.var.learner);
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
  };

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
      const n = unsupportedBadges(await service.progressOf(c.var.deps, c.var.learner)).length;
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

  /** `niveau.<code>` = level (empty: not assessed), `note.<code>` = note; the rest as in the form. */
  const editShape = (f: Record<string, string[]>) => ({
    method: first(f, 'method'),
    date: first(f, 'date'),
    reason: first(f, 'reason'),
    items: Object.keys(f)
      .filter((k) => k.startsWith('niveau.') && first(f, k))
      .slice(0, 201)
      .map((k) => {
        const code = k.slice('niveau.'.length);
        const note = first(f, `note.${code}`).trim();
        return { code, level: first(f, k), ...(note ? { evidenceNote: note } : {}) };
      }),
  });

  const typedValues = (fields: Record<string, string[]>): EvaluationValues => {
    const under = (prefix: string) =>
      Object.fromEntries(
        Object.keys(fields)
          .filter((k) => k.startsWith(prefix))
          .map((k) => [k.slice(prefix.length), first(fields, k)]),
      );
    return {
      date: first(fields, 'date'),
      method: first(fields, 'method'),
      levels: under('niveau.'),
      notes: under('note.'),
    };
  };

  const editSessionPage = async (
    c: LearnerCtx,
    eid: string,
    typed?: { fields: Record<string, string[]>; errors: FieldError[] },
    finder: { q: string; codes: string[] } = { q: '', codes: [] },
  ) => {
    const t = tOf(c);
    const progress = await service.progressOf(c.var.deps, c.var.learner);
    const found = progress.evaluations.find((e) => e.evaluation.id === eid);
    if (!found) throw notFound({ fr: 'Cette séance n’existe pas.', en: 'This session does not exist.' });
    const values: EvaluationValues = typed
      ? typedValues(typed.fields)
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
        withdrawn={new Set(service.withdrawnCompetences(progress.credentials).keys())}
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
  };

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
      const n = unsupportedBadges(await service.progressOf(c.var.deps, c.var.learner)).length;
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

  // --- workshop mode

  const workshopPage = async (
    c: Context<StructureScoped>,
    input: { learners: string[]; codes: string[]; q: string; values?: WorkshopValues; errors?: FieldError[] },
  ) => {
    const org = c.var.structure;
    const ref = (await service.learnerReferential(c.var.deps)).referential;
    const codes = new Set(ref.entries.flatMap((e) => e.competences.map((x) => x.code)));
    c.status(input.errors ? 422 : 200);
    return c.render(
      <WorkshopPage
        org={org}
        ref_={ref}
        learners={await learnersOf(c.var.deps.database.db, org.id)}
        chosenLearners={input.learners}
        chosenCodes={input.codes.filter((code) => codes.has(code))}
        q={input.q}
        today={today(c)}
        {...(input.values ? { values: input.values } : {})}
        {...(input.errors ? { errors: input.errors } : {})}
      />,
      { title: tOf(c)('Séance de groupe', 'Group session'), noindex: true },
    );
  };

  app.get('/structures/:slug/atelier', LEARNER_ACCESS, structureInPath, query(workshopQuerySchema), (c) => {
    const { personnes, codes, q } = c.req.valid('query');
    return workshopPage(c, { learners: personnes, codes, q });
  });

  /** `niveau.<person>.<code>` fields gathered per person (only for the people present). */
  const workshopShape = (f: Record<string, string[]>) => {
    const ids = [...new Set(f.personnes ?? [])];
    const levels: Record<string, Record<string, string>> = {};
    for (const key of Object.keys(f)) {
      const m = /^niveau\.([0-9a-f-]{36})\.([A-Za-z0-9_-]{1,40})$/.exec(key);
      if (!m || !ids.includes(m[1]!)) continue;
      levels[m[1]!] = { ...levels[m[1]!], [m[2]!]: first(f, key) };
    }
    const codes = [...new Set([...(f.codes ?? []), ...Object.values(levels).flatMap((l) => Object.keys(l))])];
    return { personnes: ids, method: first(f, 'method'), date: first(f, 'date'), levels, codes: codes.slice(0, 60) };
  };

  app.post(
    '/structures/:slug/atelier',
    LEARNER_ACCESS,
    structureInPath,
    formWithErrors(workshopFormSchema, workshopShape),
    async (c) => {
      const principal = principalOf(c);
      const org = c.var.structure;
      const sent = c.req.valid('form');
      const shaped = workshopShape(sent.all);
      const values: WorkshopValues = { date: shaped.date, method: shaped.method, levels: shaped.levels };
      const again = (errors: FieldError[]) =>
        workshopPage(c, { learners: shaped.personnes, codes: shaped.codes, q: '', values, errors });
      if (!sent.ok) {
        // Without the people present there is no sheet to show again.
        if (sent.errors.some((e) => e.path.startsWith('personnes'))) throw invalid(sent.errors);
        return again(formOrProblem(c, sent.errors));
      }
      const { personnes, levels, method, date } = sent.data;
      // Each person must be one of this structure's (learnerFor hides anyone else's as "not found").
      const people = await Promise.all(
        personnes.map(async (id) => {
          const ctx = await service.learnerFor(c.var.deps, principal, id);
          if (ctx.org.id !== org.id) throw notFound();
          const items = Object.entries(levels[id] ?? {})
            .filter(([, level]) => level)
            .map(([code, level]) => ({ code, level }));
          return { ctx, items };
        }),
      );
      const done = await orFormErrors(c, () => service.recordWorkshop(c.var.deps, principal, people, { method, date }));
      if (!('ok' in done)) return again(done.errors);
      const { recorded, issued } = done.ok;
      return redirectWithFlash(
        c,
        `/structures/${org.slug}/apprenants`,
        `Séance de groupe enregistrée pour ${recorded} personne(s).${issued ? ` ${issued} badge(s) délivré(s) automatiquement.` : ''}`,
        `Group session saved for ${recorded} people.${issued ? ` ${issued} badge(s) issued automatically.` : ''}`,
      );
    },
  );
}
