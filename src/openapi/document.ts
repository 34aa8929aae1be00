import type { Hono } from 'hono';
import { generateSpecs } from 'hono-openapi';
import type { z } from 'zod';
import type { AppEnv } from '../context.js';
import { tokenNameSchema } from '../auth/routes.js';
import { APP_VERSION } from '../config.js';
import { ROLES, type Role } from '../db/schema.js';
import { ERROR_CODES } from '../errors.js';
import { fragmentParam, issueSchema, reasonSchema } from '../issuing/routes.js';
import { evaluationSchema, newLearnerSchema } from '../learners/routes.js';
import { awardRulesSchema } from '../referentials/rules-schema.js';
import { versionParam } from '../referentials/routes.js';
import { idParam, slugParam } from '../web/params.js';
import { TAGS } from '../web/route.js';
import { type JsonSchema, jsonSchemaOf } from './json-schema.js';
import { referentialSchema } from '../referentials/schema.js';

/**
 * The OpenAPI 3.1 description of the JSON API (`/api/v1/*`, plus `/healthz`), served at
 * `/api/openapi.json`. Request bodies and path parameters are generated from the very zod schemas
 * the routes validate with (`z.toJSONSchema`, draft 2020-12, input side); responses are short
 * hand-written schemas. Edge-safe: no fs, no node:*.
 *
 * test/http/openapi.test.ts checks that the document is valid OpenAPI 3.1 and that it lists
 * exactly the app's `/api/v1` routes: a new route without an entry here fails it.
 */

export type HttpMethod = 'get' | 'post' | 'delete';

export interface Parameter {
  name: string;
  in: 'path' | 'header' | 'query';
  required?: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { required: boolean; description?: string; content: Record<string, JsonSchema> };
  responses: Record<string, JsonSchema>;
  /** Roles of which the caller needs one (in any organisation; the route then checks which one). */
  'x-jalon-roles'?: Role[];
}

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string; license: { name: string; identifier: string } };
  servers: { url: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Partial<Record<HttpMethod, Operation>>>;
  components: {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, JsonSchema>;
    securitySchemes: Record<string, JsonSchema>;
  };
}

/** Path parameters from a route's param schema; the template and the schema must name the same ones. */
function pathParameters(path: string, schema: z.ZodObject): Parameter[] {
  const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const properties = jsonSchemaOf(schema).properties as Record<string, JsonSchema>;
  const declared = Object.keys(properties);
  if ([...names].sort().join() !== [...declared].sort().join()) {
    throw new Error(
      `OpenAPI: ${path} has parameters ${names.join(', ')} but its schema declares ${declared.join(', ')}`,
    );
  }
  return names.map((name) => ({
    name,
    in: 'path',
    required: true,
    description: PARAM_DESCRIPTIONS[name],
    schema: properties[name]!,
  }));
}

const PARAM_DESCRIPTIONS: Record<string, string> = {
  id: 'Identifiant (UUID). / Identifier (UUID).',
  slug: 'Identifiant court (minuscules, chiffres, tirets). / Short identifier.',
  version: 'Version x.y.z.',
  fragment: 'Fragment de l’identifiant de la clé (après « # » dans le kid). / Key id fragment.',
};

// --- hand-written response schemas

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const nullable = (type: string, extra: JsonSchema = {}): JsonSchema => ({ type: [type, 'null'], ...extra });
const str: JsonSchema = { type: 'string' };
const uri: JsonSchema = { type: 'string', format: 'uri' };
const object = (
  properties: Record<string, JsonSchema>,
  required: string[] = Object.keys(properties),
  extra: JsonSchema = {},
): JsonSchema => ({
  type: 'object',
  properties,
  required,
  ...extra,
});
const arrayOf = (items: JsonSchema): JsonSchema => ({ type: 'array', items });

const CREDENTIAL_STATES = ['active', 'revoked', 'suspended'];

