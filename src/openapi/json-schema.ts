import { z } from 'zod';

export type JsonSchema = { [key: string]: unknown };

/**
 * Form values: a field that reads both JSON and HTML forms starts with `z.preprocess`, because an
 * empty form field is the empty string. zod's JSON Schema generator cannot see inside the
 * preprocessing function and would emit the inner schema only, rejecting inputs the route accepts.
 * Such fields are built with the helpers below, which register the JSON Schema they really accept;
 * any other preprocessed field makes generation throw, so it cannot go undocumented.
 */
const PREPROCESSED = new WeakMap<z.ZodType, (inner: JsonSchema) => JsonSchema>();

function register<S extends z.ZodType>(schema: S, describe: (inner: JsonSchema) => JsonSchema): S {
  PREPROCESSED.set(schema, describe);
  return schema;
}

/** An optional field where the empty string (an empty form field) means absent. */
export function emptyAsAbsent<S extends z.ZodType>(inner: S) {
  return register(
    z.preprocess((v) => (v === '' ? undefined : v), inner.optional()),
    (json) => ({
      anyOf: [json, { const: '' }],
      description: 'Chaîne vide = absent (valeur de formulaire). / An empty string means absent.',
    }),
  );
}

/** An optional integer that a form sends as digits (`"1990"`), or empty. */
export function optionalFormInteger(inner: z.ZodNumber, pattern: string, description: string) {
  return register(
    z.preprocess((v) => (v === '' || v === undefined ? undefined : Number(v)), inner.optional()),
    (json) => ({ anyOf: [json, { type: 'string', pattern }, { const: '' }], description }),
  );
}

/**
 * A value whose TypeScript type is richer than what zod should check again (an Open Badges
 * credential our own code built and signed): only an object check at run time, and the JSON Schema
 * given here in the document.
 */
export function opaque<T>(id: string, json: JsonSchema) {
  const base = z.custom<T>((v) => typeof v === 'object' && v !== null && !Array.isArray(v));
  const schema = base.meta({ id, description: json.description as string | undefined });
  // zod also visits the schema `.meta()` was called on.
  OPAQUE.set(base, json);
  OPAQUE.set(schema, json);
  return schema;
}
const OPAQUE = new WeakMap<z.ZodType, JsonSchema>();

/** Options for `z.toJSONSchema` (and hono-openapi's resolver): our overrides, nothing unrepresentable left silent. */
export const jsonSchemaOptions = (io: 'input' | 'output') =>
  ({ io, unrepresentable: 'any', override: jsonSchemaOverride }) as const;

/** `override` for `z.toJSONSchema` (and hono-openapi's resolver options). */
export function jsonSchemaOverride(ctx: {
  zodSchema: unknown;
  jsonSchema: JsonSchema;
  path: (string | number)[];
}): void {
  const def = (ctx.zodSchema as { _zod: { def: { type: string; in?: { _zod: { def: { type: string } } } } } })._zod.def;
  if (def.type === 'date') {
    ctx.jsonSchema.type = 'string';
    ctx.jsonSchema.format = 'date-time';
    return;
  }
  if (def.type === 'custom') {
    const json = OPAQUE.get(ctx.zodSchema as z.ZodType);
    if (!json) throw new Error(`OpenAPI: custom schema at ${ctx.path.join('.') || '(root)'} has no JSON Schema`);
    Object.assign(ctx.jsonSchema, json);
    return;
  }
  if (def.type !== 'pipe' || def.in?._zod.def.type !== 'transform') return;
  const replace = PREPROCESSED.get(ctx.zodSchema as z.ZodType);
  if (!replace)
    throw new Error(`OpenAPI: preprocessed field at ${ctx.path.join('.') || '(root)'} has no explicit JSON Schema`);
  const inner = { ...ctx.jsonSchema };
  for (const key of Object.keys(ctx.jsonSchema)) delete ctx.jsonSchema[key];
  Object.assign(ctx.jsonSchema, replace(inner));
}

/** A zod schema as an OpenAPI 3.1 Schema Object (JSON Schema draft 2020-12). */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', ...jsonSchemaOptions(io) }) as JsonSchema;
  // OpenAPI 3.1's default dialect is already draft 2020-12.
  delete json.$schema;
  return json;
}
