import type { FC } from 'hono/jsx';
import type { EvaluationMethod } from '../db/schema.js';
import type { FieldError } from '../errors.js';
import type { T } from '../web/i18n.js';
import { Field } from '../web/layout.js';
import { useT } from '../web/render.js';
import type { LearnerWithPersonal } from './store.js';

/** Pieces the learner pages share: the person's name, the way back, and the fields of their forms. */

export function methodName(method: EvaluationMethod, t: T): string {
  switch (method) {
    case 'positioning':
      return t('Positionnement', 'Positioning');
    case 'observation':
      return t('Observation en séance', 'Observation in a session');
    case 'exercise':
      return t('Exercice', 'Exercise');
    case 'self-assessment':
      return t('Auto-évaluation accompagnée', 'Guided self-assessment');
  }
}

export function displayName(l: LearnerWithPersonal, t: T): string {
  return l.personal?.displayName ?? t('(données effacées)', '(data erased)');
}

/** The way back to the person's page (or the list), above each of their forms. */
export const BackTo: FC<{ href: string; name: string; noPrint?: boolean }> = ({ href, name, noPrint }) => (
  <p class={noPrint ? 'muted no-print' : 'muted'}>
    <a href={href}>← {name}</a>
  </p>
);

/** The person's details, as registered and as corrected (the same fields, the same words). */
export const LearnerDetailsFields: FC<{ values: Record<string, string>; errors: FieldError[] }> = ({
  values,
  errors,
}) => {
  const t = useT();
  const err = (path: string) => errors.find((e) => e.path === path)?.message;
  return (
    <>
      <Field
        id="displayName"
        name="displayName"
        label={t('Nom (comme la personne l’écrit)', 'Name (as the person writes it)')}
        hint={t('Il sera imprimé sur son passeport.', 'It will be printed on their passport.')}
        value={values.displayName ?? ''}
        required
        autocomplete="off"
        error={err('displayName')}
      />
      <Field
        id="latinName"
        name="latinName"
        label={t(
          'Nom en lettres latines, comme sur ses papiers (facultatif)',
          'Name in Latin letters, as on their papers (optional)',
        )}
        hint={t(
          'Pour un nom écrit dans un autre alphabet (arabe, cyrillique…) : un employeur pourra aussi vérifier le passeport avec cette écriture.',
          'For a name written in another script (Arabic, Cyrillic…): an employer can then also check the passport with this spelling.',
        )}
        value={values.latinName ?? ''}
        autocomplete="off"
        error={err('latinName')}
      />
      <Field
        id="email"
        name="email"
        type="email"
        label={t('E-mail (facultatif)', 'E-mail (optional)')}
        value={values.email ?? ''}
        autocomplete="off"
        error={err('email')}
      />
      <Field
        id="birthYear"
        name="birthYear"
        type="number"
        inputmode="numeric"
        min="1900"
        max="2030"
        label={t('Année de naissance (facultatif)', 'Birth year (optional)')}
        value={values.birthYear ?? ''}
        error={err('birthYear')}
      />
    </>
  );
};

/** A required reason, kept in the audit log: what a correction needs to be understood later. */
export const ReasonField: FC<{ value?: string | undefined; error?: string | undefined; hint: string }> = ({
  value,
  error,
  hint,
}) => {
  const t = useT();
  return (
    <div>
      <label for="reason">{t('Raison', 'Reason')}</label>
      <span class="hint" id="reason-hint">
        {hint}
      </span>
      {error ? (
        <p class="field-error" id="reason-error">
          {error}
        </p>
      ) : null}
      <textarea
        id="reason"
        name="reason"
        rows={2}
        class="reason"
        required
        maxlength={500}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? 'reason-hint reason-error' : 'reason-hint'}
      >
        {value ?? ''}
      </textarea>
    </div>
  );
};

/** The session's date: today by default, never in the future. */
export const SessionDateField: FC<{ value: string | undefined; today: string; errors: FieldError[] }> = ({
  value,
  today,
  errors,
}) => {
  const t = useT();
  return (
    <Field
      id="date"
      name="date"
      type="date"
      label={t('Date de la séance', 'Date of the session')}
      value={value ?? today}
      max={today}
      required
      error={errors.find((e) => e.path === 'date')?.message}
    />
  );
};

/** How a session assessed (a positioning has its own page, so it is not offered here). */
export const MethodField: FC<{ value: string | undefined }> = ({ value }) => {
  const t = useT();
  return (
    <div>
      <label for="method">{t('Façon d’évaluer', 'How it was assessed')}</label>
      <select id="method" name="method">
        {(['observation', 'exercise', 'self-assessment'] as const).map((m) => (
          <option value={m} selected={value === m}>
            {methodName(m, t)}
          </option>
        ))}
      </select>
    </div>
  );
};
