import { Hono } from 'hono';
import type { z } from 'zod';
import { principalOf, roles } from '../auth/access.js';
import type { AppEnv } from '../context.js';
import { findOrganisation } from '../organisations/store.js';
import { idParam, slugParam } from '../web/params.js';
import { body, json, params, route } from '../web/route.js';
import * as applications from './applications.js';
import {
  type LabelApplication,
  labelAnswersSchema,
  labelApplicationSchema,
  labelReviewResultSchema,
  labelReviewSchema,
  labelStateSchema,
  type LabelStateOut,
  labelStatusBodySchema,
} from './schemas.js';
import { changeLabelStatus } from './service.js';
import { stateOf } from './state.js';

const COMMITTEE = roles('committee', 'hub-admin');

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

export function labelApplicationRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post(
    '/api/v1/structures/:slug/label-applications',
    route({
      access: roles('structure-admin'),
      operationId: 'createLabelApplication',
      summary: 'Demander le label pour son lieu (ou le renouveler)',
      description: 'Crée la demande avec les preuves par critère ; `submit: true` la dépose aussitôt.',
      tag: 'Label',
      responses: { 201: json('Demande créée.', labelApplicationSchema) },
    }),
    params(slugParam),
    body(labelAnswersSchema),
    async (c) => {
      const deps = c.var.deps;
      const actor = principalOf(c);
      const input = c.req.valid('json');
      const created = await applications.startApplication(
        deps,
        actor,
        c.req.valid('param').slug,
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
        'Un membre du comité qui appartient au lieu demandeur est refusé (conflit d’intérêts). Quand le quorum et la majorité sont atteints en faveur, le hub délivre le label.',
      tag: 'Label',
      responses: { 200: json('Avis enregistré ; état de la demande.', labelReviewResultSchema) },
    }),
    params(idParam),
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

  return app;
}
