import { type Context, Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import { allow, HOLDER_LINK, principalOf, roles } from '../auth/access.js';
import type { AppEnv } from '../context.js';
import type { OrganisationRow } from '../organisations/store.js';
import type { EvaluationMethod } from '../db/schema.js';
import { AppError, invalid, notFound } from '../errors.js';
import { credentialState, credentialUrl } from '../issuing/service.js';
import { updateIssuingSettings } from '../organisations/service.js';
import { tOf } from '../web/layout.js';
import { wantsHtml } from '../web/negotiate.js';
import { idParam, slugParam } from '../web/params.js';
import { body, form, formAll, formWithErrors, json, noContent, params, pdf, route } from '../web/route.js';
import { passportFilename, passportPdf, passportVerifyUrl } from './passport.js';
import {
  type Awards,
  awardsSchema,
  eraseFormSchema,
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
  learnerParam,
  learnerSchema,
  learnerSummarySchema,
  newLearnerSchema,
  settingsFormSchema,
} from './schemas.js';
import * as service from './service.js';
import { learnersOf, liveHolderLinkOf } from './store.js';
import {
  ErasePage,
  EvaluationPage,
  HolderLinkPage,
  HolderPage,
  LearnerPage,
  LearnersPage,
  PositioningPage,
} from './views.js';

const LEARNER_ROLES = roles('mediator', 'structure-admin');
const emptyForm = z.object({});

/**
 * Organisation scoping runs before any body is validated: someone who may not see a structure or a
 * learner gets 403/404, never the validation details of a form they should not have.
 */
type Scoped<V> = { Variables: AppEnv['Variables'] & V };
const inStructure = createMiddleware<Scoped<{ structure: OrganisationRow }>>(async (c, next) => {
  c.set('structure', await service.structureFor(c.var.deps, principalOf(c), c.req.param('slug') ?? ''));
  await next();
});
/** The learner of the path, in the structure of the path (another structure's learner is not found). */
const ofLearner = createMiddleware<Scoped<{ learner: service.LearnerContext; base: string }>>(async (c, next) => {
  const slug = c.req.param('slug') ?? '';
  const id = c.req.param('id') ?? '';
  const ctx = await service.learnerFor(c.var.deps, principalOf(c), id);
  if (ctx.org.slug !== slug) throw notFound();
  c.set('learner', ctx);
  c.set('base', `/structures/${slug}/apprenants/${id}`);
  await next();
});
/** The learner of an API path (`/api/v1/learners/:id`), in one of the caller's structures. */
const apiLearner = createMiddleware<Scoped<{ learner: service.LearnerContext }>>(async (c, next) => {
  c.set('learner', await service.learnerFor(c.var.deps, principalOf(c), c.req.param('id') ?? ''));
  await next();
});

const last = (fields: Record<string, string[]>, key: string) => fields[key]?.[fields[key]!.length - 1] ?? '';

/** `niveau.<code>` = level (or empty for "not assessed"), `note.<code>` = optional note. */
function itemsFromForm(fields: Record<string, string[]>) {
  return Object.keys(fields)
    .filter((k) => k.startsWith('niveau.') && last(fields, k))
    .map((k) => {
      const code = k.slice('niveau.'.length);
      const note = last(fields, `note.${code}`).trim();
      return { code, level: last(fields, k), ...(note ? { evidenceNote: note } : {}) };
    });
}

const positioningForm = formAll(evaluationSchema, (f) => ({
  method: 'positioning',
  date: last(f, 'date'),
  themes: f.themes ?? [],
  items: itemsFromForm(f),
}));
const evaluationForm = formAll(evaluationSchema, (f) => ({
  method: last(f, 'method') as EvaluationMethod,
  date: last(f, 'date'),
  items: itemsFromForm(f),
}));

function today<E extends AppEnv>(c: Context<E>): string {
  return c.var.deps.clock().toISOString().slice(0, 10);
}

async function learnerPage<E extends AppEnv>(c: Context<E>, ctx: service.LearnerContext, notice?: string) {
  const progress = await service.progressOf(c.var.deps, ctx);
  const ref = progress.set.referential;
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
      notice={notice}
    />,
    {
      title: ctx.learner.personal?.displayName ?? tOf(c)('Personne accompagnée', 'Person helped'),
      noindex: true,
    },
  );
}

async function learnersPage<E extends AppEnv>(
  c: Context<E>,
  slug: string,
  invalidForm?: Parameters<typeof LearnersPage>[0],
) {
  const principal = principalOf(c);
  const org = await service.structureFor(c.var.deps, principal, slug);
  const canConfigure = principal.memberships.some((m) => m.orgId === org.id && m.role === 'structure-admin');
  return c.render(
    <LearnersPage
      {...invalidForm}
      org={org}
      learners={await learnersOf(c.var.deps.database.db, org.id)}
      canConfigure={canConfigure}
    />,
    { title: tOf(c)('Personnes accompagnées', 'People helped'), noindex: true },
  );
}

