import { Hono } from 'hono';
import { z } from 'zod';
import { allow, PUBLIC } from '../auth/access.js';
import type { AppContext, AppEnv } from '../context.js';
import { notFound } from '../errors.js';
import { pageProps, tOf } from '../web/layout.js';
import { slugParam } from '../web/params.js';
import { parseWith } from '../web/validate.js';
import { FRAMEWORKS, type Framework } from './frameworks.js';
import { fromRow, getReferential } from './service.js';
import { listReferentialVersions, findReferentialVersion } from './store.js';
import { FrameworkPage, ReferentialListPage, ReferentialPage } from './views.js';

export const versionParam = slugParam.extend({
  version: z.string().regex(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/, 'version attendue au format x.y.z'),
});
const frameworkParam = z.object({ framework: z.enum(FRAMEWORKS, 'cadre inconnu') });

/** Public, cacheable: a published version never changes. */
const IMMUTABLE = 'public, max-age=86400, immutable';

export function referentialRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/api/v1/referentials', allow(PUBLIC), async (c) => {
    const rows = await listReferentialVersions(c.var.deps.database.db);
    return c.json(rows.map((r) => ({ slug: r.slug, version: r.version, kind: r.kind, title: r.title })));
  });

  app.get('/api/v1/referentials/:slug', allow(PUBLIC), async (c) => {
    const { slug } = parseWith(slugParam, c.req.param());
    const stored = await getReferential(c.var.deps.database.db, slug);
    return c.json(stored.referential);
  });

  app.get('/api/v1/referentials/:slug/:version', allow(PUBLIC), async (c) => {
    const { slug, version } = parseWith(versionParam, c.req.param());
    const stored = await getReferential(c.var.deps.database.db, slug, version);
    c.header('cache-control', IMMUTABLE);
    return c.json(stored.referential);
  });

  app.get('/api/v1/referentials/:slug/:version/rules', allow(PUBLIC), async (c) => {
    const { slug, version } = parseWith(versionParam, c.req.param());
    const stored = await getReferential(c.var.deps.database.db, slug, version);
    if (!stored.rules)
      throw notFound({
        fr: 'Ce référentiel n’a pas de règles d’attribution.',
        en: 'This referential has no award rules.',
      });
    c.header('cache-control', IMMUTABLE);
    return c.json(stored.rules);
  });

  app.get('/referentials', allow(PUBLIC), async (c) => {
    const t = tOf(c);
    const rows = await listReferentialVersions(c.var.deps.database.db);
    return c.html(<ReferentialListPage page={pageProps(c, t('Référentiels', 'Frameworks'))} t={t} rows={rows} />);
  });

  const showReferential = async (c: AppContext, slug: string, version?: string) => {
    const t = tOf(c);
    const db = c.var.deps.database.db;
    const stored = await getReferential(db, slug, version);
    const versions = (await listReferentialVersions(db)).filter((r) => r.slug === slug).map((r) => r.version);
    return c.html(
      <ReferentialPage
        page={pageProps(c, stored.referential.title)}
        t={t}
        ref={stored.referential}
        createdAt={stored.createdAt}
        versions={versions}
        passport={stored.rules?.passport}
      />,
    );
  };

  app.get('/referentials/:slug', allow(PUBLIC), async (c) => {
    const { slug } = parseWith(slugParam, c.req.param());
    return showReferential(c, slug);
  });

  app.get('/referentials/:slug/:version', allow(PUBLIC), async (c) => {
    const { slug, version } = parseWith(versionParam, c.req.param());
    return showReferential(c, slug, version);
  });

  app.get('/frameworks/:framework', allow(PUBLIC), async (c) => {
    const t = tOf(c);
    const { framework } = parseWith(frameworkParam, c.req.param());
    const db = c.var.deps.database.db;
    const used: Record<string, string> = {};
    for (const r of await listReferentialVersions(db)) {
      const row = await findReferentialVersion(db, r.slug, r.version);
      if (!row) continue;
      const ref = fromRow(row).referential;
      const alignments =
        ref.kind === 'learner'
          ? ref.entries.flatMap((e) => e.competences.flatMap((x) => x.alignments))
          : ref.blocks.flatMap((b) => b.alignments);
      for (const a of alignments) if (a.framework === framework && a.name && !used[a.code]) used[a.code] = a.name;
    }
    return c.html(
      <FrameworkPage page={pageProps(c, framework)} t={t} framework={framework as Framework} used={used} />,
    );
  });

  return app;
}
