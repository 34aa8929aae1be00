import type { FC } from 'hono/jsx';
import type { T } from '../web/i18n.js';
import type { ItemDecision, ItemReview, ReviewState, Vote } from './rules.js';

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

/** One choice of a reviewer's decision on an item (field `decision.<code>`); « accept » until another is sent. */
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
    checked={(values[`decision.${code}`] ?? 'accept') === decision}
  />
);

/** One choice of a reviewer's vote on the application (field `vote`); « approve » until another is sent. */
export const VoteChoice: FC<{ vote: Vote; values: FormValues }> = ({ vote, values }) => (
  <input type="radio" id={`vote-${vote}`} name="vote" value={vote} checked={(values.vote ?? 'approve') === vote} />
);
