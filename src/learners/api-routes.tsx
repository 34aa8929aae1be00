import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { principalOf, roles } from '../auth/access.js';
import type { AppEnv } from '../context.js';
import { credentialState, credentialUrl } from '../issuing/service.js';
import { slugParam, idParam } from '../web/params.js';
import { body, json, noContent, params, pdf, route } from '../web/route.js';
import { reasonSchema } from '../web/schemas.js';
import { issueEarned, type Progress, progressOf } from './awards.js';
import {
  correctLearner,
  credentialsToReissue,
  deleteEvaluation,
  editEvaluation,
  unsupportedBadges,
} from './corrections.js';
import { issueWorkshopBadges, recordEvaluation, recordWorkshop, workshopPeople } from './evaluations.js';
import { createHolderLink, revokeHolderLink } from './holder.js';
import { issuedSummary, pdfResponse } from './http.js';
import { passportFile } from './passport.js';
import {
  type Awards,
  awardsSchema,
  type EvaluationEdited,
  evaluationApiParam,
  evaluationEditedSchema,
  evaluationEditSchema,
  type EvaluationRecorded,
  evaluationRecordedSchema,
  evaluationSchema,
  holderLinkSchema,
  type Learner,
  type LearnerCorrected,
  learnerCorrectedSchema,
  learnerCorrectionSchema,
  type LearnerCreated,
  learnerCreatedSchema,
  learnerExportSchema,
  learnerSchema,
  type LearnerSummary,
  learnerSummarySchema,
  newLearnerSchema,
  type WorkshopAwards,
  workshopAwardsSchema,
  workshopApiParam,
  type WorkshopRecorded,
  workshopRecordedSchema,
  workshopSchema,
} from './schemas.js';
import { apiLearner, inStructure } from './scope.js';
import * as service from './service.js';

/** The JSON API of the people helped: the same operations as the pages, for the structures' own tools. */

const LEARNER_ROLES = roles('mediator', 'structure-admin');
const TAG = 'Personnes accompagnées';
/** Path parameters, then scoping (before any body is validated). */
const learnerId = [params(idParam), apiLearner] as const;
const evaluationOf = [params(evaluationApiParam), apiLearner] as const;

/** Where a person stands, as the API answers it. */
function learnerAnswer<E extends AppEnv>(c: Context<E>, ctx: service.LearnerContext, progress: Progress): Learner {
  return {
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
  };
}

/** The people: the structure's list, registering, where a person stands, correcting their details, erasure. */
export function learnerApiRoutes(app: Hono<AppEnv>): void {
  app.get(
    '/api/v1/structures/:slug/learners',
    route({
      access: LEARNER_ROLES,
      operationId: 'listLearners',
      summary: 'Les personnes accompagnées d’une structure',
      tag: TAG,
      responses: { 200: json('Personnes accompagnées.', z.array(learnerSummarySchema)) },
    }),
    params(slugParam),
    async (c) => {
      const org = await service.structureFor(c.var.deps, principalOf(c), c.req.valid('param').slug);
      const rows = await service.listLearners(c.var.deps, org);
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
      tag: TAG,
      responses: { 201: json('Personne enregistrée.', learnerCreatedSchema) },
    }),
    params(slugParam),
    inStructure,
    body(newLearnerSchema),
    async (c) => {
      const body = c.req.valid('json');
      const learner = await service.registerLearner(c.var.deps, principalOf(c), c.var.structure, body, body.deviceKey);
      return c.json({ id: learner.id, publicId: learner.publicId } satisfies LearnerCreated, 201);
    },
  );

  app.get(
    '/api/v1/learners/:id',
    route({
      access: LEARNER_ROLES,
      operationId: 'getLearner',
      summary: 'Où en est une personne accompagnée',
      tag: TAG,
      responses: { 200: json('Progression, badges, ce qui est obtenu.', learnerSchema) },
    }),
    ...learnerId,
    async (c) => {
      const ctx = c.var.learner;
      return c.json(learnerAnswer(c, ctx, await progressOf(c.var.deps, ctx)) satisfies Learner);
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
      tag: TAG,
      responses: { 200: json('Informations corrigées.', learnerCorrectedSchema) },
    }),
    ...learnerId,
    body(learnerCorrectionSchema),
    async (c) => {
      const ctx = c.var.learner;
      const { reason, ...details } = c.req.valid('json');
      const { nameChanged } = await correctLearner(c.var.deps, principalOf(c), ctx, details, reason);
      const now = await service.learnerFor(c.var.deps, principalOf(c), ctx.learner.id);
      const stale = await credentialsToReissue(c.var.deps, now);
      return c.json({ id: ctx.learner.id, nameChanged, staleCredentials: stale.length } satisfies LearnerCorrected);
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
      tag: TAG,
      responses: { 204: noContent('Données effacées.') },
    }),
    ...learnerId,
    async (c) => {
      await service.eraseLearner(c.var.deps, principalOf(c), c.var.learner);
      return c.body(null, 204);
    },
  );
}

