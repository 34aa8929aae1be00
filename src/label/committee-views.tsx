import type { FC } from 'hono/jsx';
import type { FieldError } from '../errors.js';
import { formatDate } from '../lib/dates.js';
import type { OrganisationRow } from '../organisations/lookup.js';
import type { ApplicationRow } from '../review/service.js';
import {
  answerName,
  commentsOn,
  DecisionChoices,
  type DecisionWords,
  FoldedReason,
  RoundSummary,
  VoteChoices,
  type VoteWords,
} from '../review/views.js';
import { CellLabel } from '../web/layout.js';
import { Callout, Csrf, FormErrors, Table, useLang, useT } from '../web/render.js';
import { DECISIONS, Evidence, stateName, VOTE_WORDS } from './application-views.js';
import type { ApplicationView } from './applications.js';
import { certifiedFigure, optionalRule, unmetCriteria } from './programme.js';
import type { LabelWithState } from './store.js';

/** How the committee offers a vote in its review form. */
const VOTE_CHOICES: VoteWords = {
  approve: ['Favorable', 'In favour'],
  changes: ['Demander plus', 'Ask for more'],
  reject: ['Refuser', 'Reject'],
};

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

/** How the committee decides on a criterion in its review form. */
const DECISION_CHOICES: DecisionWords = {
  accept: ['Accepter', 'Accept'],
  more: ['Demander plus', 'Ask for more'],
  reject: ['Refuser', 'Reject'],
};

