import { Hono } from 'hono';
import { allow, principalOf, PUBLIC, roles } from '../auth/access.js';
import type { AppEnv } from '../context.js';
import { notFound } from '../errors.js';
import { badgeSvg } from './badge-image.js';
import { profileEndorsements } from '../label/service.js';
import { buildDidDocument, buildJwks, issuerDid } from '../ob3/did.js';
import { findOrganisation } from '../organisations/lookup.js';
import { tOf } from '../web/layout.js';
import { documentType } from '../web/negotiate.js';
import { idParam, slugParam } from '../web/params.js';
import { body, form, json, params, route, scope } from '../web/route.js';
import { redirectWithFlash } from '../web/flash.js';
import { reasonSchema } from '../web/schemas.js';
import { findAchievement } from './achievements.js';
import { achievementPng, bakedPng, bakedSvg } from './artefacts.js';
import { declareKeyCompromised, publishedKeys, rotateKey } from './keys.js';
import { issuerProfile } from './profile.js';
import { issuerBySlug, issueRequested, keyAdminOrg, registerOf } from './requests.js';
import {
  achievementParams,
  badgeParam,
  type CredentialRecord,
  type CredentialStatus,
  credentialRecordSchema,
  credentialStatusSchema,
  emptyFormSchema,
  fileParam,
  fragmentParam,
  IDEMPOTENCY_KEY_PATTERN,
  type IssuedCredential,
  issuedCredentialSchema,
  issueSchema,
  listParam,
  type SigningKeyAnswer,
  signingKeySchema,
  statusFormSchema,
} from './schemas.js';
import { changeStatus, credentialOfRow, credentialState, credentialUrl, manageableCredential } from './service.js';
import { STATUS_LIST_MAX_AGE, statusListJwt } from './status.js';
import { findCredential, findStatusList, keysOf } from './store.js';
import { AchievementPage, BadgesPage, CredentialPage, IssuerPage, KeysPage } from './views.js';

const IMMUTABLE = 'public, max-age=86400';
const ISSUING_ROLES = roles('mediator', 'structure-admin', 'hub-admin', 'committee');
const KEY_ADMINS = roles('hub-admin', 'structure-admin');

// Scoping of the path's resource, before any body is read (someone who may not see it gets 403/404).
const managedCredentialInPath = scope('credential', async (c) => {
  const found = await manageableCredential(c.var.deps, principalOf(c), c.req.param('id') ?? '');
  // A register page's form names its organisation: a credential of another register is not there.
  const slug = c.req.param('slug');
  if (slug !== undefined && found.org.slug !== slug) throw notFound();
  return found;
});
const keyAdminInPath = scope('issuer', (c) => keyAdminOrg(c.var.deps, principalOf(c), c.req.param('slug') ?? ''));

