import { Hono } from 'hono';
import { allow, PUBLIC } from '../auth/access.js';
import type { AppEnv } from '../context.js';
import { openApiDocument, type OpenApiDocument } from './document.js';

/** The OpenAPI 3.1 description of the JSON API, built once per public URL. */
export function openApiRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  let cached: { url: string; document: OpenApiDocument } | undefined;

  app.get('/api/openapi.json', allow(PUBLIC), (c) => {
    const url = c.var.deps.config.publicUrl;
    if (cached?.url !== url) cached = { url, document: openApiDocument(url) };
    return c.json(cached.document, 200, { 'cache-control': 'public, max-age=300' });
  });

  return app;
}
