/**
 * Committee review, as pure rules: the states of an application, who may review it, how the votes
 * of one round are counted. No I/O: the store and the services feed these functions and act on
 * their answers. Generic over what is reviewed (a mediator's certification, a structure's label):
 * an application has items (competences, label criteria) identified by code.
 */

export const REVIEW_STATES = [
  'draft',
  'submitted',
  'changes-requested',
  'resubmitted',
  'approved',
  'rejected',
  'withdrawn',
] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/** A reviewer's answer on one item. */
export const ITEM_DECISIONS = ['accept', 'more', 'reject'] as const;
export type ItemDecision = (typeof ITEM_DECISIONS)[number];

/** A reviewer's vote on the whole application. */
export const VOTES = ['approve', 'changes', 'reject'] as const;
export type Vote = (typeof VOTES)[number];

export type ReviewEvent = 'edit' | 'submit' | 'withdraw' | 'review' | 'approve' | 'reject' | 'request-changes';

/** Which events each state accepts, and the state they lead to. */
const TRANSITIONS: Record<ReviewState, Partial<Record<ReviewEvent, ReviewState>>> = {
  draft: { edit: 'draft', submit: 'submitted', withdraw: 'withdrawn' },
  submitted: {
    edit: 'submitted',
    review: 'submitted',
    approve: 'approved',
    reject: 'rejected',
    'request-changes': 'changes-requested',
    withdraw: 'withdrawn',
  },
  'changes-requested': { edit: 'changes-requested', submit: 'resubmitted', withdraw: 'withdrawn' },
  resubmitted: {
    edit: 'resubmitted',
    review: 'resubmitted',
    approve: 'approved',
    reject: 'rejected',
    'request-changes': 'changes-requested',
    withdraw: 'withdrawn',
  },
  approved: {},
  rejected: {},
  withdrawn: {},
};

/** The state after `event`, or null when the event is not allowed in `state`. */
export function nextState(state: ReviewState, event: ReviewEvent): ReviewState | null {
  return TRANSITIONS[state][event] ?? null;
}

export function isFinal(state: ReviewState): boolean {
  return state === 'approved' || state === 'rejected' || state === 'withdrawn';
}

/** States in which the committee has something to do. */
export function awaitsReview(state: ReviewState): boolean {
  return state === 'submitted' || state === 'resubmitted';
}

/**
 * The applicant may change an application before the decision, but not under reviewers' eyes:
 * once a reviewer has voted in the current round, the items are frozen until the round ends.
 */
export function mayEdit(state: ReviewState, votesInRound: number): boolean {
  if (nextState(state, 'edit') === null) return false;
  return !awaitsReview(state) || votesInRound === 0;
}

// --- conflicts of interest

export interface Party {
  userId: string;
  /** Organisations the person belongs to (or the applying organisation itself). */
  orgIds: readonly string[];
}

export type Conflict = 'self' | 'same-organisation';

/**
 * A reviewer may not review their own application, nor one from an organisation they belong to.
 * `neutralOrgIds` are organisations everybody involved shares by design (the deciding hub).
 */
export function conflictOfInterest(
  reviewer: Party,
  applicant: Party,
  neutralOrgIds: readonly string[] = [],
): Conflict | null {
  if (reviewer.userId === applicant.userId) return 'self';
  const neutral = new Set(neutralOrgIds);
  const theirs = new Set(applicant.orgIds.filter((id) => !neutral.has(id)));
  return reviewer.orgIds.some((id) => theirs.has(id)) ? 'same-organisation' : null;
}

// --- who votes

/** Roles of the deciding organisation a programme or rules file may let vote (`reviewers`). */
export const REVIEWER_ROLES = ['committee', 'hub-admin'] as const;
export type ReviewerRole = (typeof REVIEWER_ROLES)[number];

/**
 * The strict rule, when a file says nothing: the committee votes; the hub's admins manage
 * (applications, labels, credentials) but vote only if they are on the committee too.
 */
