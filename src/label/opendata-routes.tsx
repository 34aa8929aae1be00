import type { Hono } from 'hono';
import { allow, principalOf, roles } from '../auth/access.js';
import type { AppContext, AppEnv } from '../context.js';
import { invalid } from '../errors.js';
import type { OrganisationRow } from '../organisations/lookup.js';
import { tOf } from '../web/layout.js';
import { wantsHtml } from '../web/negotiate.js';
import { slugParam } from '../web/params.js';
import { formWithErrors, params } from '../web/route.js';
import * as opendata from './opendata.js';
import { type OpenDataChoice, OpenDataLabelPage } from './opendata-views.js';

const programmeParam = slugParam.extend({ programme: slugParam.shape.slug });

type Failure = NonNullable<Parameters<typeof OpenDataLabelPage>[0]['failed']>;

async function page(c: AppContext, hub: OrganisationRow, extra: { saved?: boolean; failed?: Failure } = {}) {
  const choices: OpenDataChoice[] = await opendata.hubOpenDataLabels(c.var.deps, hub);
  if (extra.failed) c.status(422);
  return c.render(<OpenDataLabelPage hub={hub} choices={choices} {...extra} />, {
    title: `${tOf(c)('Le label dans les données ouvertes', 'The label in open data')} — ${hub.name}`,
    noindex: true,
  });
}

/** The hub's open-data value of its label (a page of the hub's admins; no default names a region). */
export function openDataRoutes(app: Hono<AppEnv>): void {
  app.get('/organisations/:slug/donnees-ouvertes', allow(roles('hub-admin')), params(slugParam), async (c) => {
    const hub = await opendata.adminHub(c.var.deps, principalOf(c), c.req.valid('param').slug);
    c.header('cache-control', 'no-store');
    return page(c, hub, { saved: c.req.query('enregistre') === '1' });
  });

  app.post(
    '/organisations/:slug/donnees-ouvertes/:programme',
    allow(roles('hub-admin')),
    params(programmeParam),
    formWithErrors(opendata.openDataLabelSchema),
    async (c) => {
      const { slug, programme } = c.req.valid('param');
      // Scoping first: someone who does not run this hub never sees its form's errors.
      const hub = await opendata.adminHub(c.var.deps, principalOf(c), slug);
      const submitted = c.req.valid('form');
      if (!submitted.ok) {
        if (!wantsHtml(c)) throw invalid(submitted.errors);
        return page(c, hub, { failed: { slug: programme, errors: submitted.errors, values: submitted.values } });
      }
      await opendata.setHubOpenDataLabel(c.var.deps, principalOf(c), hub, programme, submitted.data);
      return c.redirect(`/organisations/${hub.slug}/donnees-ouvertes?enregistre=1`, 303);
    },
  );
}
