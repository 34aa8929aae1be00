import { Hono } from 'hono';
import { z } from 'zod';
import { emptyAsAbsent, optionalFormInteger } from '../openapi/json-schema.js';
import { allow, HOLDER_LINK, principalOf, roles } from '../auth/access.js';
import type { AppContext, AppEnv } from '../context.js';
import { EVALUATION_METHODS, type EvaluationMethod } from '../db/schema.js';
import { AppError, invalid, notFound } from '../errors.js';
import { humanName } from '../lib/inputs.js';
import { credentialState, credentialUrl } from '../issuing/service.js';
import { updateIssuingSettings } from '../organisations/service.js';
import { pageProps, tOf } from '../web/layout.js';
import { slugParam, idParam } from '../web/params.js';
import { fieldErrors, parseWith, readFormAll, readJson } from '../web/validate.js';
import { renderPassportPdf } from '../passport/render.js';
import type { PassportView } from '../passport/view.js';
import { sha256Hex } from '../lib/crypto.js';
import { redirectWithFlash, setOnce, takeOnce } from '../web/flash.js';
import { wantsHtml } from '../auth/access.js';
import type { FieldError } from '../errors.js';
import { credentialsWithOldName, possibleDuplicates } from './corrections.js';
import { dayRoutes } from './day-routes.js';
import { passportFilename, passportVerifyUrl, passportView } from './passport.js';
import type { LearnerWithPersonal } from './store.js';
import * as service from './service.js';
import { learnersOf, liveHolderLinkOf } from './store.js';
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

const learnerParam = slugParam.extend({ id: z.string().uuid('identifiant invalide') });
const holderParam = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'lien invalide') });

const currentYear = () => new Date().getUTCFullYear();
export const newLearnerSchema = z.object({
  displayName: humanName(120, 'indiquez le nom de la personne'),
  /** The name in Latin letters as on the person's papers (for a name in another script); empty = none. */
  latinName: z.string().trim().max(120, '120 caractères au plus').optional(),
  email: emptyAsAbsent(z.string().trim().email('adresse e-mail invalide').max(254)),
  birthYear: optionalFormInteger(
    z.number().int('année invalide').min(1900, 'année invalide').max(currentYear(), 'année invalide'),
    '^[0-9]{4}$',
    'Année de naissance ; chaîne vide = absente. / Birth year; an empty string means absent.',
  ),
  consent: z.literal(['oui', true], 'l’accord de la personne est nécessaire'),
});

export const dateSchema = z.iso.date('date attendue au format AAAA-MM-JJ');
export const evaluationSchema = z.object({
  method: z.enum(EVALUATION_METHODS),
  date: dateSchema,
  themes: z.array(z.string().max(80)).max(40).optional(),
  items: z
    .array(
      z.object({
        code: z.string().max(40),
        level: z.string().max(64),
        method: z.enum(EVALUATION_METHODS).optional(),
        evidenceNote: z.string().max(2000).optional(),
      }),
    )
    .max(200),
});

const first = (form: Record<string, string[]>, key: string) => form[key]?.[form[key]!.length - 1] ?? '';

/** `niveau.<code>` = level (or empty for "not assessed"), `note.<code>` = optional note. */
function itemsFromForm(form: Record<string, string[]>) {
  return Object.keys(form)
    .filter((k) => k.startsWith('niveau.') && first(form, k))
    .map((k) => {
      const code = k.slice('niveau.'.length);
      const note = first(form, `note.${code}`).trim();
      return { code, level: first(form, k), ...(note ? { evidenceNote: note } : {}) };
    });
}

