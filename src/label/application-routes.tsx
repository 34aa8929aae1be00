import type { Hono } from 'hono';
import type { z } from 'zod';
import { allow, principalOf, roles } from '../auth/access.js';
import type { AppContext, AppEnv } from '../context.js';
import type { FieldError } from '../errors.js';
import { tOf } from '../web/layout.js';
import { idParam, slugParam } from '../web/params.js';
import { body, type FormResult, formErrorsOr, formWithErrors, json, params, route, scope } from '../web/route.js';
import { ProgrammeChoicePage, StructureLabelPage } from './application-views.js';
import * as applications from './applications.js';
import {
  type LabelApplication,
  labelAnswersSchema,
  labelApplicationSchema,
  labelApplicationStartSchema,
  programmeParam,
} from './schemas.js';

// Scoping of the path's resource, before any body is read (someone who may not see it gets 403/404).
const administeredInPath = scope('structure', (c) =>
  applications.administeredStructure(c.var.deps, principalOf(c), c.req.param('slug') ?? ''),
);
const ownApplicationInPath = scope('application', (c) =>
  applications.ownApplication(c.var.deps, principalOf(c), c.req.param('id') ?? ''),
);
/** The label page as it was addressed: with the programme in the path, or without (the service's one programme). */
function labelPagePath(slug: string, programmeSlug: string | undefined): string {
  return `/structures/${slug}/label${programmeSlug ? `/${programmeSlug}` : ''}`;
}

export function toApplication(v: applications.ApplicationView): LabelApplication {
  return {
    id: v.app.id,
    state: v.app.state,
    round: v.app.round,
    structure: v.structure.slug,
    programme: { slug: v.programme.slug, version: v.programme.version },
    renewal: v.app.renews !== null,
    items: v.items.map((i) => ({
      code: i.code,
      title: i.criterion.title,
      required: i.criterion.required,
      claim: i.claim,
      response: i.response,
      outcome: i.outcome,
    })),
    // Reviewers are not named to the applicant: the committee answers as one.
    reviews: v.reviews.map((r) => ({
      round: r.round,
      vote: r.vote,
      ...(r.comment ? { comment: r.comment } : {}),
      items: r.items.map((i) => ({ code: i.code, decision: i.decision, ...(i.comment ? { comment: i.comment } : {}) })),
    })),
    labelId: v.labelId,
  };
}

// --- pages: the structure admin's label page, for a programme named in the path (`/label/<programme>`)
// or, without it, for the service's one programme (with several, the page offers them to choose from)

async function structurePage(
  c: AppContext,
  slug: string,
  programmeSlug: string | undefined,
  extra: { values?: Record<string, string>; errors?: FieldError[]; saved?: boolean } = {},
) {
  const page = await applications.labelPageOf(c.var.deps, principalOf(c), slug, programmeSlug);
  if ('choose' in page)
    return c.render(<ProgrammeChoicePage org={page.org} programmes={page.choose} />, {
      title: `${tOf(c)('Label', 'Label')} — ${page.org.name}`,
      noindex: true,
    });
  const view = (
    <StructureLabelPage
      org={page.org}
      programme={page.programme}
      action={labelPagePath(slug, programmeSlug)}
      status={page.status}
      detailsComplete={page.detailsComplete}
      open={page.open}
      past={page.past}
      canEdit={page.canEdit}
      certifiedNow={page.certifiedNow}
      {...extra}
    />
  );
  if (extra.errors?.length) c.status(422);
  return c.render(view, { title: `${tOf(c)('Label', 'Label')} — ${page.org.name}`, noindex: true });
}

/** The form of the label page: every field but the button is an answer (`<code>` or `reponse.<code>`); the button says whether to file. */
function answersForm() {
  return formWithErrors(labelAnswersSchema, (fields) => {
    const answers: Record<string, string> = {};
    for (const [key, list] of Object.entries(fields))
      if (key !== '_csrf' && key !== 'action' && list.length) answers[key] = list[list.length - 1]!;
    return { answers, submit: fields['action']?.includes('deposer') ?? false };
  });
}

