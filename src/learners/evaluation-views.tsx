import type { FC } from 'hono/jsx';
import type { FieldError } from '../errors.js';
import type { LearnerCompetence, LearnerReferential } from '../referentials/schema.js';
import { Field } from '../web/layout.js';
import { OutboxFields } from '../web/outbox-fields.js';
import { Csrf, FormErrors, useT } from '../web/render.js';
import { BackTo, MethodField, ReasonField, SessionDateField } from './fields.js';
import type { Standing } from './rules.js';
import { competenceWords, matchesSearch } from './search.js';

/** The positioning and evaluation forms (also correcting a recorded session): one level per competence. */

/** What was typed in an evaluation form, kept when the form comes back with an error. */
export interface EvaluationValues {
  date?: string;
  method?: string;
  levels?: Record<string, string>;
  notes?: Record<string, string>;
  deviceKey?: string;
}

const CompetenceChoice: FC<{
  c: LearnerCompetence;
  ref_: LearnerReferential;
  current?: string | undefined;
  withNote: boolean;
  values?: EvaluationValues;
  /** Name prefix for several people in one form (workshop). */
  prefix?: string;
  withdrawn?: boolean;
  /** The examples of each level (left out when correcting a session: the level was already chosen once). */
  examples?: boolean;
}> = ({ c, ref_, current, withNote, values = {}, prefix = '', withdrawn, examples = true }) => {
  const t = useT();
  const chosen = values.levels?.[c.code] ?? '';
  const id = `${prefix.replace(/[^A-Za-z0-9-]/g, '-')}${c.code}`;
  return (
    <fieldset id={`c-${id}`} class="competence" data-words={competenceWords(c)}>
      <legend>
        {c.title} <span class="muted">({c.code})</span>
      </legend>
      {current ? (
        <p class="muted tight compact-hint">
          {t('Dernier niveau observé :', 'Last observed level:')}{' '}
          {ref_.scale.levels.find((l) => l.id === current)?.label}
          {withdrawn ? t(' (badge retiré)', ' (badge withdrawn)') : ''}
        </p>
      ) : null}
      <div class="choices">
        <label class="choice">
          <input type="radio" name={`${prefix}niveau.${c.code}`} value="" checked={chosen === ''} />
          <span>{t('Pas évalué', 'Not assessed')}</span>
        </label>
        {ref_.scale.levels.map((l) => (
          <label class="choice">
            <input type="radio" name={`${prefix}niveau.${c.code}`} value={l.id} checked={chosen === l.id} />
            <span>{l.label}</span>
          </label>
        ))}
      </div>
      {examples ? (
        <details class="compact-hint">
          <summary>
            {t('Exemples pour chaque niveau', 'Examples for each level')}
            <span class="visually-hidden"> — {c.title}</span>
          </summary>
          <p class="hint">{c.description}</p>
          <ul>
            {ref_.scale.levels.map((l) =>
              c.indicators[l.id]?.[0] ? (
                <li>
                  <strong>{l.label}</strong> : {c.indicators[l.id]![0]}
                </li>
              ) : null,
            )}
          </ul>
        </details>
      ) : null}
      {withNote ? (
        <div>
          <label for={`note-${id}`}>{t('Note (facultatif)', 'Note (optional)')}</label>
          <span class="hint" id={`note-hint-${id}`}>
            {t('Ce qui a été observé, sans donnée personnelle.', 'What was observed, without personal data.')}
          </span>
          <textarea
            id={`note-${id}`}
            name={`${prefix}note.${c.code}`}
            rows={1}
            aria-describedby={`note-hint-${id}`}
            class="note"
          >
            {values.notes?.[c.code] ?? ''}
          </textarea>
        </div>
      ) : null}
    </fieldset>
  );
};

/**
 * Finding the competences worked on today, without script: a search by code or words, and a picker
 * of codes; both are a GET that narrows the form below. With the script, the search filters as one
 * types.
 */