export const DEFAULT_REVIEWERS: readonly ReviewerRole[] = ['committee'];

/** Whether someone holding `roles` in the deciding organisation may vote under `reviewers`. */
export function mayVote(roles: readonly string[], reviewers: readonly ReviewerRole[] = DEFAULT_REVIEWERS): boolean {
  return roles.some((r) => (reviewers as readonly string[]).includes(r));
}

// --- votes

export interface ReviewPolicy {
  /** Votes needed in a round before it can be decided. */
  quorum: number;
  /** Share of the votes cast an outcome needs: `share` (0.5..1), strictly more than it when `strict`. */
  majority: { share: number; strict: boolean };
  /** Who votes (from the programme or rules file); absent: DEFAULT_REVIEWERS. */
  reviewers?: readonly ReviewerRole[] | undefined;
}

export interface ItemReview {
  code: string;
  decision: ItemDecision;
  comment?: string | undefined;
}

export interface Review {
  reviewerUserId: string;
  vote: Vote;
  comment?: string | undefined;
  items: readonly ItemReview[];
}

/** `unmet`: a criterion Jalon computes (not a reviewer's judgement) is not met; the answer 422 says so. */
export type ReviewProblem = { path: string; fr: string; en: string; unmet?: true };

/**
 * What a feature computes itself about an application (certified mediators counted, a claimed
 * level against a block's minimum…): `titles` name items in messages; `unmet` items cannot be
 * accepted while their figure falls short; `approval` lists what an « approve » vote leaves unmet
 * (given the reviewer's decision per item code).
 */
export interface Computed {
  titles?: Readonly<Record<string, string>>;
  unmet?: Readonly<Record<string, { fr: string; en: string }>>;
  approval?: (decisions: ReadonlyMap<string, ItemDecision>) => ReviewProblem[];
}

/**
 * A review must answer every item of the application, give reasons for anything but an
 * acceptance, vote consistently with its items ("approve" with no rejected or incomplete item,
 * "changes" with at least one item asking for more), and accept nothing Jalon counts as unmet.
 */
export function checkReview(review: Review, itemCodes: readonly string[], computed: Computed = {}): ReviewProblem[] {
  const problems: ReviewProblem[] = [];
  const byCode = new Map<string, ItemReview>();
  const name = (code: string) => computed.titles?.[code] ?? code;
  review.items.forEach((item, i) => {
    if (!itemCodes.includes(item.code))
      problems.push({
        path: `items.${i}.code`,
        fr: `« ${item.code} » ne fait pas partie de la demande.`,
        en: `“${item.code}” is not part of the application.`,
      });
    else if (byCode.has(item.code))
      problems.push({
        path: `items.${i}.code`,
        fr: `« ${name(item.code)} » apparaît deux fois.`,
        en: `“${name(item.code)}” appears twice.`,
      });
    byCode.set(item.code, item);
    const unmet = computed.unmet?.[item.code];
    if (item.decision === 'accept' && unmet)
      problems.push({
        path: `items.${item.code}`,
        fr: `« ${name(item.code)} » ne peut pas être accepté : ${unmet.fr}. Demandez des compléments ou refusez.`,
        en: `“${name(item.code)}” cannot be accepted: ${unmet.en}. Ask for more or reject.`,
        unmet: true,
      });
    if (item.decision !== 'accept' && !item.comment?.trim())
      problems.push({
        path: `items.${item.code}`,
        fr: `Expliquez votre réponse pour « ${name(item.code)} » : la personne doit savoir quoi compléter ou pourquoi.`,
        en: `Explain your answer for “${name(item.code)}”: the applicant must know what to add or why.`,
      });
  });
  for (const code of itemCodes) {
    if (!byCode.has(code))
      problems.push({
        path: `items.${code}`,
        fr: `Choisissez une réponse pour « ${name(code)} ».`,
        en: `Choose an answer for “${name(code)}”.`,
      });
  }
  const decisions = review.items.map((i) => i.decision);
  if (review.vote === 'approve' && decisions.includes('more'))
    problems.push({
      path: 'vote',
      fr: 'Vous demandez des compléments : votez « demander des compléments » plutôt que « valider ».',
      en: 'You ask for more on some items: vote “ask for more” rather than “approve”.',
    });
  if (review.vote === 'approve' && decisions.length > 0 && decisions.every((d) => d === 'reject'))
    problems.push({
      path: 'vote',
      fr: 'Vous refusez tous les éléments : la demande ne peut pas être validée.',
      en: 'You reject every item: the application cannot be approved.',
    });
  if (review.vote === 'changes' && !decisions.includes('more'))
    problems.push({
      path: 'vote',
      fr: 'Pour demander des compléments, indiquez sur quels éléments (« demander plus »).',
      en: 'To ask for more, say on which items (“ask for more”).',
    });
  if (review.vote === 'approve' && computed.approval)
    problems.push(
      ...computed.approval(new Map(review.items.map((i) => [i.code, i.decision]))).map((p) => ({
        ...p,
        unmet: true as const,
      })),
    );
  if (review.vote !== 'approve' && !review.comment?.trim() && !review.items.some((i) => i.comment?.trim()))
    problems.push({
      path: 'comment',
      fr: 'Expliquez votre vote en quelques mots.',
      en: 'Explain your vote in a few words.',
    });
  return problems;
}

