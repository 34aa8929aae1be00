import type { Context, Hono } from 'hono';
import { allow, principalOf, roles } from '../auth/access.js';
import type { AppContext, AppDeps, AppEnv } from '../context.js';
import { AppError } from '../errors.js';
import { credentialUrl } from '../issuing/service.js';
import { csvText } from '../lib/csv.js';
import { tOf } from '../web/layout.js';
import { body, check, json, query, route, type Scoped, scope } from '../web/route.js';
import { readFormBody } from '../web/validate.js';
import { z } from 'zod';
import {
  type CohortImport,
  type CohortPlan,
  importableStructure,
  importCohort,
  importResult,
  planCohort,
} from './cohort.js';
import { type CohortLine, readCohortCsv } from './cohort-file.js';
import { ImportPage, ImportPreview, ImportResultPage } from './import-views.js';
import { type CohortResult, cohortQuerySchema, cohortRequestSchema, cohortResultSchema } from './schemas.js';
import type { OrganisationRow } from '../organisations/lookup.js';

/**
 * The cohort import: a page (upload, preview with the errors by line, confirm, result and its CSV)
 * for the structure's admins and the hub's, and the same as one API operation.
 */

const IMPORTERS = roles('structure-admin', 'hub-admin');
const importScope = scope('structure', (c) =>
  importableStructure(c.var.deps, principalOf(c), c.req.param('slug') ?? ''),
);
type ImportCtx = Context<Scoped<{ structure: OrganisationRow }>>;

const isCsv = (c: Context) => /^text\/(csv|plain)\b/i.test(c.req.header('content-type') ?? '');

/** The JSON body's validator, skipped for a CSV body (read in the handler). */
const jsonBody = body(cohortRequestSchema);
const jsonOrCsv: typeof jsonBody = Object.assign(
  ((c, next) => (isCsv(c) ? next() : jsonBody(c, next))) as typeof jsonBody,
  jsonBody,
);

/** A file whose header is unusable: one error, on its first line. */
async function planOf(
  deps: AppDeps,
  org: OrganisationRow,
  lines: CohortLine[] | { line: number; message: string },
  where: 'ligne' | 'élément',
): Promise<CohortPlan> {
  if (!Array.isArray(lines)) return { lines: 0, errors: [lines], items: [], newPeople: 0, held: 0 };
  return planCohort(deps, org, lines, where);
}

function answer(deps: AppDeps, plan: CohortPlan, done: CohortImport | null, slug: string): CohortResult {
  return {
    dryRun: done === null,
    lines: plan.lines,
    errors: plan.errors,
    newLearners: plan.newPeople,
    held: done ? done.lines.filter((l) => l.outcome.status === 'held').length : plan.held,
    issued: done ? done.lines.filter((l) => l.outcome.status === 'issued').length : 0,
    importId: done?.id ?? null,
    resultUrl: done ? `${deps.config.publicUrl}/structures/${slug}/import/${done.id}/resultat.csv` : null,
    items: done
      ? done.lines.map((l) => ({
          line: l.line,
          achievement: l.code,
          level: l.level,
          learnerId: l.learnerId,
          newLearner: l.newLearner,
          status: l.outcome.status,
          credential: credentialUrl(deps, l.outcome.credential.id),
        }))
      : plan.items.map((i) => ({
          line: i.line,
          achievement: i.code,
          level: i.level,
          learnerId: i.learner.id,
          newLearner: i.isNew,
          status: 'planned' as const,
          credential: null,
        })),
  };
}

/** The CSV of a form: the uploaded file, else the pasted text. */
async function csvOfForm(c: ImportCtx): Promise<{ csv: string; consent: boolean }> {
  // The scoped context is the app's, with one more variable.
  const fields = await readFormBody(c as unknown as AppContext);
  const last = (v: unknown) => (Array.isArray(v) ? v[v.length - 1] : v);
  const file = last(fields['fichier']);
  const pasted = last(fields['csv']);
  const csv = file instanceof File && file.size > 0 ? await file.text() : typeof pasted === 'string' ? pasted : '';
  if (!csv.trim())
    throw new AppError('validation_failed', {
      fr: 'Choisissez un fichier CSV ou collez le tableau.',
      en: 'Choose a CSV file or paste the table.',
    });
  return { csv, consent: last(fields['accord']) === 'oui' };
}