const CompetenceFinder: FC<{
  action: string;
  ref_: LearnerReferential;
  q: string;
  picked: string[];
  keep?: Record<string, string[]>;
  target: string;
  /** The picker stays closed (correcting a session: its competences are already shown). */
  collapsed?: boolean;
}> = ({ action, ref_, q, picked, keep = {}, target, collapsed }) => {
  const t = useT();
  return (
    // biome-ignore lint/a11y/useSemanticElements: a form with role="search" is announced everywhere; <search> is too recent for some readers.
    <form method="get" action={action} class="stack wide no-print" role="search" aria-labelledby="chercher-titre">
      <h2 id="chercher-titre" class="visually-hidden">
        {t('Trouver une compétence', 'Find a competence')}
      </h2>
      {Object.entries(keep).flatMap(([name, list]) => list.map((v) => <input type="hidden" name={name} value={v} />))}
      <div>
        <label for="q">{t('Chercher une compétence (code ou mots)', 'Search a competence (code or words)')}</label>
        <span class="hint" id="q-hint">
          {t('Par exemple « A1 », « mail » ou « mot de passe ».', 'For example “A1”, “mail” or “password”.')}
        </span>
        <input
          id="q"
          name="q"
          type="search"
          value={q}
          aria-describedby="q-hint"
          data-filter={target}
          autocomplete="off"
        />
      </div>
      <details open={!collapsed && picked.length > 0}>
        <summary>
          {t('Choisir les compétences travaillées aujourd’hui', 'Pick the competences worked on today')}
        </summary>
        <div class="choices inline">
          {ref_.entries.flatMap((e) =>
            e.competences.map((c) => (
              <label class="choice" for={`pick-${c.code}`}>
                <input
                  id={`pick-${c.code}`}
                  type="checkbox"
                  name="codes"
                  value={c.code}
                  checked={picked.includes(c.code)}
                />
                <span>
                  {c.code}
                  <span class="visually-hidden"> — {c.title}</span>
                </span>
              </label>
            )),
          )}
        </div>
      </details>
      <div class="actions">
        <button type="submit" class="secondary">
          {t('Afficher', 'Show')}
        </button>
        {q || picked.length ? (
          <a class="button secondary" href={action}>
            {t('Tout afficher', 'Show all')}
          </a>
        ) : null}
      </div>
    </form>
  );
};

/** The competences of the form, letter by letter, every letter collapsed unless a search or a pick opens it. */
const LetterGroups: FC<{
  ref_: LearnerReferential;
  shown: (c: LearnerCompetence) => boolean;
  narrowed: boolean;
  standings?: Map<string, Standing>;
  withdrawn?: ReadonlySet<string>;
  values?: EvaluationValues;
  withNote: boolean;
}> = ({ ref_, shown, narrowed, standings, withdrawn, values = {}, withNote }) => {
  const t = useT();
  return (
    <>
      {ref_.entries
        .filter((entry) => entry.competences.some(shown))
        .map((entry) => {
          const list = entry.competences.filter(shown);
          const typed = list.some((c) => values.levels?.[c.code]);
          return (
            <details open={narrowed || typed} class="letter-group">
              <summary>
                <span class="letter small" aria-hidden="true">
                  {entry.letter}
                </span>
                <span class="summary-title">
                  <span class="visually-hidden">
                    {t('Lettre', 'Letter')} {entry.letter} —{' '}
                  </span>
                  {list[0]!.title}
                  {list.length > 1 ? (
                    <span class="muted"> {t(`et ${list.length - 1} autre(s)`, `and ${list.length - 1} more`)}</span>
                  ) : null}
                </span>
              </summary>
              {list.map((c) => (
                <CompetenceChoice
                  c={c}
                  ref_={ref_}
                  current={standings?.get(c.code)?.level}
                  withdrawn={withdrawn?.has(c.code)}
                  withNote={withNote}
                  values={values}
                />
              ))}
            </details>
          );
        })}
    </>
  );
};

