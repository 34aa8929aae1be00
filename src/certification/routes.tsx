import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { allow, principalOf, roles } from '../auth/access.js';
import type { AppContext, AppEnv } from '../context.js';
import { AppError, type FieldError, invalid } from '../errors.js';
import { changeStatus, credentialUrl, manageableCredential } from '../issuing/service.js';
import { tOf } from '../web/layout.js';
import { idParam } from '../web/params.js';
import {
  body,
  form,
  formAll,
  formErrorsOr,
  formWithErrors,
  isMultipart,
  json,
  noContent,
  params,
  route,
  scope,
  upload,
  uploadIf,
} from '../web/route.js';
import {
  type ApplicationJson,
  applicationSchema,
  applySchema,
  blockParam,
  type CertificationStatusJson,
  certificationStatusSchema,
  evidenceCreatedSchema,
  evidenceFormSchema,
  evidenceSchema,
  evidenceUploadSchema,
  levelsSchema,
  queueSchema,
  type ReviewResultJson,
  reviewResultSchema,
  reviewSchema,
  updateSchema,
  withdrawSchema,
} from './schemas.js';
import * as service from './service.js';
import { ApplicationPage, BlockPage, CertificationHome, QueuePage } from './views.js';

const statusFormSchema = z.object({
  action: z.enum(['revoke', 'suspend', 'reinstate'], 'choisissez une action'),
  reason: z.string().trim().min(1, 'indiquez le motif').max(500),
  application: z.string().uuid(),
});

const MEDIATOR = allow(roles('mediator'));
const STAFF = allow(roles('committee', 'hub-admin'));
const PARTIES = allow(roles('mediator', 'committee', 'hub-admin'));

// Scoping of the path's resource, before any body is read (someone who may not see it gets 403/404).
const ownApplicationInPath = scope('application', (c) =>
  service.ownApplication(c.var.deps, principalOf(c), c.req.param('id') ?? ''),
);
const votableApplicationInPath = scope('application', (c) =>
  service.votableApplication(c.var.deps, principalOf(c), c.req.param('id') ?? ''),
);
const managedCredentialInPath = scope('credential', (c) =>
  manageableCredential(c.var.deps, principalOf(c), c.req.param('id') ?? ''),
);

const NOTICES: Record<string, [string, string]> = {
  niveaux: ['Vos niveaux sont enregistrés.', 'Your levels are saved.'],
  preuve: ['Preuve ajoutée.', 'Evidence added.'],
  retiree: ['Preuve retirée.', 'Evidence removed.'],
  envoyee: ['Votre demande est envoyée au comité.', 'Your application was sent to the committee.'],
  maj: ['Votre demande est mise à jour.', 'Your application is updated.'],
  renvoyee: ['Votre demande complétée est renvoyée au comité.', 'Your completed application was resubmitted.'],
  retrait: ['Votre demande est retirée.', 'Your application is withdrawn.'],
  avis: ['Votre avis est enregistré.', 'Your review is recorded.'],
  statut: ['Le statut du badge est changé.', 'The badge status is changed.'],
};

function noticeOf(c: Pick<AppContext, 'req' | 'var'>): string | undefined {
  const key = c.req.query('ok');
  const n = key ? NOTICES[key] : undefined;
  return n ? tOf(c)(n[0], n[1]) : undefined;
}

/** The fields of a form named `<prefix><code>` (`niveau.S1.2`), by code. */
function byCode(fields: Record<string, string[]>, prefix: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields)
      .filter(([k, v]) => k.startsWith(prefix) && v.length > 0)
      .map(([k, v]) => [k.slice(prefix.length), v[v.length - 1]!]),
  );
}

/** Review form fields `decision.<code>`, `comment.<code>`, `vote`, `comment` → review input. */
function reviewFromForm(fields: Record<string, string[]>) {
  const form = byCode(fields, '');
  const comments = byCode(fields, 'comment.');
  const items = Object.entries(byCode(fields, 'decision.')).map(([code, decision]) => {
    const comment = comments[code]?.trim();
    return { code, decision, ...(comment ? { comment } : {}) };
  });
  return { vote: form.vote, comment: form.comment?.trim() || undefined, items };
}

/** The bytes of an uploaded file, for the service (which checks its size and type). */
const fileInput = async (file: File | undefined) =>
  file ? { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } : undefined;