export function issuingRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // --- issuer identity (public)

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
    const hub = org.hubId ? await findOrganisation(c.var.deps.database.db, org.hubId) : undefined;
    return c.render(
      <IssuerPage org={org} profile={profile} hub={hub} keys={await keysOf(c.var.deps.database.db, org.id)} />,
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
    const row = await findStatusList(c.var.deps.database.db, list);
    if (!row || row.orgId !== org.id)
      throw notFound({ fr: 'Cette liste de statuts n’existe pas.', en: 'This status list does not exist.' });
    const jwt = await statusListJwt(c.var.deps, org, row);
    // Signed as a VC-JWT like the credentials it serves; short cache so that revocations show quickly.
    return c.body(jwt, 200, {
      'cache-control': `public, max-age=${STATUS_LIST_MAX_AGE}`,
      'access-control-allow-origin': '*',
      'content-type': 'application/vc+jwt',
    });
  });

  // --- achievements (public)

  app.get('/achievements/:slug/:version/:path{.+}', allow(PUBLIC), params(achievementParams), async (c) => {
    const { slug, version, path } = c.req.valid('param');
    const ext = /\.(json|svg|png)$/.exec(path)?.[1];
    const key = `${slug}/${version}/${ext ? path.slice(0, -(ext.length + 1)) : path}`;
    const { set, achievement } = await findAchievement(c.var.deps, key);
    if (ext === 'svg')
      return c.body(badgeSvg(achievement.badge), 200, {
        'content-type': 'image/svg+xml; charset=utf-8',
        'cache-control': IMMUTABLE,
      });
    if (ext === 'png') {
      const png = await achievementPng(c.var.deps, achievement.achievement.id, () => badgeSvg(achievement.badge));
      return c.body(png as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'image/png', 'cache-control': IMMUTABLE });
    }
    if (ext === 'json' || (!ext && documentType(c) !== 'text/html')) {
      c.header('cache-control', IMMUTABLE);
      return c.json(achievement.achievement);
    }
    return c.render(
      <AchievementPage
        derived={achievement}
        referentialTitle={set.referential.title}
        svgUrl={`${achievement.achievement.id}.svg`}
      />,
      { title: achievement.achievement.name },
    );
  });

  // --- credentials (public by their unguessable id)

  app.get('/credentials/:file', allow(PUBLIC), params(fileParam), async (c) => {
    const { file } = c.req.valid('param');
    const [id, ext] = file.split('.') as [string, string | undefined];
    const deps = c.var.deps;
    const row = await findCredential(deps.database.db, id);
    if (!row) throw notFound({ fr: 'Ce badge n’existe pas.', en: 'This badge does not exist.' });
    const headers = { 'cache-control': 'no-cache', 'access-control-allow-origin': '*' };
    if (ext === 'jwt') return c.body(row.jwt, 200, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
    const credential = credentialOfRow(row);
    if (ext === 'json')
      return c.body(JSON.stringify(credential, null, 2), 200, { ...headers, 'content-type': 'application/json' });
    if (ext === 'svg') {
      return c.body(await bakedSvg(deps, row), 200, {
        ...headers,
        'content-type': 'image/svg+xml; charset=utf-8',
        'content-disposition': `inline; filename="badge-${id}.svg"`,
      });
    }
    if (ext === 'png') {
      return c.body((await bakedPng(deps, row)) as Uint8Array<ArrayBuffer>, 200, {
        ...headers,
        'content-type': 'image/png',
        'content-disposition': `inline; filename="badge-${id}.png"`,
      });
    }
    if (documentType(c) !== 'text/html') return c.json(credential);
    const issuer = await findOrganisation(deps.database.db, row.issuerOrgId);
    return c.render(<CredentialPage row={row} credential={credential} issuer={issuer!} kind={row.achievementKind} />, {
      title: credential.credentialSubject.achievement.name,
      noindex: true,
    });
  });

  // --- issuing and status (API)

  app.post(
    '/api/v1/credentials',
    route({
      access: ISSUING_ROLES,
      operationId: 'issueCredential',
      summary: 'Délivrer un badge',
      description:
        'Badge de compétence (par une structure) ou de bloc (par le hub). `achievement` : clé `abecedaire/1.0.0/competences/A1` ou URL d’un badge de cette instance. / Issues a competence or block credential.',
      tag: 'Badges',
      parameters: [
        {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'Conseillé : renvoyer la même requête avec la même clé ne délivre pas un second badge (réponse 200 avec le badge déjà délivré). / Recommended: a retry with the same key returns the credential already issued.',
          schema: { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN.source },
        },
      ],
      responses: {
        201: json('Badge délivré.', issuedCredentialSchema),
        200: json('Déjà délivré avec cette Idempotency-Key.', issuedCredentialSchema),
      },
    }),
    body(issueSchema),
    async (c) => {
      const deps = c.var.deps;
      const issued = await issueRequested(deps, principalOf(c), c.req.valid('json'), c.req.header('idempotency-key'));
      return c.json(
        {
          id: issued.credential.id,
          url: credentialUrl(deps, issued.row.id),
          status: credentialState(issued.row),
          jwt: issued.jwt,
          credential: issued.credential,
        } satisfies IssuedCredential,
        issued.replayed ? 200 : 201,
      );
    },
  );

  app.get(
    '/api/v1/credentials/:id',
    route({
      access: ISSUING_ROLES,
      operationId: 'getCredential',
      summary: 'Un badge délivré et son statut',
      tag: 'Badges',
      responses: { 200: json('Badge.', credentialRecordSchema) },
    }),
    params(idParam),
    async (c) => {
      const { row } = await manageableCredential(c.var.deps, principalOf(c), c.req.valid('param').id);
      return c.json({
        id: `urn:uuid:${row.id}`,
        url: credentialUrl(c.var.deps, row.id),
        status: credentialState(row),
        suspendable: row.suspendable,
        issuedAt: row.issuedAt,
        revokedAt: row.revokedAt,
        revocationReason: row.revocationReason,
        suspendedAt: row.suspendedAt,
        suspensionReason: row.suspensionReason,
        credential: credentialOfRow(row),
      } satisfies CredentialRecord);
    },
  );

  const STATUS_ACTIONS = [
    ['revoke', 'revokeCredential', 'Révoquer un badge (définitif)'],
    ['suspend', 'suspendCredential', 'Suspendre un badge (médiateurs seulement)'],
    ['reinstate', 'reinstateCredential', 'Rétablir un badge suspendu (un nouveau badge le remplace)'],
  ] as const;
  for (const [action, operationId, summary] of STATUS_ACTIONS) {
    app.post(
      `/api/v1/credentials/:id/${action}`,
      route({
        access: ISSUING_ROLES,
        operationId,
        summary,
        tag: 'Badges',
        responses: { 200: json('Nouveau statut.', credentialStatusSchema) },
      }),
      params(idParam),
      managedCredentialInPath,
      body(reasonSchema),
      async (c) => {
        const { id } = c.req.valid('param');
        const { row, replacement } = await changeStatus(
          c.var.deps,
          principalOf(c),
          id,
          action,
          c.req.valid('json').reason,
        );
        return c.json({
          id: `urn:uuid:${row.id}`,
          status: credentialState(row),
          // Reinstatement issues a fresh credential; the suspended one stays not valid.
          ...(replacement
            ? {
                replacedBy: {
                  id: `urn:uuid:${replacement.row.id}`,
                  url: credentialUrl(c.var.deps, replacement.row.id),
                  jwt: replacement.jwt,
                },
              }
            : {}),
        } satisfies CredentialStatus);
      },
    );
  }

  // --- register of issued badges and key management (pages)

  app.get('/organisations/:slug/badges', allow(ISSUING_ROLES), params(slugParam), async (c) => {
    const { org, rows, canManage } = await registerOf(c.var.deps, principalOf(c), c.req.valid('param').slug);
    return c.render(<BadgesPage org={org} rows={rows} canManage={canManage} />, {
      title: tOf(c)('Badges délivrés', 'Issued badges'),
      noindex: true,
    });
  });

  app.post(
    '/organisations/:slug/badges/:id/statut',
    allow(ISSUING_ROLES),
    params(badgeParam),
    managedCredentialInPath,
    form(statusFormSchema),
    async (c) => {
      const { slug, id } = c.req.valid('param');
      const { action, reason } = c.req.valid('form');
      await changeStatus(c.var.deps, principalOf(c), id, action, reason);
      const done = {
        revoke: ['Badge révoqué.', 'Badge revoked.'],
        suspend: ['Badge suspendu.', 'Badge suspended.'],
        reinstate: ['Badge rétabli.', 'Badge reinstated.'],
      }[action];
      return redirectWithFlash(c, `/organisations/${slug}/badges`, done[0]!, done[1]!);
    },
  );

  app.get('/organisations/:slug/cles', allow(KEY_ADMINS), params(slugParam), async (c) => {
    const org = await keyAdminOrg(c.var.deps, principalOf(c), c.req.valid('param').slug);
    return c.render(
      <KeysPage
        org={org}
        keys={await keysOf(c.var.deps.database.db, org.id)}
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

  return app;
}
