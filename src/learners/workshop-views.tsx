import type { FC } from 'hono/jsx';
import type { FieldError } from '../errors.js';
import type { OrganisationRow } from '../organisations/lookup.js';
import type { LearnerCompetence, LearnerReferential } from '../referentials/schema.js';
import { formatDate } from '../lib/dates.js';
import { plural } from '../lib/text.js';
import { OutboxFields } from '../web/outbox-fields.js';
import { Csrf, FormErrors, useLang, useT } from '../web/render.js';
import { BackTo, MethodField, SessionDateField } from './fields.js';
import { matchesSearch } from './search.js';
import type { LearnerWithPersonal } from './store.js';

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
