import type { Context } from 'hono';
import { wantsHtml } from '../auth/access.js';
import type { AppEnv } from '../context.js';
import { AppError, type FieldError, invalid } from '../errors.js';
import { credentialUrl, type Issued } from '../issuing/service.js';
import { formErrorsOr } from '../web/route.js';
import type { IssuedSummary } from './schemas.js';
import type { EvaluationValues } from './evaluation-views.js';

/**
 * What the learner routes share (they register no route here): reading the evaluation forms,
 * giving a form back with its errors, the passport answer, the summary of what was issued.
 */

type Fields = Record<string, string[]>;

/** A field's last value ('' when absent). */
export const first = (fields: Fields, key: string) => fields[key]?.[fields[key]!.length - 1] ?? '';

export const today = <E extends AppEnv>(c: Context<E>) => c.var.deps.clock().toISOString().slice(0, 10);

/** `niveau.<code>` = level (or empty for "not assessed"), `note.<code>` = optional note. */
function itemsFromForm(fields: Fields) {
  return Object.keys(fields)
    .filter((k) => k.startsWith('niveau.') && first(fields, k))
    .slice(0, 201)
    .map((k) => {
      const code = k.slice('niveau.'.length);
      const note = first(fields, `note.${code}`).trim();
      return { code, level: first(fields, k), ...(note ? { evidenceNote: note } : {}) };
    });
}

/** The evaluation form's fields as the evaluation schema reads them. */
export const evaluationShape = (fields: Fields) => ({
  method: first(fields, 'method'),
  date: first(fields, 'date'),
  items: itemsFromForm(fields),
  deviceKey: first(fields, 'deviceKey'),
});

/** What was typed in an evaluation form, to show it again with the errors. */
export function evaluationValues(fields: Fields): EvaluationValues {
  const levels: Record<string, string> = {};
  const notes: Record<string, string> = {};
  for (const key of Object.keys(fields)) {
    if (key.startsWith('niveau.')) levels[key.slice('niveau.'.length)] = first(fields, key);
    if (key.startsWith('note.')) notes[key.slice('note.'.length)] = first(fields, key);
  }
  return {
    date: first(fields, 'date'),
    method: first(fields, 'method'),
    levels,
    notes,
    deviceKey: first(fields, 'deviceKey'),
  };
}

/** Browsers get the form back with the errors; other clients get problem+json. */
export function formOrProblem<E extends AppEnv>(c: Context<E>, errors: FieldError[]): FieldError[] {
  if (!wantsHtml(c)) throw invalid(errors);
  return errors;
}

/** Errors a service found in what was typed (unknown level, future date) go back to a browser's form too. */
export async function orFormErrors<R, E extends AppEnv>(
  c: Context<E>,
  run: () => Promise<R>,
): Promise<{ ok: R } | { errors: FieldError[] }> {
  try {
    return { ok: await run() };
  } catch (err) {
    return { errors: formErrorsOr(c, err) };
  }
}

/** The passport PDF, shown in the browser; before any valid badge there is nothing to show. */
export function pdfResponse<E extends AppEnv>(
  c: Context<E>,
  file: { pdf: Uint8Array; filename: string } | null,
): Response {
  if (!file) {
    throw new AppError('not_found', {
      fr: 'Pas encore de relevé : aucun badge valable n’a été délivré à cette personne.',
      en: 'No record yet: no valid badge has been issued to this person.',
    });
  }
  return c.body(file.pdf as Uint8Array<ArrayBuffer>, 200, {
    'content-type': 'application/pdf',
    'content-disposition': `inline; filename="${file.filename}"`,
    'cache-control': 'no-store',
  });
}

export function issuedSummary<E extends AppEnv>(c: Context<E>, issued: Issued[]): IssuedSummary[] {
  return issued.map((i) => ({
    id: i.credential.id,
    url: credentialUrl(c.var.deps, i.row.id),
    achievement: i.row.achievementId,
    kind: i.row.achievementKind,
    level: i.row.level,
  }));
}
