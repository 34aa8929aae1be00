import '../lib/zod-fr.js';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { Context, MiddlewareHandler, ValidationTargets } from 'hono';
import { createMiddleware } from 'hono/factory';
import { type DescribeRouteOptions, describeRoute, resolver, uniqueSymbol, validator } from 'hono-openapi';
import { validator as honoValidator } from 'hono/validator';
import type { OpenAPIV3_1 } from 'openapi-types';
import { z } from 'zod';
import { en } from 'zod/locales';
import { type Access, allow, type GuardMiddleware } from '../auth/access.js';
import type { AppContext, AppEnv } from '../context.js';
import { AppError, type FieldError, invalid } from '../errors.js';
import { jsonSchemaOptions } from '../openapi/json-schema.js';
import { wantsHtml } from './negotiate.js';
import { isFormType, lastValue, readForm, readFormAll, readFormBody, readJsonBody } from './validate.js';

/**
 * The house pattern for routes (see ARCHITECTURE.md, "Adding a route"):
 *
 *   app.post('/api/v1/things/:slug',
 *     route({ access: roles('hub-admin'), operationId, summary, tag, responses: { 201: json('Créé.', thingSchema) } }),
 *     params(slugParam),
 *     body(newThingSchema),
 *     async (c) => c.json(toThing(await service.create(...)) satisfies Thing, 201));
 *
 * `route()` is ONE middleware that is both the `allow(...)` guard and the OpenAPI description
 * (hono-openapi's `describeRoute`): the access rule is written once and read by the guard, by the
 * generated document (security, `x-jalon-roles`) and by the authorization matrix test. The
 * validators feed `c.req.valid(...)` and, for `/api` paths, the document's parameters and bodies.
 */

export const TAGS = [
  { name: 'Service', description: 'État du service et description de l’API. / Service health and API description.' },
  { name: 'Compte', description: 'Compte connecté et jetons d’API. / Signed-in account and API tokens.' },
  {
    name: 'Organisations',
    description: 'Hub, structures, équipes et invitations. / Hub, structures, teams and invitations.',
  },
  {
    name: 'Installation',
    description: 'Première installation sans console (Workers). / First set-up without a console.',
  },
  { name: 'Référentiels', description: 'Référentiels de compétences publiés. / Published competence frameworks.' },
  {
    name: 'Badges',
    description: 'Émission et statut des badges Open Badges 3.0. / Issuing and status of credentials.',
  },
  {
    name: 'Chiffres',
    description:
      'Chiffres des hubs et des structures, totaux seulement. / Figures of hubs and structures, totals only.',
  },
  { name: 'Émetteurs', description: 'Clés de signature des émetteurs. / Issuers’ signing keys.' },
  { name: 'Vérification', description: 'Vérifier un badge ou un passeport. / Verify a badge or a passport.' },
  {
    name: 'Label',
    description:
      'Label régional : fiche des lieux, registre des lieux labellisés (JSON, CSV données ouvertes). / Regional label and registry.',
  },
  {
    name: 'Personnes accompagnées',
    description: 'Personnes accompagnées, évaluations, passeport. / Learners, evaluations, passport.',
  },
  {
    name: 'Certification des médiateurs',
    description:
      'Portfolio, demandes, examen par le comité du hub, badges de médiateur. / Mediator portfolio, applications, committee review.',
  },
] as const;
export type Tag = (typeof TAGS)[number]['name'];

/** One documented answer: JSON described by a zod schema, another media type, or no body. */
export interface Reply {
  description: string;
  /** A zod schema (converted on its output side) or a JSON Schema for non-JSON media. */
  schema?: z.ZodType | OpenAPIV3_1.SchemaObject;
  /** One media type, or several sharing the schema (a file that is a PDF, a PNG or a JPEG). */
  media?: string | string[];
  /** Other media types of the same answer, with their own schema (a JSON list that can also be a CSV file). */
  alsoMedia?: Record<string, OpenAPIV3_1.MediaTypeObject>;
  /** Response headers a client may rely on. */
  headers?: Record<string, OpenAPIV3_1.HeaderObject>;
}

export const json = (description: string, schema: z.ZodType): Reply => ({ description, schema });
export const noContent = (description: string): Reply => ({ description });
export const pdf = (description: string): Reply => ({
  description,
  media: 'application/pdf',
  schema: { type: 'string', format: 'binary', contentMediaType: 'application/pdf' },
});

