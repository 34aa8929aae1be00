import type { FC } from 'hono/jsx';
import type { FieldError } from '../errors.js';
import type { OrganisationRow } from '../organisations/lookup.js';
import type { LearnerCompetence, LearnerReferential } from '../referentials/schema.js';
import { formatDate } from '../lib/dates.js';
import { plural } from '../lib/text.js';
import { OutboxFields } from '../web/outbox-fields.js';
import { Csrf, FormErrors, useLang, useT } from '../web/render.js';
import { BackTo, displayName, LearnerDetailsFields, MethodField, SessionDateField } from './fields.js';
import { matchesSearch } from './search.js';
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

/** What was typed in the workshop form: learner id → competence code → level. */
export type WorkshopValues = {
  date?: string;
  method?: string;
  levels?: Record<string, Record<string, string>>;
  deviceKey?: string;
};

/**
 * Workshop mode in two steps, both working without script: (1) a GET form to choose who is present
 * and the competences worked on, with its own « Rechercher » button for the competence search and
 * « Préparer la feuille » to go on; (2) the sheet — per competence, one row of levels per person —
 * sent in one POST. Once the sheet is prepared the choices fold away, so the sheet starts on the
 * first screen of a phone.
 */
export const WorkshopPage: FC<{
  org: OrganisationRow;
  ref_: LearnerReferential;
  learners: LearnerWithPersonal[];
  chosenLearners: string[];
  chosenCodes: string[];
  q: string;
  /** « Préparer la feuille » was pressed (or the sheet comes back with errors). */
  sheet: boolean;
  today: string;
  values?: WorkshopValues;
  errors?: FieldError[];
}> = ({ org, ref_, learners, chosenLearners, chosenCodes, q, sheet, today, values = {}, errors = [] }) => {
  const t = useT();
  const action = `/structures/${org.slug}/atelier`;
  const present = learners.filter((l) => chosenLearners.includes(l.id));
  const competences = ref_.entries.flatMap((e) => e.competences);
  const chosen = competences.filter((c) => chosenCodes.includes(c.code));
  const found: LearnerCompetence[] = q
    ? competences.filter((c) => matchesSearch(c, q) && !chosenCodes.includes(c.code))
    : [];
  const ready = sheet && present.length > 0 && chosen.length > 0;
  const choices = (
    <form method="get" action={action} class="stack wide">
      <fieldset>
        <legend>{t('1. Qui est présent ?', '1. Who is present?')}</legend>
        {learners.length === 0 ? (
          <p>{t('Aucune personne enregistrée.', 'Nobody registered.')}</p>
        ) : (
          <div class="choices inline">
            {learners.map((l) => (
              <label class="choice" for={`p-${l.id}`}>
                <input
                  id={`p-${l.id}`}
                  type="checkbox"
                  name="personnes"
                  value={l.id}
                  checked={chosenLearners.includes(l.id)}
                />
                <span>{l.personal?.displayName ?? l.publicId}</span>
              </label>
            ))}
          </div>
        )}
      </fieldset>
      <fieldset>
        <legend>{t('2. Les compétences travaillées', '2. The competences worked on')}</legend>
        {chosen.length ? (
          <div class="choices">
            {chosen.map((c) => (
              <label class="choice" for={`k-${c.code}`}>
                <input id={`k-${c.code}`} type="checkbox" name="codes" value={c.code} checked />
                <span>
                  {c.title} <span class="muted">({c.code})</span>
                </span>
              </label>
            ))}
          </div>
        ) : null}
        <div>
          <label for="q">{t('Chercher une compétence (code ou mots)', 'Search a competence (code or words)')}</label>
          <input id="q" name="q" type="search" value={q} autocomplete="off" />
        </div>
        {/* The first button of the form: pressing Enter in the search box searches. */}
        <div class="actions">
          <button type="submit" name="etape" value="chercher" class="secondary">
            {t('Rechercher', 'Search')}
          </button>
        </div>
        {found.length ? (
          <div class="choices">
            {found.slice(0, 20).map((c) => (
              <label class="choice" for={`f-${c.code}`}>
                <input id={`f-${c.code}`} type="checkbox" name="codes" value={c.code} />
                <span>
                  {c.title} <span class="muted">({c.code})</span>
                </span>
              </label>
            ))}
          </div>
        ) : q ? (
          <p>{t('Aucune autre compétence ne correspond.', 'No other competence matches.')}</p>
        ) : null}
      </fieldset>
      <div class="actions">
        <button type="submit" name="etape" value="feuille">
          {t('Préparer la feuille', 'Prepare the sheet')}
        </button>
      </div>
    </form>
  );
  return (
    <>
      <BackTo href={`/structures/${org.slug}/apprenants`} name={t('Personnes accompagnées', 'People helped')} noPrint />
      <h1>{t('Séance de groupe (atelier)', 'Group session (workshop)')}</h1>
      {ready ? (
        <>
          <details>
            <summary>
              {plural(present.length, '# personne', '# personnes')} ·{' '}
              {plural(chosen.length, '# compétence', '# compétences')} — {t('modifier', 'change')}
            </summary>
            {choices}
          </details>
          <h2 id="feuille">{t('3. Ce que vous avez observé', '3. What you observed')}</h2>
          <FormErrors errors={errors} fieldIds={{ date: 'date' }} />
          <form method="post" action={action} class="stack wide" aria-labelledby="feuille">
            <Csrf />
            <OutboxFields label={t('Séance de groupe', 'Group session')} deviceKey={values.deviceKey} />
            {present.map((l) => (
              <input type="hidden" name="personnes" value={l.id} />
            ))}
            {chosen.map((c) => (
              <input type="hidden" name="codes" value={c.code} />
            ))}
            {chosen.map((c) => (
              <fieldset class="sheet">
                <legend>
                  {c.title} <span class="muted">({c.code})</span>
                </legend>
                {present.map((l) => {
                  const picked = values.levels?.[l.id]?.[c.code] ?? '';
                  const name = `niveau.${l.id}.${c.code}`;
                  return (
                    <fieldset class="sheet-person">
                      <legend>{l.personal?.displayName ?? l.publicId}</legend>
                      <div class="choices">
                        <label class="choice">
                          <input type="radio" name={name} value="" checked={picked === ''} />
                          <span>{t('Pas évalué', 'Not assessed')}</span>
                        </label>
                        {ref_.scale.levels.map((lv) => (
                          <label class="choice">
                            <input type="radio" name={name} value={lv.id} checked={picked === lv.id} />
                            <span>{lv.label}</span>
                          </label>
                        ))}
                      </div>
                    </fieldset>
                  );
                })}
              </fieldset>
            ))}
            <div class="levels">
              <SessionDateField value={values.date} today={today} errors={errors} />
              <MethodField value={values.method} />
            </div>
            <div class="actions">
              <button type="submit">
                {t(
                  `Enregistrer la séance pour ${plural(present.length, '# personne', '# personnes')}`,
                  `Save the session for ${present.length} people`,
                )}
              </button>
            </div>
          </form>
        </>
      ) : (
        <>
          <p class="lead">
            {t(
              'Une seule saisie pour tout le groupe : choisissez les personnes présentes et les compétences travaillées, puis préparez la feuille.',
              'One entry for the whole group: choose who is present and the competences worked on, then prepare the sheet.',
            )}
          </p>
          {choices}
        </>
      )}
    </>
  );
};

