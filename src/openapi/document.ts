import type { Hono } from 'hono';
import { generateSpecs } from 'hono-openapi';
import { z } from 'zod';
import { APP_VERSION } from '../config.js';
import type { AppEnv } from '../context.js';
import type { Role } from '../db/schema.js';
import { ERROR_CODES, type ErrorCode } from '../errors.js';
import { TAGS } from '../web/route.js';
import { type JsonSchema, jsonSchemaOf } from './json-schema.js';

/**
 * The OpenAPI 3.1 description of the JSON API (`/api/v1/*`, `/healthz`, this document), served at
 * `/api/openapi.json`. Operations, parameters, request bodies and answers come from the routes
 * themselves (`route()`, `params()`, `body()` in src/web/route.ts, read by hono-openapi); this file
 * holds only what belongs to the document: its description, servers, tags, the problem answer every
 * operation may give, and the security schemes. Edge-safe: no fs, no node:*.
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

const problemText = z.object({ title: z.string(), detail: z.string() });

/** RFC 9457 problem details, as src/web/problem.tsx writes them for every error. */
export const problemSchema = z
  .object({
    type: z.url().meta({ description: 'Page qui explique le code : <url publique>/problems/<code>.' }),
    title: z.string(),
    status: z.int().min(400).max(599),
    detail: z.string(),
    code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
    requestId: z
      .string()
      .meta({ description: 'Référence de la requête, aussi dans l’en-tête X-Request-Id et les journaux.' }),
    i18n: z.object({ fr: problemText, en: problemText }),
    errors: z
      .array(
        z.object({
          path: z.string().meta({ description: 'Chemin pointé (`recipient.name`).' }),
          message: z.string().meta({ description: 'Dans la langue de la réponse. / In the answer’s language.' }),
        }),
      )
      .optional()
      .meta({ description: 'Champs invalides.' }),
  })
  .meta({
    description:
      'Erreur RFC 9457, en français par défaut (`title`, `detail` et les messages des champs en anglais avec `Accept-Language: en`), les deux langues dans `i18n`. / RFC 9457 problem details.',
  });
export type ProblemBody = z.infer<typeof problemSchema>;

/**
 * The OpenAPI 3.1 document of the JSON API, for an instance served at `publicUrl`, generated from
 * `app`'s routes.
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
  return {
    ...base,
    paths: generated.paths,
    components: { ...base.components, schemas: { ...generated.components.schemas, ...base.components.schemas } },
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
      schemas: { Problem: jsonSchemaOf(problemSchema, 'output') },
      responses: {
        Problem: {
          description: 'Erreur (problem+json). / Error.',
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
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
