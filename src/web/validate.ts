import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';

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
