import type { FC } from 'hono/jsx';
import type { EvaluationMethod } from '../db/schema.js';
import type { FieldError } from '../errors.js';
import { formatDate } from '../lib/dates.js';
import { Csrf, FormErrors, useLang, useT } from '../web/render.js';
import { BackTo, LearnerDetailsFields, methodName, ReasonField } from './fields.js';
import type { LearnerWithPersonal } from './store.js';

/** Corrections with a reason: a person's details, a badge to withdraw, a session recorded by mistake. */

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
      <BackTo href={base} name={name} noPrint />
      <h1>{t('Corriger l’identité', 'Correct the identity')}</h1>
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
      <BackTo href={base} name={name} noPrint />
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
      <BackTo href={base} name={name} noPrint />
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