function reaches(count: number, total: number, majority: ReviewPolicy['majority']): boolean {
  if (total === 0) return false;
  const share = count / total;
  return majority.strict ? share > majority.share : share >= majority.share;
}

export type Tally =
  | { outcome: 'pending'; votes: number; needed: number }
  /** Quorum reached but no outcome has the majority: more votes are needed. */
  | { outcome: 'no-majority'; votes: number; counts: Record<Vote, number> }
  | { outcome: 'approved' | 'rejected' | 'changes-requested'; votes: number; counts: Record<Vote, number> };

/** Counts the votes of one round. With a majority above one half, at most one outcome can reach it. */
export function tally(votes: readonly Vote[], policy: ReviewPolicy): Tally {
  if (votes.length < policy.quorum) return { outcome: 'pending', votes: votes.length, needed: policy.quorum };
  const counts: Record<Vote, number> = { approve: 0, changes: 0, reject: 0 };
  for (const v of votes) counts[v]++;
  const n = votes.length;
  if (reaches(counts.approve, n, policy.majority)) return { outcome: 'approved', votes: n, counts };
  if (reaches(counts.reject, n, policy.majority)) return { outcome: 'rejected', votes: n, counts };
  if (reaches(counts.changes, n, policy.majority)) return { outcome: 'changes-requested', votes: n, counts };
  return { outcome: 'no-majority', votes: n, counts };
}

/** The event a tally leads to, or null while the round stays open. */
export function tallyEvent(t: Tally): ReviewEvent | null {
  switch (t.outcome) {
    case 'approved':
      return 'approve';
    case 'rejected':
      return 'reject';
    case 'changes-requested':
      return 'request-changes';
    default:
      return null;
  }
}

/**
 * What the committee decided on each item, from the reviews of the deciding round: an item is
 * accepted when the share of reviewers accepting it reaches the majority, rejected likewise,
 * otherwise it needs more. Only accepted items of an approved application are certified.
 */
export function itemOutcomes(
  reviews: readonly Review[],
  itemCodes: readonly string[],
  policy: ReviewPolicy,
): Record<string, ItemDecision> {
  const out: Record<string, ItemDecision> = {};
  for (const code of itemCodes) {
    const decisions = reviews.map((r) => r.items.find((i) => i.code === code)?.decision ?? 'more');
    const count = (d: ItemDecision) => decisions.filter((x) => x === d).length;
    out[code] = reaches(count('accept'), decisions.length, policy.majority)
      ? 'accept'
      : reaches(count('reject'), decisions.length, policy.majority)
        ? 'reject'
        : 'more';
  }
  return out;
}
