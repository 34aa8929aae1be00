import { Hono } from 'hono';
import { allow, principalOf, roles } from '../auth/access.js';
import type { AppContext, AppEnv } from '../context.js';
import type { OrganisationRow } from '../organisations/lookup.js';
import { tOf } from '../web/layout.js';
import { slugParam } from '../web/params.js';
import { csv, json, params, query, route } from '../web/route.js';
import { type StatisticsAnswer, type StatisticsFilter, statisticsQuery, statisticsSchema } from './schemas.js';
import { type Statistics, statistics, statisticsCsv, statisticsScope } from './service.js';
import { StatisticsPage } from './views.js';

const ACCESS = roles('hub-admin', 'structure-admin', 'mediator');

/** The figures a request asks for: its organisation, narrowed by the validated filters. */
async function figuresFor(c: AppContext, slug: string, filter: StatisticsFilter): Promise<Statistics> {
  const scope = await statisticsScope(c.var.deps, principalOf(c), slug, filter.structure);
  return statistics(c.var.deps, scope, filter);
}

function csvAnswer(c: AppContext, stats: Statistics): Response {
  const day = c.var.deps.clock().toISOString().slice(0, 10);
  return c.body(statisticsCsv(stats), 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="chiffres-${stats.scope.slug}-${day}.csv"`,
    'cache-control': 'private, no-store',
  });
}

const orgRef = (o: OrganisationRow) => ({ slug: o.slug, name: o.name, kind: o.kind });

function toAnswer(stats: Statistics): StatisticsAnswer {
  return {
    scope: orgRef(stats.scope),
    from: stats.from,
    to: stats.to,
    total: stats.total,
    byMonth: stats.byMonth,
    byStructure: stats.byStructure.map((s) => ({ structure: orgRef(s.structure), figures: s.figures })),
    byLetter: stats.byLetter,
  };
}

export function statisticsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/organisations/:slug/chiffres', allow(ACCESS), params(slugParam), query(statisticsQuery), async (c) => {
    const { slug } = c.req.valid('param');
    const stats = await figuresFor(c, slug, c.req.valid('query'));
    c.header('cache-control', 'private, no-store');
    const csvHref = `/organisations/${slug}/chiffres.csv${new URL(c.req.url).search}`;
    return c.render(<StatisticsPage stats={stats} csvHref={csvHref} />, {
      title: tOf(c)('Chiffres', 'Figures'),
      noindex: true,
    });
  });

  app.get('/organisations/:slug/chiffres.csv', allow(ACCESS), params(slugParam), query(statisticsQuery), async (c) =>
    csvAnswer(c, await figuresFor(c, c.req.valid('param').slug, c.req.valid('query'))),
  );

  app.get(
    '/api/v1/organisations/:slug/statistics',
    route({
      access: ACCESS,
      operationId: 'getStatistics',
      summary: 'Chiffres d’un hub ou d’une structure',
      description:
        'Totaux par mois, par structure et par lettre, filtrés par période ou structure. / Totals by month, structure and letter.',
      tag: 'Chiffres',
      responses: { 200: json('Les chiffres.', statisticsSchema) },
    }),
    params(slugParam),
    query(statisticsQuery),
    async (c) => {
      const stats = await figuresFor(c, c.req.valid('param').slug, c.req.valid('query'));
      c.header('cache-control', 'private, no-store');
      return c.json(toAnswer(stats) satisfies StatisticsAnswer);
    },
  );

  app.get(
    '/api/v1/organisations/:slug/statistics.csv',
    route({
      access: ACCESS,
      operationId: 'exportStatisticsCsv',
      summary: 'Chiffres en CSV pour un tableur',
      description:
        'Une ligne par mois et par structure, séparateur point-virgule, UTF-8 avec BOM. / One line per month and structure.',
      tag: 'Chiffres',
      responses: { 200: csv('Le tableau des chiffres.') },
    }),
    params(slugParam),
    query(statisticsQuery),
    async (c) => csvAnswer(c, await figuresFor(c, c.req.valid('param').slug, c.req.valid('query'))),
  );

  return app;
}
