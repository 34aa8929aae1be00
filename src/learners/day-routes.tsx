import type { Hono } from 'hono';
import { z } from 'zod';
import { allow, principalOf, roles, wantsHtml } from '../auth/access.js';
import type { AppContext, AppEnv } from '../context.js';
import { EVALUATION_METHODS, type EvaluationMethod } from '../db/schema.js';
import { AppError, type FieldError, invalid, notFound } from '../errors.js';
import { changeStatus } from '../issuing/service.js';
import { kindName } from '../issuing/views.js';
import { redirectWithFlash } from '../web/flash.js';
import { pageProps, tOf } from '../web/layout.js';
import { slugParam } from '../web/params.js';
import { fieldErrors, parseWith, readFormAll } from '../web/validate.js';
import {
  correctLearner,
  deleteEvaluation,
  learnerCredential,
  possibleDuplicates,
  reissueWithCurrentName,
} from './corrections.js';
import {
  DeleteSessionPage,
  EditLearnerPage,
  WithdrawBadgePage,
  WorkshopPage,
  type WorkshopValues,
} from './day-views.js';
import * as service from './service.js';
import { learnersOf } from './store.js';

/**
 * The routes of a mediator's day added to the learner pages: corrections (details, badges,
 * sessions) and the workshop mode. Every POST redirects with a confirmation (post/redirect/get);
 * a form with errors comes back with what was typed.
 */

const reasonSchema = z.object({
  reason: z.string().trim().min(3, 'indiquez la raison en quelques mots').max(500, '500 caractères au plus'),
});

const correctionSchema = z.object({
  displayName: z.string().trim().min(1, 'indiquez le nom de la personne').max(120, '120 caractères au plus'),
  email: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.string().trim().email('adresse e-mail invalide').max(254).optional(),
  ),
  birthYear: z.preprocess(
    (v) => (v === '' || v === undefined ? undefined : Number(v)),
    z
      .number('année invalide')
      .int('année invalide')
      .min(1900, 'année invalide')
      .max(new Date().getUTCFullYear(), 'année invalide')
      .optional(),
  ),
  reason: reasonSchema.shape.reason,
});

const withdrawSchema = reasonSchema.extend({
  confirm: z.literal('oui', 'cochez la case pour confirmer le retrait'),
});

const credentialParam = slugParam.extend({
  id: z.string().uuid('identifiant invalide'),
  cid: z.string().uuid('identifiant de badge invalide'),
});
const sessionParam = slugParam.extend({
  id: z.string().uuid('identifiant invalide'),
  eid: z.string().uuid('identifiant de séance invalide'),
});

/** Browsers get the form back with the errors; other clients get problem+json. */
function formOrProblem(c: AppContext, errors: FieldError[]): FieldError[] {
  if (!wantsHtml(c)) throw invalid(errors);
  return errors;
}

const first = (form: Record<string, string[]>, key: string) => form[key]?.[form[key]!.length - 1] ?? '';
const lastValues = (form: Record<string, string[]>) =>
  Object.fromEntries(Object.entries(form).map(([k, v]) => [k, v[v.length - 1] ?? '']));
const today = (c: AppContext) => c.var.deps.clock().toISOString().slice(0, 10);

type CtxOf = (c: AppContext) => Promise<{ ctx: service.LearnerContext; base: string }>;

