import type { FC } from 'hono/jsx';
import type { FieldError } from '../errors.js';
import { formatDate } from '../lib/dates.js';
import type { OrganisationRow } from '../organisations/lookup.js';
import type { ApplicationRow } from '../review/service.js';
import {
  answerName,
  commentsOn,
  DecideRow,
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
import type { LabelAction } from './service.js';
import { type LabelState, labelStateName } from './state.js';
import type { LabelWithState } from './store.js';

/** How the committee offers a vote in its review form. */
const VOTE_CHOICES: VoteWords = {
  approve: ['Favorable', 'In favour'],
  changes: ['Demander plus', 'Ask for more'],
  reject: ['Refuser', 'Reject'],
};

/** The three changes of a label's state, as the committee's links and buttons name them. */
const ACTION_WORDS: Record<LabelAction, readonly [string, string]> = {
  suspend: ['Suspendre', 'Suspend'],
  withdraw: ['Retirer', 'Withdraw'],
  reinstate: ['Rétablir', 'Reinstate'],
};

/** What the public sees once the change is made: told on the confirmation page, before it is. */
function publicEffect(action: LabelAction, t: (fr: string, en: string) => string): string[] {
  switch (action) {
    case 'suspend':
      return [
        t(
          'Le lieu disparaît du registre public des lieux labellisés et des données ouvertes.',
          'The place leaves the public registry of labelled places and the open data.',
        ),
        t(
          'Sa page publique et la vérification du label lisent « Label suspendu depuis le … » avec le motif ci-dessous ; le badge d’endossement du lieu est lu « suspendu ».',
          'Its public page and the label check read “Label suspended since …” with the reason below; the place’s endorsement badge reads “suspended”.',
        ),
        t(
          'Les badges déjà délivrés par le lieu restent valides. Vous pourrez rétablir le label.',
          'Badges the place already issued stay valid. You can reinstate the label.',
        ),
      ];
    case 'withdraw':
      return [
        t(
          'Le lieu disparaît du registre public des lieux labellisés et des données ouvertes.',
          'The place leaves the public registry of labelled places and the open data.',
        ),
        t(
          'Sa page publique et la vérification du label lisent « Label retiré le … » avec le motif ci-dessous ; le badge d’endossement du lieu est lu « retiré ».',
          'Its public page and the label check read “Label withdrawn on …” with the reason below; the place’s endorsement badge reads “withdrawn”.',
        ),
        t(
          'C’est définitif : pour retrouver le label, le lieu devra déposer une nouvelle demande. Les badges déjà délivrés par le lieu restent valides.',
          'This is final: to get the label again, the place must file a new application. Badges the place already issued stay valid.',
        ),
      ];
    case 'reinstate':
      return [
        t(
          'Le lieu revient dans le registre public des lieux labellisés et les données ouvertes.',
          'The place returns to the public registry of labelled places and the open data.',
        ),
        t(
          'Sa page publique et la vérification lisent de nouveau « Lieu labellisé » ; un nouveau label (et un nouveau badge d’endossement) est délivré, l’ancien reste lu « suspendu ».',
          'Its public page and the check read “Labelled place” again; a new label (and a new endorsement badge) is issued, the former one still reads “suspended”.',
        ),
      ];
  }
}

/** The confirmation step of a change of state: what the public will see, the public reason, then the change. */
export const ConfirmLabelStatusPage: FC<{
  label: LabelWithState;
  structure: OrganisationRow | undefined;
  state: LabelState;
  action: LabelAction;
  errors?: FieldError[];
  reason?: string;
}> = ({ label, structure, state, action, errors = [], reason = '' }) => {
  const t = useT();
  const name = structure?.name ?? '—';
  const question: Record<LabelAction, readonly [string, string]> = {
    suspend: [`Suspendre le label de « ${name} » ?`, `Suspend the label of “${name}”?`],
    withdraw: [`Retirer le label de « ${name} » ?`, `Withdraw the label of “${name}”?`],
    reinstate: [`Rétablir le label de « ${name} » ?`, `Reinstate the label of “${name}”?`],
  };
  const confirm: Record<LabelAction, readonly [string, string]> = {
    suspend: ['Oui, suspendre le label', 'Yes, suspend the label'],
    withdraw: ['Oui, retirer le label', 'Yes, withdraw the label'],
    reinstate: ['Oui, rétablir le label', 'Yes, reinstate the label'],
  };
  return (
    <>
      <p class="muted tight">
        <a href="/comite/labels">← {t('Comité de labellisation', 'Label committee')}</a>
      </p>
      <h1>{t(question[action][0], question[action][1])}</h1>
      <p>
        {t('Aujourd’hui :', 'Today:')} <strong>{labelStateName(state, t)}</strong>
      </p>
      <h2>{t('Ce que le public verra', 'What the public will see')}</h2>
      <ul>
        {publicEffect(action, t).map((line) => (
          <li>{line}</li>
        ))}
      </ul>
      <FormErrors errors={errors} fieldIds={{ reason: 'reason' }} />
      <form method="post" action={`/comite/labels/statut/${label.id}`} class="stack">
        <Csrf />
        <input type="hidden" name="action" value={action} />
        <div>
          <label for="reason">{t('Motif (public)', 'Reason (public)')}</label>
          <input type="text" id="reason" name="reason" required minlength={3} maxlength={500} value={reason} />
        </div>
        <div class="actions">
          <button type="submit" class={action === 'reinstate' ? undefined : 'danger'}>
            {t(confirm[action][0], confirm[action][1])}
          </button>
          <a href="/comite/labels">{t('Annuler', 'Cancel')}</a>
        </div>
      </form>
    </>
  );
};

export const CommitteeLabelsPage: FC<{
  applications: { app: ApplicationRow; structure: OrganisationRow | undefined; labelState: LabelState | null }[];
  labels: { label: LabelWithState; structure: OrganisationRow | undefined; state: LabelState }[];
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
          {applications.map(({ app, structure, labelState }) => (
            <tr>
              <td>
                <a href={`/comite/labels/${app.id}`}>{structure?.name ?? '—'}</a>
              </td>
              <td>
                <CellLabel>{t('État', 'State')}</CellLabel>
                {app.state === 'approved' && labelState ? labelStateName(labelState, t) : stateName(app.state, t)}
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
                {formatDate(label.validUntil, lang)} — <strong>{labelStateName(state, t)}</strong>
              </p>
              {state === 'withdrawn' || state === 'expired' ? null : (
                <p class="tight">
                  {(state === 'suspended'
                    ? (['reinstate', 'withdraw'] as const)
                    : (['suspend', 'withdraw'] as const)
                  ).map((action, i) => (
                    <>
                      {i ? ' · ' : ''}
                      <a href={`/comite/labels/statut/${label.id}/confirmer?action=${action}`}>
                        {t(ACTION_WORDS[action][0], ACTION_WORDS[action][1])}…
                      </a>
                    </>
                  ))}
                </p>
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
  more: ['À compléter', 'Ask for more'],
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
                  <DecideRow>
                    <DecisionChoices
                      code={item.code}
                      words={DECISION_CHOICES}
                      values={values}
                      unmet={Boolean(unmet[item.code])}
                    />
                    <FoldedReason
                      id={`m-${item.code}`}
                      name={`comment.${item.code}`}
                      label={t('Motif', 'Reason')}
                      value={values[`comment.${item.code}`] ?? ''}
                      open={err(item.code).length > 0}
                    />
                  </DecideRow>
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