/** Sessions: recording one (or a workshop for several people), correcting or deleting it. */
export function evaluationApiRoutes(app: Hono<AppEnv>): void {
  app.post(
    '/api/v1/learners/:id/evaluations',
    route({
      access: LEARNER_ROLES,
      operationId: 'recordEvaluation',
      summary: 'Enregistrer un positionnement ou une évaluation',
      description:
        'Délivre aussitôt ce qui est obtenu si la structure l’a réglé ainsi. / Issues what is earned when the structure chose automatic issuing.',
      tag: TAG,
      responses: { 201: json('Évaluation enregistrée.', evaluationRecordedSchema) },
    }),
    ...learnerId,
    body(evaluationSchema),
    async (c) => {
      const body = c.req.valid('json');
      const result = await recordEvaluation(c.var.deps, principalOf(c), c.var.learner, body, body.deviceKey);
      return c.json(
        { id: result.evaluationId, issued: issuedSummary(c, result.issued) } satisfies EvaluationRecorded,
        201,
      );
    },
  );

  app.put(
    '/api/v1/learners/:id/evaluations/:eid',
    route({
      access: LEARNER_ROLES,
      operationId: 'correctEvaluation',
      summary: 'Corriger une séance (avec une raison)',
      description:
        'Le contenu envoyé remplace celui de la séance ; un positionnement reste un positionnement. `unsupported` : badges valables que plus aucune séance ne justifie (à retirer par une révocation). / The content sent replaces the session’s; `unsupported`: valid badges no session supports any more.',
      tag: TAG,
      responses: { 200: json('Séance corrigée.', evaluationEditedSchema) },
    }),
    ...evaluationOf,
    body(evaluationEditSchema),
    async (c) => {
      const ctx = c.var.learner;
      const { eid } = c.req.valid('param');
      const { reason, ...input } = c.req.valid('json');
      const done = await editEvaluation(c.var.deps, principalOf(c), ctx, eid, input, reason);
      const unsupported = unsupportedBadges(await progressOf(c.var.deps, ctx)).map((r) => r.id);
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
      tag: TAG,
      responses: { 204: noContent('Séance supprimée.') },
    }),
    ...evaluationOf,
    body(reasonSchema),
    async (c) => {
      const { eid } = c.req.valid('param');
      await deleteEvaluation(c.var.deps, principalOf(c), c.var.learner, eid, c.req.valid('json').reason);
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
      tag: TAG,
      responses: { 201: json('Séance de groupe enregistrée.', workshopRecordedSchema) },
    }),
    params(slugParam),
    inStructure,
    body(workshopSchema),
    async (c) => {
      const principal = principalOf(c);
      const { method, date, people, deviceKey } = c.req.valid('json');
      const present = await workshopPeople(c.var.deps, principal, c.var.structure, people);
      const { workshop, recorded, issued } = await recordWorkshop(
        c.var.deps,
        principal,
        present,
        { method, date },
        deviceKey,
      );
      return c.json({ id: workshop, recorded, issued } satisfies WorkshopRecorded, 201);
    },
  );

  app.post(
    '/api/v1/structures/:slug/workshops/:id/issue',
    route({
      access: LEARNER_ROLES,
      operationId: 'issueWorkshopBadges',
      summary: 'Délivrer les badges d’une séance de groupe',
      description:
        'Pour chaque personne de la séance, délivre ce que les règles accordent et qu’elle n’a pas encore ; un second appel ne délivre rien de plus. / For each person of the session, issues what the rules award and they do not hold yet; a second call issues nothing more.',
      tag: TAG,
      responses: {
        201: json('Badges délivrés.', workshopAwardsSchema),
        200: json('Rien de nouveau à délivrer.', workshopAwardsSchema),
      },
    }),
    params(workshopApiParam),
    inStructure,
    async (c) => {
      const { id } = c.req.valid('param');
      const done = await issueWorkshopBadges(c.var.deps, principalOf(c), c.var.structure, id);
      const people = done.map((p) => ({ learner: p.ctx.learner.id, issued: issuedSummary(c, p.issued) }));
      return c.json({ id, people } satisfies WorkshopAwards, people.some((p) => p.issued.length) ? 201 : 200);
    },
  );
}

