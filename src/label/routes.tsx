import { Hono } from 'hono';
import type { z } from 'zod';
import { allow, principalOf, PUBLIC, roles } from '../auth/access.js';
import type { AppContext, AppEnv } from '../context.js';
import { type FieldError, invalid, notFound } from '../errors.js';
import { badgeSvg } from '../issuing/badge-image.js';
import { findOrganisation, findOrganisationBySlug, type OrganisationRow } from '../organisations/lookup.js';
import { versionParam } from '../referentials/schemas.js';
import { labelAchievement } from './achievement.js';
import { certifiedMediatorsOf } from './mediators.js';
import { findProgrammeOrNull, getProgramme, publishedProgrammes } from './programme.js';
import { registry, registryCsv } from './registry.js';
import { labelStatusOf } from './service.js';
import { PlacePage, ProgrammePage, RegistryPage } from './registry-views.js';
import { tOf } from '../web/layout.js';
import { wantsHtml } from '../web/negotiate.js';
import { slugParam } from '../web/params.js';
import { body, formAll, formWithErrors, json, params, query, route, scope } from '../web/route.js';
import {
  labelProgrammeOutSchema,
  publicListingBodySchema,
  type Registry,
  type StructureDetailsView as StructureDetailsViewOut,
  registryQuerySchema,
  registrySchema,
  structureDetailsViewSchema,
} from './schemas.js';
import * as details from './details.js';
import * as store from './store.js';
import { DetailsPage, VisibilityPage } from './details-views.js';

const MULTI_FIELDS = new Set(['services', 'fraisACharge']);

/** Form fields as the schema reads them: checkbox groups as arrays, the rest as their last value. */
function formValues(form: Record<string, string[]>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, list] of Object.entries(form)) {
    if (key === '_csrf') continue;
    out[key] = MULTI_FIELDS.has(key) ? list : (list[list.length - 1] ?? '');
  }
  for (const key of MULTI_FIELDS) out[key] ??= [];
  return out;
}

async function detailsPage(
  c: AppContext,
  org: OrganisationRow,
  extra: { values?: Record<string, string | string[]>; errors?: FieldError[]; saved?: boolean } = {},
) {
  const deps = c.var.deps;
  const view = (
    <DetailsPage
      org={org}
      details={await details.getDetails(deps, org)}
      mediators={await store.mediatorsOf(deps.database.db, org.id)}
      {...extra}
    />
  );
  if (extra.errors?.length) c.status(422);
  return c.render(view, { title: `${tOf(c)('Fiche du lieu', 'Place details')} — ${org.name}`, noindex: true });
}

/** The structure of the path whose details the caller edits (its admin), before any body is read. */
const editedStructure = scope('structure', (c) =>
  details.editableStructure(c.var.deps, principalOf(c), c.req.param('slug') ?? ''),
);
/** The structure of the path where the caller is a mediator, before any body is read. */
const mediatorOfPath = scope('structure', (c) =>
  details.mediatorStructure(c.var.deps, principalOf(c), c.req.param('slug') ?? ''),
);