/** One person of a recorded workshop, as its page shows them. */
export interface WorkshopPersonView {
  id: string;
  name: string;
  /** Badges earned and not issued yet (titles). */
  toIssue: string[];
  /** Badges issued since the session was recorded (titles). */
  issued: string[];
}

/**
 * A recorded workshop: per person what is earned and waits, one button that issues the whole group's
 * badges, then (the same page after the redirect) what each person received.
 */
export const WorkshopDonePage: FC<{
  org: OrganisationRow;
  workshopId: string;
  date: string;
  people: WorkshopPersonView[];
}> = ({ org, workshopId, date, people }) => {
  const t = useT();
  const lang = useLang();
  const waiting = people.filter((p) => p.toIssue.length > 0);
  const count = waiting.reduce((n, p) => n + p.toIssue.length, 0);
  return (
    <>
      <BackTo href={`/structures/${org.slug}/apprenants`} name={t('Personnes accompagnées', 'People helped')} noPrint />
      <h1>
        {t('Séance de groupe du', 'Group session of')} {formatDate(date, lang)}
      </h1>
      {count > 0 ? (
        <section class="callout ok" aria-labelledby="a-delivrer">
          <h2 id="a-delivrer" class="flush-top">
            {t(
              `${plural(count, '# badge obtenu', '# badges obtenus')}, à délivrer`,
              `${count} badge(s) earned, to issue`,
            )}
          </h2>
          <form method="post" action={`/structures/${org.slug}/atelier/${workshopId}/delivrer`}>
            <Csrf />
            <button type="submit">{t('Délivrer les badges du groupe', 'Issue the group’s badges')}</button>
          </form>
        </section>
      ) : null}
      <ul class="cards">
        {people.map((p) => (
          <li class="card">
            <h2 class="flush">
              <a href={`/structures/${org.slug}/apprenants/${p.id}`}>{p.name}</a>
            </h2>
            {p.toIssue.length ? (
              <>
                <p class="tight">{t('À délivrer :', 'To issue:')}</p>
                <ul>
                  {p.toIssue.map((title) => (
                    <li>{title}</li>
                  ))}
                </ul>
              </>
            ) : null}
            {p.issued.length ? (
              <>
                <p class="tight">{t('Badges délivrés :', 'Badges issued:')}</p>
                <ul>
                  {p.issued.map((title) => (
                    <li>{title}</li>
                  ))}
                </ul>
              </>
            ) : null}
            {p.toIssue.length === 0 && p.issued.length === 0 ? (
              <p class="muted tight">{t('Pas de badge obtenu pour l’instant.', 'No badge earned yet.')}</p>
            ) : null}
          </li>
        ))}
      </ul>
      <p>
        <a class="button secondary" href={`/structures/${org.slug}/atelier`}>
          {t('Nouvelle séance de groupe', 'New group session')}
        </a>
      </p>
    </>
  );
};