export function dayRoutes(app: Hono<AppEnv>, ctxOf: CtxOf): void {
  const LEARNER_ACCESS = allow(roles('mediator', 'structure-admin'));

  // --- correcting a person's details

  const editPage = (
    c: AppContext,
    ctx: service.LearnerContext,
    base: string,
    values: Record<string, string>,
    errors?: FieldError[],
  ) => {
    const t = tOf(c);
    return c.html(
      <EditLearnerPage
        page={pageProps(c, t('Corriger les informations', 'Correct the details'))}
        t={t}
        base={base}
        learner={ctx.learner}
        values={values}
        {...(errors ? { errors } : {})}
      />,
      errors ? 422 : 200,
    );
  };

  app.get('/structures/:slug/apprenants/:id/modifier', LEARNER_ACCESS, async (c) => {
    const { ctx, base } = await ctxOf(c);
    const p = ctx.learner.personal;
    return editPage(c, ctx, base, {
      displayName: p?.displayName ?? '',
      email: p?.email ?? '',
      birthYear: p?.birthYear ? String(p.birthYear) : '',
    });
  });

  app.post('/structures/:slug/apprenants/:id/modifier', LEARNER_ACCESS, async (c) => {
    const { ctx, base } = await ctxOf(c);
    const values = lastValues(await readFormAll(c));
    const parsed = correctionSchema.safeParse(values);
    if (!parsed.success) return editPage(c, ctx, base, values, formOrProblem(c, fieldErrors(parsed.error)));
    const { reason, ...details } = parsed.data;
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
  });

  app.post('/structures/:slug/apprenants/:id/redelivrer', LEARNER_ACCESS, async (c) => {
    const { ctx, base } = await ctxOf(c);
    await readFormAll(c);
    const n = await reissueWithCurrentName(c.var.deps, principalOf(c), ctx);
    return n
      ? redirectWithFlash(
          c,
          base,
          `${n} badge(s) délivré(s) de nouveau avec le nom corrigé ; les anciens sont retirés.`,
          `${n} badge(s) issued again with the corrected name; the old ones are withdrawn.`,
        )
      : redirectWithFlash(
          c,
          base,
          'Tous les badges portent déjà le bon nom.',
          'Every badge already has the right name.',
        );
  });

  // --- withdrawing a badge from the person's page

  const withdrawPage = async (c: AppContext, extra: { values?: { reason?: string }; errors?: FieldError[] } = {}) => {
    const t = tOf(c);
    const { ctx, base } = await ctxOf(c);
    const { cid } = parseWith(credentialParam, c.req.param());
    const row = await learnerCredential(c.var.deps, ctx, cid);
    const set = await service.learnerReferential(c.var.deps);
    const ref = set.referential;
    const title =
      row.achievementKind === 'passport'
        ? kindName('passport', t)
        : (ref.entries.flatMap((e) => e.competences).find((x) => x.code === row.competenceCode)?.title ??
          kindName(row.achievementKind, t));
    return c.html(
      <WithdrawBadgePage
        page={pageProps(c, t('Retirer un badge', 'Withdraw a badge'))}
        t={t}
        base={base}
        name={ctx.learner.personal?.displayName ?? ''}
        badge={{
          id: row.id,
          title,
          level: row.level ? ref.scale.levels.find((l) => l.id === row.level)?.label : undefined,
          issuedAt: row.issuedAt,
        }}
        {...extra}
      />,
      extra.errors ? 422 : 200,
    );
  };

  app.get('/structures/:slug/apprenants/:id/badges/:cid/retirer', LEARNER_ACCESS, (c) => withdrawPage(c));

  app.post('/structures/:slug/apprenants/:id/badges/:cid/retirer', LEARNER_ACCESS, async (c) => {
    const { ctx, base } = await ctxOf(c);
    const { cid } = parseWith(credentialParam, c.req.param());
    const values = lastValues(await readFormAll(c));
    const parsed = withdrawSchema.safeParse(values);
    if (!parsed.success) return withdrawPage(c, { values, errors: formOrProblem(c, fieldErrors(parsed.error)) });
    const row = await learnerCredential(c.var.deps, ctx, cid);
    if (row.revokedAt)
      return redirectWithFlash(c, base, 'Ce badge était déjà retiré.', 'This badge was already withdrawn.');
    await changeStatus(c.var.deps, principalOf(c), row.id, 'revoke', parsed.data.reason);
    return redirectWithFlash(
      c,
      base,
      'Badge retiré. La compétence ne sera plus proposée avant une nouvelle évaluation.',
      'Badge withdrawn. The competence will not be offered again before a new evaluation.',
    );
  });

  // --- deleting a session recorded by mistake

  const sessionPage = async (c: AppContext, extra: { values?: { reason?: string }; errors?: FieldError[] } = {}) => {
    const t = tOf(c);
    const { ctx, base } = await ctxOf(c);
    const { eid } = parseWith(sessionParam, c.req.param());
    const progress = await service.progressOf(c.var.deps, ctx);
    const found = progress.evaluations.find((e) => e.evaluation.id === eid);
    if (!found) throw notFound({ fr: 'Cette séance n’existe pas.', en: 'This session does not exist.' });
    const ref = progress.set.referential;
    const titles = new Map(ref.entries.flatMap((e) => e.competences.map((x) => [x.code, x.title] as const)));
    return c.html(
      <DeleteSessionPage
        page={pageProps(c, t('Supprimer une séance', 'Delete a session'))}
        t={t}
        base={base}
        name={ctx.learner.personal?.displayName ?? ''}
        session={{
          id: eid,
          date: found.evaluation.date,
          method: found.evaluation.method,
          items: found.items.map((i) => ({
            title: titles.get(i.competenceCode) ?? i.competenceCode,
            level: ref.scale.levels.find((l) => l.id === i.level)?.label ?? i.level,
          })),
        }}
        {...extra}
      />,
      extra.errors ? 422 : 200,
    );
  };

  app.get('/structures/:slug/apprenants/:id/seances/:eid/supprimer', LEARNER_ACCESS, (c) => sessionPage(c));

  app.post('/structures/:slug/apprenants/:id/seances/:eid/supprimer', LEARNER_ACCESS, async (c) => {
    const { ctx, base } = await ctxOf(c);
    const { eid } = parseWith(sessionParam, c.req.param());
    const values = lastValues(await readFormAll(c));
    const parsed = reasonSchema.safeParse(values);
    if (!parsed.success) return sessionPage(c, { values, errors: formOrProblem(c, fieldErrors(parsed.error)) });
    await deleteEvaluation(c.var.deps, principalOf(c), ctx, eid, parsed.data.reason);
    return redirectWithFlash(c, base, 'Séance supprimée.', 'Session deleted.');
  });

  // --- workshop mode

  const workshopPage = async (
    c: AppContext,
    input: { learners: string[]; codes: string[]; q: string; values?: WorkshopValues; errors?: FieldError[] },
  ) => {
    const t = tOf(c);
    const { slug } = parseWith(slugParam, c.req.param());
    const org = await service.structureFor(c.var.deps, principalOf(c), slug);
    const ref = (await service.learnerReferential(c.var.deps)).referential;
    const codes = new Set(ref.entries.flatMap((e) => e.competences.map((x) => x.code)));
    return c.html(
      <WorkshopPage
        page={pageProps(c, t('Séance de groupe', 'Group session'))}
        t={t}
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
      input.errors ? 422 : 200,
    );
  };

  app.get('/structures/:slug/atelier', LEARNER_ACCESS, (c) =>
    workshopPage(c, {
      learners: (c.req.queries('personnes') ?? []).slice(0, 60),
      codes: (c.req.queries('codes') ?? []).slice(0, 60),
      q: (c.req.query('q') ?? '').trim().slice(0, 120),
    }),
  );

  app.post('/structures/:slug/atelier', LEARNER_ACCESS, async (c) => {
    const { slug } = parseWith(slugParam, c.req.param());
    const principal = principalOf(c);
    await service.structureFor(c.var.deps, principal, slug);
    const form = await readFormAll(c);
    const ids = [...new Set(form.personnes ?? [])];
    if (ids.length === 0 || ids.length > 60)
      throw invalid([{ path: 'personnes', message: 'choisissez entre 1 et 60 personnes présentes' }]);
    const levels: Record<string, Record<string, string>> = {};
    for (const key of Object.keys(form)) {
      const m = /^niveau\.([0-9a-f-]{36})\.([A-Za-z0-9_-]{1,40})$/.exec(key);
      if (!m || !ids.includes(m[1]!)) continue;
      const person = levels[m[1]!] ?? {};
      person[m[2]!] = first(form, key);
      levels[m[1]!] = person;
    }
    const method = first(form, 'method');
    const session = {
      method: (EVALUATION_METHODS as readonly string[]).includes(method) ? (method as EvaluationMethod) : 'observation',
      date: first(form, 'date'),
    };
    const dateOk = z.iso.date().safeParse(session.date).success;
    const values: WorkshopValues = { date: session.date, method, levels };
    const codes = [...new Set([...(form.codes ?? []), ...Object.values(levels).flatMap((l) => Object.keys(l))])].slice(
      0,
      60,
    );
    if (!dateOk || session.method === 'positioning') {
      return workshopPage(c, {
        learners: ids,
        codes,
        q: '',
        values,
        errors: formOrProblem(c, [{ path: 'date', message: 'date attendue au format AAAA-MM-JJ' }]),
      });
    }
    // Each person must be one of this structure's (learnerFor hides anyone else's as "not found").
    const people = await Promise.all(
      ids.map(async (id) => {
        const ctx = await service.learnerFor(c.var.deps, principal, id);
        if (ctx.org.slug !== slug) throw notFound();
        const items = Object.entries(levels[id] ?? {})
          .filter(([, level]) => level)
          .map(([code, level]) => ({ code, level }));
        return { ctx, items };
      }),
    );
    try {
      const result = await service.recordWorkshop(c.var.deps, principal, people, session);
      return redirectWithFlash(
        c,
        `/structures/${slug}/apprenants`,
        `Séance de groupe enregistrée pour ${result.recorded} personne(s).${result.issued ? ` ${result.issued} badge(s) délivré(s) automatiquement.` : ''}`,
        `Group session saved for ${result.recorded} people.${result.issued ? ` ${result.issued} badge(s) issued automatically.` : ''}`,
      );
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'validation_failed' || !wantsHtml(c)) throw err;
      return workshopPage(c, { learners: ids, codes, q: '', values, errors: err.extra.errors ?? [] });
    }
  });
}
