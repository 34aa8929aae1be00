import type { FC } from 'hono/jsx';
import type { FieldError } from '../errors.js';
import { Csrf, useLang, useT } from '../web/render.js';
import type { ApplicationView } from './applications.js';
import { MAX_FILE_LABEL, sizeLabel } from './evidence.js';
import type { Portfolio } from './portfolio.js';
import type { Claim } from './rules.js';

/**
 * A competence's evidence: on the mediator's block page, what was given (each with its « Retirer »)
 * and the form to add a piece; on an application, a claim's evidence as the committee reads it.
 */

/** An evidence form sent back with its errors: what was typed, for the competence it was for. */
export interface EvidenceAgain {
  sent: { code: string; kind: string; text?: string | undefined; url?: string | undefined };
  errors: FieldError[];
}

const KINDS = [
  ['text', 'Texte', 'Text'],
  ['link', 'Lien', 'Link'],
  ['file', 'Fichier', 'File'],
] as const;

/** The evidence given for one competence, each piece with its button to remove it. */
export const EvidenceItems: FC<{ items: NonNullable<ReturnType<Portfolio['evidence']['get']>> }> = ({ items }) => {
  const t = useT();
  return (
    <ul class="plain-list evidence-list">
      {items.map((e) => (
        <li>
          <span class="evidence-what">
            <span class="tag">
              {e.kind === 'file' ? t('Fichier', 'File') : e.kind === 'link' ? t('Lien', 'Link') : t('Texte', 'Text')}
            </span>
            {e.kind === 'file' ? (
              <a href={`/certification/preuves/${e.id}`}>{e.fileName}</a>
            ) : e.kind === 'link' ? (
              <a href={e.url ?? '#'} rel="noopener noreferrer">
                {e.url}
              </a>
            ) : null}{' '}
            {e.text ? <span class="clamp">{e.text}</span> : null}
          </span>
          <form method="post" action={`/certification/preuves/${e.id}/suppression`}>
            <Csrf />
            <button type="submit" class="secondary">
              {t('Retirer', 'Remove')}
              <span class="visually-hidden"> {e.fileName ?? e.url ?? e.text?.slice(0, 40)}</span>
            </button>
          </form>
        </li>
      ))}
    </ul>
  );
};

/**
 * The form to add a piece of evidence to one competence, whose fields follow the kind chosen (text,
 * link or file; CSS only, every field shows without it); `sent` and `errors` when it came back.
 */
export const AddEvidence: FC<{
  code: string;
  open: boolean;
  sent?: EvidenceAgain['sent'] | undefined;
  errors: { text?: string | undefined; url?: string | undefined; file?: string | undefined };
}> = ({ code, open, sent, errors: err }) => {
  const t = useT();
  const kind = sent && KINDS.some(([k]) => k === sent.kind) ? sent.kind : 'text';
  return (
    <details class="add-evidence" open={open}>
      <summary>
        {t('Ajouter une preuve', 'Add evidence')} <span class="visually-hidden">{code}</span>
      </summary>
      <form method="post" action="/certification/preuves" enctype="multipart/form-data" class="stack evidence-form">
        <Csrf />
        <input type="hidden" name="code" value={code} />
        <fieldset class="kind-choice">
          <legend>
            {t('Type de preuve', 'Kind of evidence')} <span class="visually-hidden">{code}</span>
          </legend>
          <div class="segmented">
            {KINDS.map(([value, fr, en]) => (
              <>
                <input type="radio" name="kind" value={value} id={`kind-${code}-${value}`} checked={kind === value} />
                <label for={`kind-${code}-${value}`}>{t(fr, en)}</label>
              </>
            ))}
          </div>
        </fieldset>
        <div class="only-link">
          <label for={`url-${code}`}>{t('Adresse du lien', 'Link address')}</label>
          {err.url ? (
            <p class="field-error" id={`url-${code}-error`}>
              {err.url}
            </p>
          ) : null}
          <input
            type="url"
            id={`url-${code}`}
            name="url"
            inputmode="url"
            placeholder="https://"
            value={sent?.url}
            aria-invalid={err.url ? 'true' : undefined}
            aria-describedby={err.url ? `url-${code}-error` : undefined}
          />
        </div>
        <div class="only-file">
          <label for={`file-${code}`}>
            {t('Fichier PDF, PNG ou JPEG,', 'PDF, PNG or JPEG file,')} {MAX_FILE_LABEL} {t('au plus', 'at most')}
          </label>
          {err.file ? (
            <p class="field-error" id={`file-${code}-error`}>
              {err.file}
            </p>
          ) : null}
          <input
            type="file"
            id={`file-${code}`}
            name="file"
            accept="application/pdf,image/png,image/jpeg"
            aria-invalid={err.file ? 'true' : undefined}
            aria-describedby={err.file ? `file-${code}-error` : undefined}
          />
        </div>
        <div>
          <label for={`text-${code}`}>
            <span class="only-text">{t('Votre preuve, en quelques lignes', 'Your evidence, in a few lines')}</span>
            <span class="not-text">{t('Description (facultative)', 'Description (optional)')}</span>
          </label>
          {err.text ? (
            <p class="field-error" id={`text-${code}-error`}>
              {err.text}
            </p>
          ) : null}
          <textarea
            id={`text-${code}`}
            name="text"
            rows={3}
            maxlength={4000}
            aria-invalid={err.text ? 'true' : undefined}
            aria-describedby={err.text ? `text-${code}-error` : undefined}
          >
            {sent?.text}
          </textarea>
        </div>
        <button type="submit" class="secondary">
          {t('Ajouter la preuve', 'Add evidence')}
          <span class="visually-hidden"> {code}</span>
        </button>
      </form>
    </details>
  );
};

const FILE_TYPES: Record<string, string> = { 'application/pdf': 'PDF', 'image/png': 'PNG', 'image/jpeg': 'JPEG' };

/** A claim's evidence: text, link, or file with its type and size. */
export const EvidenceList: FC<{ evidence: Claim['evidence']; files: ApplicationView['files'] }> = ({
  evidence,
  files,
}) => {
  const t = useT();
  const lang = useLang();
  if (evidence.length === 0) return <p class="unmet">{t('Aucune preuve.', 'No evidence.')}</p>;
  return (
    <ul>
      {evidence.map((e) => {
        const file = files.get(e.id);
        return (
          <li>
            {e.kind === 'file' ? (
              <>
                <a href={`/certification/preuves/${e.id}`}>{e.fileName}</a>
                {file
                  ? ` (${FILE_TYPES[file.type ?? ''] ?? t('fichier', 'file')}${file.size ? `, ${sizeLabel(file.size, lang)}` : ''})`
                  : ` (${t('fichier retiré', 'file removed')})`}
              </>
            ) : null}
            {e.kind === 'link' ? (
              <a href={e.url} rel="noopener noreferrer">
                {e.url}
              </a>
            ) : null}{' '}
            {e.text ?? ''}
          </li>
        );
      })}
    </ul>
  );
};