/** Saves (and files, when asked) what the label page's form sent, then back to that page. */
async function saveFromPage(
  c: AppContext,
  slug: string,
  programmeSlug: string | undefined,
  submitted: FormResult<z.output<typeof labelAnswersSchema>>,
) {
  const deps = c.var.deps;
  const actor = principalOf(c);
  const org = await applications.administeredStructure(deps, actor, slug);
  if (!submitted.ok)
    return structurePage(c, slug, programmeSlug, { values: submitted.values, errors: submitted.errors });
  const { answers, submit } = submitted.data;
  try {
    await applications.saveFromLabelPage(deps, actor, org, programmeSlug, answers, submit);
  } catch (err) {
    return structurePage(c, slug, programmeSlug, { values: submitted.values, errors: formErrorsOr(c, err) });
  }
  return c.redirect(`${labelPagePath(slug, programmeSlug)}?enregistre=1`, 303);
}

/** A structure's label application: its admin starts, completes and files it (API and the label page). */
export function applicationRoutes(app: Hono<AppEnv>): void {
  app.post(
    '/api/v1/structures/:slug/label-applications',
    route({
      access: roles('structure-admin'),
      operationId: 'createLabelApplication',
      summary: 'Demander le label pour son lieu (ou le renouveler)',
      description:
        'Crée la demande au programme `programme` (son slug ; facultatif quand le service n’en publie qu’un) avec les preuves par critère ; `submit: true` la dépose aussitôt.',
      tag: 'Label',
      responses: { 201: json('Demande créée.', labelApplicationSchema) },
    }),
    params(slugParam),
    administeredInPath,
    body(labelApplicationStartSchema),
    async (c) => {
      const deps = c.var.deps;
      const actor = principalOf(c);
      const input = c.req.valid('json');
      const created = await applications.startApplication(
        deps,
        actor,
        c.var.structure.slug,
        input.programme,
        input.answers,
        input.submit ?? false,
      );
      const view = await applications.visibleApplication(deps, actor, created.id);
      return c.json(toApplication(view) satisfies LabelApplication, 201);
    },
  );

  app.put(
    '/api/v1/label-applications/:id',
    route({
      access: roles('structure-admin'),
      operationId: 'saveLabelApplication',
      summary: 'Compléter, puis déposer, une demande de label',
      tag: 'Label',
      responses: { 200: json('Demande enregistrée.', labelApplicationSchema) },
    }),
    params(idParam),
    ownApplicationInPath,
    body(labelAnswersSchema),
    async (c) => {
      const { id } = c.req.valid('param');
      await applications.saveApplication(c.var.deps, principalOf(c), id, c.req.valid('json'));
      const view = await applications.visibleApplication(c.var.deps, principalOf(c), id);
      return c.json(toApplication(view) satisfies LabelApplication);
    },
  );

  app.get(
    '/api/v1/label-applications/:id',
    route({
      access: roles('structure-admin', 'committee', 'hub-admin'),
      operationId: 'getLabelApplication',
      summary: 'Une demande de label, ses preuves et les avis du comité',
      tag: 'Label',
      responses: { 200: json('Demande.', labelApplicationSchema) },
    }),
    params(idParam),
    async (c) => {
      const view = await applications.visibleApplication(c.var.deps, principalOf(c), c.req.valid('param').id);
      return c.json(toApplication(view) satisfies LabelApplication);
    },
  );

  app.get('/structures/:slug/label', allow(roles('structure-admin')), params(slugParam), (c) =>
    structurePage(c, c.req.valid('param').slug, undefined, { saved: c.req.query('enregistre') === '1' }),
  );

  app.get('/structures/:slug/label/:programme', allow(roles('structure-admin')), params(programmeParam), (c) => {
    const { slug, programme } = c.req.valid('param');
    return structurePage(c, slug, programme, { saved: c.req.query('enregistre') === '1' });
  });

  app.post('/structures/:slug/label', allow(roles('structure-admin')), params(slugParam), answersForm(), (c) =>
    saveFromPage(c, c.req.valid('param').slug, undefined, c.req.valid('form')),
  );

  app.post(
    '/structures/:slug/label/:programme',
    allow(roles('structure-admin')),
    params(programmeParam),
    answersForm(),
    (c) => {
      const { slug, programme } = c.req.valid('param');
      return saveFromPage(c, slug, programme, c.req.valid('form'));
    },
  );
}
