import type { FC } from 'hono/jsx';
import type { EvaluationMethod } from '../db/schema.js';
import type { FieldError } from '../errors.js';
import type { OrganisationRow } from '../organisations/lookup.js';
import type { LearnerCompetence, LearnerReferential } from '../referentials/schema.js';
import { formatDate } from '../web/i18n.js';
import { Csrf, FormErrors, useLang, useT } from '../web/render.js';
import type { LearnerWithPersonal } from './store.js';
import { LearnerDetailsFields, matchesSearch, methodName, ReasonField, SessionDateField } from './views.js';

const Back: FC<{ href: string; label: string }> = ({ href, label }) => (
  <p class="muted no-print">
    <a href={href}>← {label}</a>
  </p>
);

export const EditLearnerPage: FC<{
  base: string;
  learner: LearnerWithPersonal;
  values: Record<string, string>;
  errors?: FieldError[];
}> = ({ base, learner, values, errors = [] }) => {
  const t = useT();
  const err = (path: string) => errors.find((e) => e.path === path)?.message;
  const name = learner.personal?.displayName ?? '';
  return (
    <>
      <Back href={base} label={name} />
      <h1>{t('Corriger les informations', 'Correct the details')}</h1>
      <p>
        {t(
          'Si le nom, le nom en lettres latines ou l’e-mail change, Jalon vous proposera ensuite de délivrer à nouveau ses badges et son passeport, qui portent le nom (sous une forme codée).',
          'If the name, the name in Latin letters or the e-mail changes, Jalon will then offer to issue their badges and passport again, which carry the name (in coded form).',
        )}
      </p>
      <FormErrors
        errors={errors}
        fieldIds={{
          displayName: 'displayName',
          latinName: 'latinName',
          email: 'email',
          birthYear: 'birthYear',
          reason: 'reason',
        }}
      />
      <form method="post" action={`${base}/modifier`} class="stack">
        <Csrf />
        <LearnerDetailsFields values={values} errors={errors} />
        <ReasonField
          value={values.reason}
          error={err('reason')}
          hint={t('Par exemple : faute de frappe dans le nom.', 'For example: typo in the name.')}
        />
        <div class="actions">
          <button type="submit">{t('Enregistrer la correction', 'Save the correction')}</button>
        </div>
      </form>
    </>
  );
};

export const WithdrawBadgePage: FC<{
  base: string;
  name: string;
  badge: { id: string; title: string; level?: string | undefined; issuedAt: string };
  values?: { reason?: string };
  errors?: FieldError[];
}> = ({ base, name, badge, values = {}, errors = [] }) => {
  const t = useT();
  const lang = useLang();
  return (
    <>
      <Back href={base} label={name} />
      <h1>{t('Retirer un badge', 'Withdraw a badge')}</h1>
      <div class="callout warn">
        <p>
          <strong>{badge.title}</strong>
          {badge.level ? ` — ${badge.level}` : ''} · {t('délivré le', 'issued on')} {formatDate(badge.issuedAt, lang)}
          {' · '}
          {name}
        </p>
        <p>
          {t(
            'Le retrait est définitif : quiconque vérifie ce badge verra qu’il a été retiré. La compétence ne sera plus comptée comme atteinte, ni proposée de nouveau, jusqu’à une nouvelle évaluation.',
            'Withdrawal is final: anyone verifying this badge will see it was withdrawn. The competence will no longer count as reached, nor be offered again, until a new evaluation.',
          )}
        </p>
      </div>
      <FormErrors errors={errors} fieldIds={{ reason: 'reason', confirm: 'confirm' }} />
      <form method="post" action={`${base}/badges/${badge.id}/retirer`} class="stack">
        <Csrf />
        <ReasonField
          value={values.reason}
          error={errors.find((e) => e.path === 'reason')?.message}
          hint={t(
            'Elle sera affichée à quiconque vérifie ce badge : pas de donnée personnelle. Par exemple : « compétence évaluée par erreur ».',
            'It will be shown to anyone verifying this badge: no personal data. For example: “competence assessed by mistake”.',
          )}
        />
        <label class="choice" for="confirm">
          <input id="confirm" type="checkbox" name="confirm" value="oui" required />
          <span>{t('Je confirme le retrait de ce badge.', 'I confirm the withdrawal of this badge.')}</span>
        </label>
        <div class="actions">
          <button type="submit" class="danger">
            {t('Retirer ce badge définitivement', 'Withdraw this badge permanently')}
          </button>
          <a class="button secondary" href={base}>
            {t('Annuler', 'Cancel')}
          </a>
        </div>
      </form>
    </>
  );
};

export const DeleteSessionPage: FC<{
  base: string;
  name: string;
  session: { id: string; date: string; method: EvaluationMethod; items: { title: string; level: string }[] };
  values?: { reason?: string };
  errors?: FieldError[];
}> = ({ base, name, session, values = {}, errors = [] }) => {
  const t = useT();
  const lang = useLang();
  return (
    <>
      <Back href={base} label={name} />
      <h1>{t('Supprimer une séance', 'Delete a session')}</h1>
      <div class="callout warn">
        <p>
          {formatDate(session.date, lang)} — {methodName(session.method, t)}
        </p>
        <ul>
          {session.items.map((i) => (
            <li>
              {i.title} — {i.level}
            </li>
          ))}
        </ul>
        <p>
          {t(
            'Les badges déjà délivrés restent valables : si plus aucune séance ne les justifie, la page de la personne proposera de les retirer. Pour changer un niveau ou une date, corrigez la séance plutôt que de la supprimer.',
            'Badges already issued stay valid: if no session supports them any more, the person’s page will offer to withdraw them. To change a level or a date, correct the session rather than delete it.',
          )}
        </p>
      </div>
      <FormErrors errors={errors} fieldIds={{ reason: 'reason' }} />
      <form method="post" action={`${base}/seances/${session.id}/supprimer`} class="stack">
        <Csrf />
        <ReasonField
          value={values.reason}
          error={errors.find((e) => e.path === 'reason')?.message}
          hint={t(
            'Par exemple : séance notée sur la mauvaise personne.',
            'For example: session noted for the wrong person.',
          )}
        />
        <div class="actions">
          <button type="submit" class="danger">
            {t('Supprimer cette séance', 'Delete this session')}
          </button>
          <a class="button secondary" href={base}>
            {t('Annuler', 'Cancel')}
          </a>
        </div>
      </form>
    </>
  );
};

