import { Hono } from 'hono';
import { allow, principalOf, PUBLIC, roles } from '../auth/access.js';
import type { AppContext, AppEnv } from '../context.js';
import { invalid, notFound } from '../errors.js';
import { badgeSvg } from '../ob3/badge-image.js';
import { findOrganisation, findOrganisationBySlug } from '../organisations/store.js';
import type { LabelProgramme } from '../referentials/label-schema.js';
import { versionParam } from '../referentials/schemas.js';
import { labelAchievement } from './achievement.js';
import { certifiedMediatorsOf } from './mediators.js';
import { findProgrammeOrNull } from './programme.js';
import { registry, registryCsv } from './registry.js';
import { labelStatusOf } from './service.js';
import { PlacePage, ProgrammePage, RegistryPage } from './views-registry.js';
import { pageProps, tOf } from '../web/layout.js';
import { slugParam } from '../web/params.js';
import { body, json, params, query, route } from '../web/route.js';
import { fieldErrors, parseWith, readFormAll } from '../web/validate.js';
import {
  publicListingBodySchema,
  type Registry,
  type StructureDetailsView as StructureDetailsViewOut,
  registryQuerySchema,
  registrySchema,
  structureDetailsViewSchema,
} from './schemas.js';
import * as details from './details.js';
import * as store from './store.js';
import { DetailsPage, VisibilityPage } from './views-details.js';

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
  slug: string,
  extra: { values?: Record<string, string | string[]>; errors?: ReturnType<typeof fieldErrors>; saved?: boolean } = {},
) {
  const t = tOf(c);
  const deps = c.var.deps;
  const org = await details.editableStructure(deps, principalOf(c), slug);
  return c.html(
    <DetailsPage
      page={pageProps(c, `${t('Fiche du lieu', 'Place details')} — ${org.name}`)}
      t={t}
      org={org}
      details={await details.getDetails(deps, org)}
      mediators={await store.mediatorsOf(deps.database.db, org.id)}
      {...extra}
    />,
    extra.errors?.length ? 422 : 200,
  );
}

