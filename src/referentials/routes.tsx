import { Hono } from 'hono';
import { z } from 'zod';
import { allow, PUBLIC } from '../auth/access.js';
import type { AppContext, AppEnv } from '../context.js';
import { notFound } from '../errors.js';
import { tOf } from '../web/layout.js';
import { slugParam } from '../web/params.js';
import { json, params, route } from '../web/route.js';
import {
  awardRulesDocument,
  frameworkParam,
  type ReferentialSummary,
  referentialDocument,
  referentialSummarySchema,
  versionParam,
} from './schemas.js';
import { frameworkUsage, getReferential, publishedVersions, versionsOf } from './service.js';
import { FrameworkPage, ReferentialListPage, ReferentialPage } from './views.js';

/** Public, cacheable: a published version never changes. */
const IMMUTABLE = 'public, max-age=86400, immutable';

export function referentialRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get(
    '/api/v1/referentials',
    route({
      access: PUBLIC,
      operationId: 'listReferentials',
      summary: 'Les référentiels publiés (toutes versions)',
      tag: 'Référentiels',
      responses: { 200: json('Référentiels.', z.array(referentialSummarySchema)) },
    }),
    async (c) => {
      const rows = await publishedVersions(c.var.deps);
      return c.json(
        rows.map((r) => ({
          slug: r.slug,
          version: r.version,
          kind: r.kind,
          title: r.title,
        })) satisfies ReferentialSummary[],
      );
    },
  );

  app.get(
    '/api/v1/referentials/:slug',
    route({
      access: PUBLIC,
      operationId: 'getReferential',
      summary: 'La dernière version d’un référentiel',
      tag: 'Référentiels',
      responses: { 200: json('Référentiel.', referentialDocument) },
    }),
    params(slugParam),
    async (c) => {
      const stored = await getReferential(c.var.deps, c.req.valid('param').slug);
      return c.json(stored.referential);
    },
  );

  app.get(
    '/api/v1/referentials/:slug/:version',
    route({
      access: PUBLIC,
      operationId: 'getReferentialVersion',
      summary: 'Une version d’un référentiel (JSON canonique, immuable)',
      tag: 'Référentiels',
      responses: { 200: json('Référentiel.', referentialDocument) },
    }),
    params(versionParam),
    async (c) => {
      const { slug, version } = c.req.valid('param');
      const stored = await getReferential(c.var.deps, slug, version);
      c.header('cache-control', IMMUTABLE);
      return c.json(stored.referential);
    },
  );

  app.get(
    '/api/v1/referentials/:slug/:version/rules',
    route({
      access: PUBLIC,
      operationId: 'getReferentialRules',
      summary: 'Les règles d’attribution d’une version',
      tag: 'Référentiels',
      responses: { 200: json('Règles.', awardRulesDocument) },
    }),
    params(versionParam),
    async (c) => {
      const { slug, version } = c.req.valid('param');
      const stored = await getReferential(c.var.deps, slug, version);
      if (!stored.rules)
        throw notFound({
          fr: 'Ce référentiel n’a pas de règles d’attribution.',
          en: 'This referential has no award rules.',
        });
      c.header('cache-control', IMMUTABLE);
      return c.json(stored.rules);
    },
  );

  // --- pages

  app.get('/referentials', allow(PUBLIC), async (c) => {
    const rows = await publishedVersions(c.var.deps);
    return c.render(<ReferentialListPage rows={rows} />, { title: tOf(c)('Référentiels', 'Frameworks') });
  });

  const showReferential = async (c: AppContext, slug: string, version?: string) => {
    const stored = await getReferential(c.var.deps, slug, version);
    return c.render(
      <ReferentialPage
        ref={stored.referential}
        createdAt={stored.createdAt}
        versions={await versionsOf(c.var.deps, slug)}
        passport={stored.rules?.passport}
      />,
      { title: stored.referential.title },
    );
  };

  app.get('/referentials/:slug', allow(PUBLIC), params(slugParam), (c) =>
    showReferential(c, c.req.valid('param').slug),
  );

  app.get('/referentials/:slug/:version', allow(PUBLIC), params(versionParam), (c) => {
    const { slug, version } = c.req.valid('param');
    return showReferential(c, slug, version);
  });

  app.get('/frameworks/:framework', allow(PUBLIC), params(frameworkParam), async (c) => {
    const { framework } = c.req.valid('param');
    const used = await frameworkUsage(c.var.deps, framework);
    return c.render(<FrameworkPage framework={framework} used={used} />, { title: framework });
  });

  return app;
}
