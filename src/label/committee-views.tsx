import type { FC } from 'hono/jsx';
import type { FieldError } from '../errors.js';
import { formatDate } from '../lib/dates.js';
import type { OrganisationRow } from '../organisations/lookup.js';
import { ITEM_DECISIONS, VOTES } from '../review/rules.js';
import type { ApplicationRow } from '../review/service.js';
import { answerName, DecisionChoice, VoteChoice, type VoteWords } from '../review/views.js';
import { CellLabel } from '../web/layout.js';
import { Callout, Csrf, FormErrors, Table, useLang, useT } from '../web/render.js';
import { DECISIONS, Evidence, stateName, VOTE_WORDS } from './application-views.js';
import type { ApplicationView } from './applications.js';
import type { LabelWithState } from './store.js';

/** How the committee offers a vote in its review form. */
const VOTE_CHOICES: VoteWords = { ...VOTE_WORDS, reject: ['Refuser', 'Reject'] };

export const CommitteeLabelsPage: FC<{
  applications: { app: ApplicationRow; structure: OrganisationRow | undefined }[];
  labels: { label: LabelWithState; structure: OrganisationRow | undefined; state: string }[];
}> = ({ applications, labels }) => {
  const t = useT();
  const lang = useLang();
  return (
    <>
      <h1>{t('Comité de labellisation', 'Label committee')}</h1>
      <p>
        <a href="/comite/verification">{t('Vérifier des badges en lot', 'Verify badges in bulk')}</a> ·{' '}
        <a href="/registre">{t('Registre public des lieux labellisés', 'Public registry of labelled places')}</a>
      </p>
      <h2>{t('Demandes de label', 'Label applications')}</h2>
      {applications.length === 0 ? (
        <p>{t('Aucune demande pour l’instant.', 'No application yet.')}</p>
      ) : (
        <Table
          id="label-applications"
          caption={t('Demandes de label', 'Label applications')}
          head={[t('Lieu', 'Place'), t('État', 'State'), t('Mise à jour', 'Updated')]}
        >
          {applications.map(({ app, structure }) => (
            <tr>
              <td>
                <a href={`/comite/labels/${app.id}`}>{structure?.name ?? '—'}</a>
              </td>
              <td>
                <CellLabel>{t('État', 'State')}</CellLabel>
                {stateName(app.state, t)}
                {app.renews ? ` (${t('renouvellement', 'renewal')})` : ''}
              </td>
              <td>
                <CellLabel>{t('Mise à jour', 'Updated')}</CellLabel>
                {formatDate(app.updatedAt, lang)}
              </td>
            </tr>
          ))}
        </Table>
      )}
      <h2>{t('Labels délivrés', 'Labels granted')}</h2>
      {labels.length === 0 ? (
        <p>{t('Aucun label délivré.', 'No label granted.')}</p>
      ) : (
        <ul class="cards">
          {labels.map(({ label, structure, state }) => (
            <li class="card">
              <h3 class="flush-top">{structure?.name ?? '—'}</h3>
              <p class="tight">
                {t('Valable du', 'Valid from')} {formatDate(label.validFrom, lang)} {t('au', 'to')}{' '}
                {formatDate(label.validUntil, lang)} — <strong>{state}</strong>
              </p>
              {state === 'withdrawn' || state === 'expired' ? null : (
                <form method="post" action={`/comite/labels/statut/${label.id}`} class="stack">
                  <Csrf />
                  <div>
                    <label for={`action-${label.id}`}>{t('Action', 'Action')}</label>
                    <select id={`action-${label.id}`} name="action">
                      {state === 'suspended' ? (
                        <option value="reinstate">{t('Rétablir', 'Reinstate')}</option>
                      ) : (
                        <option value="suspend">{t('Suspendre', 'Suspend')}</option>
                      )}
                      <option value="withdraw">{t('Retirer', 'Withdraw')}</option>
                    </select>
                  </div>
                  <div>
                    <label for={`reason-${label.id}`}>{t('Motif (public)', 'Reason (public)')}</label>
                    <input type="text" id={`reason-${label.id}`} name="reason" required minlength={3} maxlength={500} />
                  </div>
                  <div class="actions">
                    <button type="submit" class="danger">
                      {t('Appliquer', 'Apply')}
                    </button>
                  </div>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
};

export const CommitteeApplicationPage: FC<{
  view: ApplicationView;
  canReview: boolean;
  /** The reader manages the hub's labels but is not among those who vote (the programme's `reviewers`). */
  managesOnly?: boolean;
  values?: Record<string, string>;
  errors?: FieldError[];
  reviewed?: boolean;
}> = ({ view, canReview, managesOnly, values = {}, errors = [], reviewed }) => {
  const t = useT();
  return (
    <>
      <p class="muted">
        <a href="/comite/labels">← {t('Comité de labellisation', 'Label committee')}</a>
      </p>
      <h1>
        {t('Demande de label', 'Label application')} — {view.structure.name}
      </h1>
      <p>
        <strong>{stateName(view.app.state, t)}</strong> · {t('tour', 'round')} {view.app.round} ·{' '}
        <a href={`/label/${view.programme.slug}/${view.programme.version}`}>{view.programme.title}</a> ·{' '}
        <a href={`/lieux/${view.structure.slug}`}>{t('page publique du lieu', 'public page of the place')}</a>
      </p>
      {reviewed ? (
        <Callout tone="ok">
          <p>{t('Votre avis a été enregistré.', 'Your review was saved.')}</p>
        </Callout>
      ) : null}
      <h2>{t('Critères et preuves', 'Criteria and evidence')}</h2>
      <Evidence view={view} showReviews />
      {view.reviews.length ? (
        <>
          <h2>{t('Avis du comité', 'Committee reviews')}</h2>
          <ul>
            {view.reviews.map((r) => (
              <li>
                {t(`Tour ${r.round}`, `Round ${r.round}`)} — {answerName(VOTE_WORDS, r.vote, t)}
                {r.comment ? ` : ${r.comment}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {managesOnly ? (
        <p class="muted">
          {t(
            'Vous suivez cette demande pour le hub ; seuls les membres du comité votent.',
            'You follow this application for the hub; only committee members vote.',
          )}
        </p>
      ) : null}
      {canReview ? (
        <>
          <h2 id="avis">{t('Votre avis', 'Your review')}</h2>
          <FormErrors errors={errors} />
          <form method="post" action={`/comite/labels/${view.app.id}/avis`} class="stack wide" aria-labelledby="avis">
            <Csrf />
            {view.items.map((item) => (
              <fieldset>
                <legend>{item.criterion.title}</legend>
                <div class="choices inline">
                  {ITEM_DECISIONS.map((d) => (
                    <label class="choice" for={`d-${item.code}-${d}`}>
                      <DecisionChoice code={item.code} decision={d} values={values} />
                      <span>{answerName(DECISIONS, d, t)}</span>
                    </label>
                  ))}
                </div>
                <label for={`m-${item.code}`}>
                  {t('Remarque (obligatoire sauf si accepté)', 'Remark (required unless accepted)')}
                </label>
                <textarea id={`m-${item.code}`} name={`comment.${item.code}`} class="note" maxlength={2000}>
                  {values[`comment.${item.code}`] ?? ''}
                </textarea>
              </fieldset>
            ))}
            <fieldset>
              <legend>{t('Votre vote sur la demande', 'Your vote on the application')}</legend>
              <div class="choices">
                {VOTES.map((v) => (
                  <label class="choice" for={`vote-${v}`}>
                    <VoteChoice vote={v} values={values} />
                    <span>{answerName(VOTE_CHOICES, v, t)}</span>
                  </label>
                ))}
              </div>
              <label for="vote-comment">{t('Motif de votre vote', 'Reason for your vote')}</label>
              <textarea id="vote-comment" name="comment" class="note" maxlength={4000}>
                {values.comment ?? ''}
              </textarea>
            </fieldset>
            <div class="actions">
              <button type="submit">{t('Enregistrer mon avis', 'Save my review')}</button>
            </div>
          </form>
        </>
      ) : null}
    </>
  );
};
