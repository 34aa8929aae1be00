import type { Hono } from 'hono';
import type { z } from 'zod';
import { allow, PUBLIC } from '../auth/access.js';
import type { AppEnv } from '../context.js';
import { notFound } from '../errors.js';
import { badgeSvg } from '../issuing/badge-image.js';
import { versionParam } from '../referentials/schemas.js';
import { tOf } from '../web/layout.js';
import { slugParam } from '../web/params.js';
import { json, params, query, route } from '../web/route.js';
import { labelAchievement } from './achievement.js';
import { latestProgrammeOf, programmesOf, programmeVersionOf } from './programme.js';
import { placeOf, registry, registryCsv } from './registry.js';
import { PlacePage, ProgrammePage, RegistryPage } from './registry-views.js';
import { labelProgrammeOutSchema, type Registry, registryQuerySchema, registrySchema } from './schemas.js';

/** Public: the registry of labelled places (JSON, CSV, page), a place's page, a programme and its badge. */
export function registryRoutes(app: Hono<AppEnv>): void {
  app.get(
    '/api/v1/registry',
    route({
      access: PUBLIC,
      operationId: 'getRegistry',
      summary: 'Le registre des lieux labellisés',
      description:
        'JSON, ou `format=csv` : CSV au schéma national des lieux de médiation numérique (LaMednum/standard-mediation-num v1.0.2, Licence Ouverte).',
      tag: 'Label',
      responses: {
        200: {
          description: 'Lieux labellisés (JSON), ou le fichier CSV.',
          schema: registrySchema,
          alsoMedia: { 'text/csv': { schema: { type: 'string', contentMediaType: 'text/csv' } } },
          headers: {
            'x-jalon-skipped': {
              description:
                'Avec `format=csv` : nombre de lieux labellisés laissés de côté parce qu’il leur manque un champ obligatoire du schéma national. / With `format=csv`: number of labelled places left out for a missing required field.',
              schema: { type: 'integer', minimum: 0 },
            },
          },
        },
      },
    }),
    query(registryQuerySchema),
    async (c) => {
      const q = c.req.valid('query');
      const deps = c.var.deps;
      if (q.format === 'csv') {
        const { csv, skipped } = await registryCsv(deps, q.q);
        return c.body(csv, 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': 'attachment; filename="lieux-labellises.csv"',
          'access-control-allow-origin': '*',
          'cache-control': 'public, max-age=300',
          // Places left out because their details lack a field the national schema requires.
          'x-jalon-skipped': String(skipped.length),
        });
      }
      const items = await registry(deps, q.q);
      c.header('access-control-allow-origin', '*');
      c.header('cache-control', 'public, max-age=300');
      return c.json({ items, count: items.length, generatedAt: deps.clock().toISOString() } satisfies Registry);
    },
  );

  app.get('/registre', allow(PUBLIC), async (c) => {
    const t = tOf(c);
    const query = (c.req.query('q') ?? '').slice(0, 100);
    const deps = c.var.deps;
    return c.render(
      <RegistryPage entries={await registry(deps, query)} query={query} programmes={await programmesOf(deps)} />,
      { title: t('Lieux labellisés', 'Labelled places') },
    );
  });

  app.get('/lieux/:slug', allow(PUBLIC), params(slugParam), async (c) => {
    const { slug } = c.req.valid('param');
    const place = await placeOf(c.var.deps, slug);
    return c.render(
      <PlacePage
        org={place.org}
        hub={place.hub}
        details={place.details}
        status={place.status}
        programme={place.programme}
        mediators={place.mediators}
      />,
      { title: place.org.name },
    );
  });

  app.get(
    '/api/v1/label-programmes/:slug',
    route({
      access: PUBLIC,
      operationId: 'getLabelProgramme',
      summary: 'Un programme de label, dans sa dernière version',
      description:
        'Les critères (avec leur code, à reprendre dans `answers` d’une demande), les preuves attendues et les règles de décision du comité.',
      tag: 'Label',
      responses: { 200: json('Programme de label.', labelProgrammeOutSchema) },
    }),
    params(slugParam),
    async (c) => {
      const programme = await latestProgrammeOf(c.var.deps, c.req.valid('param').slug);
      c.header('access-control-allow-origin', '*');
      return c.json(programme satisfies z.output<typeof labelProgrammeOutSchema>);
    },
  );

  app.get('/label/:slug/:version', allow(PUBLIC), params(versionParam), async (c) => {
    const { slug, version } = c.req.valid('param');
    const deps = c.var.deps;
    const programme = await programmeVersionOf(deps, slug, version);
    if (!programme)
      throw notFound({ fr: 'Ce programme de label n’existe pas.', en: 'This label programme does not exist.' });
    c.header('vary', 'accept');
    const accept = c.req.header('accept') ?? '';
    if (accept.includes('application/json') || accept.includes('application/ld+json'))
      return c.json(labelAchievement(deps.config.publicUrl, programme).achievement);
    return c.render(<ProgrammePage programme={programme} />, { title: programme.title });
  });

  app.get('/label/:slug/:version/badge.svg', allow(PUBLIC), params(versionParam), async (c) => {
    const { slug, version } = c.req.valid('param');
    const programme = await programmeVersionOf(c.var.deps, slug, version);
    if (!programme) throw notFound();
    return c.body(badgeSvg(labelAchievement(c.var.deps.config.publicUrl, programme).badge), 200, {
      'content-type': 'image/svg+xml; charset=utf-8',
      'cache-control': 'public, max-age=31536000, immutable',
    });
  });
}