function pdfResponse<E extends AppEnv>(c: Context<E>, file: Uint8Array | null, publicId: string): Response {
  if (!file) {
    throw new AppError('not_found', {
      fr: 'Pas encore de passeport : aucun badge n’a été délivré à cette personne.',
      en: 'No passport yet: no badge has been issued to this person.',
    });
  }
  return c.body(file as Uint8Array<ArrayBuffer>, 200, {
    'content-type': 'application/pdf',
    'content-disposition': `inline; filename="${passportFilename(publicId)}"`,
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

export function learnerRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const LEARNER_ACCESS = allow(LEARNER_ROLES);

  // --- pages for mediators

  app.get('/structures/:slug/apprenants', LEARNER_ACCESS, params(slugParam), async (c) =>
    learnersPage(c, c.req.valid('param').slug),
  );

  app.post(
    '/structures/:slug/apprenants',
    LEARNER_ACCESS,
    params(slugParam),
    inStructure,
    formWithErrors(newLearnerSchema),
    async (c) => {
      const { slug } = c.req.valid('param');
      const submitted = c.req.valid('form');
      if (!submitted.ok) {
        if (!wantsHtml(c)) throw invalid(submitted.errors);
        c.status(422);
        return learnersPage(c, slug, { errors: submitted.errors, values: submitted.values } as Parameters<
          typeof LearnersPage
        >[0]);
      }
      const learner = await service.registerLearner(c.var.deps, principalOf(c), c.var.structure, submitted.data);
      return c.redirect(`/structures/${slug}/apprenants/${learner.id}`, 303);
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
      return c.redirect(`/structures/${slug}/apprenants#reglages`, 303);
    },
  );

  const learnerPath = [params(learnerParam), ofLearner] as const;

  app.get('/structures/:slug/apprenants/:id', LEARNER_ACCESS, ...learnerPath, async (c) =>
    learnerPage(c, c.var.learner),
  );

  app.get('/structures/:slug/apprenants/:id/positionnement', LEARNER_ACCESS, ...learnerPath, async (c) => {
    const { learner: ctx, base } = c.var;
    const set = await service.learnerReferential(c.var.deps);
    const themes = [...new Set(set.referential.entries.flatMap((e) => e.competences.flatMap((x) => x.themes)))].sort(
      (a, b) => a.localeCompare(b, 'fr'),
    );
    const chosen = c.req.queries('themes')?.filter((th) => themes.includes(th)) ?? [];
    return c.render(
      <PositioningPage
        action={`${base}/positionnement`}
        backHref={base}
        name={ctx.learner.personal?.displayName ?? ''}
        ref_={set.referential}
        themes={themes}
        chosen={chosen}
        today={today(c)}
      />,
      { title: tOf(c)('Positionnement', 'Positioning'), noindex: true },
    );
  });

  app.post(
    '/structures/:slug/apprenants/:id/positionnement',
    LEARNER_ACCESS,
    ...learnerPath,
    positioningForm,
    async (c) => {
      const { learner: ctx, base } = c.var;
      await service.recordEvaluation(c.var.deps, principalOf(c), ctx, c.req.valid('form'));
      return c.redirect(base, 303);
    },
  );

  app.get('/structures/:slug/apprenants/:id/evaluation', LEARNER_ACCESS, ...learnerPath, async (c) => {
    const { learner: ctx, base } = c.var;
    const progress = await service.progressOf(c.var.deps, ctx);
    return c.render(
      <EvaluationPage
        action={`${base}/evaluation`}
        backHref={base}
        name={ctx.learner.personal?.displayName ?? ''}
        ref_={progress.set.referential}
        standings={progress.standings}
        today={today(c)}
      />,
      { title: tOf(c)('Nouvelle évaluation', 'New evaluation'), noindex: true },
    );
  });

  app.post('/structures/:slug/apprenants/:id/evaluation', LEARNER_ACCESS, ...learnerPath, evaluationForm, async (c) => {
    const t = tOf(c);
    const ctx = c.var.learner;
    const result = await service.recordEvaluation(c.var.deps, principalOf(c), ctx, c.req.valid('form'));
    const fresh = await service.learnerFor(c.var.deps, principalOf(c), ctx.learner.id);
    return learnerPage(
      c,
      fresh,
      result.issued.length
        ? t(
            `Évaluation enregistrée. ${result.issued.length} badge(s) délivré(s) automatiquement.`,
            `Evaluation saved. ${result.issued.length} badge(s) issued automatically.`,
          )
        : t('Évaluation enregistrée.', 'Evaluation saved.'),
    );
  });

  app.post('/structures/:slug/apprenants/:id/attribuer', LEARNER_ACCESS, ...learnerPath, form(emptyForm), async (c) => {
    const t = tOf(c);
    const ctx = c.var.learner;
    const issued = await service.issueEarned(c.var.deps, principalOf(c), ctx);
    return learnerPage(
      c,
      ctx,
      issued.length
        ? t(`${issued.length} badge(s) délivré(s).`, `${issued.length} badge(s) issued.`)
        : t('Rien de nouveau à délivrer.', 'Nothing new to issue.'),
    );
  });

  app.get('/structures/:slug/apprenants/:id/passeport.pdf', LEARNER_ACCESS, ...learnerPath, async (c) => {
    const ctx = c.var.learner;
    return pdfResponse(c, await passportPdf(c.var.deps, ctx), ctx.learner.publicId);
  });

  const holderLinkPage = <E extends AppEnv>(
    c: Context<E>,
    base: string,
    name: string,
    hasLink: boolean,
    created?: string,
  ) =>
    c.render(<HolderLinkPage base={base} name={name} hasLink={hasLink} created={created} />, {
      title: tOf(c)('Lien personnel', 'Personal link'),
      noindex: true,
    });

  app.get('/structures/:slug/apprenants/:id/lien', LEARNER_ACCESS, ...learnerPath, async (c) => {
    const { learner: ctx, base } = c.var;
    const live = await liveHolderLinkOf(c.var.deps.database.db, ctx.learner.id);
    return holderLinkPage(c, base, ctx.learner.personal?.displayName ?? '', Boolean(live));
  });

  app.post('/structures/:slug/apprenants/:id/lien', LEARNER_ACCESS, ...learnerPath, form(emptyForm), async (c) => {
    const { learner: ctx, base } = c.var;
    const link = await service.createHolderLink(c.var.deps, principalOf(c), ctx);
    c.header('cache-control', 'no-store');
    c.status(201);
    return holderLinkPage(c, base, ctx.learner.personal?.displayName ?? '', true, link.url);
  });

  app.post(
    '/structures/:slug/apprenants/:id/lien/revoquer',
    LEARNER_ACCESS,
    ...learnerPath,
    form(emptyForm),
    async (c) => {
      const { learner: ctx, base } = c.var;
      await service.revokeHolderLink(c.var.deps, principalOf(c), ctx);
      return c.redirect(`${base}/lien`, 303);
    },
  );

  app.get('/structures/:slug/apprenants/:id/export.json', LEARNER_ACCESS, ...learnerPath, async (c) => {
    const ctx = c.var.learner;
    const data = await service.exportLearner(c.var.deps, principalOf(c), ctx);
    return c.body(JSON.stringify(data, null, 2), 200, {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="donnees-${ctx.learner.publicId}.json"`,
      'cache-control': 'no-store',
    });
  });

  app.get('/structures/:slug/apprenants/:id/effacer', LEARNER_ACCESS, ...learnerPath, async (c) => {
    const { learner: ctx, base } = c.var;
    const progress = await service.progressOf(c.var.deps, ctx);
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
    ...learnerPath,
    form(eraseFormSchema),
    async (c) => {
      await service.eraseLearner(c.var.deps, principalOf(c), c.var.learner);
      return c.redirect(`/structures/${c.req.valid('param').slug}/apprenants`, 303);
    },
  );

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
      return pdfResponse(c, await passportPdf(c.var.deps, ctx), ctx.learner.publicId);
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

  const holderCtx = async <E extends AppEnv>(c: Context<E>, token: string) => {
    const ctx = await service.learnerByHolderToken(c.var.deps, token);
    if (!ctx) {
      throw new AppError('not_found', {
        fr: 'Ce lien personnel ne fonctionne plus. Demandez-en un nouveau à votre médiateur ou médiatrice.',
        en: 'This personal link no longer works. Ask your mediator for a new one.',
      });
    }
    return ctx;
  };

  app.get('/p/:token', allow(HOLDER_LINK), params(holderParam), async (c) => {
    const { token } = c.req.valid('param');
    const ctx = await holderCtx(c, token);
    const progress = await service.progressOf(c.var.deps, ctx);
    const ref = progress.set.referential;
    const names = new Map(ref.entries.flatMap((e) => e.competences.map((x) => [x.code, x.title] as const)));
    c.header('cache-control', 'no-store');
    c.header('referrer-policy', 'no-referrer');
    return c.render(
      <HolderPage
        token={token}
        name={ctx.learner.personal?.displayName ?? ''}
        org={ctx.org}
        credentials={service.currentCredentials(progress.credentials)}
        names={names}
        levelLabel={(id) => ref.scale.levels.find((l) => l.id === id)?.label ?? id}
        verifyUrl={passportVerifyUrl(c.var.deps, ctx.learner.publicId)}
      />,
      { title: tOf(c)('Mes badges', 'My badges'), noindex: true },
    );
  });

  app.get('/p/:token/passeport.pdf', allow(HOLDER_LINK), params(holderParam), async (c) => {
    const ctx = await holderCtx(c, c.req.valid('param').token);
    c.header('referrer-policy', 'no-referrer');
    return pdfResponse(c, await passportPdf(c.var.deps, ctx), ctx.learner.publicId);
  });

  return app;
}
