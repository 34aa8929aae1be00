import { Hono } from 'hono';
import { allow, principalOf, roles } from '../auth/access.js';
import type { AppContext, AppEnv } from '../context.js';
import type { OrganisationRow } from '../organisations/lookup.js';
import { tOf } from '../web/layout.js';
import { slugParam } from '../web/params.js';
import { csv, json, params, query, route } from '../web/route.js';
import { type StatisticsAnswer, type StatisticsFilter, statisticsQuery, statisticsSchema } from './schemas.js';
import { statisticsCsv, summaryCsv } from './csv.js';
import { headlines } from './headlines.js';
import {
  type Count,
  FIGURE_KEYS,
  type FigureKey,
  type Figures,
  type Statistics,
  statistics,
  statisticsScope,
} from './service.js';
import { periodLabel } from './period.js';
import { StatisticsPage } from './views.js';

const ACCESS = roles('hub-admin', 'structure-admin', 'mediator');

/** The figures a request asks for: its organisation, narrowed by the validated filters. */
async function figuresFor(c: AppContext, slug: string, filter: StatisticsFilter): Promise<Statistics> {
  const scope = await statisticsScope(c.var.deps, principalOf(c), slug, filter.structure);
  return statistics(c.var.deps, scope, filter);
}

function csvAnswer(c: AppContext, stats: Statistics, summary = false): Response {
  const day = c.var.deps.clock().toISOString().slice(0, 10);
  const name = summary ? `chiffres-${stats.scope.slug}-${stats.period.value}` : `chiffres-${stats.scope.slug}-${day}`;
  return c.body(summary ? summaryCsv(stats, periodLabel(stats.period)) : statisticsCsv(stats), 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${name}.csv"`,
    'cache-control': 'private, no-store',
  });
}

const orgRef = (o: OrganisationRow) => ({ slug: o.slug, name: o.name, kind: o.kind });

/** A withheld count is `null` in JSON (documented in the schema). */
const countJson = (n: Count) => (typeof n === 'number' ? n : null);

function figuresJson(f: Figures): StatisticsAnswer['total'] {
  return {
    ...(Object.fromEntries(FIGURE_KEYS.map((k) => [k, countJson(f[k])])) as Record<FigureKey, number | null>),
    suppressed: FIGURE_KEYS.some((k) => typeof f[k] !== 'number'),
  };
}

function toAnswer(stats: Statistics): StatisticsAnswer {
  return {
    scope: orgRef(stats.scope),
    from: stats.from,
    to: stats.to,
    period: {
      value: stats.period.value,
      label: periodLabel(stats.period),
      previous: stats.period.previous,
    },
    labelledPlaces: stats.labelledPlaces,
    certifiedMediators: stats.certifiedMediators,
    progressed: countJson(stats.progressed),
    total: figuresJson(stats.total),
    byMonth: stats.byMonth.map((m) => ({ month: m.month, figures: figuresJson(m.figures) })),
    byStructure: stats.byStructure.map((s) => ({ structure: orgRef(s.structure), figures: figuresJson(s.figures) })),
    byLetter: stats.byLetter.map((l) => ({
      letter: l.letter,
      observations: countJson(l.observations),
      badges: countJson(l.badges),
      suppressed: typeof l.observations !== 'number' || typeof l.badges !== 'number',
    })),
  };
}

export function statisticsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/organisations/:slug/chiffres', allow(ACCESS), params(slugParam), query(statisticsQuery), async (c) => {
    const { slug } = c.req.valid('param');
    const stats = await figuresFor(c, slug, c.req.valid('query'));
    c.header('cache-control', 'private, no-store');
    const search = new URL(c.req.url).search;
    return c.render(
      <StatisticsPage
        stats={stats}
        headlines={headlines(stats)}
        now={c.var.deps.clock()}
        csvHref={`/organisations/${slug}/chiffres.csv${search}`}
        summaryHref={`/organisations/${slug}/chiffres/synthese.csv${search}`}
      />,
      {
        title: tOf(c)('Chiffres', 'Figures'),
        noindex: true,
      },
    );
  });

  app.get('/organisations/:slug/chiffres.csv', allow(ACCESS), params(slugParam), query(statisticsQuery), async (c) =>
    csvAnswer(c, await figuresFor(c, c.req.valid('param').slug, c.req.valid('query'))),
  );

  // The page's figures of the period, one line each with its definition and trend.
  app.get(
    '/organisations/:slug/chiffres/synthese.csv',
    allow(ACCESS),
    params(slugParam),
    query(statisticsQuery),
    async (c) => csvAnswer(c, await figuresFor(c, c.req.valid('param').slug, c.req.valid('query')), true),
  );

  app.get(
    '/api/v1/organisations/:slug/statistics',
    route({
      access: ACCESS,
      operationId: 'getStatistics',
      summary: 'Chiffres d’un hub ou d’une structure',
      description:
        'Lieux labellisés et médiateurs certifiés à la fin de la période (et de la précédente), personnes qui ont progressé d’au moins un niveau ; totaux par mois, par structure et par lettre, filtrés par période (`periode` : mois, trimestre, année, ou `from`/`to`) ou structure. Un nombre de 1 à 4 qui ne vient que d’une structure en un mois est `null` (`suppressed: true`), comme un nombre masqué pour qu’il ne se déduise pas d’un total ; le total du hub reste exact. / Totals by month, structure and letter. A count of 1 to 4 from one structure in one month is `null` (`suppressed: true`), as is a count hidden so that it cannot be worked out from a total; the hub’s total stays exact.',
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
        'Une ligne par mois et par structure, séparateur point-virgule, UTF-8 avec BOM. Un nombre de 1 à 4 est écrit `<5` ; `masqué` : retenu pour qu’un `<5` ne se déduise pas d’un total. / One line per month and structure. A count of 1 to 4 reads `<5`; `masqué`: withheld so that a `<5` cannot be worked out from a total.',
      tag: 'Chiffres',
      responses: { 200: csv('Le tableau des chiffres.') },
    }),
    params(slugParam),
    query(statisticsQuery),
    async (c) => csvAnswer(c, await figuresFor(c, c.req.valid('param').slug, c.req.valid('query'))),
  );

  return app;
}
