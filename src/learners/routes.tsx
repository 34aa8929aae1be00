import { type Context, Hono } from 'hono';
import type { LearnerReferential } from '../referentials/schema.js';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import { allow, HOLDER_LINK, principalOf, roles } from '../auth/access.js';
import type { AppEnv } from '../context.js';
import { AppError, invalid, notFound } from '../errors.js';
import { credentialState, credentialUrl } from '../issuing/service.js';
import { updateIssuingSettings } from '../organisations/service.js';
import { tOf } from '../web/layout.js';
import { slugParam, idParam } from '../web/params.js';
import { body, form, formWithErrors, json, noContent, params, pdf, query, route } from '../web/route.js';
import type { OrganisationRow } from '../organisations/lookup.js';
import {
  type Awards,
  awardsSchema,
  type EvaluationRecorded,
  evaluationRecordedSchema,
  evaluationSchema,
  holderLinkSchema,
  holderParam,
  type IssuedSummary,
  type Learner,
  type LearnerCreated,
  type LearnerSummary,
  learnerCreatedSchema,
  learnerExportSchema,
  learnerSchema,
  learnerSummarySchema,
  newLearnerSchema,
  emptyForm,
  evaluationApiParam,
  evaluationEditSchema,
  evaluationEditedSchema,
  type EvaluationEdited,
  learnerCorrectionSchema,
  learnerCorrectedSchema,
  type LearnerCorrected,
  reasonSchema,
  workshopRecordedSchema,
  type WorkshopRecorded,
  workshopSchema,
  eraseFormSchema,
  searchQuery,
  finderQuery,
  settingsFormSchema,
} from './schemas.js';
import { learnerInPath, structureInPath } from './scope.js';
import { renderPassportPdf } from '../passport/render.js';
import type { PassportView } from '../passport/view.js';
import { sha256Hex } from '../lib/crypto.js';
import { redirectWithFlash, setOnce, takeOnce } from '../web/flash.js';
import { wantsHtml } from '../auth/access.js';
import type { FieldError } from '../errors.js';
import {
  correctLearner,
  credentialsWithOldName,
  deleteEvaluation,
  editEvaluation,
  possibleDuplicates,
  unsupportedBadges,
} from './corrections.js';
import { dayRoutes } from './day-routes.js';
import { passportFilename, passportVerifyUrl, passportView } from './passport.js';
import type { LearnerWithPersonal } from './store.js';
import * as service from './service.js';
import { learnerCredentials, learnersOf, liveHolderLinkOf } from './store.js';
import { holderUrl } from './service.js';
import {
  ErasePage,
  EvaluationPage,
  type EvaluationValues,
  searchable,
  HolderLinkPage,
  HolderPage,
  LearnerPage,
  LearnersPage,
  PositioningPage,
} from './views.js';

const first = (form: Record<string, string[]>, key: string) => form[key]?.[form[key]!.length - 1] ?? '';

/** `niveau.<code>` = level (or empty for "not assessed"), `note.<code>` = optional note. */
function itemsFromForm(form: Record<string, string[]>) {
  return Object.keys(form)
    .filter((k) => k.startsWith('niveau.') && first(form, k))
    .slice(0, 201)
    .map((k) => {
      const code = k.slice('niveau.'.length);
      const note = first(form, `note.${code}`).trim();
      return { code, level: first(form, k), ...(note ? { evidenceNote: note } : {}) };
    });
}

/** The evaluation form's fields as the evaluation schema reads them. */
const evaluationShape = (form: Record<string, string[]>) => ({
  method: first(form, 'method'),
  date: first(form, 'date'),
  items: itemsFromForm(form),
});

/** Browsers get the form back with the errors; other clients get problem+json. */
function formOrProblem<E extends AppEnv>(c: Context<E>, errors: FieldError[]): FieldError[] {
  if (!wantsHtml(c)) throw invalid(errors);
  return errors;
}

