import type { FC } from 'hono/jsx';
import type { FieldError } from '../errors.js';
import {
  answerName,
  commentsOn,
  DecisionChoices,
  type DecisionWords,
  FoldedReason,
  RoundSummary,
  reviewStateName,
  VoteChoices,
  type VoteWords,
} from '../review/views.js';
import { Csrf, FormErrors, useT } from '../web/render.js';
import type { ApplicationView } from './applications.js';
import { EvidenceList } from './evidence-views.js';
import type { queue } from './issuance.js';
import { claimCheck } from './rules.js';

/** A competence's decision, as decided (« acceptée ») and as offered in the review form (« accepter »). */
export const DECISIONS: DecisionWords = {
  accept: ['Acceptée', 'Accepted'],
  more: ['À compléter', 'More needed'],
  reject: ['Refusée', 'Rejected'],
};
const DECISION_CHOICES: DecisionWords = {
  accept: ['Accepter', 'Accept'],
  more: ['À compléter', 'Ask for more'],
  reject: ['Refuser', 'Reject'],
};
/** The vote as offered in the form, short enough for one row on a phone. */
const VOTE_CHOICES: VoteWords = {
  approve: ['Valider', 'Approve'],
  changes: ['Compléments', 'Ask for more'],
  reject: ['Refuser', 'Reject'],
};

/** The committee's queue: the applications to review first, then the others. */
export const QueuePage: FC<{
  rows: Awaited<ReturnType<typeof queue>>;
}> = ({ rows }) => {
  const t = useT();
  const waiting = rows.filter((r) => r.app.state === 'submitted' || r.app.state === 'resubmitted');
  const others = rows.filter((r) => !(r.app.state === 'submitted' || r.app.state === 'resubmitted'));
  const List: FC<{ items: typeof rows }> = ({ items }) =>
    items.length === 0 ? (
      <p>{t('Aucune.', 'None.')}</p>
    ) : (
      <ul class="plain-list">
        {items.map((r) => (
          <li>
            <a href={`/certification/demandes/${r.app.id}`}>{r.applicantName}</a> — {reviewStateName(r.app.state, t)} ·{' '}
            {r.votes} {t('avis', 'reviews')}
            {r.conflict
              ? ` · ${t('conflit d’intérêts : vous ne pouvez pas l’examiner', 'conflict of interest: you cannot review it')}`
              : ''}
          </li>
        ))}
      </ul>
    );
  return (
    <>
      <h1>{t('Demandes de certification', 'Certification applications')}</h1>
      <h2>{t('À examiner', 'To review')}</h2>
      <List items={waiting} />
      <h2>{t('Autres demandes', 'Other applications')}</h2>
      <List items={others} />
    </>
  );
};

/**
 * The reviewer's form, one block per competence: the claimed level against the rules, the
 * evidence, the decision beside it (nothing chosen in advance; no « accept » for a claim the
 * rules refuse), the reason folded; the round's count stays in view.
 */