function responseSchemas(): Record<string, JsonSchema> {
  const problemText = object({ title: str, detail: str });
  return {
    Problem: object(
      {
        type: { ...uri, description: 'Page qui explique le code : <url publique>/problems/<code>.' },
        title: str,
        status: { type: 'integer', minimum: 400, maximum: 599 },
        detail: str,
        code: { type: 'string', enum: Object.keys(ERROR_CODES) },
        requestId: {
          type: 'string',
          description: 'Référence de la requête, aussi dans l’en-tête X-Request-Id et les journaux.',
        },
        i18n: object({ fr: problemText, en: problemText }),
        errors: {
          ...arrayOf(
            object({ path: { type: 'string', description: 'Chemin pointé (`recipient.name`).' }, message: str }),
          ),
          description: 'Champs invalides.',
        },
      },
      ['type', 'title', 'status', 'detail', 'code', 'requestId', 'i18n'],
      {
        description:
          'Erreur RFC 9457, en français par défaut (`title` et `detail` en anglais avec `Accept-Language: en`), les deux langues dans `i18n`. / RFC 9457 problem details.',
      },
    ),
    OpenBadgeCredential: {
      type: 'object',
      description:
        'Badge Open Badges 3.0 (AchievementCredential, JSON-LD), conforme au schéma officiel de 1EdTech. / An Open Badges 3.0 credential.',
      required: ['@context', 'type', 'id', 'issuer', 'credentialSubject'],
      properties: {
        '@context': { type: 'array' },
        type: { type: 'array', items: str },
        id: str,
        issuer: { type: 'object' },
        credentialSubject: { type: 'object' },
      },
    },
    Me: object({
      id: str,
      email: str,
      displayName: str,
      memberships: arrayOf(
        object({
          organisation: object({ id: str, slug: str, name: str, kind: { type: 'string', enum: ['hub', 'structure'] } }),
          role: { type: 'string', enum: [...ROLES] },
        }),
      ),
    }),
    ApiToken: object({ id: str, token: { type: 'string', description: 'Affiché une seule fois ; préfixe `jalon_`.' } }),
    ReferentialSummary: object({
      slug: str,
      version: str,
      kind: { type: 'string', enum: ['learner', 'mediator'] },
      title: str,
    }),
    Referential: {
      ...jsonSchemaOf(referentialSchema, 'output'),
      description: 'Référentiel (JSON canonique), généré du schéma zod des fichiers YAML.',
    },
    AwardRules: {
      ...jsonSchemaOf(awardRulesSchema, 'output'),
      description: 'Règles d’attribution d’un référentiel d’apprenants.',
    },
    IssuedCredential: object({
      id: { type: 'string', description: '`urn:uuid:…`' },
      url: uri,
      status: { type: 'string', enum: CREDENTIAL_STATES },
      jwt: { type: 'string', description: 'VC-JWT ES256.' },
      credential: ref('OpenBadgeCredential'),
    }),
    CredentialRecord: object({
      id: str,
      url: uri,
      status: { type: 'string', enum: CREDENTIAL_STATES },
      suspendable: { type: 'boolean' },
      issuedAt: str,
      revokedAt: nullable('string'),
      revocationReason: nullable('string'),
      suspendedAt: nullable('string'),
      suspensionReason: nullable('string'),
      credential: ref('OpenBadgeCredential'),
    }),
    CredentialStatus: object(
      {
        id: str,
        status: { type: 'string', enum: CREDENTIAL_STATES },
        // Reinstatement issues a fresh credential: the suspended one stays not valid (src/ob3/README.md).
        replacedBy: object({ id: str, url: str, jwt: str }),
      },
      ['id', 'status'],
    ),
    SigningKey: object({
      kid: { type: 'string', description: 'URL DID de la clé (`did:web:…#fragment`).' },
      status: str,
    }),
    LearnerSummary: object({ id: str, publicId: str, displayName: nullable('string'), createdAt: str }),
    Learner: object({
      id: str,
      publicId: { type: 'string', description: 'Identifiant du passeport (QR code).' },
      displayName: nullable('string', { description: 'null après effacement (RGPD).' }),
      referential: object({ slug: str, version: str }),
      standings: arrayOf(object({ code: str, level: str, date: str, first: object({ level: str, date: str }) })),
      earned: { type: 'object', description: 'Ce que les règles d’attribution accordent (compétences, passeport).' },
      credentials: arrayOf(
        object({
          id: str,
          url: uri,
          kind: str,
          competence: nullable('string'),
          level: nullable('string'),
          status: { type: 'string', enum: CREDENTIAL_STATES },
          supersededBy: nullable('string'),
        }),
      ),
    }),
    IssuedSummary: object({ id: str, url: uri, achievement: str, kind: str, level: nullable('string') }),
    HealthStatus: object({ status: { const: 'ok' }, version: str }),
  };
}