function evaluationValues(form: Record<string, string[]>): EvaluationValues {
  const levels: Record<string, string> = {};
  const notes: Record<string, string> = {};
  for (const key of Object.keys(form)) {
    if (key.startsWith('niveau.')) levels[key.slice('niveau.'.length)] = first(form, key);
    if (key.startsWith('note.')) notes[key.slice('note.'.length)] = first(form, key);
  }
  return { date: first(form, 'date'), method: first(form, 'method'), levels, notes };
}

/**
 * Field errors of a validation problem, to give the form back to a browser with what was typed;
 * other clients (and any other error) get the problem as usual.
 */
async function formErrors<R, E extends AppEnv>(
  c: Context<E>,
  run: () => Promise<R>,
): Promise<{ ok: R } | { errors: FieldError[] }> {
  try {
    return { ok: await run() };
  } catch (err) {
    if (err instanceof AppError && err.code === 'validation_failed' && wantsHtml(c))
      return { errors: err.extra.errors ?? [{ path: '', message: err.detail.fr }] };
    throw err;
  }
}

function plural(n: number, one: string, many: string): string {
  return n > 1 ? many.replace('#', String(n)) : one.replace('#', String(n));
}

function today<E extends AppEnv>(c: Context<E>): string {
  return c.var.deps.clock().toISOString().slice(0, 10);
}

async function learnerPage<E extends AppEnv>(c: Context<E>, ctx: service.LearnerContext) {
  const t = tOf(c);
  const progress = await service.progressOf(c.var.deps, ctx);
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
    { title: ctx.learner.personal?.displayName ?? t('Personne accompagnée', 'Person helped'), noindex: true },
  );
}

async function pdfResponse<E extends AppEnv>(
  c: Context<E>,
  view: PassportView | null,
  publicId: string,
): Promise<Response> {
  if (!view) {
    throw new AppError('not_found', {
      fr: 'Pas encore de relevé : aucun badge valable n’a été délivré à cette personne.',
      en: 'No record yet: no valid badge has been issued to this person.',
    });
  }
  const pdf = await renderPassportPdf(view);
  return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
    'content-type': 'application/pdf',
    'content-disposition': `inline; filename="${passportFilename(publicId, view.kind)}"`,
    'cache-control': 'no-store',
  });
}

function issuedSummary<E extends AppEnv>(
  c: Context<E>,
  issued: Awaited<ReturnType<typeof service.issueEarned>>,
): IssuedSummary[] {
  return issued.map((i) => ({
    id: i.credential.id,
    url: credentialUrl(c.var.deps, i.row.id),
    achievement: i.row.achievementId,
    kind: i.row.achievementKind,
    level: i.row.level,
  }));
}

const LEARNER_ROLES = roles('mediator', 'structure-admin');

/**
 * Organisation scoping runs before any body is validated: someone who may not see a structure or a
 * learner gets 403/404, never the validation details of a form they should not have.
 */
type Scoped<V> = { Variables: AppEnv['Variables'] & V };
const inStructure = createMiddleware<Scoped<{ structure: OrganisationRow }>>(async (c, next) => {
  c.set('structure', await service.structureFor(c.var.deps, principalOf(c), c.req.param('slug') ?? ''));
  await next();
});
/** The learner of an API path (`/api/v1/learners/:id`), in one of the caller's structures. */
const apiLearner = createMiddleware<Scoped<{ learner: service.LearnerContext }>>(async (c, next) => {
  c.set('learner', await service.learnerFor(c.var.deps, principalOf(c), c.req.param('id') ?? ''));
  await next();
});

