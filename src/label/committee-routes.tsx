import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import { allow, principalOf, roles } from '../auth/access.js';
import type { AppEnv } from '../context.js';
import { type FieldError, invalid } from '../errors.js';
import { unanswered } from '../review/views.js';
import { tOf } from '../web/layout.js';
import { idParam } from '../web/params.js';
import { body, formErrorsOr, formWithErrors, json, params, query, route, scope } from '../web/route.js';
import {
  committeeApplication,
  committeeOverview,
  managedLabelView,
  reviewApplication,
  votableApplication,
} from './committee.js';
import { CommitteeApplicationPage, CommitteeLabelsPage, ConfirmLabelStatusPage } from './committee-views.js';
import {
  labelReviewResultSchema,
  labelReviewSchema,
  labelStateSchema,
  type LabelStateOut,
  labelStatusBodySchema,
  labelStatusQuerySchema,
} from './schemas.js';
import { changeLabelStatus, type LabelAction, managedLabel, structureOfLabel } from './service.js';
import { stateOf } from './state.js';

const COMMITTEE = roles('committee', 'hub-admin');

// Scoping of the path's resource, before any body is read (someone who may not see it gets 403/404).
const votableApplicationInPath = scope('application', (c) =>
  votableApplication(c.var.deps, principalOf(c), c.req.param('id') ?? ''),
);
const managedLabelInPath = scope('label', (c) => managedLabel(c.var.deps, principalOf(c), c.req.param('id') ?? ''));

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

/** One application as the committee sees it, with its review form. */
async function committeePage<E extends AppEnv>(
  c: Context<E>,
  id: string,
  extra: { values?: Record<string, string>; errors?: FieldError[]; reviewed?: boolean } = {},
) {
  const { view, canReview, managesOnly } = await committeeApplication(c.var.deps, principalOf(c), id);
  if (extra.errors?.length) c.status(422);
  return c.render(<CommitteeApplicationPage view={view} canReview={canReview} managesOnly={managesOnly} {...extra} />, {
    title: `${tOf(c)('Demande de label', 'Label application')} — ${view.structure.name}`,
    noindex: true,
  });
}

/** The confirmation page of a change of a label's state (with the errors of a form sent back: 422). */
async function confirmPage<E extends AppEnv>(
  c: Context<E>,
  id: string,
  action: LabelAction,
  extra: { errors?: FieldError[]; reason?: string | undefined } = {},
) {
  const { label, structure, state } = await managedLabelView(c.var.deps, principalOf(c), id);
  if (extra.errors?.length) c.status(422);
  const t = tOf(c);
  return c.render(
    <ConfirmLabelStatusPage
      label={label}
      structure={structure}
      state={state}
      action={action}
      errors={extra.errors ?? []}
      reason={extra.reason ?? ''}
    />,
    { title: `${t('Changer l’état du label', 'Change the label’s state')} — ${structure?.name ?? ''}`, noindex: true },
  );
}

/** The hub's label committee: its opinion on an application, a label's status (API and pages). */
export function committeeRoutes(app: Hono<AppEnv>): void {
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
      const result = await reviewApplication(c.var.deps, principalOf(c), c.req.valid('param').id, c.req.valid('json'));
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
      const structure = await structureOfLabel(deps, label);
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

  app.get('/comite/labels', allow(COMMITTEE), async (c) => {
    const { applications, labels } = await committeeOverview(c.var.deps, principalOf(c));
    return c.render(<CommitteeLabelsPage applications={applications} labels={labels} />, {
      title: tOf(c)('Comité de labellisation', 'Label committee'),
      noindex: true,
    });
  });

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
      // Nothing is chosen in advance: what was left unchosen comes back first, named by criterion.
      const { view } = await committeeApplication(c.var.deps, principalOf(c), id);
      const missing = unanswered(
        submitted.values,
        view.items.map((i) => ({ code: i.code, title: i.criterion.title })),
      );
      if (missing.length)
        return committeePage(c, id, { values: submitted.values, errors: formErrorsOr(c, invalid(missing)) });
      if (!submitted.ok) return committeePage(c, id, { values: submitted.values, errors: submitted.errors });
      try {
        await reviewApplication(c.var.deps, principalOf(c), id, submitted.data);
      } catch (err) {
        return committeePage(c, id, { values: submitted.values, errors: formErrorsOr(c, err) });
      }
      return c.redirect(`/comite/labels/${id}?avis=1`, 303);
    },
  );

  // Suspending, withdrawing or reinstating goes through this page first: it says what the public will see.
  app.get(
    '/comite/labels/statut/:id/confirmer',
    allow(COMMITTEE),
    params(idParam),
    query(labelStatusQuerySchema),
    async (c) => confirmPage(c, c.req.valid('param').id, c.req.valid('query').action),
  );

  app.post(
    '/comite/labels/statut/:id',
    allow(COMMITTEE),
    params(idParam),
    managedLabelInPath,
    formWithErrors(labelStatusBodySchema),
    async (c) => {
      const sent = c.req.valid('form');
      if (!sent.ok) {
        const action = labelStatusQuerySchema.safeParse({ action: sent.values.action });
        // A reason missing: the confirmation page again; an action the form never offers: 422 as is.
        if (!action.success) throw invalid(sent.errors);
        return confirmPage(c, c.var.label.id, action.data.action, { errors: sent.errors, reason: sent.values.reason });
      }
      await changeLabelStatus(c.var.deps, principalOf(c), c.var.label.id, sent.data.action, sent.data.reason);
      return c.redirect('/comite/labels', 303);
    },
  );
}
