import type { FC } from 'hono/jsx';
import type { FieldError } from '../errors.js';
import type { OrganisationRow } from '../organisations/lookup.js';
import type { LabelProgramme } from '../referentials/label-schema.js';
import { ITEM_DECISIONS, type ReviewState, VOTES } from '../review/rules.js';
import type { ApplicationRow } from '../review/service.js';
import {
  answerName,
  askedForMore,
  commentsOn,
  DecisionChoice,
  type DecisionWords,
  reviewStateName,
  VoteChoice,
  type VoteWords,
} from '../review/views.js';
import { formatDate } from '../lib/dates.js';
import type { T } from '../web/i18n.js';
import { CellLabel } from '../web/layout.js';
import { Callout, Csrf, FormErrors, Table, useLang, useT } from '../web/render.js';
import type { ApplicationView } from './applications.js';
import type { StructureLabelStatus } from './state.js';
import type { LabelWithState } from './store.js';
import { labelSentence } from './registry-views.js';

export function stateName(state: ReviewState, t: T): string {
  return reviewStateName(state, t, {
    submitted: ['Déposée, en cours d’examen', 'Filed, under review'],
    'changes-requested': ['Compléments demandés', 'More asked for'],
    approved: ['Label accordé', 'Label granted'],
  });
}

/** A criterion's decision and a vote, as decided and as offered in the review form. */
const DECISIONS: DecisionWords = {
  accept: ['Accepté', 'Accepted'],
  more: ['Compléments demandés', 'More asked for'],
  reject: ['Refusé', 'Rejected'],
};
const VOTE_WORDS: VoteWords = {
  approve: ['Favorable', 'In favour'],
  changes: ['Demande des compléments', 'Asks for more'],
  reject: ['Refusé', 'Rejected'],
};
const VOTE_CHOICES: VoteWords = { ...VOTE_WORDS, reject: ['Refuser', 'Reject'] };