/** The state a review or an issuance left, and the badges it issued. */
function reviewResultJson(c: Pick<AppContext, 'var'>, result: Awaited<ReturnType<typeof service.completeIssuance>>) {
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

function applicationJson(c: Pick<AppContext, 'var'>, v: service.ApplicationView, own: boolean): ApplicationJson {
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

async function statusJson(c: AppContext, userId: string): Promise<CertificationStatusJson> {
  const deps = c.var.deps;
  const portfolio = await service.portfolioOf(deps, userId);
  const status = await service.certificationStatus(deps, userId, portfolio);
  const apps = await service.applicationsOf(deps, userId);
  return {
    referential: { slug: portfolio.ref.slug, version: portfolio.ref.version },
    certified: status.certified,
    expiresAt: status.expiresAt,
    renewalOpen: status.renewalOpen,
    credentials: status.credentials.map((cr) => ({
      id: `urn:uuid:${cr.row.id}`,
      url: cr.url,
      kind: cr.kind,
      block: cr.blockCode,
      status: cr.state,
      validUntil: cr.row.validUntil,
    })),
    portfolio: portfolio.ref.blocks.flatMap((b) =>
      b.competences.map((x) => ({
        code: x.code,
        block: b.code,
        level: portfolio.levels.get(x.code) ?? null,
        evidence: (portfolio.evidence.get(x.code) ?? []).map((e) => ({
          id: e.id,
          kind: e.kind,
          text: e.text,
          url: e.url,
          fileName: e.fileName,
          fileType: e.fileType,
          fileSize: e.fileSize,
        })),
      })),
    ),
    applications: apps.map((a) => ({ id: a.id, state: a.state, createdAt: a.createdAt, renews: a.renews })),
  };
}

function fileResponse(c: AppContext, f: Awaited<ReturnType<typeof service.evidenceFile>>): Response {
  return c.body(f.bytes as Uint8Array<ArrayBuffer>, 200, {
    'content-type': f.contentType,
    // Never rendered inline as a page of this origin: downloaded, private, not cached.
    'content-disposition': `attachment; filename="${encodeURIComponent(f.row.fileName ?? 'preuve')}"`,
    'cache-control': 'private, no-store',
    'x-content-type-options': 'nosniff',
  });
}

export function certificationRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  async function home(c: AppContext, extra: { errors?: FieldError[]; chosen?: string[]; status?: number } = {}) {
    const t = tOf(c);
    const p = principalOf(c);
    const deps = c.var.deps;
    await service.hubOfMediator(deps, p);
    const portfolio = await service.portfolioOf(deps, p.userId);
    c.status((extra.status ?? 200) as 200);
    return c.render(
      <CertificationHome
        portfolio={portfolio}
        status={await service.certificationStatus(deps, p.userId, portfolio)}
        applications={await service.applicationsOf(deps, p.userId)}
        notice={noticeOf(c)}
        errors={extra.errors ?? []}
        chosen={extra.chosen ?? []}
      />,
      { title: t('Ma certification', 'My certification'), noindex: true },
    );
  }

  async function applicationPage<E extends AppEnv>(
    c: Context<E>,
    id: string,
    extra: { errors?: FieldError[]; values?: Record<string, string>; status?: number } = {},
  ) {
    const t = tOf(c);
    const p = principalOf(c);
    const view = await service.applicationView(c.var.deps, p, id);
    const own = view.app.applicantUserId === p.userId;
    c.status((extra.status ?? 200) as 200);
    return c.render(
      <ApplicationPage
        view={view}
        own={own}
        staff={service.mayManage(p, view.app.deciderOrgId)}
        notice={noticeOf(c)}
        errors={extra.errors ?? []}
        values={extra.values ?? {}}
      />,
      { title: t('Demande de certification', 'Certification application'), noindex: true },
    );
  }

  // --- pages: mediator

  app.get('/certification', MEDIATOR, (c) => home(c));

  app.get('/certification/blocs/:code', MEDIATOR, params(blockParam), async (c) => {
    const { code: blockCode } = c.req.valid('param');
    const t = tOf(c);
    const p = principalOf(c);
    await service.hubOfMediator(c.var.deps, p);
    const portfolio = await service.portfolioOf(c.var.deps, p.userId);
    if (!portfolio.ref.blocks.some((b) => b.code === blockCode))
      throw new AppError('not_found', { fr: 'Ce bloc n’existe pas.', en: 'No such block.' });
    return c.render(<BlockPage portfolio={portfolio} code={blockCode} notice={noticeOf(c)} />, {
      title: `${t('Bloc', 'Block')} ${blockCode}`,
      noindex: true,
    });
  });

  app.post(
    '/certification/blocs/:code',
    MEDIATOR,
    params(blockParam),
    formAll(levelsSchema, (fields) => ({ levels: byCode(fields, 'niveau.') })),
    async (c) => {
      await service.setLevels(c.var.deps, principalOf(c), c.req.valid('form').levels);
      return c.redirect(`/certification/blocs/${c.req.valid('param').code}?ok=niveaux`, 303);
    },
  );

  app.post('/certification/preuves', MEDIATOR, upload(evidenceFormSchema), async (c) => {
    const { file, ...fields } = c.req.valid('form');
    const row = await service.addEvidence(c.var.deps, principalOf(c), { ...fields, file: await fileInput(file) });
    const block = fields.code.split('.')[0];
    return c.redirect(`/certification/blocs/${block}?ok=preuve#preuves-${row.competenceCode}`, 303);
  });

  app.post('/certification/preuves/:id/suppression', MEDIATOR, params(idParam), async (c) => {
    const { id } = c.req.valid('param');
    await service.removeEvidence(c.var.deps, principalOf(c), id);
    return c.redirect('/certification?ok=retiree', 303);
  });

  app.get('/certification/preuves/:id', PARTIES, params(idParam), async (c) => {
    const { id } = c.req.valid('param');
    return fileResponse(c, await service.evidenceFile(c.var.deps, principalOf(c), id));
  });

  app.post(
    '/certification/demandes',
    MEDIATOR,
    formWithErrors(applySchema, (f) => ({ blocks: f.blocks ?? [], renews: f.renews?.[0] || undefined })),
    async (c) => {
      const sent = c.req.valid('form');
      // A form with mistakes comes back with the blocks that were ticked.
      const again = (errors: FieldError[]) => home(c, { errors, chosen: sent.all.blocks ?? [], status: 422 });
      if (!sent.ok) return again(formErrorsOr(c, invalid(sent.errors)));
      try {
        const created = await service.apply(c.var.deps, principalOf(c), sent.data);
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
      const state = await service.updateApplication(c.var.deps, principalOf(c), id, c.req.valid('form'));
      return c.redirect(`/certification/demandes/${id}?ok=${state === 'resubmitted' ? 'renvoyee' : 'maj'}`, 303);
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
      await service.withdrawApplication(c.var.deps, principalOf(c), id, reason);
      return c.redirect('/certification?ok=retrait', 303);
    },
  );

  // --- pages: committee

  app.get('/comite', STAFF, async (c) => {
    const t = tOf(c);
    return c.render(<QueuePage rows={await service.queue(c.var.deps, principalOf(c))} />, {
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
      const again = (errors: FieldError[]) => applicationPage(c, id, { errors, values: sent.values, status: 422 });
      if (!sent.ok) return again(formErrorsOr(c, invalid(sent.errors)));
      try {
        await service.reviewApplication(c.var.deps, principalOf(c), id, sent.data);
      } catch (err) {
        return again(formErrorsOr(c, err));
      }
      return c.redirect(`/certification/demandes/${id}?ok=avis`, 303);
    },
  );

  app.post(
    '/certification/badges/:id/statut',
    STAFF,
    params(idParam),
    managedCredentialInPath,
    form(statusFormSchema),
    async (c) => {
      const { id } = c.req.valid('param');
      const form = c.req.valid('form');
      await changeStatus(c.var.deps, principalOf(c), id, form.action, form.reason);
      return c.redirect(`/certification/demandes/${form.application}?ok=statut`, 303);
    },
  );

  // --- JSON API

  const TAG = 'Certification des médiateurs' as const;

  app.get(
    '/api/v1/certification',
    route({
      access: roles('mediator'),
      operationId: 'getMyCertification',
      summary: 'Mon portfolio, mes demandes, mes badges de médiateur',
      tag: TAG,
      responses: { 200: json('Portfolio et certification.', certificationStatusSchema) },
    }),
    async (c) => {
      const p = principalOf(c);
      await service.hubOfMediator(c.var.deps, p);
      return c.json(await statusJson(c, p.userId));
    },
  );

  app.post(
    '/api/v1/certification/levels',
    route({
      access: roles('mediator'),
      operationId: 'setPortfolioLevels',
      summary: 'Mes niveaux auto-évalués, par compétence',
      tag: TAG,
      responses: { 200: json('Portfolio mis à jour.', certificationStatusSchema) },
    }),
    body(levelsSchema),
    async (c) => {
      await service.setLevels(c.var.deps, principalOf(c), c.req.valid('json').levels);
      return c.json(await statusJson(c, principalOf(c).userId));
    },
  );

  app.post(
    '/api/v1/certification/evidence',
    route({
      access: roles('mediator'),
      operationId: 'addEvidence',
      summary: 'Ajouter une preuve (texte, lien ; fichier en multipart)',
      description:
        'Fichier : multipart `code`, `file` (PDF, PNG ou JPEG reconnu à ses premiers octets, 5 Mo au plus), `text` facultatif ; 10 preuves au plus par compétence. / File: multipart, PDF/PNG/JPEG checked by magic bytes, 5 MB max.',
      tag: TAG,
      requestContent: {
        'multipart/form-data': {
          schema: {
            type: 'object',
            properties: {
              code: { type: 'string' },
              text: { type: 'string' },
              file: { type: 'string', format: 'binary', contentMediaType: 'application/octet-stream' },
            },
            required: ['code', 'file'],
          },
        },
      },
      responses: { 201: json('Preuve ajoutée.', evidenceCreatedSchema) },
    }),
    body(evidenceSchema, { alsoMultipart: true }),
    uploadIf(isMultipart, evidenceUploadSchema),
    async (c) => {
      const sent = c.req.valid('form');
      const row = await service.addEvidence(
        c.var.deps,
        principalOf(c),
        sent ? { ...sent, kind: 'file', file: await fileInput(sent.file) } : c.req.valid('json'),
      );
      return c.json(
        { id: row.id, code: row.competenceCode, kind: row.kind, fileType: row.fileType, fileSize: row.fileSize },
        201,
      );
    },
  );

  app.get(
    '/api/v1/certification/evidence/:id',
    route({
      access: roles('mediator', 'committee', 'hub-admin'),
      operationId: 'getEvidenceFile',
      summary: 'Un fichier de preuve (la personne, le comité et les administrateurs de son hub)',
      tag: TAG,
      responses: {
        200: {
          description: 'Le fichier (PDF, PNG ou JPEG), en pièce jointe.',
          // The type its first bytes showed when it was uploaded.
          media: ['application/pdf', 'image/png', 'image/jpeg'],
          schema: { type: 'string', format: 'binary' },
        },
      },
    }),
    params(idParam),
    async (c) => fileResponse(c, await service.evidenceFile(c.var.deps, principalOf(c), c.req.valid('param').id)),
  );

  app.delete(
    '/api/v1/certification/evidence/:id',
    route({
      access: roles('mediator'),
      operationId: 'removeEvidence',
      summary: 'Retirer une preuve (pas pendant une demande qui la cite)',
      tag: TAG,
      responses: { 204: noContent('Preuve retirée.') },
    }),
    params(idParam),
    async (c) => {
      await service.removeEvidence(c.var.deps, principalOf(c), c.req.valid('param').id);
      return c.body(null, 204);
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
      const created = await service.apply(c.var.deps, principalOf(c), c.req.valid('json'));
      const view = await service.applicationView(c.var.deps, principalOf(c), created.id);
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
      const view = await service.applicationView(c.var.deps, p, c.req.valid('param').id);
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
      await service.updateApplication(c.var.deps, principalOf(c), id, c.req.valid('json'));
      return c.json(applicationJson(c, await service.applicationView(c.var.deps, principalOf(c), id), true));
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
      await service.withdrawApplication(c.var.deps, principalOf(c), id, c.req.valid('json').reason);
      return c.json(applicationJson(c, await service.applicationView(c.var.deps, principalOf(c), id), true));
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
      const rows = await service.queue(c.var.deps, principalOf(c));
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
      return c.json(reviewResultJson(c, await service.completeIssuance(c.var.deps, principalOf(c), id)));
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
      const result = await service.reviewApplication(
        c.var.deps,
        principalOf(c),
        c.req.valid('param').id,
        c.req.valid('json'),
      );
      return c.json(reviewResultJson(c, result), 201);
    },
  );

  return app;
}
