import { Hono } from 'hono';
import { z } from 'zod';
import { allow, PUBLIC, roles } from '../auth/access.js';
import type { AppContext, AppEnv } from '../context.js';
import { AppError, invalid } from '../errors.js';
import { tOf } from '../web/layout.js';
import { json, query, route } from '../web/route.js';
import { readFormBody } from '../web/validate.js';
import { BULK_LIMITS, type BulkReport, type BulkSource, csvSources, reportCsv, verifyBulk } from './bulk.js';
import { BULK_SCRIPT, BulkPage } from './bulk-views.js';
import { PRINTED_NAME_OUTCOMES, STANDINGS, type Standing } from './verdict.js';

const COMMITTEE = roles('committee', 'hub-admin');

const checkSchema = z.object({
  id: z.enum(['parse', 'schema', 'signature', 'issuer', 'label', 'status', 'validity', 'recipient']),
  ok: z.boolean(),
  message: z.string(),
  messageEn: z.string(),
  details: z.array(z.string()).optional(),
});

export const bulkReportSchema = z
  .object({
    items: z.array(
      z.object({
        name: z.string(),
        verified: z.boolean(),
        checks: z.array(checkSchema),
        summary: z.string(),
        summaryEn: z.string(),
        credentials: z.number().int(),
        standing: z
          .enum(STANDINGS)
          .meta({ description: 'valide, suspendu, retiré, invalide, illisible. / Heading the item is filed under.' }),
        title: z.string().optional().meta({ description: 'Titre du badge authentique. / Authentic badge’s title.' }),
        holderName: z
          .string()
          .optional()
          .meta({ description: 'Nom imprimé du passeport PDF. / Name printed in the passport PDF.' }),
        printedName: z.enum(PRINTED_NAME_OUTCOMES).optional(),
        expectedName: z.string().optional().meta({ description: 'Colonne « nom » du CSV. / CSV name column.' }),
        nameCheck: z.enum(['match', 'mismatch', 'unknown']).optional(),
      }),
    ),
    totals: z.object({
      items: z.number().int(),
      verified: z.number().int(),
      failed: z.number().int(),
      problems: z.record(z.string(), z.number().int()),
      standings: z.object(
        Object.fromEntries(STANDINGS.map((k) => [k, z.number().int()])) as Record<Standing, z.ZodNumber>,
      ),
    }),
  })
  .meta({ id: 'BulkVerificationReport', description: 'Un résultat par élément, dans l’ordre. / One result per item.' });

export const bulkQuerySchema = z.object({ format: z.enum(['json', 'csv']).optional() });

function isFile(value: unknown): value is File {
  return typeof value === 'object' && value !== null && typeof (value as File).arrayBuffer === 'function';
}

/**
 * The inputs of a bulk request, in order: every `file` field, then the rows of the `csv` field
 * (a file or pasted text). Counts are checked before any file is read.
 */
async function sourcesOf(c: AppContext): Promise<BulkSource[]> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('multipart/form-data'))
    throw new AppError('unsupported_media_type', {
      fr: 'Envoyez un formulaire multipart avec des champs « file » et/ou « csv ».',
      en: 'Send a multipart form with “file” and/or “csv” fields.',
    });
  const body = await readFormBody(c);
  const list = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  const files = list(body['file']).filter((f): f is File => isFile(f) && (f.size > 0 || f.name !== ''));
  const csvField = list(body['csv']).find((v) => (isFile(v) ? v.size > 0 : typeof v === 'string' && v.trim() !== ''));
  if (files.length === 0 && !csvField)
    throw invalid([{ path: 'file', message: 'joignez au moins un fichier ou un tableau CSV' }], {
      fr: 'Joignez des fichiers de badges (champ « file ») ou un tableau CSV de liens (champ « csv »).',
      en: 'Attach badge files (“file” field) or a CSV table of links (“csv” field).',
    });
  if (files.length > BULK_LIMITS.items)
    throw invalid([{ path: 'file', message: `${BULK_LIMITS.items} fichiers au plus` }], {
      fr: `Trop de fichiers : ${BULK_LIMITS.items} au plus par envoi.`,
      en: `Too many files: at most ${BULK_LIMITS.items} per upload.`,
    });
  const sources: BulkSource[] = [];
  for (const [i, f] of files.entries())
    sources.push({ kind: 'file', name: f.name || `fichier ${i + 1}`, bytes: new Uint8Array(await f.arrayBuffer()) });
  if (csvField) {
    const name = isFile(csvField) ? csvField.name || 'tableau.csv' : 'tableau';
    const text = isFile(csvField) ? await csvField.text() : csvField;
    sources.push(...csvSources(name, text as string, BULK_LIMITS.items - sources.length));
  }
  return sources;
}

function csvResponse(c: AppContext, report: BulkReport): Response {
  return c.body(`\uFEFF${reportCsv(report)}`, 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': 'attachment; filename="rapport-verification.csv"',
    'cache-control': 'no-store',
  });
}

export function bulkVerificationRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post(
    '/api/v1/verify/bulk',
    route({
      access: COMMITTEE,
      operationId: 'verifyBulk',
      summary: 'Vérifier des badges en lot (comité)',
      description: `Multipart : des fichiers dans des champs \`file\` (PNG, SVG, JSON, JWT, PDF) et/ou un CSV dans \`csv\` avec une colonne de liens ou de JWT (en-tête « lien », « url », « badge » ou « jwt ») et, facultative, une colonne « nom » : le nom de chaque titulaire, vérifié comme sur \`/verifier\` (\`nameCheck\`). ${BULK_LIMITS.items} éléments au plus, ${BULK_LIMITS.bytes / 2 ** 20} Mo au total. Un résultat par élément, dans l’ordre (fichiers puis lignes) ; un fichier illisible est un élément en échec. \`format=csv\` rend le rapport en CSV.`,
      tag: 'Vérification',
      requestContent: {
        'multipart/form-data': {
          schema: {
            type: 'object',
            properties: {
              file: { type: 'array', items: { type: 'string', format: 'binary' } },
              csv: { type: 'string', format: 'binary' },
            },
          },
        },
      },
      responses: { 200: json('Rapport : un résultat par élément et les totaux.', bulkReportSchema) },
    }),
    query(bulkQuerySchema),
    async (c) => {
      const report = await verifyBulk(c.var.deps, await sourcesOf(c));
      if (c.req.valid('query').format === 'csv') return csvResponse(c, report);
      c.header('cache-control', 'no-store');
      return c.json(report satisfies z.infer<typeof bulkReportSchema>);
    },
  );

  const title = (c: AppContext) => tOf(c)('Vérifier en lot', 'Verify in bulk');

  app.get('/comite/verification', allow(COMMITTEE), (c) => c.render(<BulkPage />, { title: title(c), noindex: true }));

  app.post('/comite/verification', allow(COMMITTEE), async (c) => {
    let sources: BulkSource[];
    try {
      sources = await sourcesOf(c);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err;
      c.status(422);
      return c.render(<BulkPage error={tOf(c)(err.detail.fr, err.detail.en)} />, { title: title(c), noindex: true });
    }
    const report = await verifyBulk(c.var.deps, sources);
    // Verifying has no effect: a reload verifies again, nothing is written.
    c.header('cache-control', 'no-store');
    return c.render(<BulkPage report={report} />, { title: title(c), noindex: true });
  });

  app.get('/static/bulk-verification.js', allow(PUBLIC), (c) =>
    c.body(BULK_SCRIPT, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=3600',
    }),
  );

  return app;
}