export const ReviewForm: FC<{ view: ApplicationView; errors: FieldError[]; values: Record<string, string> }> = ({
  view,
  errors,
  values,
}) => {
  const t = useT();
  const { app, setting } = view;
  const { ref, rules } = setting;
  const competences = ref.blocks.flatMap((b) => b.competences);
  const levelOf = (id: string) => ref.scale.levels.find((l) => l.id === id)?.label ?? id;
  const byCode = new Map(view.items.map((i) => [i.code, i]));
  const toDecide = view.items.filter((i) => !values[`decision.${i.code}`]).length;
  const votes = view.reviews.filter((r) => r.round === app.round).length;
  const minLevel = ref.scale.levels.find((l) => l.id === rules.block.minLevel)?.label ?? rules.block.minLevel;
  const err = (code: string) => errors.filter((e) => e.path === `items.${code}`);
  const fieldIds = Object.fromEntries([
    ...view.items.map((i) => [`items.${i.code}`, `item-${i.code}`]),
    ['vote', 'vote-approve'],
    ['comment', 'vote-comment'],
  ]);
  return (
    <>
      <RoundSummary toDecide={toDecide} noun={['compétence', 'competence']} nouns={['compétences', 'competences']}>
        {t(`${votes} avis sur ${rules.review.quorum}`, `${votes} of ${rules.review.quorum} reviews`)}
      </RoundSummary>
      <p class="tight compact-hint">
        {t(
          `Bloc validé si toutes ses compétences sont acceptées (niveau « ${minLevel} » au moins) ; badges valables ${rules.validity.months} mois. Rien n’est choisi d’avance.`,
          `A block is validated when all its competences are accepted, each claimed at level “${minLevel}” at least. Badges valid ${rules.validity.months} months. Nothing is chosen in advance.`,
        )}
      </p>
      <h2 id="avis" class="visually-hidden">
        {t('Mon avis', 'My review')}
      </h2>
      <FormErrors errors={errors} fieldIds={fieldIds} />
      <form method="post" action={`/certification/demandes/${app.id}/avis`} aria-labelledby="avis">
        <Csrf />
        {ref.blocks
          .filter((b) => b.competences.some((c) => byCode.has(c.code)))
          .map((block) => {
            const items = block.competences.flatMap((c) => byCode.get(c.code) ?? []);
            const checks = new Map(items.map((i) => [i.code, claimCheck(ref, rules, i.parsed)]));
            const unmetHere = items.some((i) => !checks.get(i.code)?.met);
            const errs = items.flatMap((i) => err(i.code));
            return (
              <section class="review-block" aria-labelledby={`b-${block.code}`}>
                <h3 id={`b-${block.code}`}>
                  {t('Bloc', 'Block')} {block.code} — {block.title}
                  {rules.certification.requiredBlocks.includes(block.code) ? (
                    <span class="tag">{t('requis', 'required')}</span>
                  ) : null}
                </h3>
                <ul class="claims">
                  {items.map((item) => {
                    const check = checks.get(item.code)!;
                    return (
                      <li id={`item-${item.code}`}>
                        <strong>{item.code}</strong>{' '}
                        <span class={check.met ? 'met' : 'unmet'}>
                          {check.met ? '✓ ' : '✗ '}
                          {check.met ? levelOf(item.parsed.level) : t(check.fr, check.en)}
                        </span>
                        <EvidenceList evidence={item.parsed.evidence} files={view.files} />
                        {item.response ? (
                          <p>
                            <strong>{t('Réponse :', 'Answer:')}</strong> {item.response}
                          </p>
                        ) : null}
                        {commentsOn(view.reviews, item.code).map(({ review: r, item: d }) => (
                          <p class="muted">
                            {t('Tour', 'Round')} {r.round}, {r.reviewerName} : {answerName(DECISIONS, d.decision, t)} —{' '}
                            {d.comment}
                          </p>
                        ))}
                      </li>
                    );
                  })}
                </ul>
                {errs.map((e) => (
                  <p class="field-error">{e.message}</p>
                ))}
                <div class="decide">
                  <DecisionChoices
                    code={`bloc.${block.code}`}
                    words={DECISION_CHOICES}
                    values={values}
                    unmet={unmetHere}
                    label={t(
                      `Pour les ${items.length} compétences du bloc ${block.code}`,
                      `For the ${items.length} competences of block ${block.code}`,
                    )}
                  />
                  <details class="reason" open={errs.length > 0 || undefined}>
                    <summary>{t('Détail', 'Detail')}</summary>
                    <label for={`comment-bloc-${block.code}`}>
                      {t('Motif pour le bloc (sauf pour accepter)', 'Reason for the block (unless accepting)')}
                    </label>
                    <textarea
                      id={`comment-bloc-${block.code}`}
                      name={`comment.bloc.${block.code}`}
                      class="note"
                      maxlength={2000}
                    >
                      {values[`comment.bloc.${block.code}`] ?? ''}
                    </textarea>
                    {items.map((item) => (
                      <fieldset class="review-item" id={`decide-${item.code}`}>
                        <legend>
                          {item.code} — {competences.find((x) => x.code === item.code)?.title ?? item.code}
                        </legend>
                        <input type="hidden" name={`bloc.${item.code}`} value={block.code} />
                        <DecisionChoices
                          code={item.code}
                          words={DECISION_CHOICES}
                          values={values}
                          unmet={!checks.get(item.code)?.met}
                        />
                        <label for={`comment-${item.code}`}>{t('Motif', 'Reason')}</label>
                        <textarea
                          id={`comment-${item.code}`}
                          name={`comment.${item.code}`}
                          class="note"
                          maxlength={2000}
                        >
                          {values[`comment.${item.code}`] ?? ''}
                        </textarea>
                      </fieldset>
                    ))}
                  </details>
                </div>
              </section>
            );
          })}
        <fieldset class="review-item review-vote">
          <legend>{t('Mon vote sur la demande', 'My vote on the application')}</legend>
          <VoteChoices words={VOTE_CHOICES} values={values} />
          <FoldedReason
            id="vote-comment"
            name="comment"
            label={t('Commentaire général', 'General comment')}
            value={values.comment ?? ''}
            open={errors.some((e) => e.path === 'comment')}
          />
        </fieldset>
        <div class="actions">
          <button type="submit">{t('Envoyer mon avis', 'Send my review')}</button>
        </div>
      </form>
    </>
  );
};
