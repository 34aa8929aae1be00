import type { Hono } from 'hono';
import { allow, principalOf, roles } from '../auth/access.js';
import type { AppContext, AppEnv } from '../context.js';
import { type FieldError, invalid } from '../errors.js';
import type { OrganisationRow } from '../organisations/lookup.js';
import { tOf } from '../web/layout.js';
import { wantsHtml } from '../web/negotiate.js';
import { slugParam } from '../web/params.js';
import { body, formAll, formWithErrors, json, params, route, scope } from '../web/route.js';
import * as details from './details.js';
import { DetailsPage, VisibilityPage } from './details-views.js';
import {
  publicListingBodySchema,
  type StructureDetailsView as StructureDetailsViewOut,
  structureDetailsViewSchema,
} from './schemas.js';

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
      mediators={await details.mediatorsOfStructure(deps, org)}
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

/**
 * A place's details (open data), edited by its structure admin, and a mediator's consent to be named
 * on the place's public page.
 */
export function detailsRoutes(app: Hono<AppEnv>): void {
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
        consent={await details.publicListingOf(c.var.deps, principalOf(c), org)}
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
}
