import type { Hono } from 'hono';
import { allow, PUBLIC } from '../auth/access.js';
import type { AppEnv } from '../context.js';
import { endorsementStateOf, profileEndorsements } from '../label/service.js';
import { buildDidDocument, buildJwks, issuerDid } from '../ob3/did.js';
import { documentType } from '../web/negotiate.js';
import { slugParam } from '../web/params.js';
import { params } from '../web/route.js';
import { IssuerPage } from './issuer-views.js';
import { keysOfIssuer, publishedKeys } from './keys.js';
import { parentHubOf, issuerProfile } from './profile.js';
import { issuerBySlug } from './requests.js';
import { listParam } from './schemas.js';
import { publishedStatusListJwt, STATUS_LIST_MAX_AGE, unknownStatusList } from './status.js';

/** An issuer's identity (public): its profile page or JSON-LD, its DID document and JWKS, its status lists. */
export function issuerRoutes(app: Hono<AppEnv>): void {
  app.get('/issuers/:slug', allow(PUBLIC), params(slugParam), async (c) => {
    const org = await issuerBySlug(c.var.deps, c.req.valid('param').slug);
    // The served profile (not the copy inside each credential) carries the hub's endorsement while the label holds.
    const profile = { ...(await issuerProfile(c.var.deps, org)), ...(await profileEndorsements(c.var.deps, org)) };
    c.header('vary', 'accept');
    const type = documentType(c);
    if (type !== 'text/html') {
      const body = {
        '@context': [
          'https://www.w3.org/ns/credentials/v2',
          'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
        ],
        ...profile,
      };
      return c.body(JSON.stringify(body), 200, { 'content-type': type });
    }
    return c.render(
      <IssuerPage
        org={org}
        profile={profile}
        hub={await parentHubOf(c.var.deps, org)}
        keys={await keysOfIssuer(c.var.deps, org)}
        endorsement={await endorsementStateOf(c.var.deps, org)}
      />,
      { title: org.name },
    );
  });

  app.get('/issuers/:slug/did.json', allow(PUBLIC), params(slugParam), async (c) => {
    const org = await issuerBySlug(c.var.deps, c.req.valid('param').slug);
    const doc = buildDidDocument(
      issuerDid(c.var.deps.config.publicUrl, org.slug),
      await publishedKeys(c.var.deps, org),
    );
    return c.body(JSON.stringify(doc), 200, {
      'content-type': 'application/did+json',
      'cache-control': 'public, max-age=300',
      'access-control-allow-origin': '*',
    });
  });

  app.get('/issuers/:slug/jwks.json', allow(PUBLIC), params(slugParam), async (c) => {
    const org = await issuerBySlug(c.var.deps, c.req.valid('param').slug);
    const jwks = buildJwks(issuerDid(c.var.deps.config.publicUrl, org.slug), await publishedKeys(c.var.deps, org));
    return c.body(JSON.stringify(jwks), 200, {
      'content-type': 'application/jwk-set+json',
      'cache-control': 'public, max-age=300',
      'access-control-allow-origin': '*',
    });
  });

  app.get('/issuers/:slug/status/:list', allow(PUBLIC), params(listParam), async (c) => {
    const { slug, list } = c.req.valid('param');
    const org = await issuerBySlug(c.var.deps, slug);
    const jwt = await publishedStatusListJwt(c.var.deps, org, list);
    if (!jwt) throw unknownStatusList();
    // Signed as a VC-JWT like the credentials it serves, once per change of its bits; short cache so
    // that a revocation reaches readers who cache within STATUS_LIST_MAX_AGE.
    return c.body(jwt, 200, {
      'cache-control': `public, max-age=${STATUS_LIST_MAX_AGE}`,
      'access-control-allow-origin': '*',
      'content-type': 'application/vc+jwt',
    });
  });
}