// --- operations

type Access = 'public' | 'signed-in' | 'setup-token' | readonly Role[];

interface Spec {
  method: HttpMethod;
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  params?: z.ZodObject;
  headers?: Parameter[];
  /** Component name of the JSON request body. */
  body?: string;
  extraContent?: Record<string, JsonSchema>;
  responses: Record<string, JsonSchema>;
}

const json = (description: string, schema: JsonSchema): JsonSchema => ({
  description,
  content: { 'application/json': { schema } },
});
const noContent = (description: string): JsonSchema => ({ description });
const pdf = (description: string): JsonSchema => ({
  description,
  content: { 'application/pdf': { schema: { type: 'string', format: 'binary', contentMediaType: 'application/pdf' } } },
});

const ISSUING_ROLES = ['mediator', 'structure-admin', 'hub-admin', 'committee'] as const satisfies readonly Role[];
const ORG_ADMINS = ['hub-admin', 'structure-admin'] as const satisfies readonly Role[];
const LEARNER_ROLES = ['mediator', 'structure-admin'] as const satisfies readonly Role[];

const IDEMPOTENCY_KEY: Parameter = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Conseillé : renvoyer la même requête avec la même clé ne délivre pas un second badge (réponse 200 avec le badge déjà délivré). La clé est propre au compte qui l’envoie ; réutilisée pour une autre requête : 422. / Recommended: a retry with the same key returns the credential already issued. Keys belong to the calling account; a key reused for another request is a 422.',
  // Same pattern as the check in POST /api/v1/credentials (src/issuing/routes.tsx).
  schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{1,100}$' },
};