export const PositioningPage: FC<{
  action: string;
  backHref: string;
  name: string;
  ref_: LearnerReferential;
  themes: string[];
  chosen: string[];
  today: string;
  q?: string;
  errors?: FieldError[];
  values?: EvaluationValues;
}> = ({ action, backHref, name, ref_, themes, chosen, today, q = '', errors = [], values = {} }) => {
  const t = useT();
  const inThemes = (c: LearnerCompetence) => c.themes.some((th) => chosen.includes(th));
  const shown = (c: LearnerCompetence) => inThemes(c) && matchesSearch(c, q);
  return (
    <>
      <BackTo href={backHref} name={name} />
      <h1>{t('Positionnement', 'Positioning')}</h1>
      <p class="lead">
        {t(
          'Avec la personne, choisissez d’abord les thèmes qui comptent pour elle. Puis, pour chaque compétence, notez ce que vous observez, ou laissez « pas évalué ».',
          'With the person, first choose the themes that matter to them. Then, for each competence, note what you observe, or leave “not assessed”.',
        )}
      </p>
      {/* Once themes are chosen they fold away (one line), so that the competences come first on a phone. */}
      <details open={chosen.length === 0} class="letter-group">
        <summary>
          <span class="summary-title">
            {chosen.length
              ? `${t('1. Thèmes :', '1. Themes:')} ${chosen.join(', ')}`
              : t('1. Les thèmes qui comptent pour la personne', '1. The themes that matter to the person')}
          </span>
        </summary>
        <form method="get" action={action} class="stack">
          <fieldset>
            <legend>{t('Les thèmes qui comptent pour la personne', 'The themes that matter to the person')}</legend>
            <div class="choices inline">
              {themes.map((th, i) => (
                <label class="choice" for={`theme-${i}`}>
                  <input id={`theme-${i}`} type="checkbox" name="themes" value={th} checked={chosen.includes(th)} />
                  <span>{th}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <div class="actions">
            <button type="submit" class="secondary">
              {t('Afficher les compétences de ces thèmes', 'Show the competences of these themes')}
            </button>
          </div>
        </form>
      </details>
      {chosen.length ? (
        <>
          <h2>{t('2. Ce que vous observez', '2. What you observe')}</h2>
          <CompetenceFinder
            action={action}
            ref_={ref_}
            q={q}
            picked={[]}
            keep={{ themes: chosen }}
            target="#positionnement"
          />
          <FormErrors errors={errors} fieldIds={{ date: 'date' }} />
          <form method="post" action={action} class="stack wide" id="positionnement">
            <Csrf />
            <OutboxFields
              label={t(`Positionnement de ${name}`, `Positioning of ${name}`)}
              deviceKey={values.deviceKey}
            />
            {chosen.map((th) => (
              <input type="hidden" name="themes" value={th} />
            ))}
            <Field
              id="date"
              name="date"
              type="date"
              label={t('Date de la séance', 'Date of the session')}
              value={values.date ?? today}
              max={today}
              required
              error={errors.find((e) => e.path === 'date')?.message}
            />
            <LetterGroups ref_={ref_} shown={shown} narrowed={q !== ''} values={values} withNote={false} />
            <div class="actions">
              <button type="submit">{t('Enregistrer le positionnement', 'Save the positioning')}</button>
            </div>
          </form>
        </>
      ) : null}
    </>
  );
};

export const EvaluationPage: FC<{
  action: string;
  backHref: string;
  name: string;
  ref_: LearnerReferential;
  standings: Map<string, Standing>;
  withdrawn: ReadonlySet<string>;
  today: string;
  q?: string;
  picked?: string[];
  errors?: FieldError[];
  values?: EvaluationValues;
  /** Correcting a recorded session: a reason is required, a positioning stays one. */
  edit?: { positioning: boolean; reason?: string | undefined };
}> = ({
  action,
  backHref,
  name,
  ref_,
  standings,
  withdrawn,
  today,
  q = '',
  picked = [],
  errors = [],
  values = {},
  edit,
}) => {
  const t = useT();
  const shown = (c: LearnerCompetence) =>
    (picked.length === 0 || picked.includes(c.code) || Boolean(values.levels?.[c.code])) && matchesSearch(c, q);
  return (
    <>
      <BackTo href={backHref} name={name} />
      <h1>{edit ? t('Corriger une séance', 'Correct a session') : t('Nouvelle évaluation', 'New evaluation')}</h1>
      <p class="lead">
        {edit
          ? t(
              '« Pas évalué » retire la compétence de la séance.',
              '“Not assessed” removes the competence from the session.',
            )
          : t(
              'Cherchez ou choisissez les compétences travaillées pendant la séance, puis notez le niveau observé.',
              'Search or pick the competences worked on in the session, then note the level observed.',
            )}
      </p>
      {edit ? (
        // Correcting: the session's competences are shown; adding another is the rare case, folded.
        <details class="no-print" open={q !== ''}>
          <summary>{t('Ajouter une compétence à cette séance', 'Add a competence to this session')}</summary>
          <CompetenceFinder action={action} ref_={ref_} q={q} picked={picked} target="#evaluation" collapsed />
        </details>
      ) : (
        <CompetenceFinder action={action} ref_={ref_} q={q} picked={picked} target="#evaluation" />
      )}
      <FormErrors errors={errors} fieldIds={{ date: 'date', items: 'evaluation', reason: 'reason' }} />
      <form method="post" action={action} class="stack wide" id="evaluation" tabindex={-1}>
        <Csrf />
        {edit ? null : (
          <OutboxFields label={t(`Évaluation de ${name}`, `Evaluation of ${name}`)} deviceKey={values.deviceKey} />
        )}
        <div class="levels">
          <SessionDateField value={values.date} today={today} errors={errors} />
          {edit?.positioning ? (
            <input type="hidden" name="method" value="positioning" />
          ) : (
            <MethodField value={values.method} />
          )}
        </div>
        {edit ? (
          // A session holds a few competences: shown as they are, without their letters' folds.
          ref_.entries
            .flatMap((entry) => entry.competences)
            .filter(shown)
            .map((c) => (
              <CompetenceChoice
                c={c}
                ref_={ref_}
                current={standings.get(c.code)?.level}
                withdrawn={withdrawn.has(c.code)}
                withNote
                values={values}
                examples={false}
              />
            ))
        ) : (
          <LetterGroups
            ref_={ref_}
            shown={shown}
            narrowed={q !== '' || picked.length > 0}
            standings={standings}
            withdrawn={withdrawn}
            values={values}
            withNote
          />
        )}
        {edit ? (
          <ReasonField
            value={edit.reason}
            error={errors.find((e) => e.path === 'reason')?.message}
            hint={t(
              'Par exemple : « niveau noté sur la mauvaise ligne ». Elle reste dans le journal de la structure.',
              'For example: “level noted on the wrong line”. It stays in the structure’s log.',
            )}
          />
        ) : null}
        <div class="actions">
          <button type="submit">
            {edit
              ? t('Enregistrer la correction', 'Save the correction')
              : t('Enregistrer l’évaluation', 'Save the evaluation')}
          </button>
        </div>
      </form>
    </>
  );
};
