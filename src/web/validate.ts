import '../lib/zod-fr.js';
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import { AppError, invalid, type FieldError } from '../errors.js';

/** Turns zod issues into field errors with dotted paths (`entries.3.competences.0.code`). */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

export function parseWith<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  const result = schema.safeParse(data);
  if (!result.success) throw invalid(fieldErrors(result.error));
  return result.data;
}

/** Reads a JSON request body: wrong content type → 415, unreadable JSON → 400, then validates. */
export async function readJson<S extends z.ZodType>(c: AppContext, schema: S): Promise<z.output<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(.+\+)?json\b/.test(type)) {
    throw new AppError('unsupported_media_type', {
      fr: 'Envoyez un corps JSON (Content-Type: application/json).',
      en: 'Send a JSON body (Content-Type: application/json).',
    });
  }
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new AppError('invalid_json', {
      fr: 'Le corps de la requête n’est pas du JSON valide.',
      en: 'The request body is not valid JSON.',
    });
  }
  return parseWith(schema, body);
}

/** Reads an HTML form (urlencoded or multipart) as plain string fields (files excluded). */
export async function readForm(c: AppContext): Promise<Record<string, string>> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) {
    throw new AppError('unsupported_media_type', { fr: 'Envoyez un formulaire.', en: 'Send a form.' });
  }
  const body = await c.req.parseBody({ all: true });
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    const v = Array.isArray(value) ? value[value.length - 1] : value;
    if (typeof v === 'string') out[key] = v;
  }
  return out;
}

/** Like readForm but keeps repeated fields (checkbox groups) as arrays. */
export async function readFormAll(c: AppContext): Promise<Record<string, string[]>> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) {
    throw new AppError('unsupported_media_type', { fr: 'Envoyez un formulaire.', en: 'Send a form.' });
  }
  const body = await c.req.parseBody({ all: true });
  const out: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(body)) {
    const list = Array.isArray(value) ? value : [value];
    out[key] = list.filter((v): v is string => typeof v === 'string');
  }
  return out;
}
