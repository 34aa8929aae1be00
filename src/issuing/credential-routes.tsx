import type { Hono } from 'hono';
import { allow, principalOf, PUBLIC } from '../auth/access.js';
import type { AppEnv } from '../context.js';
import { documentType } from '../web/negotiate.js';
import { idParam } from '../web/params.js';
import { body, json, params, route } from '../web/route.js';
import { reasonSchema } from '../web/schemas.js';
import { bakedPng, bakedSvg } from './artefacts.js';
import { changeStatus, credentialState, manageableCredential } from './credential-status.js';
import { CredentialPage } from './credential-views.js';
import { ISSUING_ROLES, managedCredentialInPath } from './http.js';
import { credentialById, credentialOfRow, credentialUrl } from './issuance.js';
import { issuerOf } from './profile.js';
import { issueRequested } from './requests.js';
import {
  type CredentialRecord,
  type CredentialStatus,
  credentialRecordSchema,
  credentialStatusSchema,
  fileParam,
  IDEMPOTENCY_KEY_PATTERN,
  type IssuedCredential,
  issuedCredentialSchema,
  issueSchema,
} from './schemas.js';

/** A credential: public by its unguessable id (page, JSON, JWT, baked images); issued and managed by the API. */
export function credentialRoutes(app: Hono<AppEnv>): void {
  app.get('/credentials/:file', allow(PUBLIC), params(fileParam), async (c) => {
    const { file } = c.req.valid('param');
    const [id, ext] = file.split('.') as [string, string | undefined];
    const deps = c.var.deps;
    const row = await credentialById(deps, id);
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
    const issuer = await issuerOf(deps, row);
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
}