export function importRoutes(app: Hono<AppEnv>): void {
  app.post(
    '/api/v1/structures/:slug/credentials/batch',
    route({
      access: IMPORTERS,
      operationId: 'importCohort',
      summary: 'Délivrer les badges d’un groupe (import CSV ou JSON)',
      description:
        'Une ligne par personne et par compétence : `nom`, `e-mail` et `année de naissance` (facultatifs), `compétence` (code de l’abécédaire), `niveau`. Corps JSON (`items`) ou `text/csv` (la première ligne nomme les colonnes ; `;` ou `,`). Chaque ligne est vérifiée avant toute écriture ; les lignes en erreur sont rendues dans `errors` avec leur numéro et ne sont pas délivrées, les autres le sont en une transaction par 500 badges. Les personnes sont reconnues dans la structure par leur nom et, quand les deux côtés en ont, leur e-mail et leur année de naissance ; une personne inconnue est inscrite (il faut alors `consent`). Un badge déjà détenu à ce niveau ou plus n’est pas délivré à nouveau : renvoyer le même fichier ne délivre rien deux fois. `?dryRun=1` vérifie sans rien écrire. 5 000 lignes et 1 Mo au plus.',
      tag: 'Personnes accompagnées',
      requestContent: {
        'text/csv': { schema: { type: 'string', description: 'nom;e-mail;année de naissance;compétence;niveau' } },
      },
      responses: { 200: json('Erreurs par ligne, et les badges délivrés (ou prévus).', cohortResultSchema) },
    }),
    importScope,
    query(cohortQuerySchema),
    jsonOrCsv,
    async (c) => {
      const org = c.var.structure;
      const { dryRun, consent: consentQuery } = c.req.valid('query');
      let plan: CohortPlan;
      let consent = consentQuery;
      if (isCsv(c)) plan = await planOf(c.var.deps, org, readCohortCsv(await c.req.text()), 'ligne');
      else {
        const request = check(cohortRequestSchema, c.req.valid('json'));
        consent ||= request.consent === true;
        plan = await planOf(
          c.var.deps,
          org,
          request.items.map((item, n) => ({ line: n + 1, ...item })),
          'élément',
        );
      }
      const done = dryRun ? null : await importCohort(c.var.deps, principalOf(c), org, plan, consent);
      c.header('cache-control', 'no-store');
      return c.json(answer(c.var.deps, plan, done, org.slug) satisfies CohortResult);
    },
  );

  const title = (c: ImportCtx) => tOf(c)('Importer les badges d’un groupe', 'Import a cohort’s badges');

  app.get('/structures/:slug/import', allow(IMPORTERS), importScope, (c) =>
    c.render(<ImportPage org={c.var.structure} />, { title: title(c), noindex: true }),
  );

  /** The upload's preview: nothing is written; the confirm form carries the same text. */
  app.post('/structures/:slug/import', allow(IMPORTERS), importScope, async (c: ImportCtx) => {
    const org = c.var.structure;
    let csv: string;
    let plan: CohortPlan;
    try {
      csv = (await csvOfForm(c)).csv;
      plan = await planOf(c.var.deps, org, readCohortCsv(csv), 'ligne');
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err;
      c.status(422);
      return c.render(<ImportPage org={org} error={tOf(c)(err.detail.fr, err.detail.en)} />, {
        title: title(c),
        noindex: true,
      });
    }
    c.header('cache-control', 'no-store');
    return c.render(<ImportPreview org={org} plan={plan} csv={csv} />, {
      title: title(c),
      noindex: true,
    });
  });

  app.post('/structures/:slug/import/confirmer', allow(IMPORTERS), importScope, async (c: ImportCtx) => {
    const org = c.var.structure;
    const { csv, consent } = await csvOfForm(c);
    const plan = await planOf(c.var.deps, org, readCohortCsv(csv), 'ligne');
    try {
      const done = await importCohort(c.var.deps, principalOf(c), org, plan, consent);
      return c.redirect(`/structures/${org.slug}/import/${done.id}`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err;
      c.status(422);
      return c.render(<ImportPreview org={org} plan={plan} csv={csv} error={tOf(c)(err.detail.fr, err.detail.en)} />, {
        title: title(c),
        noindex: true,
      });
    }
  });

  const importId = z.object({ id: z.string().uuid('import inconnu') });

  app.get('/structures/:slug/import/:id', allow(IMPORTERS), importScope, async (c: ImportCtx) => {
    const org = c.var.structure;
    const { id } = check(importId, { id: c.req.param('id') });
    const result = await importResult(c.var.deps, org, id);
    return c.render(<ImportResultPage org={org} id={id} result={result} />, {
      title: tOf(c)('Import terminé', 'Import done'),
      noindex: true,
    });
  });

  app.get('/structures/:slug/import/:id/resultat.csv', allow(IMPORTERS), importScope, async (c: ImportCtx) => {
    const org = c.var.structure;
    const { id } = check(importId, { id: c.req.param('id') });
    const result = await importResult(c.var.deps, org, id);
    const rows = [
      ['ligne', 'nom', 'compétence', 'niveau', 'badge', 'statut'],
      ...result.items.map((i) => [
        i.line,
        i.name,
        i.code,
        i.level,
        i.url,
        i.issued ? 'délivré' : 'déjà délivré auparavant',
      ]),
    ];
    return c.body(`\uFEFF${csvText(rows, ';')}`, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="import-${id.slice(0, 8)}.csv"`,
      'cache-control': 'no-store',
    });
  });
}