/** What the person takes away: the badges earned, the passport, the personal link, a copy of their data. */
export function holdingsApiRoutes(app: Hono<AppEnv>): void {
  app.post(
    '/api/v1/learners/:id/awards',
    route({
      access: LEARNER_ROLES,
      operationId: 'issueEarned',
      summary: 'Délivrer ce que les règles accordent',
      tag: TAG,
      responses: {
        201: json('Badges délivrés.', awardsSchema),
        200: json('Rien de nouveau à délivrer.', awardsSchema),
      },
    }),
    ...learnerId,
    async (c) => {
      const issued = await issueEarned(c.var.deps, principalOf(c), c.var.learner);
      return c.json({ issued: issuedSummary(c, issued) } satisfies Awards, issued.length ? 201 : 200);
    },
  );

  app.get(
    '/api/v1/learners/:id/passport.pdf',
    route({
      access: LEARNER_ROLES,
      operationId: 'getPassportPdf',
      summary: 'Le passeport numérique (PDF, badges signés joints)',
      tag: TAG,
      responses: { 200: pdf('Le passeport PDF.') },
    }),
    ...learnerId,
    async (c) => pdfResponse(c, await passportFile(c.var.deps, c.var.learner)),
  );

  app.post(
    '/api/v1/learners/:id/holder-link',
    route({
      access: LEARNER_ROLES,
      operationId: 'createHolderLink',
      summary: 'Créer le lien personnel secret (remplace l’ancien)',
      tag: TAG,
      responses: { 201: json('Lien créé.', holderLinkSchema) },
    }),
    ...learnerId,
    async (c) => {
      const link = await createHolderLink(c.var.deps, principalOf(c), c.var.learner);
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
      tag: TAG,
      responses: { 204: noContent('Lien désactivé.') },
    }),
    ...learnerId,
    async (c) => {
      await revokeHolderLink(c.var.deps, principalOf(c), c.var.learner);
      return c.body(null, 204);
    },
  );

  app.get(
    '/api/v1/learners/:id/export',
    route({
      access: LEARNER_ROLES,
      operationId: 'exportLearner',
      summary: 'Export RGPD de toutes les données de la personne',
      tag: TAG,
      responses: { 200: json('Toutes ses données.', learnerExportSchema) },
    }),
    ...learnerId,
    async (c) => {
      c.header('cache-control', 'no-store');
      return c.json(await service.exportLearner(c.var.deps, principalOf(c), c.var.learner));
    },
  );
}
