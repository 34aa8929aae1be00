import { type Context, Hono } from 'hono';
import type { z } from 'zod';
import { allow, principalOf, roles } from '../auth/access.js';
import type { AppContext, AppEnv } from '../context.js';
import { type FieldError, notFound } from '../errors.js';
import { awaitsReview, isFinal } from '../review/rules.js';
import { tOf } from '../web/layout.js';
import { detailsOfRow } from './details.js';
import { chosenProgramme, publishedProgrammes } from './programme.js';
import * as store from './store.js';
import {
  CommitteeApplicationPage,
  CommitteeLabelsPage,
  ProgrammeChoicePage,
  StructureLabelPage,
} from './application-views.js';
import { findOrganisation } from '../organisations/lookup.js';
import { idParam, slugParam } from '../web/params.js';
import { body, type FormResult, form, formErrorsOr, formWithErrors, json, params, route, scope } from '../web/route.js';
import * as applications from './applications.js';
import {
  type LabelApplication,
  labelAnswersSchema,
  labelApplicationSchema,
  labelApplicationStartSchema,
  labelReviewResultSchema,
  labelReviewSchema,
  labelStateSchema,
  type LabelStateOut,
  labelStatusBodySchema,
  programmeParam,
} from './schemas.js';
import { canManageLabels, changeLabelStatus, labelStatusOf, managedLabel } from './service.js';
import { stateOf } from './state.js';

const COMMITTEE = roles('committee', 'hub-admin');

// Scoping of the path's resource, before any body is read (someone who may not see it gets 403/404).
const administeredInPath = scope('structure', (c) =>
  applications.administeredStructure(c.var.deps, principalOf(c), c.req.param('slug') ?? ''),
);
const ownApplicationInPath = scope('application', (c) =>
  applications.ownApplication(c.var.deps, principalOf(c), c.req.param('id') ?? ''),
);
const votableApplicationInPath = scope('application', (c) =>
  applications.votableApplication(c.var.deps, principalOf(c), c.req.param('id') ?? ''),
);
const managedLabelInPath = scope('label', (c) => managedLabel(c.var.deps, principalOf(c), c.req.param('id') ?? ''));

/** The label page as it was addressed: with the programme in the path, or without (the service's one programme). */
function labelPagePath(slug: string, programmeSlug: string | undefined): string {
  return `/structures/${slug}/label${programmeSlug ? `/${programmeSlug}` : ''}`;
}

/** The review form's fields (`vote`, `comment`, `decision.<code>`, `comment.<code>`) as the review schema reads them. */
function reviewFromFields(fields: Record<string, string[]>) {
  const last = (key: string) => fields[key]?.at(-1);
  const codes = Object.keys(fields)
    .filter((k) => k.startsWith('decision.'))
    .map((k) => k.slice('decision.'.length));
  return {
    vote: last('vote'),
    comment: last('comment')?.trim() || undefined,
    items: codes.map((code) => ({
      code,
      decision: last(`decision.${code}`),
      comment: last(`comment.${code}`)?.trim() || undefined,
    })),
  };
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
  const deps = c.var.deps;
  const actor = principalOf(c);
  const org = await applications.administeredStructure(deps, actor, slug);
  const db = deps.database.db;
  if (!programmeSlug) {
    const programmes = await publishedProgrammes(db);
    if (programmes.length > 1)
      return c.render(<ProgrammeChoicePage org={org} programmes={programmes} />, {
        title: `${tOf(c)('Label', 'Label')} — ${org.name}`,
        noindex: true,
      });
  }
  const latest = await chosenProgramme(db, programmeSlug);
  const all = await store.labelApplicationsOf(db, org.id, latest.slug);
  const openRow = all.find((a) => !isFinal(a.state));
  const open = openRow ? await applications.applicationView(deps, openRow) : null;
  const details = detailsOfRow(await store.findProfile(db, org.id));
  const page = (
    <StructureLabelPage
      org={org}
      programme={open?.programme ?? latest}
      action={labelPagePath(slug, programmeSlug)}
      status={await labelStatusOf(deps, org.id, latest.slug)}
      detailsComplete={Boolean(
        details.pivot && details.adresse && details.commune && details.codePostal && details.services?.length,
      )}
      open={open}
      past={all.filter((a) => isFinal(a.state))}
      canEdit={
        !open ||
        (open.app.applicantUserId === actor.userId &&
          (open.app.state === 'draft' || open.app.state === 'changes-requested'))
      }
      {...extra}
    />
  );
  if (extra.errors?.length) c.status(422);
  return c.render(page, { title: `${tOf(c)('Label', 'Label')} — ${org.name}`, noindex: true });
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
    const programme = await chosenProgramme(deps.database.db, programmeSlug);
    const open = await applications.openApplicationOf(deps, org, programme.slug);
    if (open) await applications.saveApplication(deps, actor, open.id, { answers, submit });
    else await applications.startApplication(deps, actor, slug, programme.slug, answers, submit);
  } catch (err) {
    return structurePage(c, slug, programmeSlug, { values: submitted.values, errors: formErrorsOr(c, err) });
  }
  return c.redirect(`${labelPagePath(slug, programmeSlug)}?enregistre=1`, 303);
}