function specs(): Spec[] {
  return [
    // --- service
    {
      method: 'get',
      path: '/healthz',
      operationId: 'getHealth',
      summary: 'État du service',
      description:
        'Répond 200 quand la base de données répond, 503 sinon. / 200 when the database answers, 503 otherwise.',
      tag: 'Service',
      access: 'public',
      responses: { '200': json('Service opérationnel.', ref('HealthStatus')) },
    },
    {
      method: 'get',
      path: '/api/openapi.json',
      operationId: 'getOpenApiDocument',
      summary: 'Cette description OpenAPI 3.1',
      tag: 'Service',
      access: 'public',
      responses: { '200': json('Le document OpenAPI.', { type: 'object' }) },
    },

    // --- account
    {
      method: 'get',
      path: '/api/v1/me',
      operationId: 'getMe',
      summary: 'Le compte connecté et ses rôles',
      tag: 'Compte',
      access: 'signed-in',
      responses: { '200': json('Le compte.', ref('Me')) },
    },
    {
      method: 'post',
      path: '/api/v1/tokens',
      operationId: 'createApiToken',
      summary: 'Créer un jeton d’API',
      description: 'Le jeton n’est montré qu’une fois ; il est stocké haché. / The token is shown once.',
      tag: 'Compte',
      access: 'signed-in',
      body: 'CreateApiTokenRequest',
      responses: { '201': json('Jeton créé.', ref('ApiToken')) },
    },
    {
      method: 'delete',
      path: '/api/v1/tokens/{id}',
      operationId: 'revokeApiToken',
      summary: 'Révoquer un de ses jetons d’API',
      tag: 'Compte',
      access: 'signed-in',
      params: idParam,
      responses: { '204': noContent('Jeton révoqué.') },
    },

    {
      method: 'post',
      path: '/api/v1/setup',
      operationId: 'setUp',
      summary: 'Première installation : invitation du premier administrateur',
      description:
        'Existe seulement si JALON_SETUP_TOKEN est défini (404 sinon). Charge les référentiels livrés, crée le hub, et renvoie un lien d’invitation tant qu’aucun administrateur n’existe. / Only when JALON_SETUP_TOKEN is set.',
      tag: 'Installation',
      access: 'setup-token',
      responses: {
        '200': json(
          'Installation faite (idempotente).',
          object({
            hub: object({ slug: str, name: str }),
            referentials: arrayOf(
              object({ slug: str, version: str, outcome: { type: 'string', enum: ['created', 'unchanged'] } }),
            ),
            invitationUrl: nullable('string', { description: 'null quand un administrateur du hub existe déjà.' }),
          }),
        ),
      },
    },

    // --- referentials
    {
      method: 'get',
      path: '/api/v1/referentials',
      operationId: 'listReferentials',
      summary: 'Les référentiels publiés (toutes versions)',
      tag: 'Référentiels',
      access: 'public',
      responses: { '200': json('Référentiels.', arrayOf(ref('ReferentialSummary'))) },
    },
    {
      method: 'get',
      path: '/api/v1/referentials/{slug}',
      operationId: 'getReferential',
      summary: 'La dernière version d’un référentiel',
      tag: 'Référentiels',
      access: 'public',
      params: slugParam,
      responses: { '200': json('Référentiel.', ref('Referential')) },
    },
    {
      method: 'get',
      path: '/api/v1/referentials/{slug}/{version}',
      operationId: 'getReferentialVersion',
      summary: 'Une version d’un référentiel (JSON canonique, immuable)',
      tag: 'Référentiels',
      access: 'public',
      params: versionParam,
      responses: { '200': json('Référentiel.', ref('Referential')) },
    },
    {
      method: 'get',
      path: '/api/v1/referentials/{slug}/{version}/rules',
      operationId: 'getReferentialRules',
      summary: 'Les règles d’attribution d’une version',
      tag: 'Référentiels',
      access: 'public',
      params: versionParam,
      responses: { '200': json('Règles.', ref('AwardRules')) },
    },

    // --- credentials
    {
      method: 'post',
      path: '/api/v1/credentials',
      operationId: 'issueCredential',
      summary: 'Délivrer un badge',
      description:
        'Badge de compétence (par une structure) ou de bloc (par le hub). `achievement` : clé `abecedaire/1.0.0/competences/A1` ou URL d’un badge de cette instance. / Issues a competence or block credential.',
      tag: 'Badges',
      access: ISSUING_ROLES,
      headers: [IDEMPOTENCY_KEY],
      body: 'IssueCredentialRequest',
      responses: {
        '201': json('Badge délivré.', ref('IssuedCredential')),
        '200': json('Déjà délivré avec cette Idempotency-Key.', ref('IssuedCredential')),
      },
    },
    {
      method: 'get',
      path: '/api/v1/credentials/{id}',
      operationId: 'getCredential',
      summary: 'Un badge délivré et son statut',
      tag: 'Badges',
      access: ISSUING_ROLES,
      params: idParam,
      responses: { '200': json('Badge.', ref('CredentialRecord')) },
    },
    ...(
      [
        ['revoke', 'revokeCredential', 'Révoquer un badge (définitif)'],
        ['suspend', 'suspendCredential', 'Suspendre un badge (médiateurs seulement)'],
        ['reinstate', 'reinstateCredential', 'Rétablir un badge suspendu (un nouveau badge le remplace)'],
      ] as const
    ).map(
      ([action, operationId, summary]): Spec => ({
        method: 'post',
        path: `/api/v1/credentials/{id}/${action}`,
        operationId,
        summary,
        tag: 'Badges',
        access: ISSUING_ROLES,
        params: idParam,
        body: 'ReasonRequest',
        responses: { '200': json('Nouveau statut.', ref('CredentialStatus')) },
      }),
    ),
    {
      method: 'post',
      path: '/api/v1/issuers/{slug}/keys/rotate',
      operationId: 'rotateIssuerKey',
      summary: 'Nouvelle clé de signature pour un émetteur',
      description: 'Les badges déjà signés restent valides. / Credentials already signed stay valid.',
      tag: 'Émetteurs',
      access: ORG_ADMINS,
      params: slugParam,
      responses: { '201': json('Nouvelle clé active.', ref('SigningKey')) },
    },
    {
      method: 'post',
      path: '/api/v1/issuers/{slug}/keys/{fragment}/compromised',
      operationId: 'declareIssuerKeyCompromised',
      summary: 'Déclarer une clé compromise',
      description: 'Tout ce que cette clé a signé devient invalide. / Everything the key signed becomes invalid.',
      tag: 'Émetteurs',
      access: ORG_ADMINS,
      params: fragmentParam,
      body: 'ReasonRequest',
      responses: { '200': json('Clé déclarée compromise.', ref('SigningKey')) },
    },

    // --- learners
    {
      method: 'get',
      path: '/api/v1/structures/{slug}/learners',
      operationId: 'listLearners',
      summary: 'Les personnes accompagnées d’une structure',
      tag: 'Personnes accompagnées',
      access: LEARNER_ROLES,
      params: slugParam,
      responses: { '200': json('Personnes accompagnées.', arrayOf(ref('LearnerSummary'))) },
    },
    {
      method: 'post',
      path: '/api/v1/structures/{slug}/learners',
      operationId: 'createLearner',
      summary: 'Enregistrer une personne accompagnée (avec son accord)',
      tag: 'Personnes accompagnées',
      access: LEARNER_ROLES,
      params: slugParam,
      body: 'CreateLearnerRequest',
      responses: { '201': json('Personne enregistrée.', object({ id: str, publicId: str })) },
    },
    {
      method: 'get',
      path: '/api/v1/learners/{id}',
      operationId: 'getLearner',
      summary: 'Où en est une personne accompagnée',
      tag: 'Personnes accompagnées',
      access: LEARNER_ROLES,
      params: idParam,
      responses: { '200': json('Progression, badges, ce qui est obtenu.', ref('Learner')) },
    },
    {
      method: 'post',
      path: '/api/v1/learners/{id}/evaluations',
      operationId: 'recordEvaluation',
      summary: 'Enregistrer un positionnement ou une évaluation',
      description:
        'Délivre aussitôt ce qui est obtenu si la structure l’a réglé ainsi. / Issues what is earned when the structure chose automatic issuing.',
      tag: 'Personnes accompagnées',
      access: LEARNER_ROLES,
      params: idParam,
      body: 'EvaluationRequest',
      responses: { '201': json('Évaluation enregistrée.', object({ id: str, issued: arrayOf(ref('IssuedSummary')) })) },
    },
    {
      method: 'post',
      path: '/api/v1/learners/{id}/awards',
      operationId: 'issueEarned',
      summary: 'Délivrer ce que les règles accordent',
      tag: 'Personnes accompagnées',
      access: LEARNER_ROLES,
      params: idParam,
      responses: {
        '201': json('Badges délivrés.', object({ issued: arrayOf(ref('IssuedSummary')) })),
        '200': json('Rien de nouveau à délivrer.', object({ issued: arrayOf(ref('IssuedSummary')) })),
      },
    },
    {
      method: 'get',
      path: '/api/v1/learners/{id}/passport.pdf',
      operationId: 'getPassportPdf',
      summary: 'Le passeport numérique (PDF, badges signés joints)',
      tag: 'Personnes accompagnées',
      access: LEARNER_ROLES,
      params: idParam,
      responses: { '200': pdf('Le passeport PDF.') },
    },
    {
      method: 'post',
      path: '/api/v1/learners/{id}/holder-link',
      operationId: 'createHolderLink',
      summary: 'Créer le lien personnel secret (remplace l’ancien)',
      tag: 'Personnes accompagnées',
      access: LEARNER_ROLES,
      params: idParam,
      responses: { '201': json('Lien créé.', object({ url: uri })) },
    },
    {
      method: 'delete',
      path: '/api/v1/learners/{id}/holder-link',
      operationId: 'revokeHolderLink',
      summary: 'Désactiver le lien personnel',
      tag: 'Personnes accompagnées',
      access: LEARNER_ROLES,
      params: idParam,
      responses: { '204': noContent('Lien désactivé.') },
    },
    {
      method: 'get',
      path: '/api/v1/learners/{id}/export',
      operationId: 'exportLearner',
      summary: 'Export RGPD de toutes les données de la personne',
      tag: 'Personnes accompagnées',
      access: LEARNER_ROLES,
      params: idParam,
      responses: { '200': json('Toutes ses données.', { type: 'object' }) },
    },
    {
      method: 'delete',
      path: '/api/v1/learners/{id}',
      operationId: 'eraseLearner',
      summary: 'Effacer une personne (RGPD)',
      description:
        'Nom, e-mail, évaluations et notes supprimés ; les badges restent vérifiables et révocables. / Personal data erased; credentials stay verifiable.',
      tag: 'Personnes accompagnées',
      access: LEARNER_ROLES,
      params: idParam,
      responses: { '204': noContent('Données effacées.') },
    },
  ];
}

