import type { Hono } from 'hono';
import type { z } from 'zod';
import { principalOf, roles } from '../auth/access.js';
import type { AppContext, AppEnv } from '../context.js';
import { AppError, type ErrorCode, type FieldError } from '../errors.js';
import { tOf } from '../web/layout.js';
import { wantsHtml } from '../web/negotiate.js';
import { idParam } from '../web/params.js';
import { body, formAll, isMultipart, json, noContent, params, route, upload, uploadIf } from '../web/route.js';
import { applicationsOf, committeeAskOf } from './applications.js';
import { byCode, homePage, MEDIATOR, noticeOf, PARTIES, TAG } from './http.js';
import { addEvidence, evidenceFile, portfolioOf, removeEvidence, setLevels } from './portfolio.js';
import { BlockPage } from './portfolio-views.js';
import {
  blockParam,
  type CertificationStatusJson,
  certificationStatusSchema,
  evidenceCreatedSchema,
  evidenceFormSchema,
  evidenceSchema,
  evidenceUploadSchema,
  levelsSchema,
} from './schemas.js';
import { hubOfMediator } from './service.js';
import { certificationStatus } from './status.js';

/** Errors of the evidence form shown on the block's page rather than as an error page. */
const FORM_ERRORS = new Set<ErrorCode>([
  'validation_failed',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
]);

type EvidenceSent = Omit<z.output<typeof evidenceFormSchema>, 'file'>;

/** The bytes of an uploaded file, for the service (which checks its size and type). */
const fileInput = async (file: File | undefined) =>
  file ? { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } : undefined;

/** Where the mediator stands (portfolio, badges, applications), as the API answers it. */
async function statusJson(c: AppContext, userId: string): Promise<CertificationStatusJson> {
  const deps = c.var.deps;
  const portfolio = await portfolioOf(deps, userId);
  const status = await certificationStatus(deps, userId, portfolio);
  const apps = await applicationsOf(deps, userId);
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

function fileResponse(c: AppContext, f: Awaited<ReturnType<typeof evidenceFile>>): Response {
  return c.body(f.bytes as Uint8Array<ArrayBuffer>, 200, {
    'content-type': f.contentType,
    // Never rendered inline as a page of this origin: downloaded, private, not cached.
    'content-disposition': `attachment; filename="${encodeURIComponent(f.row.fileName ?? 'preuve')}"`,
    'cache-control': 'private, no-store',
    'x-content-type-options': 'nosniff',
  });
}

/** A block's page; `again`: an evidence form shown again with its errors and what was typed. */
async function blockPage(c: AppContext, blockCode: string, again?: { sent: EvidenceSent; errors: FieldError[] }) {
  const t = tOf(c);
  const p = principalOf(c);
  await hubOfMediator(c.var.deps, p);
  const portfolio = await portfolioOf(c.var.deps, p.userId);
  if (!portfolio.ref.blocks.some((b) => b.code === blockCode))
    throw new AppError('not_found', { fr: 'Ce bloc n’existe pas.', en: 'No such block.' });
  const ask = await committeeAskOf(c.var.deps, p.userId);
  return c.render(
    <BlockPage
      portfolio={portfolio}
      code={blockCode}
      notice={noticeOf(c)}
      again={again}
      ask={ask && { href: `/certification/demandes/${ask.app.id}`, asked: ask.asked }}
    />,
    {
      title: `${t('Bloc', 'Block')} ${blockCode}`,
      noindex: true,
    },
  );
}

/** The mediator's space and portfolio: levels per competence, evidence (text, link, file), pages and API. */
export function portfolioRoutes(app: Hono<AppEnv>): void {
  app.get('/certification', MEDIATOR, (c) => homePage(c));

  app.get('/certification/blocs/:code', MEDIATOR, params(blockParam), (c) => blockPage(c, c.req.valid('param').code));

  app.post(
    '/certification/blocs/:code',
    MEDIATOR,
    params(blockParam),
    formAll(levelsSchema, (fields) => ({ levels: byCode(fields, 'niveau.') })),
    async (c) => {
      await setLevels(c.var.deps, principalOf(c), c.req.valid('form').levels);
      return c.redirect(`/certification/blocs/${c.req.valid('param').code}?ok=niveaux`, 303);
    },
  );

  app.post('/certification/preuves', MEDIATOR, upload(evidenceFormSchema), async (c) => {
    const { file, ...fields } = c.req.valid('form');
    const block = fields.code.split('.')[0]!;
    try {
      const row = await addEvidence(c.var.deps, principalOf(c), { ...fields, file: await fileInput(file) });
      return c.redirect(`/certification/blocs/${block}?ok=preuve#${row.competenceCode}`, 303);
    } catch (err) {
      // What the person can act on (a wrong field, a limit, the quota, the file) comes back on the
      // block's page, beside its form; anything else is the error page.
      if (!(err instanceof AppError) || !FORM_ERRORS.has(err.code) || !wantsHtml(c)) throw err;
      c.status(err.status as 409);
      const errors = err.extra.errors ?? [{ path: '', message: err.detail.fr, en: err.detail.en }];
      try {
        return await blockPage(c, block, { sent: fields, errors });
      } catch {
        throw err; // no such block (an unknown competence code): the error itself
      }
    }
  });

  app.post('/certification/preuves/:id/suppression', MEDIATOR, params(idParam), async (c) => {
    const { id } = c.req.valid('param');
    await removeEvidence(c.var.deps, principalOf(c), id);
    return c.redirect('/certification?ok=retiree', 303);
  });

  app.get('/certification/preuves/:id', PARTIES, params(idParam), async (c) => {
    const { id } = c.req.valid('param');
    return fileResponse(c, await evidenceFile(c.var.deps, principalOf(c), id));
  });

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
      await hubOfMediator(c.var.deps, p);
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
      await setLevels(c.var.deps, principalOf(c), c.req.valid('json').levels);
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
      const row = await addEvidence(
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
    async (c) => fileResponse(c, await evidenceFile(c.var.deps, principalOf(c), c.req.valid('param').id)),
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
      await removeEvidence(c.var.deps, principalOf(c), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
}
