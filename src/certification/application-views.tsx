import type { FC } from 'hono/jsx';
import type { FieldError } from '../errors.js';
import { answerName, askedForMore, commentsOn, reviewStateName, type VoteWords } from '../review/views.js';
import { formatDate } from '../lib/dates.js';
import { CellLabel } from '../web/layout.js';
import { Callout, Csrf, FormErrors, Table, useLang, useT } from '../web/render.js';
import type { ApplicationView } from './applications.js';
import { EvidenceList } from './evidence-views.js';
import { DECISIONS, ReviewForm } from './issuance-views.js';
import { evidenceHref } from './portfolio.js';
import { competenceLinks, Notice } from './portfolio-views.js';

const VOTE_WORDS: VoteWords = {
  approve: ['Valider', 'Approve'],
  changes: ['Demander des compléments', 'Ask for more'],
  reject: ['Refuser', 'Reject'],
};

export const ApplicationPage: FC<{
  view: ApplicationView;
  own: boolean;
  staff: boolean;
  notice?: string | undefined;
  errors?: FieldError[];
  values?: Record<string, string>;
}> = ({ view, own, staff, notice, errors = [], values = {} }) => {
  const t = useT();
  const lang = useLang();
  const { app, setting } = view;
  const titleOf = (code: string) =>
    setting.ref.blocks.flatMap((b) => b.competences).find((c) => c.code === code)?.title ?? code;
  const levelOf = (id: string) => setting.ref.scale.levels.find((l) => l.id === id)?.label ?? id;
  const round = view.reviews.filter((r) => r.round === app.round);
  const asked = askedForMore(view.reviews, app.round);
  return (
    <>
      <p class="muted">
        <a href={own ? '/certification' : '/comite'}>
          ← {own ? t('Ma certification', 'My certification') : t('Demandes à examiner', 'Applications to review')}
        </a>
      </p>
      <h1>
        {t('Demande de', 'Application by')} {view.applicantName}
      </h1>
      <Notice text={notice} />
      {view.canReview ? null : <FormErrors errors={errors} links={competenceLinks(setting.ref, errors)} />}
      {own && app.state === 'changes-requested' && asked.size ? (
        <section class="callout warn" aria-labelledby="complements">
          <h2 id="complements" class="flush-top">
            {t('Le comité demande des compléments', 'The committee asks for more')}
          </h2>
          <ul class="asked">
            {view.items
              .filter((i) => asked.has(i.code))
              .map((item) => (
                <li>
                  <a href={evidenceHref(setting.ref, item.code)}>
                    {t('Ajouter une preuve :', 'Add evidence:')} {item.code} — {titleOf(item.code)}
                  </a>
                  {[...new Set(commentsOn(round, item.code).map(({ item: d }) => d.comment))].map((comment) => (
                    <p class="tight">
                      {t('Le comité :', 'The committee:')} « {comment} »
                    </p>
                  ))}
                </li>
              ))}
          </ul>
          <p class="flush">
            {t('Puis', 'Then')}{' '}
            <a href="#repondre">{t('répondez et renvoyez la demande', 'answer and send it back')}</a>.
          </p>
        </section>
      ) : null}
      {view.canReview ? (
        <p class="tight">
          <strong>{reviewStateName(app.state, t)}</strong> · {t('blocs', 'blocks')} {view.blocks.join(', ')} ·{' '}
          {view.hubName}
          {app.renews ? ` · ${t('renouvellement', 'renewal')}` : ''}
        </p>
      ) : null}
      <dl class={view.canReview ? 'meta visually-hidden' : 'meta'}>
        <dt>{t('État', 'State')}</dt>
        <dd>
          <strong>{reviewStateName(app.state, t)}</strong>
        </dd>
        <dt>{t('Blocs demandés', 'Blocks applied for')}</dt>
        <dd>{view.blocks.join(', ')}</dd>
        <dt>{t('Comité', 'Committee')}</dt>
        {view.withdrawal ? (
          <dd>
            {view.hubName} — {t('demande retirée le', 'application withdrawn on')}{' '}
            {formatDate(view.withdrawal.at, lang)}
          </dd>
        ) : (
          <dd>
            {view.hubName} — {t('tour d’examen', 'review round')} {app.round}, {round.length}{' '}
            {t('avis sur', 'reviews of')} {setting.rules.review.quorum} {t('requis', 'required')}
          </dd>
        )}
        {view.withdrawal?.reason ? (
          <>
            <dt>{t('Motif du retrait', 'Reason for withdrawal')}</dt>
            <dd>{view.withdrawal.reason}</dd>
          </>
        ) : null}
        {app.renews ? (
          <>
            <dt>{t('Renouvellement', 'Renewal')}</dt>
            <dd>{t('oui', 'yes')}</dd>
          </>
        ) : null}
      </dl>
      {view.conflict && !own && staff ? (
        <Callout tone="warn">
          <p>
            {view.conflict === 'self'
              ? t(
                  'C’est votre propre demande : vous ne pouvez pas l’examiner.',
                  'This is your own application: you cannot review it.',
                )
              : t(
                  'Vous appartenez à la même structure que la personne : un autre membre du comité doit examiner cette demande (conflit d’intérêts).',
                  'You belong to the applicant’s organisation: another committee member must review it (conflict of interest).',
                )}
          </p>
        </Callout>
      ) : null}

      {view.credentials.length ? (
        <>
          <h2>{t('Badges délivrés', 'Badges issued')}</h2>
          <ul class="plain-list">
            {view.credentials.map((c) => (
              <li>
                <a href={`/credentials/${c.id}`}>
                  {c.achievementKind === 'certification'
                    ? t('Médiateur numérique certifié', 'Certified digital mediator')
                    : `${t('Bloc', 'Block')} ${c.achievementId.split('/').pop()}`}
                </a>
                {c.revokedAt
                  ? ` — ${t('retiré', 'withdrawn')}`
                  : c.suspendedAt
                    ? ` — ${t('suspendu', 'suspended')}`
                    : ''}
                {staff ? (
                  <form method="post" action={`/certification/badges/${c.id}/statut`} class="inline-form">
                    <Csrf />
                    <input type="hidden" name="application" value={app.id} />
                    <label for={`reason-${c.id}`} class="visually-hidden">
                      {t('Motif', 'Reason')}
                    </label>
                    <input
                      type="text"
                      id={`reason-${c.id}`}
                      name="reason"
                      placeholder={t('Motif', 'Reason')}
                      required
                    />
                    <label for={`action-${c.id}`} class="visually-hidden">
                      {t('Action', 'Action')}
                    </label>
                    <select id={`action-${c.id}`} name="action">
                      <option value="suspend">{t('Suspendre', 'Suspend')}</option>
                      <option value="revoke">{t('Retirer définitivement', 'Withdraw for good')}</option>
                      <option value="reinstate">{t('Rétablir', 'Reinstate')}</option>
                    </select>
                    <button type="submit" class="secondary">
                      {t('Appliquer', 'Apply')}
                    </button>
                  </form>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {view.canReview ? null : <h2>{t('Compétences et preuves', 'Competences and evidence')}</h2>}
      {(view.canReview ? [] : view.items).map((item) => (
        <section class="card" aria-labelledby={`c-${item.code}`}>
          <h3 id={`c-${item.code}`}>
            {item.code} — {titleOf(item.code)}
          </h3>
          <p>
            {t('Niveau déclaré :', 'Claimed level:')} <strong>{levelOf(item.parsed.level)}</strong>
            {item.outcome ? ` — ${t('décision :', 'decision:')} ${answerName(DECISIONS, item.outcome, t)}` : ''}
          </p>
          <EvidenceList evidence={item.parsed.evidence} files={view.files} />
          {item.response ? (
            <p>
              <strong>{t('Réponse de la personne :', 'Applicant’s answer:')}</strong> {item.response}
            </p>
          ) : null}
          {commentsOn(view.reviews, item.code).map(({ review: r, item: d }) => (
            <p class="muted">
              {t('Tour', 'Round')} {r.round}, {own ? t('comité', 'committee') : r.reviewerName} :{' '}
              {answerName(DECISIONS, d.decision, t)} — {d.comment}
            </p>
          ))}
        </section>
      ))}

      {view.canReview && view.reviews.length === 0 ? null : <h2>{t('Avis du comité', 'Committee reviews')}</h2>}
      {view.canReview && view.reviews.length === 0 ? null : view.reviews.length === 0 ? (
        <p>
          {view.withdrawal
            ? t(
                'Aucun avis : la demande a été retirée avant son examen.',
                'No review: the application was withdrawn before it was reviewed.',
              )
            : t('Pas encore d’avis.', 'No review yet.')}
        </p>
      ) : (
        <Table
          id="avis-comite"
          caption={t('Avis du comité', 'Committee reviews')}
          head={[
            t('Tour', 'Round'),
            t('Membre', 'Member'),
            t('Vote', 'Vote'),
            t('Commentaire', 'Comment'),
            t('Date', 'Date'),
          ]}
        >
          {view.reviews.map((r) => (
            <tr>
              <td>
                <CellLabel>{t('Tour', 'Round')}</CellLabel>
                {r.round}
              </td>
              <td>
                <CellLabel>{t('Membre', 'Member')}</CellLabel>
                {own ? t('Membre du comité', 'Committee member') : r.reviewerName}
              </td>
              <td>
                <CellLabel>{t('Vote', 'Vote')}</CellLabel>
                {answerName(VOTE_WORDS, r.vote, t)}
              </td>
              <td>
                <CellLabel>{t('Commentaire', 'Comment')}</CellLabel>
                {r.comment ?? ''}
              </td>
              <td>
                <CellLabel>{t('Date', 'Date')}</CellLabel>
                {formatDate(r.createdAt, lang)}
              </td>
            </tr>
          ))}
        </Table>
      )}

      {view.canReview ? <ReviewForm view={view} errors={errors} values={values} /> : null}

      {own && (app.state === 'changes-requested' || app.state === 'submitted' || app.state === 'resubmitted') ? (
        <form method="post" action={`/certification/demandes/${app.id}/mise-a-jour`} class="stack wide">
          <Csrf />
          <h2 id="repondre">
            {app.state === 'changes-requested'
              ? t('Répondre au comité et renvoyer', 'Answer the committee and resubmit')
              : t('Mettre à jour ma demande', 'Update my application')}
          </h2>
          <p>
            {t(
              'Complétez d’abord votre portfolio (niveaux et preuves) ; la demande reprend son état actuel.',
              'First complete your portfolio (levels and evidence); the application takes its current state.',
            )}
          </p>
          {view.items
            .filter((i) => asked.has(i.code))
            .map((item) => (
              <div>
                <label for={`response-${item.code}`}>
                  {t('Ma réponse pour', 'My answer for')} {item.code} — {titleOf(item.code)}
                </label>
                <textarea id={`response-${item.code}`} name={`response.${item.code}`} rows={2} maxlength={4000}>
                  {item.response ?? ''}
                </textarea>
              </div>
            ))}
          {app.state === 'changes-requested' ? <input type="hidden" name="resubmit" value="oui" /> : null}
          <button type="submit">
            {app.state === 'changes-requested'
              ? t('Renvoyer au comité', 'Resubmit to the committee')
              : t('Mettre à jour', 'Update')}
          </button>
        </form>
      ) : null}
      {own && ['draft', 'submitted', 'changes-requested', 'resubmitted'].includes(app.state) ? (
        <form method="post" action={`/certification/demandes/${app.id}/retrait`} class="stack withdrawal">
          <h2>{t('Retirer ma demande', 'Withdraw my application')}</h2>
          <Csrf />
          <label for="withdraw-reason">{t('Motif (facultatif)', 'Reason (optional)')}</label>
          <input type="text" id="withdraw-reason" name="reason" maxlength={500} />
          <button type="submit" class="danger">
            {t('Retirer ma demande', 'Withdraw my application')}
          </button>
        </form>
      ) : null}
    </>
  );
};