export const csv = (description: string): Reply => ({
  description,
  media: 'text/csv',
  schema: { type: 'string', contentMediaType: 'text/csv' },
});

export interface RouteSpec {
  access: Access;
  /** camelCase, unique in the document. */
  operationId: string;
  summary: string;
  description?: string;
  tag: Tag;
  /** Header (or other non-path) parameters; path parameters come from `params(...)`. */
  parameters?: OpenAPIV3_1.ParameterObject[];
  /** Extra request media beside the JSON body of `body(...)` (multipart uploads). */
  requestContent?: Record<string, OpenAPIV3_1.MediaTypeObject>;
  responses: Partial<Record<200 | 201 | 202 | 204, Reply>>;
}

/** Response schemas are described on their output side (what the handler sends). */
const OUTPUT = { options: jsonSchemaOptions('output') } as const;
/** Request schemas on their input side (what a client may send), form values included. */
const INPUT = { options: jsonSchemaOptions('input') } as const;

function securityOf(access: Access): OpenAPIV3_1.SecurityRequirementObject[] {
  if (access.kind === 'public' || access.kind === 'holder-link') return [];
  if (access.kind === 'setup-token') return [{ setupToken: [] }];
  return [{ bearerAuth: [] }, { sessionCookie: [] }];
}

function accessText(access: Access): string {
  switch (access.kind) {
    case 'public':
      return 'Public.';
    case 'holder-link':
      return 'Lien secret du titulaire.';
    case 'setup-token':
      return 'Secret d’installation.';
    case 'signed-in':
      return 'Compte connecté.';
    case 'role':
      return `Rôles : ${access.roles.join(', ')}.`;
  }
}

function content(reply: Reply) {
  if (!reply.schema) return undefined;
  const schema = reply.schema instanceof z.ZodType ? resolver(reply.schema, OUTPUT) : reply.schema;
  const media = typeof reply.media === 'string' ? [reply.media] : (reply.media ?? ['application/json']);
  return Object.fromEntries(media.map((m) => [m, { schema }]));
}

/** The route's guard and its OpenAPI operation, from one declaration. */
export function route(spec: RouteSpec): GuardMiddleware {
  const responses: NonNullable<DescribeRouteOptions['responses']> = {};
  for (const [status, reply] of Object.entries(spec.responses)) {
    const body = { ...content(reply), ...reply.alsoMedia };
    responses[status] = {
      description: reply.description,
      ...(Object.keys(body).length ? { content: body } : {}),
      ...(reply.headers ? { headers: reply.headers } : {}),
    };
  }
  responses.default = { $ref: '#/components/responses/Problem' };
  const access = spec.access;
  const operation = {
    operationId: spec.operationId,
    summary: spec.summary,
    description: spec.description ? `${accessText(access)} ${spec.description}` : accessText(access),
    tags: [spec.tag],
    security: securityOf(access),
    ...(spec.parameters ? { parameters: spec.parameters } : {}),
    ...(spec.requestContent ? { requestBody: { required: true, content: spec.requestContent } } : {}),
    responses,
    ...(access.kind === 'role' ? { 'x-jalon-roles': [...access.roles] } : {}),
  } satisfies DescribeRouteOptions & { 'x-jalon-roles'?: string[] };
  const described = describeRoute(operation) as MiddlewareHandler & { [uniqueSymbol]: unknown };
  return Object.assign(allow(access), { [uniqueSymbol]: described[uniqueSymbol] });
}

// --- scope before validation

/** The app's variables and what a scoping middleware adds for the handler. */
export type Scoped<V> = { Variables: AppEnv['Variables'] & V };

/**
 * Organisation scoping of the path's resource, placed BEFORE `body(...)`/`form(...)`: `find`
 * throws 403/404 to someone who may not see the resource, so that they never get the validation
 * details of its form; what it finds is `c.var[key]` for the handler.
 */
export function scope<K extends string, V>(key: K, find: (c: AppContext) => Promise<V>) {
  return createMiddleware<Scoped<Record<K, V>>>(async (c, next) => {
    // The app's context with more variables; Hono cannot resolve `set` for a generic key.
    const found = await find(c as unknown as AppContext);
    (c as unknown as { set(key: K, value: V): void }).set(key, found);
    await next();
  });
}

