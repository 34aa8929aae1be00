import type { Hono } from 'hono';
import { principalOf, roles } from '../auth/access.js';
import type { AppContext, AppEnv } from '../context.js';
import { type FieldError, invalid } from '../errors.js';
import { credentialUrl } from '../issuing/service.js';
import { idParam } from '../web/params.js';
import { body, form, formAll, formErrorsOr, formWithErrors, json, params, route } from '../web/route.js';
import {
  apply,
  type ApplicationView,
  applicationView,
  updateApplication,
  withdrawApplication,
} from './applications.js';
import { applicationPage, byCode, homePage, MEDIATOR, ownApplicationInPath, PARTIES, TAG } from './http.js';
import { type ApplicationJson, applicationSchema, applySchema, updateSchema, withdrawSchema } from './schemas.js';

/** An application as the API answers it; its applicant does not see who reviewed. */
function applicationJson(c: Pick<AppContext, 'var'>, v: ApplicationView, own: boolean): ApplicationJson {
  return {
    id: v.app.id,
    state: v.app.state,
    round: v.app.round,
    renews: v.app.renews,
    blocks: v.blocks,
    createdAt: v.app.createdAt,
    submittedAt: v.app.submittedAt,
    decidedAt: v.app.decidedAt,
    items: v.items.map((i) => ({ code: i.code, claim: i.parsed, response: i.response, outcome: i.outcome })),
    reviews: v.reviews.map((r) => ({
      round: r.round,
      reviewer: own ? null : r.reviewerName,
      vote: r.vote,
      comment: r.comment ?? null,
      items: [...r.items],
      createdAt: r.createdAt,
    })),
    credentials: v.credentials.map((row) => ({
      id: `urn:uuid:${row.id}`,
      url: credentialUrl(c.var.deps, row.id),
      kind: row.achievementKind,
    })),
  };
}

/** The mediator's applications: apply (or renew), see one, update it, resubmit, withdraw; pages and API. */
export function applicationRoutes(app: Hono<AppEnv>): void {
  app.post(
    '/certification/demandes',
    MEDIATOR,
    formWithErrors(applySchema, (f) => ({ blocks: f.blocks ?? [], renews: f.renews?.[0] || undefined })),
    async (c) => {
      const sent = c.req.valid('form');
      // A form with mistakes comes back with the blocks that were ticked.
      const again = (errors: FieldError[]) => homePage(c, { errors, chosen: sent.all.blocks ?? [], status: 422 });
      if (!sent.ok) return again(formErrorsOr(c, invalid(sent.errors)));
      try {
        const created = await apply(c.var.deps, principalOf(c), sent.data);
        return c.redirect(`/certification/demandes/${created.id}?ok=envoyee`, 303);
      } catch (err) {
        return again(formErrorsOr(c, err));
      }
    },
  );

  app.get('/certification/demandes/:id', PARTIES, params(idParam), async (c) => {
    const { id } = c.req.valid('param');
    return applicationPage(c, id);
  });

  app.post(
    '/certification/demandes/:id/mise-a-jour',
    MEDIATOR,
    params(idParam),
    ownApplicationInPath,
    formAll(updateSchema, (f) => ({ responses: byCode(f, 'response.'), resubmit: f.resubmit?.includes('oui') })),
    async (c) => {
      const { id } = c.req.valid('param');
      try {
        const state = await updateApplication(c.var.deps, principalOf(c), id, c.req.valid('form'));
        return c.redirect(`/certification/demandes/${id}?ok=${state === 'resubmitted' ? 'renvoyee' : 'maj'}`, 303);
      } catch (err) {
        // A portfolio still incomplete comes back on the application's page, each problem linked to its competence.
        return applicationPage(c, id, { errors: formErrorsOr(c, err), status: 422 });
      }
    },
  );

  app.post(
    '/certification/demandes/:id/retrait',
    MEDIATOR,
    params(idParam),
    ownApplicationInPath,
    form(withdrawSchema),
    async (c) => {
      const { id } = c.req.valid('param');
      const { reason } = c.req.valid('form');
      await withdrawApplication(c.var.deps, principalOf(c), id, reason);
      return c.redirect('/certification?ok=retrait', 303);
    },
  );

  app.post(
    '/api/v1/certification/applications',
    route({
      access: roles('mediator'),
      operationId: 'applyForCertification',
      summary: 'Demander la validation de blocs (ou le renouvellement)',
      tag: TAG,
      responses: { 201: json('Demande envoyée au comité du hub.', applicationSchema) },
    }),
    body(applySchema),
    async (c) => {
      const created = await apply(c.var.deps, principalOf(c), c.req.valid('json'));
      const view = await applicationView(c.var.deps, principalOf(c), created.id);
      return c.json(applicationJson(c, view, true), 201);
    },
  );

  app.get(
    '/api/v1/certification/applications/:id',
    route({
      access: roles('mediator', 'committee', 'hub-admin'),
      operationId: 'getCertificationApplication',
      summary: 'Une demande, ses avis et sa décision',
      tag: TAG,
      responses: { 200: json('La demande.', applicationSchema) },
    }),
    params(idParam),
    async (c) => {
      const p = principalOf(c);
      const view = await applicationView(c.var.deps, p, c.req.valid('param').id);
      return c.json(applicationJson(c, view, view.app.applicantUserId === p.userId));
    },
  );

  app.post(
    '/api/v1/certification/applications/:id/update',
    route({
      access: roles('mediator'),
      operationId: 'updateCertificationApplication',
      summary: 'Reprendre le portfolio dans la demande, répondre au comité, renvoyer',
      tag: TAG,
      responses: { 200: json('Demande mise à jour.', applicationSchema) },
    }),
    params(idParam),
    ownApplicationInPath,
    body(updateSchema),
    async (c) => {
      const { id } = c.req.valid('param');
      await updateApplication(c.var.deps, principalOf(c), id, c.req.valid('json'));
      return c.json(applicationJson(c, await applicationView(c.var.deps, principalOf(c), id), true));
    },
  );

  app.post(
    '/api/v1/certification/applications/:id/withdraw',
    route({
      access: roles('mediator'),
      operationId: 'withdrawCertificationApplication',
      summary: 'Retirer sa demande avant la décision',
      tag: TAG,
      responses: { 200: json('Demande retirée.', applicationSchema) },
    }),
    params(idParam),
    ownApplicationInPath,
    body(withdrawSchema),
    async (c) => {
      const { id } = c.req.valid('param');
      await withdrawApplication(c.var.deps, principalOf(c), id, c.req.valid('json').reason);
      return c.json(applicationJson(c, await applicationView(c.var.deps, principalOf(c), id), true));
    },
  );
}