/** Last value of each field, as typed (to give the form back after an error). */
function lastValues(form: Record<string, string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(form).map(([k, v]) => [k, v[v.length - 1] ?? '']));
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
async function formErrors<R>(c: AppContext, run: () => Promise<R>): Promise<{ ok: R } | { errors: FieldError[] }> {
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

function today(c: AppContext): string {
  return c.var.deps.clock().toISOString().slice(0, 10);
}

async function learnerPage(c: AppContext, ctx: service.LearnerContext) {
  const t = tOf(c);
  const progress = await service.progressOf(c.var.deps, ctx);
  const ref = progress.set.referential;
  const staleCount = (await credentialsWithOldName(ctx, progress.credentials)).length;
  const names = new Map(ref.entries.flatMap((e) => e.competences.map((x) => [x.code, x.title] as const)));
  return c.html(
    <LearnerPage
      page={pageProps(c, ctx.learner.personal?.displayName ?? t('Personne accompagnée', 'Person helped'))}
      t={t}
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
    />,
  );
}

async function pdfResponse(c: AppContext, view: PassportView | null, publicId: string): Promise<Response> {
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

function issuedSummary(c: AppContext, issued: Awaited<ReturnType<typeof service.issueEarned>>) {
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
  const LEARNER_ACCESS = allow(roles('mediator', 'structure-admin'));

  // --- pages for mediators

  app.get('/structures/:slug/apprenants', LEARNER_ACCESS, async (c) => {
    const t = tOf(c);
    const { slug } = parseWith(slugParam, c.req.param());
    const principal = principalOf(c);
    const org = await service.structureFor(c.var.deps, principal, slug);
    const canConfigure = principal.memberships.some((m) => m.orgId === org.id && m.role === 'structure-admin');
    const q = (c.req.query('q') ?? '').trim().slice(0, 120);
    const all = await learnersOf(c.var.deps.database.db, org.id);
    const wanted = searchable(q);
    const shown = q
      ? all.filter(
          (l) =>
            searchable(l.personal?.displayName ?? '').includes(wanted) ||
            l.publicId.toLowerCase().replace(/-/g, '').includes(wanted.replace(/[-\s]/g, '')),
        )
      : all;
    return c.html(
      <LearnersPage
        page={pageProps(c, t('Personnes accompagnées', 'People helped'))}
        t={t}
        org={org}
        learners={shown}
        total={all.length}
        q={q}
        canConfigure={canConfigure}
      />,
    );
  });

  app.post('/structures/:slug/apprenants', LEARNER_ACCESS, async (c) => {
    const t = tOf(c);
    const { slug } = parseWith(slugParam, c.req.param());
    const principal = principalOf(c);
    const org = await service.structureFor(c.var.deps, principal, slug);
    const form = await readFormAll(c);
    const values = lastValues(form);
    const parsed = newLearnerSchema.safeParse(values);
    const again = async (status: 409 | 422, extra: { errors?: FieldError[]; duplicates?: LearnerWithPersonal[] }) => {
      const canConfigure = principal.memberships.some((m) => m.orgId === org.id && m.role === 'structure-admin');
      return c.html(
        <LearnersPage
          page={pageProps(c, t('Personnes accompagnées', 'People helped'))}
          t={t}
          org={org}
          learners={await learnersOf(c.var.deps.database.db, org.id)}
          canConfigure={canConfigure}
          values={values}
          {...extra}
        />,
        status,
      );
    };
    if (!parsed.success) {
      const errors = fieldErrors(parsed.error);
      if (!wantsHtml(c)) throw invalid(errors);
      return again(422, { errors });
    }
    if (values.autrePersonne !== 'oui') {
      const duplicates = await possibleDuplicates(c.var.deps, org.id, parsed.data);
      if (duplicates.length) return again(409, { duplicates });
    }
    const learner = await service.registerLearner(c.var.deps, principal, org, parsed.data);
    return redirectWithFlash(
      c,
      `/structures/${slug}/apprenants/${learner.id}`,
      'Personne enregistrée.',
      'Person registered.',
    );
  });

  app.post('/structures/:slug/reglages', allow(roles('structure-admin')), async (c) => {
    const { slug } = parseWith(slugParam, c.req.param());
    const form = await readFormAll(c);
    await updateIssuingSettings(c.var.deps, principalOf(c), slug, first(form, 'autoIssue') === 'oui');
    return redirectWithFlash(c, `/structures/${slug}/apprenants#reglages`, 'Réglages enregistrés.', 'Settings saved.');
  });

  const ctxOf = async (c: AppContext) => {
    const { slug, id } = parseWith(learnerParam, c.req.param());
    const ctx = await service.learnerFor(c.var.deps, principalOf(c), id);
    if (ctx.org.slug !== slug) throw notFound();
    return { ctx, base: `/structures/${slug}/apprenants/${id}` };
  };

  app.get('/structures/:slug/apprenants/:id', LEARNER_ACCESS, async (c) => learnerPage(c, (await ctxOf(c)).ctx));

  app.get('/structures/:slug/apprenants/:id/positionnement', LEARNER_ACCESS, async (c) => {
    const t = tOf(c);
    const { ctx, base } = await ctxOf(c);
    const set = await service.learnerReferential(c.var.deps);
    const themes = [...new Set(set.referential.entries.flatMap((e) => e.competences.flatMap((x) => x.themes)))].sort(
      (a, b) => a.localeCompare(b, 'fr'),
    );
    const chosen = c.req.queries('themes')?.filter((th) => themes.includes(th)) ?? [];
    return c.html(
      <PositioningPage
        page={pageProps(c, t('Positionnement', 'Positioning'))}
        t={t}
        action={`${base}/positionnement`}
        backHref={base}
        name={ctx.learner.personal?.displayName ?? ''}
        ref_={set.referential}
        themes={themes}
        chosen={chosen}
        q={(c.req.query('q') ?? '').slice(0, 120)}
        today={today(c)}
      />,
    );
  });

  app.post('/structures/:slug/apprenants/:id/positionnement', LEARNER_ACCESS, async (c) => {
    const { ctx, base } = await ctxOf(c);
    const form = await readFormAll(c);
    const done = await formErrors(c, async () => {
      const input = parseWith(evaluationSchema, {
        method: 'positioning',
        date: first(form, 'date'),
        themes: form.themes ?? [],
        items: itemsFromForm(form),
      });
      return service.recordEvaluation(c.var.deps, principalOf(c), ctx, input);
    });
    if ('ok' in done) return redirectWithFlash(c, base, 'Positionnement enregistré.', 'Positioning saved.');
    const t = tOf(c);
    const set = await service.learnerReferential(c.var.deps);
    const themes = [...new Set(set.referential.entries.flatMap((e) => e.competences.flatMap((x) => x.themes)))].sort(
      (a, b) => a.localeCompare(b, 'fr'),
    );
    return c.html(
      <PositioningPage
        page={pageProps(c, t('Positionnement', 'Positioning'))}
        t={t}
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
      422,
    );
  });

  const evaluationPage = async (
    c: AppContext,
    ctx: service.LearnerContext,
    base: string,
    extra: { errors?: FieldError[]; values?: EvaluationValues } = {},
  ) => {
    const t = tOf(c);
    const progress = await service.progressOf(c.var.deps, ctx);
    return c.html(
      <EvaluationPage
        page={pageProps(c, t('Nouvelle évaluation', 'New evaluation'))}
        t={t}
        action={`${base}/evaluation`}
        backHref={base}
        name={ctx.learner.personal?.displayName ?? ''}
        ref_={progress.set.referential}
        standings={progress.standings}
        withdrawn={new Set(service.withdrawnCompetences(progress.credentials).keys())}
        today={today(c)}
        q={(c.req.query('q') ?? '').slice(0, 120)}
        picked={(c.req.queries('codes') ?? []).slice(0, 100)}
        {...extra}
      />,
      extra.errors ? 422 : 200,
    );
  };

  app.get('/structures/:slug/apprenants/:id/evaluation', LEARNER_ACCESS, async (c) => {
    const { ctx, base } = await ctxOf(c);
    return evaluationPage(c, ctx, base);
  });

  app.post('/structures/:slug/apprenants/:id/evaluation', LEARNER_ACCESS, async (c) => {
    const { ctx, base } = await ctxOf(c);
    const form = await readFormAll(c);
    const done = await formErrors(c, async () => {
      const input = parseWith(evaluationSchema, {
        method: first(form, 'method') as EvaluationMethod,
        date: first(form, 'date'),
        items: itemsFromForm(form),
      });
      return service.recordEvaluation(c.var.deps, principalOf(c), ctx, input);
    });
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
  });

  app.post('/structures/:slug/apprenants/:id/attribuer', LEARNER_ACCESS, async (c) => {
    const { ctx, base } = await ctxOf(c);
    await readFormAll(c);
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

  app.get('/structures/:slug/apprenants/:id/passeport.pdf', LEARNER_ACCESS, async (c) => {
    const { ctx } = await ctxOf(c);
    return pdfResponse(c, await passportView(c.var.deps, ctx), ctx.learner.publicId);
  });

  app.get('/structures/:slug/apprenants/:id/lien', LEARNER_ACCESS, async (c) => {
    const t = tOf(c);
    const { ctx, base } = await ctxOf(c);
    const live = await liveHolderLinkOf(c.var.deps.database.db, ctx.learner.id);
    // The link just created (shown once), only if it is still the live one.
    const once = takeOnce(c, 'lien', `${base}/lien`);
    const created =
      typeof once === 'string' && live && (await sha256Hex(once)) === live.tokenHash
        ? holderUrl(c.var.deps, once)
        : undefined;
    c.header('cache-control', 'no-store');
    return c.html(
      <HolderLinkPage
        page={pageProps(c, t('Lien personnel', 'Personal link'))}
        t={t}
        base={base}
        name={ctx.learner.personal?.displayName ?? ''}
        org={ctx.org}
        email={ctx.learner.personal?.email}
        hasLink={Boolean(live)}
        created={created}
      />,
    );
  });

  app.post('/structures/:slug/apprenants/:id/lien', LEARNER_ACCESS, async (c) => {
    const { ctx, base } = await ctxOf(c);
    await readFormAll(c);
    const link = await service.createHolderLink(c.var.deps, principalOf(c), ctx);
    setOnce(c, 'lien', `${base}/lien`, link.token);
    return redirectWithFlash(c, `${base}/lien`, 'Lien personnel créé.', 'Personal link created.');
  });

  app.post('/structures/:slug/apprenants/:id/lien/revoquer', LEARNER_ACCESS, async (c) => {
    const { ctx, base } = await ctxOf(c);
    await readFormAll(c);
    await service.revokeHolderLink(c.var.deps, principalOf(c), ctx);
    return redirectWithFlash(c, `${base}/lien`, 'Lien personnel désactivé.', 'Personal link disabled.');
  });

  app.get('/structures/:slug/apprenants/:id/export.json', LEARNER_ACCESS, async (c) => {
    const { ctx } = await ctxOf(c);
    const data = await service.exportLearner(c.var.deps, principalOf(c), ctx);
    return c.body(JSON.stringify(data, null, 2), 200, {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="donnees-${ctx.learner.publicId}.json"`,
      'cache-control': 'no-store',
    });
  });

  app.get('/structures/:slug/apprenants/:id/effacer', LEARNER_ACCESS, async (c) => {
    const t = tOf(c);
    const { ctx, base } = await ctxOf(c);
    const progress = await service.progressOf(c.var.deps, ctx);
    return c.html(
      <ErasePage
        page={pageProps(c, t('Effacer les données', 'Erase data'))}
        t={t}
        base={base}
        name={ctx.learner.personal?.displayName ?? ''}
        credentialCount={progress.credentials.length}
      />,
    );
  });

  app.post('/structures/:slug/apprenants/:id/effacer', LEARNER_ACCESS, async (c) => {
    const { slug } = parseWith(learnerParam, c.req.param());
    const { ctx } = await ctxOf(c);
    const form = await readFormAll(c);
    if (first(form, 'confirm') !== 'oui')
      throw invalid([{ path: 'confirm', message: 'cochez la case pour confirmer' }]);
    await service.eraseLearner(c.var.deps, principalOf(c), ctx);
    return redirectWithFlash(c, `/structures/${slug}/apprenants`, 'Données effacées.', 'Data erased.');
  });

  dayRoutes(app, ctxOf);

  // --- JSON API

  app.get('/api/v1/structures/:slug/learners', LEARNER_ACCESS, async (c) => {
    const { slug } = parseWith(slugParam, c.req.param());
    const org = await service.structureFor(c.var.deps, principalOf(c), slug);
    const rows = await learnersOf(c.var.deps.database.db, org.id);
    return c.json(
      rows.map((l) => ({
        id: l.id,
        publicId: l.publicId,
        displayName: l.personal?.displayName ?? null,
        createdAt: l.createdAt,
      })),
    );
  });

  app.post('/api/v1/structures/:slug/learners', LEARNER_ACCESS, async (c) => {
    const { slug } = parseWith(slugParam, c.req.param());
    const org = await service.structureFor(c.var.deps, principalOf(c), slug);
    const body = await readJson(c, newLearnerSchema);
    const duplicates = await possibleDuplicates(c.var.deps, org.id, body);
    const learner = await service.registerLearner(c.var.deps, principalOf(c), org, body);
    return c.json({ id: learner.id, publicId: learner.publicId, possibleDuplicates: duplicates.map((d) => d.id) }, 201);
  });

  const apiCtx = async (c: AppContext) =>
    service.learnerFor(c.var.deps, principalOf(c), parseWith(idParam, c.req.param()).id);

  app.get('/api/v1/learners/:id', LEARNER_ACCESS, async (c) => {
    const ctx = await apiCtx(c);
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
    });
  });

  app.post('/api/v1/learners/:id/evaluations', LEARNER_ACCESS, async (c) => {
    const ctx = await apiCtx(c);
    const body = await readJson(c, evaluationSchema);
    const result = await service.recordEvaluation(c.var.deps, principalOf(c), ctx, body);
    return c.json({ id: result.evaluationId, issued: issuedSummary(c, result.issued) }, 201);
  });

  app.post('/api/v1/learners/:id/awards', LEARNER_ACCESS, async (c) => {
    const ctx = await apiCtx(c);
    const issued = await service.issueEarned(c.var.deps, principalOf(c), ctx);
    return c.json({ issued: issuedSummary(c, issued) }, issued.length ? 201 : 200);
  });

  app.get('/api/v1/learners/:id/passport.pdf', LEARNER_ACCESS, async (c) => {
    const ctx = await apiCtx(c);
    return pdfResponse(c, await passportView(c.var.deps, ctx), ctx.learner.publicId);
  });

  app.post('/api/v1/learners/:id/holder-link', LEARNER_ACCESS, async (c) => {
    const ctx = await apiCtx(c);
    const link = await service.createHolderLink(c.var.deps, principalOf(c), ctx);
    c.header('cache-control', 'no-store');
    return c.json({ url: link.url }, 201);
  });

  app.delete('/api/v1/learners/:id/holder-link', LEARNER_ACCESS, async (c) => {
    await service.revokeHolderLink(c.var.deps, principalOf(c), await apiCtx(c));
    return c.body(null, 204);
  });

  app.get('/api/v1/learners/:id/export', LEARNER_ACCESS, async (c) => {
    const ctx = await apiCtx(c);
    c.header('cache-control', 'no-store');
    return c.json(await service.exportLearner(c.var.deps, principalOf(c), ctx));
  });

  app.delete('/api/v1/learners/:id', LEARNER_ACCESS, async (c) => {
    await service.eraseLearner(c.var.deps, principalOf(c), await apiCtx(c));
    return c.body(null, 204);
  });

  // --- holder pages (secret link, no account)

  const holderCtx = async (c: AppContext) => {
    const { token } = parseWith(holderParam, c.req.param());
    const ctx = await service.learnerByHolderToken(c.var.deps, token);
    if (!ctx) {
      throw new AppError('not_found', {
        fr: 'Ce lien personnel ne fonctionne plus. Demandez-en un nouveau à votre médiateur ou médiatrice.',
        en: 'This personal link no longer works. Ask your mediator for a new one.',
      });
    }
    return { ctx, token };
  };

  app.get('/p/:token', allow(HOLDER_LINK), async (c) => {
    const t = tOf(c);
    const { ctx, token } = await holderCtx(c);
    const progress = await service.progressOf(c.var.deps, ctx);
    const ref = progress.set.referential;
    const names = new Map(ref.entries.flatMap((e) => e.competences.map((x) => [x.code, x.title] as const)));
    const name = ctx.learner.personal?.displayName ?? '';
    c.header('cache-control', 'no-store');
    c.header('referrer-policy', 'no-referrer');
    return c.html(
      <HolderPage
        page={pageProps(c, t('Mes badges', 'My badges'))}
        t={t}
        lang={c.var.lang}
        token={token}
        name={name}
        org={ctx.org}
        credentials={service.currentCredentials(progress.credentials)}
        names={names}
        levelLabel={(id) => ref.scale.levels.find((l) => l.id === id)?.label ?? id}
        verifyUrl={passportVerifyUrl(c.var.deps, ctx.learner.publicId)}
      />,
    );
  });

  app.get('/p/:token/passeport.pdf', allow(HOLDER_LINK), async (c) => {
    const { ctx } = await holderCtx(c);
    c.header('referrer-policy', 'no-referrer');
    return pdfResponse(c, await passportView(c.var.deps, ctx), ctx.learner.publicId);
  });

  return app;
}