export function learnerRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const LEARNER_ACCESS = allow(roles('mediator', 'structure-admin'));

  // --- pages for mediators

  app.get('/structures/:slug/apprenants', LEARNER_ACCESS, structureInPath, query(searchQuery), async (c) => {
    const t = tOf(c);
    const principal = principalOf(c);
    const org = c.var.structure;
    const canConfigure = principal.memberships.some((m) => m.orgId === org.id && m.role === 'structure-admin');
    const { q } = c.req.valid('query');
    const all = await learnersOf(c.var.deps.database.db, org.id);
    const wanted = searchable(q);
    const shown = q
      ? all.filter(
          (l) =>
            searchable(l.personal?.displayName ?? '').includes(wanted) ||
            l.publicId.toLowerCase().replace(/-/g, '').includes(wanted.replace(/[-\s]/g, '')),
        )
      : all;
    return c.render(<LearnersPage org={org} learners={shown} total={all.length} q={q} canConfigure={canConfigure} />, {
      title: t('Personnes accompagnées', 'People helped'),
      noindex: true,
    });
  });

  app.post(
    '/structures/:slug/apprenants',
    LEARNER_ACCESS,
    structureInPath,
    formWithErrors(newLearnerSchema),
    async (c) => {
      const t = tOf(c);
      const principal = principalOf(c);
      const org = c.var.structure;
      const sent = c.req.valid('form');
      const values = sent.values;
      const again = async (status: 409 | 422, extra: { errors?: FieldError[]; duplicates?: LearnerWithPersonal[] }) => {
        const canConfigure = principal.memberships.some((m) => m.orgId === org.id && m.role === 'structure-admin');
        c.status(status);
        return c.render(
          <LearnersPage
            org={org}
            learners={await learnersOf(c.var.deps.database.db, org.id)}
            canConfigure={canConfigure}
            values={values}
            {...extra}
          />,
          { title: t('Personnes accompagnées', 'People helped'), noindex: true },
        );
      };
      if (!sent.ok) {
        if (!wantsHtml(c)) throw invalid(sent.errors);
        return again(422, { errors: sent.errors });
      }
      if (values.autrePersonne !== 'oui') {
        const duplicates = await possibleDuplicates(c.var.deps, org.id, sent.data);
        if (duplicates.length) return again(409, { duplicates });
      }
      const learner = await service.registerLearner(c.var.deps, principal, org, sent.data);
      return redirectWithFlash(
        c,
        `/structures/${org.slug}/apprenants/${learner.id}`,
        'Personne enregistrée.',
        'Person registered.',
      );
    },
  );

  app.post(
    '/structures/:slug/reglages',
    allow(roles('structure-admin')),
    params(slugParam),
    form(settingsFormSchema),
    async (c) => {
      const { slug } = c.req.valid('param');
      await updateIssuingSettings(c.var.deps, principalOf(c), slug, c.req.valid('form').autoIssue === 'oui');
      return redirectWithFlash(
        c,
        `/structures/${slug}/apprenants#reglages`,
        'Réglages enregistrés.',
        'Settings saved.',
      );
    },
  );

  app.get('/structures/:slug/apprenants/:id', LEARNER_ACCESS, learnerInPath, (c) => learnerPage(c, c.var.learner));

  app.get(
    '/structures/:slug/apprenants/:id/positionnement',
    LEARNER_ACCESS,
    learnerInPath,
    query(finderQuery),
    async (c) => {
      const t = tOf(c);
      const { learner: ctx, base } = c.var;
      const set = await service.learnerReferential(c.var.deps);
      const themes = themesOf(set.referential);
      const { q, themes: asked } = c.req.valid('query');
      const chosen = asked.filter((th) => themes.includes(th));
      return c.render(
        <PositioningPage
          action={`${base}/positionnement`}
          backHref={base}
          name={ctx.learner.personal?.displayName ?? ''}
          ref_={set.referential}
          themes={themes}
          chosen={chosen}
          q={q}
          today={today(c)}
        />,
        { title: t('Positionnement', 'Positioning'), noindex: true },
      );
    },
  );

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
      const form = sent.all;
      const done = sent.ok
        ? await formErrors(c, () => service.recordEvaluation(c.var.deps, principalOf(c), ctx, sent.data))
        : { errors: formOrProblem(c, sent.errors) };
      if ('ok' in done) return redirectWithFlash(c, base, 'Positionnement enregistré.', 'Positioning saved.');
      const t = tOf(c);
      const set = await service.learnerReferential(c.var.deps);
      const themes = themesOf(set.referential);
      c.status(422);
      return c.render(
        <PositioningPage
          action={`${base}/positionnement`}
          backHref={base}
          name={ctx.learner.personal?.displayName ?? ''}
          ref_={set.referential}
          themes={themes}
          chosen={(form.themes ?? []).filter((th) => themes.includes(th))}
          today={today(c)}
          errors={done.errors}
          values={evaluationValues(form)}
        />,
        { title: t('Positionnement', 'Positioning'), noindex: true },
      );
    },
  );

  const evaluationPage = async <E extends AppEnv>(
    c: Context<E>,
    ctx: service.LearnerContext,
    base: string,
    extra: { errors?: FieldError[]; values?: EvaluationValues; q?: string; picked?: string[] } = {},
  ) => {
    const t = tOf(c);
    const progress = await service.progressOf(c.var.deps, ctx);
    c.status(extra.errors ? 422 : 200);
    return c.render(
      <EvaluationPage
        action={`${base}/evaluation`}
        backHref={base}
        name={ctx.learner.personal?.displayName ?? ''}
        ref_={progress.set.referential}
        standings={progress.standings}
        withdrawn={new Set(service.withdrawnCompetences(progress.credentials).keys())}
        today={today(c)}
        {...extra}
      />,
      { title: t('Nouvelle évaluation', 'New evaluation'), noindex: true },
    );
  };

  app.get(
    '/structures/:slug/apprenants/:id/evaluation',
    LEARNER_ACCESS,
    learnerInPath,
    query(finderQuery),
    async (c) => {
      const { learner: ctx, base } = c.var;
      const { q, codes } = c.req.valid('query');
      return evaluationPage(c, ctx, base, { q, picked: codes });
    },
  );

  app.post(
    '/structures/:slug/apprenants/:id/evaluation',
    LEARNER_ACCESS,
    learnerInPath,
    formWithErrors(evaluationSchema, evaluationShape),
    async (c) => {
      const { learner: ctx, base } = c.var;
      const sent = c.req.valid('form');
      const form = sent.all;
      const done = sent.ok
        ? await formErrors(c, () => service.recordEvaluation(c.var.deps, principalOf(c), ctx, sent.data))
        : { errors: formOrProblem(c, sent.errors) };
      if (!('ok' in done)) return evaluationPage(c, ctx, base, { errors: done.errors, values: evaluationValues(form) });
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

  app.post('/structures/:slug/apprenants/:id/attribuer', LEARNER_ACCESS, learnerInPath, form(emptyForm), async (c) => {
    const { learner: ctx, base } = c.var;
    const issued = await service.issueEarned(c.var.deps, principalOf(c), ctx);
    return issued.length
      ? redirectWithFlash(
          c,
          base,
          `${plural(issued.length, '# badge délivré', '# badges délivrés')}.`,
          `${issued.length} badge(s) issued.`,
        )
      : redirectWithFlash(c, base, 'Rien de nouveau à délivrer.', 'Nothing new to issue.');
  });

  app.get('/structures/:slug/apprenants/:id/passeport.pdf', LEARNER_ACCESS, learnerInPath, async (c) => {
    const ctx = c.var.learner;
    return pdfResponse(c, await passportView(c.var.deps, ctx), ctx.learner.publicId);
  });

  app.get('/structures/:slug/apprenants/:id/lien', LEARNER_ACCESS, learnerInPath, async (c) => {
    const t = tOf(c);
    const { learner: ctx, base } = c.var;
    const live = await liveHolderLinkOf(c.var.deps.database.db, ctx.learner.id);
    // The link just created (shown once), only if it is still the live one.
    const once = takeOnce(c, 'lien', `${base}/lien`);
    const created =
      typeof once === 'string' && live && (await sha256Hex(once)) === live.tokenHash
        ? holderUrl(c.var.deps, once)
        : undefined;
    c.header('cache-control', 'no-store');
    return c.render(
      <HolderLinkPage
        base={base}
        name={ctx.learner.personal?.displayName ?? ''}
        org={ctx.org}
        email={ctx.learner.personal?.email}
        hasLink={Boolean(live)}
        created={created}
      />,
      { title: t('Lien personnel', 'Personal link'), noindex: true },
    );
  });

  app.post('/structures/:slug/apprenants/:id/lien', LEARNER_ACCESS, learnerInPath, form(emptyForm), async (c) => {
    const { learner: ctx, base } = c.var;
    const link = await service.createHolderLink(c.var.deps, principalOf(c), ctx);
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
      await service.revokeHolderLink(c.var.deps, principalOf(c), ctx);
      return redirectWithFlash(c, `${base}/lien`, 'Lien personnel désactivé.', 'Personal link disabled.');
    },
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
    const t = tOf(c);
    const { learner: ctx, base } = c.var;
    const progress = await service.progressOf(c.var.deps, ctx);
    return c.render(
      <ErasePage
        base={base}
        name={ctx.learner.personal?.displayName ?? ''}
        credentialCount={progress.credentials.length}
      />,
      { title: t('Effacer les données', 'Erase data'), noindex: true },
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

  dayRoutes(app);

  // --- JSON API

  app.get(
    '/api/v1/structures/:slug/learners',
    route({
      access: LEARNER_ROLES,
      operationId: 'listLearners',
      summary: 'Les personnes accompagnées d’une structure',
      tag: 'Personnes accompagnées',
      responses: { 200: json('Personnes accompagnées.', z.array(learnerSummarySchema)) },
    }),
    params(slugParam),
    async (c) => {
      const org = await service.structureFor(c.var.deps, principalOf(c), c.req.valid('param').slug);
      const rows = await learnersOf(c.var.deps.database.db, org.id);
      return c.json(
        rows.map((l) => ({
          id: l.id,
          publicId: l.publicId,
          displayName: l.personal?.displayName ?? null,
          createdAt: l.createdAt,
        })) satisfies LearnerSummary[],
      );
    },
  );

  app.post(
    '/api/v1/structures/:slug/learners',
    route({
      access: LEARNER_ROLES,
      operationId: 'createLearner',
      summary: 'Enregistrer une personne accompagnée (avec son accord)',
      tag: 'Personnes accompagnées',
      responses: { 201: json('Personne enregistrée.', learnerCreatedSchema) },
    }),
    params(slugParam),
    inStructure,
    body(newLearnerSchema),
    async (c) => {
      const learner = await service.registerLearner(c.var.deps, principalOf(c), c.var.structure, c.req.valid('json'));
      return c.json({ id: learner.id, publicId: learner.publicId } satisfies LearnerCreated, 201);
    },
  );

  const learnerId = [params(idParam), apiLearner] as const;

  app.get(
    '/api/v1/learners/:id',
    route({
      access: LEARNER_ROLES,
      operationId: 'getLearner',
      summary: 'Où en est une personne accompagnée',
      tag: 'Personnes accompagnées',
      responses: { 200: json('Progression, badges, ce qui est obtenu.', learnerSchema) },
    }),
    ...learnerId,
    async (c) => {
      const ctx = c.var.learner;
      const progress = await service.progressOf(c.var.deps, ctx);
      return c.json({
        id: ctx.learner.id,
        publicId: ctx.learner.publicId,
        displayName: ctx.learner.personal?.displayName ?? null,
        referential: { slug: progress.set.referential.slug, version: progress.set.referential.version },
        standings: [...progress.standings.values()].map((s) => ({
          code: s.code,
          level: s.level,
          date: s.date,
          first: s.first,
        })),
        earned: progress.earned,
        credentials: progress.credentials.map((r) => ({
          id: `urn:uuid:${r.id}`,
          url: credentialUrl(c.var.deps, r.id),
          kind: r.achievementKind,
          competence: r.competenceCode,
          level: r.level,
          status: credentialState(r),
          supersededBy: r.supersededBy,
        })),
      } satisfies Learner);
    },
  );

  app.post(
    '/api/v1/learners/:id/evaluations',
    route({
      access: LEARNER_ROLES,
      operationId: 'recordEvaluation',
      summary: 'Enregistrer un positionnement ou une évaluation',
      description:
        'Délivre aussitôt ce qui est obtenu si la structure l’a réglé ainsi. / Issues what is earned when the structure chose automatic issuing.',
      tag: 'Personnes accompagnées',
      responses: { 201: json('Évaluation enregistrée.', evaluationRecordedSchema) },
    }),
    ...learnerId,
    body(evaluationSchema),
    async (c) => {
      const ctx = c.var.learner;
      const result = await service.recordEvaluation(c.var.deps, principalOf(c), ctx, c.req.valid('json'));
      return c.json(
        { id: result.evaluationId, issued: issuedSummary(c, result.issued) } satisfies EvaluationRecorded,
        201,
      );
    },
  );

  app.put(
    '/api/v1/learners/:id',
    route({
      access: LEARNER_ROLES,
      operationId: 'correctLearner',
      summary: 'Corriger les informations d’une personne (avec une raison)',
      description:
        'Remplace nom, nom en lettres latines, e-mail et année de naissance ; la raison va au journal. `staleCredentials` : badges qui portent encore l’ancien nom (à délivrer de nouveau). / Replaces the details; the reason goes to the audit log; `staleCredentials`: badges that still carry the former name.',
      tag: 'Personnes accompagnées',
      responses: { 200: json('Informations corrigées.', learnerCorrectedSchema) },
    }),
    ...learnerId,
    body(learnerCorrectionSchema),
    async (c) => {
      const ctx = c.var.learner;
      const { reason, ...details } = c.req.valid('json');
      const { nameChanged } = await correctLearner(c.var.deps, principalOf(c), ctx, details, reason);
      const now = await service.learnerFor(c.var.deps, principalOf(c), ctx.learner.id);
      const stale = await credentialsWithOldName(now, await learnerCredentials(c.var.deps.database.db, ctx.learner.id));
      return c.json({ id: ctx.learner.id, nameChanged, staleCredentials: stale.length } satisfies LearnerCorrected);
    },
  );

  const evaluationOf = [params(evaluationApiParam), apiLearner] as const;

  app.put(
    '/api/v1/learners/:id/evaluations/:eid',
    route({
      access: LEARNER_ROLES,
      operationId: 'correctEvaluation',
      summary: 'Corriger une séance (avec une raison)',
      description:
        'Le contenu envoyé remplace celui de la séance ; un positionnement reste un positionnement. `unsupported` : badges valables que plus aucune séance ne justifie (à retirer par une révocation). / The content sent replaces the session’s; `unsupported`: valid badges no session supports any more.',
      tag: 'Personnes accompagnées',
      responses: { 200: json('Séance corrigée.', evaluationEditedSchema) },
    }),
    ...evaluationOf,
    body(evaluationEditSchema),
    async (c) => {
      const ctx = c.var.learner;
      const { eid } = c.req.valid('param');
      const { reason, ...input } = c.req.valid('json');
      const done = await editEvaluation(c.var.deps, principalOf(c), ctx, eid, input, reason);
      const unsupported = unsupportedBadges(await service.progressOf(c.var.deps, ctx)).map((r) => r.id);
      return c.json({
        id: eid,
        changed: done.changed,
        issued: issuedSummary(c, done.issued),
        unsupported,
      } satisfies EvaluationEdited);
    },
  );

  app.delete(
    '/api/v1/learners/:id/evaluations/:eid',
    route({
      access: LEARNER_ROLES,
      operationId: 'deleteEvaluation',
      summary: 'Supprimer une séance (avec une raison)',
      tag: 'Personnes accompagnées',
      responses: { 204: noContent('Séance supprimée.') },
    }),
    ...evaluationOf,
    body(reasonSchema),
    async (c) => {
      await deleteEvaluation(
        c.var.deps,
        principalOf(c),
        c.var.learner,
        c.req.valid('param').eid,
        c.req.valid('json').reason,
      );
      return c.body(null, 204);
    },
  );

  app.post(
    '/api/v1/structures/:slug/workshops',
    route({
      access: LEARNER_ROLES,
      operationId: 'recordWorkshop',
      summary: 'Enregistrer une séance de groupe pour plusieurs personnes',
      description:
        'Une évaluation par personne présente qui a au moins un niveau noté, en une seule écriture (tout ou rien). / One evaluation per person present with a level noted, written at once (all or nothing).',
      tag: 'Personnes accompagnées',
      responses: { 201: json('Séance de groupe enregistrée.', workshopRecordedSchema) },
    }),
    params(slugParam),
    inStructure,
    body(workshopSchema),
    async (c) => {
      const principal = principalOf(c);
      const { method, date, people } = c.req.valid('json');
      if (new Set(people.map((p) => p.learner)).size !== people.length)
        throw invalid([{ path: 'people', message: 'une personne figure deux fois' }]);
      const present = await Promise.all(
        people.map(async (p) => {
          // Someone of another structure is "not found", like any learner the caller may not see.
          const ctx = await service.learnerFor(c.var.deps, principal, p.learner);
          if (ctx.org.id !== c.var.structure.id) throw notFound();
          return { ctx, items: p.items };
        }),
      );
      const done = await service.recordWorkshop(c.var.deps, principal, present, { method, date });
      return c.json(done satisfies WorkshopRecorded, 201);
    },
  );

  app.post(
    '/api/v1/learners/:id/awards',
    route({
      access: LEARNER_ROLES,
      operationId: 'issueEarned',
      summary: 'Délivrer ce que les règles accordent',
      tag: 'Personnes accompagnées',
      responses: {
        201: json('Badges délivrés.', awardsSchema),
        200: json('Rien de nouveau à délivrer.', awardsSchema),
      },
    }),
    ...learnerId,
    async (c) => {
      const ctx = c.var.learner;
      const issued = await service.issueEarned(c.var.deps, principalOf(c), ctx);
      return c.json({ issued: issuedSummary(c, issued) } satisfies Awards, issued.length ? 201 : 200);
    },
  );

  app.get(
    '/api/v1/learners/:id/passport.pdf',
    route({
      access: LEARNER_ROLES,
      operationId: 'getPassportPdf',
      summary: 'Le passeport numérique (PDF, badges signés joints)',
      tag: 'Personnes accompagnées',
      responses: { 200: pdf('Le passeport PDF.') },
    }),
    ...learnerId,
    async (c) => {
      const ctx = c.var.learner;
      return pdfResponse(c, await passportView(c.var.deps, ctx), ctx.learner.publicId);
    },
  );

  app.post(
    '/api/v1/learners/:id/holder-link',
    route({
      access: LEARNER_ROLES,
      operationId: 'createHolderLink',
      summary: 'Créer le lien personnel secret (remplace l’ancien)',
      tag: 'Personnes accompagnées',
      responses: { 201: json('Lien créé.', holderLinkSchema) },
    }),
    ...learnerId,
    async (c) => {
      const ctx = c.var.learner;
      const link = await service.createHolderLink(c.var.deps, principalOf(c), ctx);
      c.header('cache-control', 'no-store');
      return c.json({ url: link.url } satisfies z.infer<typeof holderLinkSchema>, 201);
    },
  );

  app.delete(
    '/api/v1/learners/:id/holder-link',
    route({
      access: LEARNER_ROLES,
      operationId: 'revokeHolderLink',
      summary: 'Désactiver le lien personnel',
      tag: 'Personnes accompagnées',
      responses: { 204: noContent('Lien désactivé.') },
    }),
    ...learnerId,
    async (c) => {
      await service.revokeHolderLink(c.var.deps, principalOf(c), c.var.learner);
      return c.body(null, 204);
    },
  );

  app.get(
    '/api/v1/learners/:id/export',
    route({
      access: LEARNER_ROLES,
      operationId: 'exportLearner',
      summary: 'Export RGPD de toutes les données de la personne',
      tag: 'Personnes accompagnées',
      responses: { 200: json('Toutes ses données.', learnerExportSchema) },
    }),
    ...learnerId,
    async (c) => {
      const ctx = c.var.learner;
      c.header('cache-control', 'no-store');
      return c.json(await service.exportLearner(c.var.deps, principalOf(c), ctx));
    },
  );

  app.delete(
    '/api/v1/learners/:id',
    route({
      access: LEARNER_ROLES,
      operationId: 'eraseLearner',
      summary: 'Effacer une personne (RGPD)',
      description:
        'Nom, e-mail, évaluations et notes supprimés ; les badges restent vérifiables et révocables. / Personal data erased; credentials stay verifiable.',
      tag: 'Personnes accompagnées',
      responses: { 204: noContent('Données effacées.') },
    }),
    ...learnerId,
    async (c) => {
      await service.eraseLearner(c.var.deps, principalOf(c), c.var.learner);
      return c.body(null, 204);
    },
  );

  // --- holder pages (secret link, no account)

  /** The person of a personal link (`/p/:token`), once the token has the right shape. */
  const holderCtx = async (c: Context<AppEnv>, token: string) => {
    const ctx = await service.learnerByHolderToken(c.var.deps, token);
    if (!ctx) {
      throw new AppError('not_found', {
        fr: 'Ce lien personnel ne fonctionne plus. Demandez-en un nouveau à votre médiateur ou médiatrice.',
        en: 'This personal link no longer works. Ask your mediator for a new one.',
      });
    }
    return { ctx, token };
  };

  app.get('/p/:token', allow(HOLDER_LINK), params(holderParam), async (c) => {
    const t = tOf(c);
    const { ctx, token } = await holderCtx(c, c.req.valid('param').token);
    const progress = await service.progressOf(c.var.deps, ctx);
    const ref = progress.set.referential;
    const names = new Map(ref.entries.flatMap((e) => e.competences.map((x) => [x.code, x.title] as const)));
    const name = ctx.learner.personal?.displayName ?? '';
    c.header('cache-control', 'no-store');
    c.header('referrer-policy', 'no-referrer');
    return c.render(
      <HolderPage
        lang={c.var.lang}
        token={token}
        name={name}
        org={ctx.org}
        credentials={service.currentCredentials(progress.credentials)}
        names={names}
        levelLabel={(id) => ref.scale.levels.find((l) => l.id === id)?.label ?? id}
        verifyUrl={passportVerifyUrl(c.var.deps, ctx.learner.publicId)}
      />,
      { title: t('Mes badges', 'My badges'), noindex: true },
    );
  });

  app.get('/p/:token/passeport.pdf', allow(HOLDER_LINK), params(holderParam), async (c) => {
    const { ctx } = await holderCtx(c, c.req.valid('param').token);
    c.header('referrer-policy', 'no-referrer');
    return pdfResponse(c, await passportView(c.var.deps, ctx), ctx.learner.publicId);
  });

  return app;
}

/** Every theme of the alphabet, once, in French order (the positioning's first step). */
function themesOf(referential: LearnerReferential): string[] {
  return [...new Set(referential.entries.flatMap((e) => e.competences.flatMap((x) => x.themes)))].sort((a, b) =>
    a.localeCompare(b, 'fr'),
  );
}