// --- validation: one hook for every target

/** zod's built-in messages in English, for the `en` side of field errors. */
const english = en().localeError;

/** Dotted path of a Standard Schema issue (`entries.3.competences.0.code`). */
function pathOf(issue: StandardSchemaV1.Issue): string {
  return (issue.path ?? []).map((p) => String(typeof p === 'object' ? p.key : p)).join('.');
}

/**
 * Field errors in French (zod's messages are configured in French, see lib/zod-fr.ts) with their
 * English wording: the value is parsed a second time with English messages, which only runs on a
 * failed request. A message a schema wrote itself stays as written in both languages.
 */
export function fieldErrorsOf(schema: z.ZodType, value: unknown, issues: readonly StandardSchemaV1.Issue[]) {
  const inEnglish = schema.safeParse(value, { error: english });
  const enByPath = new Map<string, string>();
  if (!inEnglish.success) for (const i of inEnglish.error.issues) enByPath.set(pathOf(i), i.message);
  return issues.map((i): FieldError => {
    const path = pathOf(i);
    const en = enByPath.get(path);
    return { path, message: i.message, ...(en && en !== i.message ? { en } : {}) };
  });
}

function hookFor(schema: z.ZodType) {
  return (result: { success: boolean; data: unknown; error?: readonly StandardSchemaV1.Issue[] }) => {
    if (!result.success) throw invalid(fieldErrorsOf(schema, result.data, result.error ?? []));
  };
}

type Documented = { [uniqueSymbol]: unknown };

function documentedValidator<S extends z.ZodType, T extends keyof ValidationTargets>(target: T, schema: S) {
  return validator(target, schema, hookFor(schema), INPUT);
}

/**
 * Validates a value only known inside the handler (a field whose meaning depends on another): the
 * same 422 `validation_failed` as the validators, with French and English messages.
 */
export function check<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalid(fieldErrorsOf(schema, value, result.error.issues));
  return result.data;
}

/** Path parameters (`:slug`, `:id`): a bad one is a 422 `validation_failed`. */
export function params<S extends z.ZodType>(schema: S) {
  return documentedValidator('param', schema);
}

/** Query string parameters. */
export function query<S extends z.ZodType>(schema: S) {
  return documentedValidator('query', schema);
}

/**
 * A JSON request body: another content type is a 415, unreadable JSON a 400 `invalid_json`, then
 * the schema (422 `validation_failed`). The problem+json answers are the app's, never Hono's.
 * `alsoMultipart`: an upload form is accepted too and left to the handler (which reads it first,
 * so `c.req.valid('json')` is only read for JSON requests).
 */
export function body<S extends z.ZodType>(schema: S, options: { alsoMultipart?: boolean } = {}) {
  const inner = documentedValidator('json', schema);
  const guarded: typeof inner = async (c, next) => {
    if (options.alsoMultipart && isMultipart(c)) return next();
    await readableJson(c);
    return inner(c, next);
  };
  return Object.assign(guarded, { [uniqueSymbol]: (inner as unknown as Documented)[uniqueSymbol] });
}

export const isMultipart = (c: Context) => (c.req.header('content-type') ?? '').startsWith('multipart/form-data');

async function readableJson(c: Context): Promise<void> {
  // The shared reader (content type, bounded size and depth); Hono keeps the body for the validator.
  await readJsonBody(c as AppContext);
}

/**
 * Hono's form validator, with the body read first through readFormBody: Hono's own reading would
 * buffer a multipart body and parse it in one stretch; read first, the body is parsed as it arrives
 * and Hono's validator reuses the result.
 */
function formValidator<V>(inner: V): V {
  const validate = inner as unknown as MiddlewareHandler;
  const guarded: MiddlewareHandler = async (c, next) => {
    if (isFormType(c.req.header('content-type'))) await readFormBody(c as AppContext);
    return validate(c, next);
  };
  // The same middleware type as Hono's validator: routes read `c.req.valid('form')` as typed there.
  return guarded as unknown as V;
}

/**
 * An HTML form whose errors are shown as a problem page (hidden fields, buttons). Fields are
 * strings (the last value of a repeated field); files are ignored. Not part of the JSON API, so
 * not documented.
 */
