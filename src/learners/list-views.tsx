import type { FC } from 'hono/jsx';
import type { FieldError } from '../errors.js';
import type { OrganisationRow } from '../organisations/lookup.js';
import { formatDate } from '../lib/dates.js';
import { plural } from '../lib/text.js';
import { OutboxFields } from '../web/outbox-fields.js';
import { Csrf, FormErrors, useLang, useT } from '../web/render.js';
import { displayName, LearnerDetailsFields } from './fields.js';
import type { LearnerWithPersonal } from './store.js';

/** The structure's pages: its list of people (search, registration, settings) and the group session. */

export const LearnersPage: FC<{
  org: OrganisationRow;
  learners: LearnerWithPersonal[];
  canConfigure: boolean;
  /** Search of the list (name or identifier); the list shows only what matches. */
  q?: string;
  total?: number;
  errors?: FieldError[];
  values?: Record<string, string>;
  /** People already registered with the same name (and birth year): registering needs a confirmation. */
  duplicates?: LearnerWithPersonal[];
  /** People with badges earned but not issued yet. */
  toIssue?: Set<string>;
}> = ({ org, learners, canConfigure, q = '', total, errors = [], values = {}, duplicates = [], toIssue }) => {
  const t = useT();
  const lang = useLang();
  const err = (path: string) => errors.find((e) => e.path === path)?.message;
  return (
    <>
      <h1>
        {t('Personnes accompagnées', 'People helped')} — {org.name}
      </h1>
      <nav aria-label={t('Pour la structure', 'For the structure')}>
        <ul class="actions">
          <li>
            <a class="button" href="#nouvelle-personne">
              {t('Enregistrer une personne', 'Register a person')}
            </a>
          </li>
          <li>
            <a class="button secondary" href={`/structures/${org.slug}/atelier`}>
              {t('Séance de groupe (atelier)', 'Group session (workshop)')}
            </a>
          </li>
          <li>
            <a class="button secondary" href={`/organisations/${org.slug}/badges`}>
              {t('Badges délivrés', 'Issued badges')}
            </a>
          </li>
          {canConfigure ? (
            <li>
              <a class="button secondary" href={`/structures/${org.slug}/import`}>
                {t('Importer les badges d’un groupe (CSV)', 'Import a cohort’s badges (CSV)')}
              </a>
            </li>
          ) : null}
          <li>
            <a class="button secondary" href={`/organisations/${org.slug}/chiffres`}>
              {t('Chiffres', 'Figures')}
            </a>
          </li>
        </ul>
      </nav>
      {/* biome-ignore lint/a11y/useSemanticElements: a form with role="search" is announced everywhere; <search> is too recent for some readers. */}
      <form method="get" action={`/structures/${org.slug}/apprenants`} role="search" class="stack">
        <div>
          <label for="recherche">{t('Chercher une personne', 'Search for a person')}</label>
          <span class="hint" id="recherche-hint">
            {t('Nom ou identifiant', 'Name or identifier')}
          </span>
          <input id="recherche" name="q" type="search" value={q} autocomplete="off" aria-describedby="recherche-hint" />
        </div>
        <div class="actions">
          <button type="submit" class="secondary">
            {t('Chercher', 'Search')}
          </button>
          {q ? (
            <a class="button secondary" href={`/structures/${org.slug}/apprenants`}>
              {t('Toute la liste', 'Whole list')}
            </a>
          ) : null}
        </div>
      </form>
      {q ? (
        <p role="status">
          {t(
            `${plural(learners.length, '# personne', '# personnes')} sur ${total ?? learners.length}.`,
            `${learners.length} of ${total ?? learners.length} people.`,
          )}
        </p>
      ) : null}
      {learners.length === 0 ? (
        <p>
          {q
            ? t('Personne ne correspond à cette recherche.', 'Nobody matches this search.')
            : t('Aucune personne enregistrée pour l’instant.', 'Nobody registered yet.')}
        </p>
      ) : (
        <ul class="cards">
          {learners.map((l) => (
            <li class="card">
              <h2 class="flush">
                <a href={`/structures/${org.slug}/apprenants/${l.id}`}>{displayName(l, t)}</a>
              </h2>
              {toIssue?.has(l.id) ? (
                <p class="tight">
                  <span class="badge-status warn">{t('badges à délivrer', 'badges to issue')}</span>
                </p>
              ) : null}
              <p class="muted tight">
                {t('Identifiant', 'Identifier')} <span class="mono">{l.publicId}</span> · {t('depuis le', 'since')}{' '}
                {formatDate(l.createdAt, lang)}
              </p>
            </li>
          ))}
        </ul>
      )}
      <h2 id="nouvelle-personne">{t('Enregistrer une personne', 'Register a person')}</h2>
      <p>
        {t(
          'Le minimum suffit : un nom. L’e-mail et l’année de naissance sont facultatifs. Expliquez à la personne ce que Jalon conserve et recueillez son accord.',
          'The minimum is enough: a name. E-mail and birth year are optional. Explain to the person what Jalon keeps and ask for their consent.',
        )}
      </p>
      <FormErrors
        errors={errors}
        fieldIds={{
          displayName: 'displayName',
          latinName: 'latinName',
          email: 'email',
          birthYear: 'birthYear',
          consent: 'consent',
        }}
      />
      {duplicates.length ? (
        <div class="callout warn" role="alert" aria-labelledby="doublon-titre" tabindex={-1}>
          <h3 id="doublon-titre" class="flush-top">
            {t('Cette personne est peut-être déjà enregistrée', 'This person may already be registered')}
          </h3>
          <ul>
            {duplicates.map((d) => (
              <li>
                <a href={`/structures/${org.slug}/apprenants/${d.id}`}>{displayName(d, t)}</a>{' '}
                <span class="muted">
                  {d.personal?.birthYear ? `(${d.personal.birthYear}) ` : ''}
                  {t('enregistrée le', 'registered on')} {formatDate(d.createdAt, lang)}
                </span>
              </li>
            ))}
          </ul>
          <p>
            {t(
              'Si c’est bien une autre personne, cochez la case sous le formulaire et enregistrez de nouveau.',
              'If it really is someone else, tick the box under the form and register again.',
            )}
          </p>
        </div>
      ) : null}
      <form
        method="post"
        action={`/structures/${org.slug}/apprenants`}
        class="stack"
        aria-labelledby="nouvelle-personne"
      >
        <Csrf />
        <OutboxFields label={t('Nouvelle personne', 'New person')} deviceKey={values.deviceKey} />
        <LearnerDetailsFields values={values} errors={errors} />
        <div>
          {err('consent') ? (
            <p class="field-error" id="consent-error">
              {err('consent')}
            </p>
          ) : null}
          <label class="choice" for="consent">
            <input
              id="consent"
              type="checkbox"
              name="consent"
              value="oui"
              required
              checked={values.consent === 'oui'}
              aria-describedby={err('consent') ? 'consent-error' : undefined}
            />
            <span>
              {t(
                'La personne accepte que sa structure enregistre son nom et ses progrès pour lui délivrer des badges. Elle peut demander à tout moment à voir ou effacer ses données.',
                'The person agrees that their structure records their name and progress to issue badges to them. They can ask at any time to see or erase their data.',
              )}
            </span>
          </label>
        </div>
        {duplicates.length ? (
          <label class="choice" for="autrePersonne">
            <input id="autrePersonne" type="checkbox" name="autrePersonne" value="oui" />
            <span>
              {t('C’est une autre personne : l’enregistrer quand même', 'It is someone else: register anyway')}
            </span>
          </label>
        ) : null}
        <div class="actions">
          <button type="submit">{t('Enregistrer', 'Register')}</button>
        </div>
      </form>
      {canConfigure ? (
        <>
          <h2 id="reglages">{t('Réglages de la structure', 'Structure settings')}</h2>
          <form method="post" action={`/structures/${org.slug}/reglages`} class="stack" aria-labelledby="reglages">
            <Csrf />
            <label class="choice" for="autoIssue">
              <input id="autoIssue" type="checkbox" name="autoIssue" value="oui" checked={org.autoIssue} />
              <span>
                {t(
                  'Délivrer automatiquement les badges obtenus après chaque évaluation',
                  'Issue earned badges automatically after each evaluation',
                )}
              </span>
            </label>
            <div class="actions">
              <button type="submit" class="secondary">
                {t('Enregistrer les réglages', 'Save settings')}
              </button>
            </div>
          </form>
        </>
      ) : null}
    </>
  );
};
