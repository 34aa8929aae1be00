import { Hono } from 'hono';
import { z } from 'zod';
import { PUBLIC } from '../auth/access.js';
import { json, route } from '../web/route.js';
import type { AppEnv } from '../context.js';
import { openApiDocument, type OpenApiDocument } from './document.js';

/** The OpenAPI 3.1 description of the JSON API, generated from `app`'s routes once per public URL. */
export function openApiRoutes(app: Hono<AppEnv>): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  let cached: { url: string; document: Promise<OpenApiDocument> } | undefined;

  routes.get(
    '/api/openapi.json',
    route({
      access: PUBLIC,
      operationId: 'getOpenApiDocument',
      summary: 'Cette description OpenAPI 3.1',
      tag: 'Service',
      responses: { 200: json('Le document OpenAPI.', z.record(z.string(), z.unknown())) },
    }),
    async (c) => {
      const url = c.var.deps.config.publicUrl;
      if (cached?.url !== url) cached = { url, document: openApiDocument(app, url) };
      return c.json(await cached.document, 200, { 'cache-control': 'public, max-age=300' });
    },
  );

  return routes;
}