/** Request bodies, each generated from the zod schema its route validates with. */
function requestSchemas(): Record<string, JsonSchema> {
  const from = (schema: z.ZodType, description: string): JsonSchema => ({ ...jsonSchemaOf(schema), description });
  return {
    CreateApiTokenRequest: from(tokenNameSchema, 'Nom du jeton, pour le reconnaître. / A name to recognise the token.'),
    IssueCredentialRequest: from(
      issueSchema,
      'Badge à délivrer : `level` (un niveau de l’échelle du référentiel) ou `results` par compétence pour un bloc ; `issuer` si plusieurs organisations peuvent le délivrer. / Credential to issue.',
    ),
    ReasonRequest: from(reasonSchema, 'Raison, inscrite au journal d’audit. / Reason, kept in the audit log.'),
    CreateLearnerRequest: from(
      newLearnerSchema,
      'Le minimum : un nom et l’accord de la personne (`consent`). / A name and the person’s consent.',
    ),
    EvaluationRequest: from(
      evaluationSchema,
      'Positionnement ou évaluation : un niveau par compétence observée. / One level per observed competence.',
    ),
  };
}

function securityOf(access: Access): Record<string, string[]>[] {
  if (access === 'public') return [];
  if (access === 'setup-token') return [{ setupToken: [] }];
  return [{ bearerAuth: [] }, { sessionCookie: [] }];
}