/** Criteria with what the structure stated (and the committee's comments, when shown). */
const Evidence: FC<{ view: ApplicationView; showReviews: boolean }> = ({ view, showReviews }) => {
  const t = useT();
  return (
    <ol class="criteria">
      {view.items.map((item) => {
        const comments = commentsOn(view.reviews, item.code);
        return (
          <li>
            <h3>
              {item.criterion.title}{' '}
              {item.criterion.required ? null : <span class="tag">{t('facultatif', 'optional')}</span>}
            </h3>
            {item.claim.certifiedMediators !== undefined ? (
              <p>
                {t(
                  `Médiateurs certifiés comptés par Jalon : ${item.claim.certifiedMediators} (au moins ${item.claim.min} attendu).`,
                  `Certified mediators counted by Jalon: ${item.claim.certifiedMediators} (at least ${item.claim.min} expected).`,
                )}
              </p>
            ) : item.claim.text ? (
              <p>{item.claim.text}</p>
            ) : (
              <p class="muted">{t('Pas de preuve donnée.', 'No evidence given.')}</p>
            )}
            {item.response ? (
              <p>
                <strong>{t('Réponse du lieu :', 'The place’s answer:')}</strong> {item.response}
              </p>
            ) : null}
            {item.outcome ? (
              <p>
                <strong>{t('Décision :', 'Decision:')}</strong> {answerName(DECISIONS, item.outcome, t)}
              </p>
            ) : null}
            {showReviews && comments.length ? (
              <ul>
                {comments.map(({ review, item: c }) => (
                  <li>
                    {t(`Tour ${review.round}`, `Round ${review.round}`)} — {answerName(DECISIONS, c.decision, t)} :{' '}
                    {c.comment}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
};

/** With several label programmes on the service: the structure admin chooses which label the page is about. */
export const ProgrammeChoicePage: FC<{ org: OrganisationRow; programmes: LabelProgramme[] }> = ({
  org,
  programmes,
}) => {
  const t = useT();
  return (
    <>
      <h1>
        {t('Label', 'Label')} — {org.name}
      </h1>
      <p>{t('Choisissez le label que vous demandez ou suivez :', 'Choose the label you apply for or follow:')}</p>
      <ul>
        {programmes.map((p) => (
          <li>
            <a href={`/structures/${org.slug}/label/${p.slug}`}>{p.title}</a>
          </li>
        ))}
      </ul>
    </>
  );
};

/** The structure admin's label page for one programme: status, current application, evidence form. */
export const StructureLabelPage: FC<{
  org: OrganisationRow;
  programme: LabelProgramme;
  /** Where the form posts: the page's own address. */
  action: string;
  status: StructureLabelStatus;
  detailsComplete: boolean;
  open: ApplicationView | null;
  past: ApplicationRow[];
  canEdit: boolean;
  values?: Record<string, string>;
  errors?: FieldError[];
  saved?: boolean;
}> = ({ org, programme, action, status, detailsComplete, open, past, canEdit, values, errors = [], saved }) => {
  const t = useT();
  const lang = useLang();
  const value = (code: string) => values?.[code] ?? open?.items.find((i) => i.code === code)?.claim.text ?? '';
  const asked =
    open?.app.state === 'changes-requested' ? askedForMore(open.reviews, open.app.round) : new Set<string>();
  const fieldIds = Object.fromEntries(programme.criteria.map((c) => [`answers.${c.code}`, `c-${c.code}`]));
  return (
    <>
      <h1>
        {programme.title} — {org.name}
      </h1>
      <Callout tone={status.state === 'active' ? 'ok' : undefined}>
        <p>{labelSentence(status, t, lang)}</p>
        <p>
          <a href={`/lieux/${org.slug}`}>{t('Page publique du lieu', 'The place’s public page')}</a> ·{' '}
          <a href={`/label/${programme.slug}/${programme.version}`}>
            {t('Les critères du label', 'The label’s criteria')}
          </a>
        </p>
      </Callout>
      {saved ? (
        <Callout tone="ok">
          <p>{t('La demande a été enregistrée.', 'The application was saved.')}</p>
        </Callout>
      ) : null}
      {!detailsComplete ? (
        <Callout tone="warn">
          <p>
            {t(
              'Avant de demander le label, complétez la fiche du lieu : elle est publiée avec le label.',
              'Before applying, complete the place’s details: they are published with the label.',
            )}{' '}
            <a href={`/structures/${org.slug}/fiche`}>{t('Compléter la fiche du lieu', 'Complete the details')}</a>
          </p>
        </Callout>
      ) : null}
      {open ? (
        <>
          <h2>{t('Demande en cours', 'Current application')}</h2>
          <p>
            <strong>{stateName(open.app.state, t)}</strong>
            {open.app.renews ? ` — ${t('renouvellement', 'renewal')}` : ''}
          </p>
          {open.app.state === 'changes-requested' ? (
            <p>
              {t(
                'Le comité demande des compléments : lisez ses remarques sous chaque critère, complétez, puis déposez à nouveau la demande.',
                'The committee asks for more: read its remarks under each criterion, complete, then file the application again.',
              )}
            </p>
          ) : null}
          {!canEdit ? <Evidence view={open} showReviews /> : null}
        </>
      ) : null}
      {canEdit && detailsComplete ? (
        <>
          <h2 id="formulaire">
            {open
              ? t('Compléter la demande', 'Complete the application')
              : t('Demander le label', 'Apply for the label')}
          </h2>
          <FormErrors errors={errors} fieldIds={fieldIds} />
          <form method="post" action={action} class="stack wide" aria-labelledby="formulaire">
            <Csrf />
            {programme.criteria.map((c) => {
              const item = open?.items.find((i) => i.code === c.code);
              const err = errors.find((e) => e.path === `answers.${c.code}`)?.message;
              if (c.answer.type === 'certified-mediators')
                return (
                  <fieldset>
                    <legend>{c.title}</legend>
                    <p>
                      {t(
                        `Jalon compte les médiateurs certifiés du lieu : ${item?.claim.certifiedMediators ?? 'calculé au dépôt'} (au moins ${c.answer.min} attendu). Rien à écrire.`,
                        `Jalon counts the place’s certified mediators: ${item?.claim.certifiedMediators ?? 'counted when filed'} (at least ${c.answer.min} expected). Nothing to write.`,
                      )}
                    </p>
                  </fieldset>
                );
              const comments = open
                ? commentsOn(
                    open.reviews.filter((r) => r.round === open.app.round),
                    c.code,
                  ).map((x) => x.item.comment)
                : [];
              return (
                <div>
                  <label for={`c-${c.code}`}>
                    {c.title} {c.required ? null : <span class="tag">{t('facultatif', 'optional')}</span>}
                  </label>
                  <span class="hint" id={`c-${c.code}-hint`}>
                    {t('Preuves attendues :', 'Expected evidence:')} {c.evidence.join(' ; ')}
                  </span>
                  {err ? (
                    <p class="field-error" id={`c-${c.code}-error`}>
                      {err}
                    </p>
                  ) : null}
                  {comments.length ? (
                    <p class="callout warn">
                      {t('Le comité :', 'The committee:')} {comments.join(' — ')}
                    </p>
                  ) : null}
                  <textarea
                    id={`c-${c.code}`}
                    name={c.code}
                    maxlength={4000}
                    aria-invalid={err ? 'true' : undefined}
                    aria-describedby={`c-${c.code}-hint${err ? ` c-${c.code}-error` : ''}`}
                  >
                    {value(c.code)}
                  </textarea>
                  {asked.has(c.code) ? (
                    <div>
                      <label for={`r-${c.code}`}>{t('Votre réponse au comité', 'Your answer to the committee')}</label>
                      <textarea id={`r-${c.code}`} name={`reponse.${c.code}`} maxlength={2000}>
                        {values?.[`reponse.${c.code}`] ?? item?.response ?? ''}
                      </textarea>
                    </div>
                  ) : null}
                </div>
              );
            })}
            <div class="actions">
              <button type="submit" name="action" value="deposer">
                {open?.app.state === 'changes-requested'
                  ? t('Déposer à nouveau la demande', 'File the application again')
                  : t('Déposer la demande', 'File the application')}
              </button>
              <button type="submit" name="action" value="enregistrer" class="secondary">
                {t('Enregistrer sans déposer', 'Save without filing')}
              </button>
            </div>
          </form>
        </>
      ) : null}
      {past.length ? (
        <>
          <h2>{t('Demandes passées', 'Past applications')}</h2>
          <ul>
            {past.map((a) => (
              <li>
                {formatDate(a.createdAt, lang)} — {stateName(a.state, t)}
                {a.decidedAt ? ` (${formatDate(a.decidedAt, lang)})` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
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
