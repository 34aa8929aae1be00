import '../lib/zod-fr.js';
import { MaxPartsExceededError, parseMultipartRequest } from '@remix-run/multipart-parser';
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import { AppError, invalid, type FieldError } from '../errors.js';
import { JsonLimitError, parseJsonBounded } from '../lib/json.js';

/** Turns zod issues into field errors with dotted paths (`entries.3.competences.0.code`). */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

export function parseWith<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  const result = schema.safeParse(data);
  if (!result.success) throw invalid(fieldErrors(result.error));
  return result.data;
}

/** JSON bodies: the body limit bounds the size; nesting is bounded here, before zod walks the value. */
export const JSON_BODY_LIMITS = { maxChars: 10 * 1024 * 1024, maxDepth: 64 };

/**
 * The one place a JSON request body is read (readJson and the `body()` validator of web/route.ts):
 * wrong content type → 415, unreadable JSON → 400 `invalid_json`, nesting beyond
 * JSON_BODY_LIMITS → 400, before anything walks the value. Errors the app raised while the body
 * was read (the body limit's 413) pass through.
 */
export async function readJsonBody(c: AppContext): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/([\w.-]+\+)?json\s*(;|$)/i.test(type)) {
    throw new AppError('unsupported_media_type', {
      fr: 'Envoyez un corps JSON (Content-Type: application/json).',
      en: 'Send a JSON body (Content-Type: application/json).',
    });
  }
  try {
    return parseJsonBounded(await c.req.text(), JSON_BODY_LIMITS);
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (err instanceof JsonLimitError)
      throw new AppError('bad_request', {
        fr: `Le JSON envoyé est trop imbriqué (plus de ${JSON_BODY_LIMITS.maxDepth} niveaux).`,
        en: `The JSON sent is nested too deeply (over ${JSON_BODY_LIMITS.maxDepth} levels).`,
      });
    throw new AppError('invalid_json', {
      fr: 'Le corps de la requête n’est pas du JSON valide.',
      en: 'The request body is not valid JSON.',
    });
  }
}

/** Reads a JSON request body (see readJsonBody), then validates it. */
export async function readJson<S extends z.ZodType>(c: AppContext, schema: S): Promise<z.output<S>> {
  const body = await readJsonBody(c);
  return parseWith(schema, body);
}

export type FormBody = Record<string, string | File | (string | File)[]>;

export function unreadableBody(): AppError {
  return new AppError('bad_request', {
    fr: 'Le contenu envoyé est illisible (formulaire ou fichier mal formé).',
    en: 'The request body is unreadable (malformed form or file).',
  });
}

function isMultipartType(type: string | undefined): boolean {
  return (type ?? '').toLowerCase().startsWith('multipart/form-data');
}

export function isFormType(type: string | undefined): boolean {
  const t = (type ?? '').toLowerCase();
  return t.startsWith('application/x-www-form-urlencoded') || t.startsWith('multipart/form-data');
}

/**
 * Shape bounds of a multipart body. Its size is bounded before it is read, by the app's body limit
 * (app.ts: 10 MB, 32 MB for bulk verification); the per-part and total bounds here only sit above it,
 * instead of the parser's own defaults (2 MB a file), which would refuse what the body limit allows.
 */
const MULTIPART_BOUNDS = {
  maxHeaderSize: 8 * 1024,
  /** 1,000 files of a bulk verification, with room for its other fields. */
  maxParts: 1_100,
  maxFileSize: 32 * 1024 * 1024,
  maxTotalSize: 32 * 1024 * 1024,
};

/**
 * Browsers write `"`, CR and LF of field and file names as %22, %0D and %0A in a multipart body; the
 * Fetch standard's multipart/form-data parser turns them back (https://fetch.spec.whatwg.org/#multipart-form-data-parser),
 * as `Request.formData()` does. The parser used here leaves the header's text as it is.
 */
function unescapeFormName(name: string): string {
  return name.replace(/%0A|%0D|%22/g, (code) => (code === '%0A' ? '\n' : code === '%0D' ? '\r' : '"'));
}

/**
 * A multipart body read as it arrives: each chunk is scanned for the boundary when it comes, so an
 * upload of several megabytes never holds the event loop for one long parse; each file's bytes are
 * copied once, into its `File`. (Parsing the whole buffered body at once, as `Request.formData()` does
 * on Node, copies an 8 MB upload four times in one stretch: ~100-250 ms during which the server
 * answered no one.)
 */
async function readMultipart(request: Request): Promise<FormData> {
  const form = new FormData();
  for await (const part of parseMultipartRequest(request, MULTIPART_BOUNDS)) {
    const name = part.name === undefined ? undefined : unescapeFormName(part.name);
    if (name === undefined) continue;
    if (part.isFile)
      form.append(
        name,
        new File(part.content as Uint8Array<ArrayBuffer>[], unescapeFormName(part.filename ?? ''), {
          type: part.mediaType ?? '',
        }),
      );
    else form.append(name, part.text);
  }
  return form;
}

/**
 * The one place a form body (urlencoded or multipart) is read: every route, the CSRF check and any
 * validator hook go through it, so that a malformed body (broken multipart boundary, truncated
 * upload, bad encoding) is a 400 problem, never a 500. Errors the app raised while the body was
 * read (the body limit's 413) pass through. A multipart body is parsed once, as it arrives, and kept
 * where Hono looks for it (`bodyCache.formData`: its form validator and `parseBody` reuse it).
 */
export async function readFormBody(c: AppContext): Promise<FormBody> {
  try {
    const cache = c.req.bodyCache;
    if (!cache.formData && !cache.arrayBuffer && isMultipartType(c.req.header('content-type')))
      cache.formData = await readMultipart(c.req.raw);
    return (await c.req.parseBody({ all: true })) as FormBody;
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (err instanceof MaxPartsExceededError)
      throw new AppError('payload_too_large', {
        fr: `Le formulaire compte trop de parties (plus de ${MULTIPART_BOUNDS.maxParts}).`,
        en: `The form has too many parts (over ${MULTIPART_BOUNDS.maxParts}).`,
      });
    throw unreadableBody();
  }
}

/** The last value of a field (forms repeat names for checkbox groups). */
export function lastValue(value: FormBody[string] | undefined): string | File | undefined {
  return Array.isArray(value) ? value[value.length - 1] : value;
}

/** Reads an HTML form (urlencoded or multipart) as plain string fields (files excluded). */
export async function readForm(c: AppContext): Promise<Record<string, string>> {
  if (!isFormType(c.req.header('content-type'))) {
    throw new AppError('unsupported_media_type', { fr: 'Envoyez un formulaire.', en: 'Send a form.' });
  }
  const body = await readFormBody(c);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    const v = Array.isArray(value) ? value[value.length - 1] : value;
    if (typeof v === 'string') out[key] = v;
  }
  return out;
}

/** Like readForm but keeps repeated fields (checkbox groups) as arrays. */
export async function readFormAll(c: AppContext): Promise<Record<string, string[]>> {
  if (!isFormType(c.req.header('content-type'))) {
    throw new AppError('unsupported_media_type', { fr: 'Envoyez un formulaire.', en: 'Send a form.' });
  }
  const body = await readFormBody(c);
  const out: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(body)) {
    const list = Array.isArray(value) ? value : [value];
    out[key] = list.filter((v): v is string => typeof v === 'string');
  }
  return out;
}
