import type { Hono } from 'hono';
import { principalOf, roles } from '../auth/access.js';
import type { AppContext, AppEnv } from '../context.js';
import { type FieldError, invalid } from '../errors.js';
import { credentialUrl } from '../issuing/service.js';
import { unanswered } from '../review/views.js';
import { tOf } from '../web/layout.js';
import { idParam } from '../web/params.js';
import { body, formErrorsOr, formWithErrors, json, params, route, lastValues } from '../web/route.js';
import { applicationPage, byCode, STAFF, TAG, votableApplicationInPath, withBlockChoices } from './http.js';
import { completeIssuance, queue, reviewApplication, reviewItemTitles } from './issuance.js';
import { QueuePage } from './issuance-views.js';
import { queueSchema, type ReviewResultJson, reviewResultSchema, reviewSchema } from './schemas.js';

/** Review form fields `decision.<code>`, `comment.<code>`, `vote`, `comment` → review input. */
function reviewFromForm(sent: Record<string, string[]>) {
  const fields = withBlockChoices(sent);
  const form = byCode(fields, '');
  const comments = byCode(fields, 'comment.');
  const items = Object.entries(byCode(fields, 'decision.'))
    .filter(([code]) => !code.startsWith('bloc.'))
    .map(([code, decision]) => {
      const comment = comments[code]?.trim();
      return { code, decision, ...(comment ? { comment } : {}) };
    });
  return { vote: form.vote, comment: form.comment?.trim() || undefined, items };
}

/** The state a review or an issuance left, and the badges it issued. */
function reviewResultJson(c: Pick<AppContext, 'var'>, result: Awaited<ReturnType<typeof completeIssuance>>) {
  return {
    state: result.state,
    issued: result.issued.map((i) => ({
      id: i.credential.id,
      url: credentialUrl(c.var.deps, i.row.id),
      kind: i.row.achievementKind,
      jwt: i.jwt,
    })),
  } satisfies ReviewResultJson;
}

/** The committee's side: its queue, a member's review (which issues on approval), completing an issuance; pages and API. */
export function issuanceRoutes(app: Hono<AppEnv>): void {
  app.get('/comite', STAFF, async (c) => {
    const t = tOf(c);
    return c.render(<QueuePage rows={await queue(c.var.deps, principalOf(c))} />, {
      title: t('Demandes de certification', 'Certification applications'),
      noindex: true,
    });
  });

  app.post(
    '/certification/demandes/:id/avis',
    // Which of the hub's staff vote is the rules file's `reviewers` (the committee alone by default).
    STAFF,
    params(idParam),
    votableApplicationInPath,
    formWithErrors(reviewSchema, reviewFromForm),
    async (c) => {
      const { id } = c.req.valid('param');
      const sent = c.req.valid('form');
      // A form with mistakes comes back with what was typed.
      // Each competence's choice, its own or its block's: the page comes back showing both.
      const values = lastValues(withBlockChoices(sent.all));
      const again = (errors: FieldError[]) => applicationPage(c, id, { errors, values, status: 422 });
      // Nothing is chosen in advance: what was left unchosen comes back first, named by competence.
      const missing = unanswered(values, await reviewItemTitles(c.var.deps, principalOf(c), id));
      if (missing.length) return again(formErrorsOr(c, invalid(missing)));
      if (!sent.ok) return again(formErrorsOr(c, invalid(sent.errors)));
      try {
        await reviewApplication(c.var.deps, principalOf(c), id, sent.data);
      } catch (err) {
        return again(formErrorsOr(c, err));
      }
      return c.redirect(`/certification/demandes/${id}?ok=avis`, 303);
    },
  );

  app.get(
    '/api/v1/certification/queue',
    route({
      access: roles('committee', 'hub-admin'),
      operationId: 'getCertificationQueue',
      summary: 'Les demandes soumises au comité',
      tag: TAG,
      responses: { 200: json('Demandes.', queueSchema) },
    }),
    async (c) => {
      const rows = await queue(c.var.deps, principalOf(c));
      return c.json(
        rows.map((r) => ({
          id: r.app.id,
          applicant: r.applicantName,
          state: r.app.state,
          round: r.app.round,
          votes: r.votes,
          conflict: r.conflict,
        })),
      );
    },
  );

  app.post(
    '/api/v1/certification/applications/:id/issue',
    route({
      access: roles('committee', 'hub-admin'),
      operationId: 'issueCertificationCredentials',
      summary: 'Délivrer les badges d’une demande validée qui en manquent',
      description:
        'Sans effet quand tout est délivré (idempotent). Sert si la délivrance a été interrompue après la décision. / Idempotent; for an issuance interrupted after the decision.',
      tag: TAG,
      responses: { 200: json('Badges délivrés par cet appel.', reviewResultSchema) },
    }),
    params(idParam),
    async (c) => {
      const { id } = c.req.valid('param');
      return c.json(reviewResultJson(c, await completeIssuance(c.var.deps, principalOf(c), id)));
    },
  );

  app.post(
    '/api/v1/certification/applications/:id/reviews',
    route({
      access: roles('committee', 'hub-admin'),
      operationId: 'reviewCertificationApplication',
      summary: 'Mon avis de membre du comité (par compétence, puis vote)',
      description:
        'Votent les rôles du hub que les règles du référentiel désignent (`reviewers`, par défaut le comité seul : un administrateur du hub qui n’en fait pas partie reçoit 403). Refusé pour sa propre demande et pour une personne de sa structure (conflit d’intérêts). À la décision, le hub délivre aussitôt les badges. / Only the hub roles named by the rules’ `reviewers` vote (by default the committee alone: a hub admin outside it gets 403); refused for one’s own application or structure; on approval the hub issues the credentials.',
      tag: TAG,
      responses: { 201: json('Avis enregistré ; badges délivrés si la demande est validée.', reviewResultSchema) },
    }),
    params(idParam),
    votableApplicationInPath,
    body(reviewSchema),
    async (c) => {
      const result = await reviewApplication(c.var.deps, principalOf(c), c.req.valid('param').id, c.req.valid('json'));
      return c.json(reviewResultJson(c, result), 201);
    },
  );
}