export function labelRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // --- structure details (open data), edited by the structure admin

  app.get('/structures/:slug/fiche', allow(roles('structure-admin')), async (c) => {
    const { slug } = parseWith(slugParam, c.req.param());
    return detailsPage(c, slug, { saved: c.req.query('enregistre') === '1' });
  });

  app.post('/structures/:slug/fiche', allow(roles('structure-admin')), async (c) => {
    const { slug } = parseWith(slugParam, c.req.param());
    const deps = c.var.deps;
    const org = await details.editableStructure(deps, principalOf(c), slug);
    const values = formValues(await readFormAll(c));
    const parsed = details.structureDetailsSchema.safeParse(values);
    if (!parsed.success) {
      const errors = fieldErrors(parsed.error);
      if (!c.req.header('accept')?.includes('text/html')) throw invalid(errors);
      return detailsPage(c, slug, { values, errors });
    }
    await details.saveDetails(deps, principalOf(c), org, parsed.data);
    return c.redirect(`/structures/${slug}/fiche?enregistre=1`, 303);
  });

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
    body(details.structureDetailsSchema),
    async (c) => {
      const org = await details.editableStructure(c.var.deps, principalOf(c), c.req.valid('param').slug);
      const saved = await details.saveDetails(c.var.deps, principalOf(c), org, c.req.valid('json'));
      return c.json(saved satisfies StructureDetailsViewOut);
    },
  );

  // --- a mediator's consent to be named on the structure's public page

  app.get('/structures/:slug/visibilite', allow(roles('mediator')), async (c) => {
    const t = tOf(c);
    const { slug } = parseWith(slugParam, c.req.param());
    const principal = principalOf(c);
    const db = c.var.deps.database.db;
    const org = await findOrganisationBySlug(db, slug);
    if (!org || !principal.memberships.some((m) => m.orgId === org.id && m.role === 'mediator'))
      throw notFound({
        fr: 'Vous n’êtes pas médiateur de cette structure.',
        en: 'You are not a mediator of this structure.',
      });
    return c.html(
      <VisibilityPage
        page={pageProps(c, t('Mon nom sur la page du lieu', 'My name on the place’s page'))}
        t={t}
        org={org}
        consent={await store.hasConsent(db, principal.userId, org.id)}
        saved={c.req.query('enregistre') === '1'}
      />,
    );
  });

  app.post('/structures/:slug/visibilite', allow(roles('mediator')), async (c) => {
    const { slug } = parseWith(slugParam, c.req.param());
    const form = await readFormAll(c);
    await details.setPublicListing(c.var.deps, principalOf(c), slug, form['consent']?.includes('oui') ?? false);
    return c.redirect(`/structures/${slug}/visibilite?enregistre=1`, 303);
  });

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
    body(publicListingBodySchema),
    async (c) => {
      const { consent } = c.req.valid('json');
      await details.setPublicListing(c.var.deps, principalOf(c), c.req.valid('param').slug, consent);
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
    const latest = await store.latestProgramme(deps.database.db);
    return c.html(
      <RegistryPage
        page={pageProps(c, t('Lieux labellisés', 'Labelled places'))}
        t={t}
        entries={await registry(deps, query)}
        query={query}
        programme={latest ? (JSON.parse(latest.content) as LabelProgramme) : null}
      />,
    );
  });

  app.get('/lieux/:slug', allow(PUBLIC), async (c) => {
    const t = tOf(c);
    const { slug } = parseWith(slugParam, c.req.param());
    const deps = c.var.deps;
    const db = deps.database.db;
    const org = await findOrganisationBySlug(db, slug);
    if (org?.kind !== 'structure') throw notFound({ fr: 'Ce lieu n’existe pas.', en: 'This place does not exist.' });
    const status = await labelStatusOf(deps, org.id);
    const label = status.label ? await store.findLabel(db, status.label.id) : undefined;
    const programme = label ? await findProgrammeOrNull(db, label.programmeSlug, label.programmeVersion) : null;
    const mediators = (await certifiedMediatorsOf(deps, [org.id])).get(org.id) ?? [];
    return c.html(
      <PlacePage
        page={pageProps(c, org.name)}
        t={t}
        org={org}
        hub={org.hubId ? await findOrganisation(db, org.hubId) : undefined}
        details={await details.getDetails(deps, org)}
        status={status}
        programme={programme}
        mediators={mediators}
      />,
    );
  });

  app.get('/label/:slug/:version', allow(PUBLIC), async (c) => {
    const { slug, version } = parseWith(versionParam, c.req.param());
    const deps = c.var.deps;
    const programme = await findProgrammeOrNull(deps.database.db, slug, version);
    if (!programme)
      throw notFound({ fr: 'Ce programme de label n’existe pas.', en: 'This label programme does not exist.' });
    c.header('vary', 'accept');
    const accept = c.req.header('accept') ?? '';
    if (accept.includes('application/json') || accept.includes('application/ld+json'))
      return c.json(labelAchievement(deps.config.publicUrl, programme).achievement);
    const t = tOf(c);
    return c.html(<ProgrammePage page={pageProps(c, programme.title)} t={t} programme={programme} />);
  });

  app.get('/label/:slug/:version/badge.svg', allow(PUBLIC), async (c) => {
    const { slug, version } = parseWith(versionParam, c.req.param());
    const programme = await findProgrammeOrNull(c.var.deps.database.db, slug, version);
    if (!programme) throw notFound();
    return c.body(badgeSvg(labelAchievement(c.var.deps.config.publicUrl, programme).badge), 200, {
      'content-type': 'image/svg+xml; charset=utf-8',
      'cache-control': 'public, max-age=31536000, immutable',
    });
  });

  return app;
}