/** What the place stated for one criterion, or Jalon's count against the programme's minimum. */
const Claim: FC<{ view: ApplicationView; item: ApplicationView['items'][number] }> = ({ view, item }) => {
  const t = useT();
  const { criterion } = item;
  if (criterion.answer.type === 'certified-mediators') {
    const figure = certifiedFigure(view.certifiedNow, criterion.answer.min);
    const met = view.certifiedNow >= criterion.answer.min;
    return (
      <p class={met ? 'met' : 'unmet'}>
        {met ? '✓ ' : '✗ '}
        {t(`${figure.fr}, compté par Jalon aujourd’hui`, `${figure.en}, counted by Jalon today`)}
        {met
          ? ''
          : t(
              ' : ce critère ne peut pas être accepté (demandez des compléments ou refusez).',
              ': this criterion cannot be accepted (ask for more or reject).',
            )}
      </p>
    );
  }
  return item.claim.text ? (
    <p>{item.claim.text}</p>
  ) : (
    <p class="muted">{t('Pas de preuve donnée.', 'No evidence given.')}</p>
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
  const unmet = unmetCriteria(view.programme, { certifiedMediators: view.certifiedNow });
  const toDecide = view.items.filter((i) => !values[`decision.${i.code}`]).length;
  const rule = optionalRule(view.programme);
  const round = view.reviews.filter((r) => r.round === view.app.round).length;
  const fieldIds = Object.fromEntries([
    ...view.items.map((i) => [`items.${i.code}`, `d-${i.code}-more`]),
    ['vote', 'vote-approve'],
    ['comment', 'vote-comment'],
  ]);
  const err = (code: string) => errors.filter((e) => e.path === `items.${code}`);
  return (
    <>
      <p class="muted tight">
        <a href="/comite/labels">← {t('Comité de labellisation', 'Label committee')}</a>
      </p>
      <h1>
        {t('Demande de label', 'Label application')} — {view.structure.name}
      </h1>
      <p class="tight">
        <strong>{stateName(view.app.state, t)}</strong> · {t('tour', 'round')} {view.app.round} ·{' '}
        <a href={`/label/${view.programme.slug}/${view.programme.version}`}>{view.programme.title}</a> ·{' '}
        <a href={`/lieux/${view.structure.slug}`}>{t('page publique du lieu', 'public page of the place')}</a>
      </p>
      {reviewed ? (
        <Callout tone="ok">
          <p>{t('Votre avis a été enregistré.', 'Your review was saved.')}</p>
        </Callout>
      ) : null}
      {managesOnly ? (
        <p class="muted">
          {t(
            'Vous suivez cette demande pour le hub ; seuls les membres du comité votent.',
            'You follow this application for the hub; only committee members vote.',
          )}
        </p>
      ) : null}
      {view.reviews.length ? (
        <ul class="tight">
          {view.reviews.map((r) => (
            <li>
              {t(`Tour ${r.round}`, `Round ${r.round}`)} — {answerName(VOTE_WORDS, r.vote, t)}
              {r.comment ? ` : ${r.comment}` : ''}
            </li>
          ))}
        </ul>
      ) : null}
      {canReview ? (
        <>
          <RoundSummary toDecide={toDecide} noun={['critère', 'criterion']} nouns={['critères', 'criteria']}>
            {Object.keys(unmet).length
              ? t(`${Object.keys(unmet).length} non rempli`, `${Object.keys(unmet).length} unmet`)
              : t(
                  `${round} avis sur ${view.programme.decision.quorum}`,
                  `${round} of ${view.programme.decision.quorum} reviews`,
                )}
          </RoundSummary>
          <p class="tight compact-hint">
            {t(
              `Le label demande chaque critère obligatoire accepté et ${rule.fr}. Rien n’est choisi d’avance.`,
              `The label needs every required criterion accepted and ${rule.en}. Nothing is chosen in advance.`,
            )}
          </p>
          <h2 id="avis" class="visually-hidden">
            {t('Votre avis', 'Your review')}
          </h2>
          <FormErrors errors={errors} fieldIds={fieldIds} />
          <form method="post" action={`/comite/labels/${view.app.id}/avis`} aria-labelledby="avis">
            <Csrf />
            {view.items.map((item) => {
              const comments = commentsOn(view.reviews, item.code);
              return (
                <fieldset class="review-item" id={`item-${item.code}`}>
                  <legend>
                    {item.criterion.title}{' '}
                    {item.criterion.required ? null : <span class="tag">{t('facultatif', 'optional')}</span>}
                  </legend>
                  <Claim view={view} item={item} />
                  {item.response ? (
                    <p>
                      <strong>{t('Réponse du lieu :', 'The place’s answer:')}</strong> {item.response}
                    </p>
                  ) : null}
                  {comments.map(({ review, item: c }) => (
                    <p class="muted">
                      {t(`Tour ${review.round}`, `Round ${review.round}`)} — {answerName(DECISIONS, c.decision, t)} :{' '}
                      {c.comment}
                    </p>
                  ))}
                  {err(item.code).map((e) => (
                    <p class="field-error">{e.message}</p>
                  ))}
                  <DecisionChoices
                    code={item.code}
                    words={DECISION_CHOICES}
                    values={values}
                    unmet={Boolean(unmet[item.code])}
                  />
                  <FoldedReason
                    id={`m-${item.code}`}
                    name={`comment.${item.code}`}
                    label={t('Motif (sauf si accepté)', 'Reason (unless accepted)')}
                    value={values[`comment.${item.code}`] ?? ''}
                    open={err(item.code).length > 0}
                  />
                </fieldset>
              );
            })}
            <fieldset class="review-item review-vote">
              <legend>{t('Votre vote sur la demande', 'Your vote on the application')}</legend>
              <DecisionVote values={values} />
              <FoldedReason
                id="vote-comment"
                name="comment"
                label={t('Motif de votre vote', 'Reason for your vote')}
                value={values.comment ?? ''}
                open={errors.some((e) => e.path === 'comment')}
              />
            </fieldset>
            <div class="actions">
              <button type="submit">{t('Enregistrer mon avis', 'Save my review')}</button>
            </div>
          </form>
        </>
      ) : (
        <>
          <h2>{t('Critères et preuves', 'Criteria and evidence')}</h2>
          <Evidence view={view} showReviews />
        </>
      )}
    </>
  );
};

/** The vote, in the committee's words. */
const DecisionVote: FC<{ values: Record<string, string> }> = ({ values }) => (
  <VoteChoices words={VOTE_CHOICES} values={values} />
);