function operationOf(spec: Spec): Operation {
  const roles = typeof spec.access === 'string' ? undefined : [...spec.access];
  const access =
    spec.access === 'public'
      ? 'Public.'
      : spec.access === 'setup-token'
        ? 'Secret d’installation.'
        : roles
          ? `Rôles : ${roles.join(', ')}.`
          : 'Compte connecté.';
  const parameters = [...(spec.params ? pathParameters(spec.path, spec.params) : []), ...(spec.headers ?? [])];
  if (!spec.params && /\{/.test(spec.path)) throw new Error(`OpenAPI: ${spec.path} needs its parameter schema`);
  return {
    operationId: spec.operationId,
    summary: spec.summary,
    description: spec.description ? `${access} ${spec.description}` : access,
    tags: [spec.tag],
    security: securityOf(spec.access),
    ...(parameters.length ? { parameters } : {}),
    ...(spec.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref(spec.body) }, ...(spec.extraContent ?? {}) },
          },
        }
      : {}),
    responses: { ...spec.responses, default: { $ref: '#/components/responses/Problem' } },
    ...(roles ? { 'x-jalon-roles': roles } : {}),
  };
}

/**
 * The OpenAPI 3.1 document of the JSON API, for an instance served at `publicUrl`: hono-openapi
 * reads the operations from the app's routes (`route()`, `params()`, `body()` in src/web/route.ts).
 */