/** What was typed in the workshop form: learner id → competence code → level. */
export type WorkshopValues = { date?: string; method?: string; levels?: Record<string, Record<string, string>> };

/**
 * Workshop mode in two steps, both working without script: (1) a GET form to choose who is present
 * and which competences the workshop worked on; (2) one table per competence with a level for each
 * person, sent in one POST.
 */
export const WorkshopPage: FC<{
  org: OrganisationRow;
  ref_: LearnerReferential;
  learners: LearnerWithPersonal[];
  chosenLearners: string[];
  chosenCodes: string[];
  q: string;
  today: string;
  values?: WorkshopValues;
  errors?: FieldError[];
}> = ({ org, ref_, learners, chosenLearners, chosenCodes, q, today, values = {}, errors = [] }) => {
  const t = useT();
  const action = `/structures/${org.slug}/atelier`;
  const present = learners.filter((l) => chosenLearners.includes(l.id));
  const competences = ref_.entries.flatMap((e) => e.competences);
  const found: LearnerCompetence[] = q ? competences.filter((c) => matchesSearch(c, q)) : [];
  const chosen = competences.filter((c) => chosenCodes.includes(c.code));
  const ready = present.length > 0 && chosen.length > 0;
  return (
    <>
      <Back href={`/structures/${org.slug}/apprenants`} label={t('Personnes accompagnées', 'People helped')} />
      <h1>{t('Séance de groupe (atelier)', 'Group session (workshop)')}</h1>
      <p class="lead">
        {t(
          'Une seule saisie pour tout le groupe : choisissez les personnes présentes et les compétences travaillées, puis notez le niveau de chacune.',
          'One entry for the whole group: choose who is present and the competences worked on, then note each person’s level.',
        )}
      </p>
      <form method="get" action={action} class="stack wide">
        <fieldset>
          <legend>{t('1. Les personnes présentes', '1. Who is present')}</legend>
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
          {found.length ? (
            <div class="choices">
              {found
                .filter((c) => !chosenCodes.includes(c.code))
                .slice(0, 20)
                .map((c) => (
                  <label class="choice" for={`f-${c.code}`}>
                    <input id={`f-${c.code}`} type="checkbox" name="codes" value={c.code} />
                    <span>
                      {c.title} <span class="muted">({c.code})</span>
                    </span>
                  </label>
                ))}
            </div>
          ) : q ? (
            <p>{t('Aucune compétence ne correspond.', 'No competence matches.')}</p>
          ) : null}
        </fieldset>
        <div class="actions">
          <button type="submit" class="secondary">
            {t('Chercher et préparer la feuille', 'Search and prepare the sheet')}
          </button>
        </div>
      </form>
      {ready ? (
        <>
          <h2 id="feuille">{t('3. Ce que vous avez observé', '3. What you observed')}</h2>
          <FormErrors errors={errors} fieldIds={{ date: 'date' }} />
          <form method="post" action={action} class="stack wide" aria-labelledby="feuille">
            <Csrf />
            <div class="levels">
              <SessionDateField value={values.date} today={today} errors={errors} />
              <div>
                <label for="method">{t('Façon d’évaluer', 'How it was assessed')}</label>
                <select id="method" name="method">
                  {(['observation', 'exercise', 'self-assessment'] as const).map((m) => (
                    <option value={m} selected={values.method === m}>
                      {methodName(m, t)}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            {present.map((l) => (
              <input type="hidden" name="personnes" value={l.id} />
            ))}
            {chosen.map((c) => (
              <input type="hidden" name="codes" value={c.code} />
            ))}
            {chosen.map((c) => (
              <fieldset>
                <legend>
                  {c.title} <span class="muted">({c.code})</span>
                </legend>
                {present.map((l) => {
                  const picked = values.levels?.[l.id]?.[c.code] ?? '';
                  const who = l.personal?.displayName ?? l.publicId;
                  return (
                    <div>
                      <label for={`n-${l.id}-${c.code}`}>{who}</label>
                      <select id={`n-${l.id}-${c.code}`} name={`niveau.${l.id}.${c.code}`}>
                        <option value="" selected={picked === ''}>
                          {t('Pas évalué', 'Not assessed')}
                        </option>
                        {ref_.scale.levels.map((lv) => (
                          <option value={lv.id} selected={picked === lv.id}>
                            {lv.label}
                          </option>
                        ))}
                      </select>
                    </div>
                  );
                })}
              </fieldset>
            ))}
            <div class="actions">
              <button type="submit">
                {t(
                  `Enregistrer la séance pour ${present.length} personne(s)`,
                  `Save the session for ${present.length} people`,
                )}
              </button>
            </div>
          </form>
        </>
      ) : null}
    </>
  );
};
