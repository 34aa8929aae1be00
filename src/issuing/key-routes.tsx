import type { Hono } from 'hono';
import { allow, principalOf } from '../auth/access.js';
import type { AppEnv } from '../context.js';
import { issuerDid } from '../ob3/did.js';
import { tOf } from '../web/layout.js';
import { slugParam } from '../web/params.js';
import { body, form, json, params, route } from '../web/route.js';
import { reasonSchema } from '../web/schemas.js';
import { KEY_ADMINS, keyAdminInPath } from './http.js';
import { KeysPage } from './key-views.js';
import { declareKeyCompromised, keysOfIssuer, rotateKey } from './keys.js';
import { keyAdminOrg } from './requests.js';
import { emptyFormSchema, fragmentParam, type SigningKeyAnswer, signingKeySchema } from './schemas.js';

/** An issuer's signing keys: rotation and compromise, as pages and as API. */
export function keyRoutes(app: Hono<AppEnv>): void {
  app.get('/organisations/:slug/cles', allow(KEY_ADMINS), params(slugParam), async (c) => {
    const org = await keyAdminOrg(c.var.deps, principalOf(c), c.req.valid('param').slug);
    return c.render(
      <KeysPage
        org={org}
        keys={await keysOfIssuer(c.var.deps, org)}
        did={issuerDid(c.var.deps.config.publicUrl, org.slug)}
      />,
      { title: tOf(c)('Clés de signature', 'Signing keys'), noindex: true },
    );
  });

  app.post(
    '/organisations/:slug/cles/rotation',
    allow(KEY_ADMINS),
    params(slugParam),
    keyAdminInPath,
    form(emptyFormSchema),
    async (c) => {
      const org = c.var.issuer;
      await rotateKey(c.var.deps, principalOf(c), org);
      return c.redirect(`/organisations/${org.slug}/cles`, 303);
    },
  );

  app.post(
    '/organisations/:slug/cles/:fragment/compromise',
    allow(KEY_ADMINS),
    params(fragmentParam),
    keyAdminInPath,
    form(reasonSchema),
    async (c) => {
      const org = c.var.issuer;
      const { fragment } = c.req.valid('param');
      await declareKeyCompromised(c.var.deps, principalOf(c), org, fragment, c.req.valid('form').reason);
      return c.redirect(`/organisations/${org.slug}/cles`, 303);
    },
  );

  app.post(
    '/api/v1/issuers/:slug/keys/rotate',
    route({
      access: KEY_ADMINS,
      operationId: 'rotateIssuerKey',
      summary: 'Nouvelle clé de signature pour un émetteur',
      description: 'Les badges déjà signés restent valides. / Credentials already signed stay valid.',
      tag: 'Émetteurs',
      responses: { 201: json('Nouvelle clé active.', signingKeySchema) },
    }),
    params(slugParam),
    async (c) => {
      const org = await keyAdminOrg(c.var.deps, principalOf(c), c.req.valid('param').slug);
      const key = await rotateKey(c.var.deps, principalOf(c), org);
      return c.json(
        {
          kid: `${issuerDid(c.var.deps.config.publicUrl, org.slug)}#${key.fragment}`,
          status: key.status,
        } satisfies SigningKeyAnswer,
        201,
      );
    },
  );

  app.post(
    '/api/v1/issuers/:slug/keys/:fragment/compromised',
    route({
      access: KEY_ADMINS,
      operationId: 'declareIssuerKeyCompromised',
      summary: 'Déclarer une clé compromise',
      description: 'Tout ce que cette clé a signé devient invalide. / Everything the key signed becomes invalid.',
      tag: 'Émetteurs',
      responses: { 200: json('Clé déclarée compromise.', signingKeySchema) },
    }),
    params(fragmentParam),
    keyAdminInPath,
    body(reasonSchema),
    async (c) => {
      const org = c.var.issuer;
      const { fragment } = c.req.valid('param');
      await declareKeyCompromised(c.var.deps, principalOf(c), org, fragment, c.req.valid('json').reason);
      return c.json({
        kid: `${issuerDid(c.var.deps.config.publicUrl, org.slug)}#${fragment}`,
        status: 'compromised',
      } satisfies SigningKeyAnswer);
    },
  );
}