export function labelApplicationRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

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

  app.post(
    '/api/v1/label-applications/:id/reviews',
    route({
      access: COMMITTEE,
      operationId: 'reviewLabelApplication',
      summary: 'Donner son avis sur une demande de label (comité)',
      description:
        'Votent les rôles du hub que le programme désigne (`decision.reviewers`, par défaut le comité seul : un administrateur du hub qui n’en fait pas partie reçoit 403, et son avis n’est pas compté). Un membre du comité qui appartient au lieu demandeur est refusé (conflit d’intérêts). Quand le quorum et la majorité sont atteints en faveur, le hub délivre le label.',
      tag: 'Label',
      responses: { 200: json('Avis enregistré ; état de la demande.', labelReviewResultSchema) },
    }),
    params(idParam),
    votableApplicationInPath,
    body(labelReviewSchema),
    async (c) => {
      const result = await applications.reviewApplication(
        c.var.deps,
        principalOf(c),
        c.req.valid('param').id,
        c.req.valid('json'),
      );
      return c.json(result satisfies z.infer<typeof labelReviewResultSchema>);
    },
  );

  app.post(
    '/api/v1/labels/:id/status',
    route({
      access: COMMITTEE,
      operationId: 'changeLabelStatus',
      summary: 'Suspendre, rétablir ou retirer un label, avec le motif',
      tag: 'Label',
      responses: { 200: json('Label après le changement.', labelStateSchema) },
    }),
    params(idParam),
    managedLabelInPath,
    body(labelStatusBodySchema),
    async (c) => {
      const { action, reason } = c.req.valid('json');
      const deps = c.var.deps;
      const label = await changeLabelStatus(deps, principalOf(c), c.req.valid('param').id, action, reason);
      const structure = await findOrganisation(deps.database.db, label.structureId);
      return c.json({
        id: label.id,
        structure: structure?.slug ?? '',
        state: stateOf(label, deps.clock()),
        validFrom: label.validFrom,
        validUntil: label.validUntil,
        credentialId: `urn:uuid:${label.credentialId}`,
        revokedAt: label.revokedAt,
        suspendedAt: label.suspendedAt,
      } satisfies LabelStateOut);
    },
  );

  // --- pages: the structure admin's label page

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

  // --- pages: the committee

  app.get('/comite/labels', allow(COMMITTEE), async (c) => {
    const deps = c.var.deps;
    const queue = await applications.committeeQueue(deps, principalOf(c));
    const granted = (await store.labelsOf(deps.database.db)).filter((l) => queue.hubs.includes(l.hubId));
    const labels = [];
    for (const label of granted.reverse())
      labels.push({
        label,
        structure: await findOrganisation(deps.database.db, label.structureId),
        state: stateOf(label, deps.clock()),
      });
    return c.render(<CommitteeLabelsPage applications={queue.applications} labels={labels} />, {
      title: tOf(c)('Comité de labellisation', 'Label committee'),
      noindex: true,
    });
  });

  const committeePage = async <E extends AppEnv>(
    c: Context<E>,
    id: string,
    extra: { values?: Record<string, string>; errors?: FieldError[]; reviewed?: boolean } = {},
  ) => {
    const actor = principalOf(c);
    const view = await applications.visibleApplication(c.var.deps, actor, id);
    if (!canManageLabels(actor, view.app.deciderOrgId)) throw notFound();
    const already = view.reviews.some((r) => r.round === view.app.round && r.reviewerUserId === actor.userId);
    const votes = applications.votesOn(actor, view.app, view.programme);
    if (extra.errors?.length) c.status(422);
    return c.render(
      <CommitteeApplicationPage
        view={view}
        canReview={votes && awaitsReview(view.app.state) && !already}
        managesOnly={!votes}
        {...extra}
      />,
      { title: `${tOf(c)('Demande de label', 'Label application')} — ${view.structure.name}`, noindex: true },
    );
  };

  app.get('/comite/labels/:id', allow(COMMITTEE), params(idParam), (c) =>
    committeePage(c, c.req.valid('param').id, { reviewed: c.req.query('avis') === '1' }),
  );

  app.post(
    '/comite/labels/:id/avis',
    allow(COMMITTEE),
    params(idParam),
    votableApplicationInPath,
    formWithErrors(labelReviewSchema, reviewFromFields),
    async (c) => {
      const { id } = c.req.valid('param');
      const submitted = c.req.valid('form');
      if (!submitted.ok) return committeePage(c, id, { values: submitted.values, errors: submitted.errors });
      try {
        await applications.reviewApplication(c.var.deps, principalOf(c), id, submitted.data);
      } catch (err) {
        return committeePage(c, id, { values: submitted.values, errors: formErrorsOr(c, err) });
      }
      return c.redirect(`/comite/labels/${id}?avis=1`, 303);
    },
  );

  app.post(
    '/comite/labels/statut/:id',
    allow(COMMITTEE),
    params(idParam),
    managedLabelInPath,
    form(labelStatusBodySchema),
    async (c) => {
      const { action, reason } = c.req.valid('form');
      await changeLabelStatus(c.var.deps, principalOf(c), c.var.label.id, action, reason);
      return c.redirect('/comite/labels', 303);
    },
  );

  return app;
}