export async function openApiDocument(app: Hono<AppEnv>, publicUrl: string): Promise<OpenApiDocument> {
  const base = documentBase(publicUrl);
  const generated = (await generateSpecs(app, {
    // Our document types are plain JSON shapes; hono-openapi's are openapi-types' (same JSON).
    documentation: base as unknown as NonNullable<Parameters<typeof generateSpecs>[1]>['documentation'],
    // Only the JSON API and the health check; pages validate their parameters the same way.
    exclude: [/^(?!\/api\/|\/healthz$)/],
    excludeStaticFile: false,
    // Every operation already answers `default: Problem` (a 422 `validation_failed` included).
    defaultValidationErrorResponse: false,
  })) as unknown as OpenApiDocument;
  const paths: OpenApiDocument['paths'] = generated.paths;
  for (const spec of specs()) {
    const item = paths[spec.path] ?? {};
    paths[spec.path] = item;
    if (item[spec.method]) throw new Error(`OpenAPI: ${spec.method.toUpperCase()} ${spec.path} listed twice`);
    item[spec.method] = operationOf(spec);
  }
  return {
    ...base,
    paths,
    components: {
      ...base.components,
      schemas: { ...generated.components.schemas, ...requestSchemas(), ...responseSchemas() },
    },
  };
}

/** What belongs to the document itself: description, servers, tags, the problem answer, security schemes. */
function documentBase(publicUrl: string): Omit<OpenApiDocument, 'paths'> {
  const secure = publicUrl.startsWith('https://');
  return {
    openapi: '3.1.0',
    info: {
      title: 'Jalon API',
      version: APP_VERSION,
      description:
        'API JSON de Jalon : référentiels de compétences, badges Open Badges 3.0 signés, vérification, personnes accompagnées et passeport numérique. ' +
        'Les erreurs sont au format problem+json (RFC 9457), en français par défaut. ' +
        'English: the JSON API of Jalon (competence frameworks, signed Open Badges 3.0 credentials, verification, learners and digital passport); errors are RFC 9457 problem+json, in English with `Accept-Language: en`.',
      license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
    },
    servers: [{ url: publicUrl }],
    tags: TAGS.map((t) => ({ ...t })),
    components: {
      schemas: {},
      responses: {
        Problem: {
          description:
            'Erreur (problem+json). 503 avec Retry-After quand la base de données est occupée par un autre processus : réessayer. / Error; a 503 with Retry-After when the database is busy: retry.',
          content: { 'application/problem+json': { schema: ref('Problem') } },
        },
      },
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description:
            'Jeton d’API (`jalon_…`) créé sur la page /compte ou par `POST /api/v1/tokens` : `Authorization: Bearer <jeton>`. Pas de jeton CSRF avec un jeton d’API. / API token created at /compte or with POST /api/v1/tokens.',
        },
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: secure ? '__Host-jalon_session' : 'jalon_session',
          description:
            'Session d’un navigateur (après connexion sur /connexion). Les méthodes POST, PUT, PATCH et DELETE exigent aussi l’en-tête `X-CSRF-Token` avec le jeton CSRF de la session. / Browser session; unsafe methods also need the `X-CSRF-Token` header.',
        },
        setupToken: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Jalon-Setup-Token',
          description: 'Secret JALON_SETUP_TOKEN, seulement pour `POST /api/v1/setup`. / The JALON_SETUP_TOKEN secret.',
        },
      },
    },
  };
}