export function labelRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // --- structure details (open data), edited by the structure admin

  app.get('/structures/:slug/fiche', allow(roles('structure-admin')), params(slugParam), async (c) => {
    const org = await details.editableStructure(c.var.deps, principalOf(c), c.req.valid('param').slug);
    return detailsPage(c, org, { saved: c.req.query('enregistre') === '1' });
  });

  app.post(
    '/structures/:slug/fiche',
    allow(roles('structure-admin')),
    params(slugParam),
    formWithErrors(details.structureDetailsSchema, formValues),
    async (c) => {
      const deps = c.var.deps;
      // Scoping first: someone who may not edit this place never sees its form's errors.
      const org = await details.editableStructure(deps, principalOf(c), c.req.valid('param').slug);
      const submitted = c.req.valid('form');
      if (!submitted.ok) {
        if (!wantsHtml(c)) throw invalid(submitted.errors);
        return detailsPage(c, org, { values: formValues(submitted.all), errors: submitted.errors });
      }
      await details.saveDetails(deps, principalOf(c), org, submitted.data);
      return c.redirect(`/structures/${org.slug}/fiche?enregistre=1`, 303);
    },
  );

  app.get(
    '/api/v1/structures/:slug/details',
    route({
      access: roles('structure-admin'),
      operationId: 'getStructureDetails',
      summary: 'La fiche d’un lieu (données ouvertes)',
      tag: 'Label',
      responses: { 200: json('Fiche du lieu.', structureDetailsViewSchema) },
    }),
    params(slugParam),
    async (c) => {
      const org = await details.editableStructure(c.var.deps, principalOf(c), c.req.valid('param').slug);
      return c.json((await details.getDetails(c.var.deps, org)) satisfies StructureDetailsViewOut);
    },
  );

  app.put(
    '/api/v1/structures/:slug/details',
    route({
      access: roles('structure-admin'),
      operationId: 'saveStructureDetails',
      summary: 'Enregistrer la fiche d’un lieu',
      description: 'Le téléphone est mis au format international, le SIRET sans espaces.',
      tag: 'Label',
      responses: { 200: json('Fiche enregistrée.', structureDetailsViewSchema) },
    }),
    params(slugParam),
    editedStructure,
    body(details.structureDetailsSchema),
    async (c) => {
      const saved = await details.saveDetails(c.var.deps, principalOf(c), c.var.structure, c.req.valid('json'));
      return c.json(saved satisfies StructureDetailsViewOut);
    },
  );

  // --- a mediator's consent to be named on the structure's public page

  app.get('/structures/:slug/visibilite', allow(roles('mediator')), params(slugParam), mediatorOfPath, async (c) => {
    const t = tOf(c);
    const org = c.var.structure;
    return c.render(
      <VisibilityPage
        org={org}
        consent={await store.hasConsent(c.var.deps.database.db, principalOf(c).userId, org.id)}
        saved={c.req.query('enregistre') === '1'}
      />,
      { title: t('Mon nom sur la page du lieu', 'My name on the place’s page'), noindex: true },
    );
  });

  app.post(
    '/structures/:slug/visibilite',
    allow(roles('mediator')),
    params(slugParam),
    mediatorOfPath,
    // A checkbox: ticked sends `consent=oui`, unticked sends nothing.
    formAll(publicListingBodySchema, (fields) => ({ consent: fields['consent']?.includes('oui') ?? false })),
    async (c) => {
      const org = c.var.structure;
      await details.setPublicListing(c.var.deps, principalOf(c), org, c.req.valid('form').consent);
      return c.redirect(`/structures/${org.slug}/visibilite?enregistre=1`, 303);
    },
  );

  app.put(
    '/api/v1/structures/:slug/public-listing',
    route({
      access: roles('mediator'),
      operationId: 'setPublicListing',
      summary: 'Accepter ou refuser d’être nommé sur la page publique du lieu',
      tag: 'Label',
      responses: { 200: json('Choix enregistré.', publicListingBodySchema) },
    }),
    params(slugParam),
    mediatorOfPath,
    body(publicListingBodySchema),
    async (c) => {
      const { consent } = c.req.valid('json');
      await details.setPublicListing(c.var.deps, principalOf(c), c.var.structure, consent);
      return c.json({ consent });
    },
  );

  // --- public: registry, place pages, programme

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
      <RegistryPage
        entries={await registry(deps, query)}
        query={query}
        programmes={await publishedProgrammes(deps.database.db)}
      />,
      { title: t('Lieux labellisés', 'Labelled places') },
    );
  });

  app.get('/lieux/:slug', allow(PUBLIC), params(slugParam), async (c) => {
    const { slug } = c.req.valid('param');
    const deps = c.var.deps;
    const db = deps.database.db;
    const org = await findOrganisationBySlug(db, slug);
    if (org?.kind !== 'structure') throw notFound({ fr: 'Ce lieu n’existe pas.', en: 'This place does not exist.' });
    const status = await labelStatusOf(deps, org.id);
    const label = status.label ? await store.findLabel(db, status.label.id) : undefined;
    const programme = label ? await findProgrammeOrNull(db, label.programmeSlug, label.programmeVersion) : null;
    const mediators = (await certifiedMediatorsOf(deps, [org.id])).get(org.id) ?? [];
    return c.render(
      <PlacePage
        org={org}
        hub={org.hubId ? await findOrganisation(db, org.hubId) : undefined}
        details={await details.getDetails(deps, org)}
        status={status}
        programme={programme}
        mediators={mediators}
      />,
      { title: org.name },
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
      const programme = await getProgramme(c.var.deps.database.db, c.req.valid('param').slug);
      c.header('access-control-allow-origin', '*');
      return c.json(programme satisfies z.output<typeof labelProgrammeOutSchema>);
    },
  );

  app.get('/label/:slug/:version', allow(PUBLIC), params(versionParam), async (c) => {
    const { slug, version } = c.req.valid('param');
    const deps = c.var.deps;
    const programme = await findProgrammeOrNull(deps.database.db, slug, version);
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
    const programme = await findProgrammeOrNull(c.var.deps.database.db, slug, version);
    if (!programme) throw notFound();
    return c.body(badgeSvg(labelAchievement(c.var.deps.config.publicUrl, programme).badge), 200, {
      'content-type': 'image/svg+xml; charset=utf-8',
      'cache-control': 'public, max-age=31536000, immutable',
    });
  });

  return app;
}
