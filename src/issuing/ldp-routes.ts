import { Hono } from 'hono';
import { z } from 'zod';
import { allow, PUBLIC } from '../auth/access.js';
import type { AppEnv } from '../context.js';
import { preferredType } from '../web/negotiate.js';
import { slugParam } from '../web/params.js';
import { params } from '../web/route.js';
import { credentialLdp, statusListLdp } from './ldp.js';
import { issuerBySlug } from './requests.js';
import { credentialById } from './issuance.js';
import { publishedStatusList, STATUS_LIST_MAX_AGE } from './status.js';

/**
 * The Data Integrity forms (issue 18), beside the JWT ones: `/credentials/<uuid>.ldp.json`, the same
 * document on `/credentials/<uuid>` for `Accept: application/vc` (VC 2.0's media type) or
 * `application/vc+ld+json`, and each status list's JSON-LD form at `<list URL>.ldp.json`. Mounted
 * before the issuing routes, whose `/credentials/:file` answers every other form.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ldpFileParam = z.object({
  file: z
    .string()
    .regex(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.ldp\.json$/,
      'identifiant de badge invalide',
    ),
});
const credentialIdParam = z.object({ id: z.string().regex(UUID, 'identifiant de badge invalide') });
const ldpListParam = slugParam.extend({
  file: z.string().regex(/^[A-Za-z0-9_-]{6,40}\.ldp\.json$/, 'liste inconnue'),
});

const VC_TYPES = ['application/vc', 'application/vc+ld+json'] as const;
/** Served for the `.ldp.json` files: VC-specific, and `json` in it so generic JSON clients parse it. */
const LDP_FILE_TYPE = 'application/vc+ld+json';

export function dataIntegrityRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  async function credentialDocument(deps: AppEnv['Variables']['deps'], id: string): Promise<string> {
    return credentialLdp(deps, await credentialById(deps, id));
  }

  const headers = { 'cache-control': 'no-cache', 'access-control-allow-origin': '*' };

  app.get('/credentials/:file{[^/]+\\.ldp\\.json}', allow(PUBLIC), params(ldpFileParam), async (c) => {
    const id = c.req.valid('param').file.slice(0, -'.ldp.json'.length);
    return c.body(await credentialDocument(c.var.deps, id), 200, {
      ...headers,
      'content-type': LDP_FILE_TYPE,
      // `?telecharger=1` (the "add to a wallet" button): saved as a file, which a wallet app then opens.
      'content-disposition': `${c.req.query('telecharger') === undefined ? 'inline' : 'attachment'}; filename="badge-${id}.ldp.json"`,
    });
  });

  // Content negotiation: a VC media type gets this form; anything else goes on to the issuing route.
  app.get('/credentials/:id{[^/.]+}', allow(PUBLIC), params(credentialIdParam), async (c, next) => {
    c.header('vary', 'accept');
    const type = preferredType(c, ['text/html', 'application/json', 'application/ld+json', ...VC_TYPES], 'text/html');
    if (!(VC_TYPES as readonly string[]).includes(type)) return next();
    return c.body(await credentialDocument(c.var.deps, c.req.valid('param').id), 200, {
      ...headers,
      'content-type': type,
    });
  });

  app.get('/issuers/:slug/status/:file{[^/]+\\.ldp\\.json}', allow(PUBLIC), params(ldpListParam), async (c) => {
    const { slug, file } = c.req.valid('param');
    const org = await issuerBySlug(c.var.deps, slug);
    const list = await publishedStatusList(c.var.deps, org, file.slice(0, -'.ldp.json'.length));
    return c.body(await statusListLdp(c.var.deps, org, list), 200, {
      // Same short cache as the JWT list: a revocation shows as quickly in both forms.
      'cache-control': `public, max-age=${STATUS_LIST_MAX_AGE}`,
      'access-control-allow-origin': '*',
      'content-type': LDP_FILE_TYPE,
    });
  });

  return app;
}