export function form<S extends z.ZodType>(schema: S) {
  const validate = honoValidator('form', async (_value, c: AppContext) => {
    const values = await readForm(c);
    const result = schema.safeParse(values);
    if (!result.success) throw invalid(fieldErrorsOf(schema, values, result.error.issues));
    return result.data as z.output<S>;
  });
  return formValidator(validate);
}

/**
 * What `formWithErrors` hands the handler: the data, or the errors; and what was typed, to show
 * the form again (`values`: one value per field; `all`: every value, for checkbox groups).
 */
export type FormResult<T> = (
  | { ok: true; data: T; errors?: undefined }
  | { ok: false; data?: undefined; errors: FieldError[] }
) & { values: Record<string, string>; all: Record<string, string[]> };

/**
 * An HTML form that is shown again with its errors and what was typed (the handler decides).
 * `shape` turns the fields (every value of each) into what the schema checks, as with `formAll`.
 */
export function formWithErrors<S extends z.ZodType>(
  schema: S,
  shape: (fields: Record<string, string[]>) => unknown = lastValues,
) {
  const validate = honoValidator('form', async (_value, c: AppContext): Promise<FormResult<z.output<S>>> => {
    const all = await readFormAll(c);
    const values = lastValues(all);
    const input = shape(all);
    const result = schema.safeParse(input);
    return result.success
      ? { ok: true, data: result.data, values, all }
      : { ok: false, errors: fieldErrorsOf(schema, input, result.error.issues), values, all };
  });
  return formValidator(validate);
}

/** One value per field: the last one sent. */
export function lastValues(all: Record<string, string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, list] of Object.entries(all)) if (list.length > 0) out[key] = list[list.length - 1]!;
  return out;
}

/**
 * The field errors of a validation problem raised by a service, for a browser's form to show
 * again; any other error, or the same for another client, goes on to the error handler.
 */
export function formErrorsOr(c: Context, err: unknown): FieldError[] {
  if (err instanceof AppError && (err.code === 'validation_failed' || err.code === 'criterion_unmet') && wantsHtml(c)) {
    return err.extra.errors ?? [{ path: '', message: err.detail.fr, en: err.detail.en }];
  }
  throw err;
}

/**
 * A form whose fields need shaping before validation (checkbox groups, one field per competence):
 * `shape` turns every field's values into the input the schema checks. Errors as with `form`.
 */
export function formAll<S extends z.ZodType>(schema: S, shape: (fields: Record<string, string[]>) => unknown) {
  const validate = honoValidator('form', async (_value, c: AppContext) => {
    const values = shape(await readFormAll(c));
    const result = schema.safeParse(values);
    if (!result.success) throw invalid(fieldErrorsOf(schema, values, result.error.issues));
    return result.data as z.output<S>;
  });
  return formValidator(validate);
}

/** A form's fields as one value each: the last text, or a file (a file input left empty is absent). */
async function uploadFields(c: AppContext): Promise<Record<string, string | File>> {
  if (!isFormType(c.req.header('content-type'))) {
    throw new AppError('unsupported_media_type', { fr: 'Envoyez un formulaire.', en: 'Send a form.' });
  }
  const out: Record<string, string | File> = {};
  for (const [key, value] of Object.entries(await readFormBody(c))) {
    const last = lastValue(value);
    if (typeof last === 'string' || (last !== undefined && last.size > 0)) out[key] = last;
  }
  return out;
}

/**
 * A form that may carry files (multipart, or urlencoded without them): each field is its last
 * value, files are `File`s for the schema to accept (`z.instanceof(File)`). Errors as with `form`;
 * not documented (an API operation describes its upload with `requestContent`).
 */
export function upload<S extends z.ZodType>(schema: S) {
  const validate = honoValidator(
    'form',
    async (_value, c: AppContext): Promise<z.output<S>> => check(schema, await uploadFields(c)),
  );
  return formValidator(validate);
}

/**
 * `upload` for some requests only: an API operation that takes JSON through `body(..., { alsoMultipart })`
 * reads its upload with `uploadIf(isMultipart, schema)`; other requests get `undefined`.
 */
export function uploadIf<S extends z.ZodType>(when: (c: Context) => boolean, schema: S) {
  const validate = honoValidator(
    'form',
    async (_value, c: AppContext): Promise<z.output<S> | undefined> =>
      when(c) ? check(schema, await uploadFields(c)) : undefined,
  );
  return formValidator(validate);
}
