import { Hono } from 'hono';
import { allow, principalOf, roles } from '../auth/access.js';
import type { AppEnv } from '../context.js';
import { pageProps, tOf } from '../web/layout.js';
import { slugParam } from '../web/params.js';
import { parseWith } from '../web/validate.js';
import { statistics, statisticsCsv, statisticsScope } from './service.js';
import { StatisticsPage } from './views.js';

export function statisticsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const ACCESS = allow(roles('hub-admin', 'structure-admin', 'mediator'));

  app.get('/organisations/:slug/chiffres', ACCESS, async (c) => {
    const { slug } = parseWith(slugParam, c.req.param());
    const stats = await statistics(c.var.deps, await statisticsScope(c.var.deps, principalOf(c), slug));
    const t = tOf(c);
    c.header('cache-control', 'private, no-store');
    return c.html(
      <StatisticsPage
        page={pageProps(c, t('Chiffres', 'Figures'))}
        t={t}
        stats={stats}
        csvHref={`/organisations/${slug}/chiffres.csv`}
      />,
    );
  });

  app.get('/organisations/:slug/chiffres.csv', ACCESS, async (c) => {
    const { slug } = parseWith(slugParam, c.req.param());
    const stats = await statistics(c.var.deps, await statisticsScope(c.var.deps, principalOf(c), slug));
    const day = c.var.deps.clock().toISOString().slice(0, 10);
    return c.body(statisticsCsv(stats), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="chiffres-${slug}-${day}.csv"`,
      'cache-control': 'private, no-store',
    });
  });

  return app;
}
