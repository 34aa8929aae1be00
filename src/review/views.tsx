import type { Child, FC } from 'hono/jsx';
import type { FieldError } from '../errors.js';
import type { T } from '../web/i18n.js';
import { useT } from '../web/render.js';
import { ITEM_DECISIONS, type ItemDecision, type ItemReview, type ReviewState, type Vote, VOTES } from './rules.js';

/**
 * What the committee pages of the certification and of the label share: the names of an
 * application's states, the typed tables in which each feature words reviewers' answers, what
 * those pages read from the reviews, and the review form's choices (the fields the review routes
 * read). The pages themselves stay with their feature.
 */

/** A word or phrase, French then English. */
export type Words = readonly [fr: string, en: string];

/** An application's states as committee pages name them, unless a feature names one its own way. */
const STATE_WORDS: Record<ReviewState, Words> = {
  draft: ['Brouillon', 'Draft'],
  submitted: ['En cours d’examen', 'Under review'],
  'changes-requested': ['Compléments demandés', 'More requested'],
  resubmitted: ['Complétée, en cours d’examen', 'Completed, under review'],
  approved: ['Validée', 'Approved'],
  rejected: ['Refusée', 'Rejected'],
  withdrawn: ['Retirée', 'Withdrawn'],
};

export function reviewStateName(state: ReviewState, t: T, own: Partial<Record<ReviewState, Words>> = {}): string {
  const [fr, en] = own[state] ?? STATE_WORDS[state];
  return t(fr, en);
}

/**
 * How a feature words a decision on an item or a vote (French agrees with what is decided on: a
 * competence is « acceptée », a criterion « accepté »).
 */
export type AnswerWords<K extends string> = Record<K, Words>;
export type DecisionWords = AnswerWords<ItemDecision>;
export type VoteWords = AnswerWords<Vote>;

/** An answer as stored (free text in the database) in the feature's words; one it has no word for, as itself. */
export function answerName<K extends string>(words: AnswerWords<K>, answer: string, t: T): string {
  const found = (words as Partial<Record<string, Words>>)[answer];
  return found ? t(found[0], found[1]) : answer;
}

/** What committee pages read of a review: its round and its answers per item. */
interface RoundReview {
  round: number;
  items: readonly ItemReview[];
}

/** The reviews that commented on one item, with that answer, in the order of the reviews. */
export function commentsOn<R extends RoundReview>(
  reviews: readonly R[],
  code: string,
): { review: R; item: ItemReview & { comment: string } }[] {
  return reviews.flatMap((review) =>
    review.items
      .filter((i): i is ItemReview & { comment: string } => i.code === code && !!i.comment)
      .map((item) => ({ review, item })),
  );
}

/** Codes of the items some review of `round` did not accept: what the applicant is asked to complete. */
export function askedForMore(reviews: readonly RoundReview[], round: number): Set<string> {
  return new Set(
    reviews
      .filter((r) => r.round === round)
      .flatMap((r) => r.items.filter((i) => i.decision !== 'accept').map((i) => i.code)),
  );
}

/** What a review form sent back with its errors holds, by field name. */
type FormValues = Record<string, string>;

/** One choice of a reviewer's decision on an item (field `decision.<code>`): nothing is chosen until the reviewer chooses. */
export const DecisionChoice: FC<{ code: string; decision: ItemDecision; values: FormValues }> = ({
  code,
  decision,
  values,
}) => (
  <input
    type="radio"
    id={`d-${code}-${decision}`}
    name={`decision.${code}`}
    value={decision}
    checked={values[`decision.${code}`] === decision}
  />
);

/** One choice of a reviewer's vote on the application (field `vote`): nothing is chosen until the reviewer chooses. */
export const VoteChoice: FC<{ vote: Vote; values: FormValues }> = ({ vote, values }) => (
  <input type="radio" id={`vote-${vote}`} name="vote" value={vote} checked={values.vote === vote} />
);

/**
 * An item's choices as one inline segmented control. An item whose computed criterion is unmet
 * offers no « accept »: only asking for more or rejecting.
 */
export const DecisionChoices: FC<{
  code: string;
  words: DecisionWords;
  values: FormValues;
  unmet?: boolean;
  /** Names the group when no legend does (a block's choice for all its competences). */
  label?: string;
}> = ({ code, words, values, unmet, label }) => {
  const t = useT();
  const choices = ITEM_DECISIONS.filter((d) => !(unmet && d === 'accept')).map((d) => (
    <label for={`d-${code}-${d}`}>
      <DecisionChoice code={code} decision={d} values={values} />
      <span>{answerName(words, d, t)}</span>
    </label>
  ));
  return label ? (
    <fieldset class="segmented" aria-label={label}>
      {choices}
    </fieldset>
  ) : (
    <div class="segmented">{choices}</div>
  );
};

/** The vote as one inline segmented control. */
export const VoteChoices: FC<{ words: VoteWords; values: FormValues }> = ({ words, values }) => {
  const t = useT();
  return (
    <div class="segmented">
      {VOTES.map((v) => (
        <label for={`vote-${v}`}>
          <VoteChoice vote={v} values={values} />
          <span>{answerName(words, v, t)}</span>
        </label>
      ))}
    </div>
  );
};

/** An item's choices and its folded reason on one row (the reason takes the full width once opened). */
export const DecideRow: FC<{ children: Child }> = ({ children }) => <div class="decide">{children}</div>;

/** A reason, folded until needed: open when one was typed or asked for. */
export const FoldedReason: FC<{ id: string; name: string; label: string; value: string; open?: boolean }> = ({
  id,
  name,
  label,
  value,
  open,
}) => (
  <details class="reason" open={open || value !== ''}>
    <summary>{label}</summary>
    <label for={id} class="visually-hidden">
      {label}
    </label>
    <textarea id={id} name={name} class="note" maxlength={2000}>
      {value}
    </textarea>
  </details>
);

/**
 * What a review form left unchosen, each item named by its title (a radio group with nothing
 * chosen sends nothing): the form comes back with these before anything is checked further.
 */
export function unanswered(values: FormValues, items: readonly { code: string; title: string }[]): FieldError[] {
  const missing: FieldError[] = items
    .filter((i) => !values[`decision.${i.code}`])
    .map((i) => ({
      path: `items.${i.code}`,
      message: `Choisissez une réponse pour « ${i.title} ».`,
      en: `Choose an answer for “${i.title}”.`,
    }));
  if (!values.vote)
    missing.push({
      path: 'vote',
      message: 'Choisissez votre vote sur la demande.',
      en: 'Choose your vote on the application.',
    });
  return missing;
}

/** The round at a glance, kept in view while scrolling: how many items are left to decide. */
export const RoundSummary: FC<{ toDecide: number; noun: Words; nouns: Words; children?: Child }> = ({
  toDecide,
  noun,
  nouns,
  children,
}) => {
  const t = useT();
  const word = toDecide < 2 ? t(noun[0], noun[1]) : t(nouns[0], nouns[1]);
  return (
    <p class="round-summary">
      <a href="#avis">
        {toDecide === 0
          ? t('Tout est décidé : votez en bas de page', 'All decided: vote at the bottom')
          : `${toDecide} ${word} ${t('à décider', 'to decide')}`}
      </a>
      {children ? <> · {children}</> : null}
    </p>
  );
};
