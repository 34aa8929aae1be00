import { describe, expect, it } from 'vitest';
import {
  checkReview,
  conflictOfInterest,
  itemOutcomes,
  mayEdit,
  nextState,
  REVIEW_STATES,
  type Review,
  type ReviewPolicy,
  tally,
} from '../../../src/review/rules.js';

const policy: ReviewPolicy = { quorum: 2, majority: { share: 0.5, strict: true } };

describe('review state machine', () => {
  it('goes draft → submitted → changes-requested → resubmitted → approved', () => {
    expect(nextState('draft', 'submit')).toBe('submitted');
    expect(nextState('submitted', 'request-changes')).toBe('changes-requested');
    expect(nextState('changes-requested', 'submit')).toBe('resubmitted');
    expect(nextState('resubmitted', 'approve')).toBe('approved');
    expect(nextState('resubmitted', 'reject')).toBe('rejected');
  });

  it('refuses every event on a decided or withdrawn application', () => {
    for (const state of ['approved', 'rejected', 'withdrawn'] as const)
      for (const event of ['edit', 'submit', 'withdraw', 'review', 'approve', 'reject', 'request-changes'] as const)
        expect(nextState(state, event)).toBeNull();
  });

  it('does not let a draft be reviewed nor a submitted application be submitted again', () => {
    expect(nextState('draft', 'review')).toBeNull();
    expect(nextState('draft', 'approve')).toBeNull();
    expect(nextState('submitted', 'submit')).toBeNull();
    expect(nextState('changes-requested', 'approve')).toBeNull();
  });

  it('allows withdrawal in every open state', () => {
    for (const state of REVIEW_STATES.filter((s) => !['approved', 'rejected', 'withdrawn'].includes(s)))
      expect(nextState(state, 'withdraw')).toBe('withdrawn');
  });

  it('freezes the items once a reviewer has voted in the round', () => {
    expect(mayEdit('submitted', 0)).toBe(true);
    expect(mayEdit('submitted', 1)).toBe(false);
    expect(mayEdit('changes-requested', 3)).toBe(true);
    expect(mayEdit('approved', 0)).toBe(false);
  });
});

describe('conflicts of interest', () => {
  const applicant = { userId: 'm1', orgIds: ['structure-a', 'hub'] };
  it('refuses reviewing one’s own application', () => {
    expect(conflictOfInterest({ userId: 'm1', orgIds: ['hub'] }, applicant, ['hub'])).toBe('self');
  });
  it('refuses a reviewer of the applicant’s structure', () => {
    expect(conflictOfInterest({ userId: 'c1', orgIds: ['hub', 'structure-a'] }, applicant, ['hub'])).toBe(
      'same-organisation',
    );
  });
  it('does not count the deciding hub, shared by everyone, as a conflict', () => {
    expect(conflictOfInterest({ userId: 'c1', orgIds: ['hub', 'structure-b'] }, applicant, ['hub'])).toBeNull();
    expect(conflictOfInterest({ userId: 'c1', orgIds: ['hub'] }, applicant)).toBe('same-organisation');
  });
});

const review = (vote: Review['vote'], items: Review['items'], comment?: string): Review => ({
  reviewerUserId: 'r',
  vote,
  items,
  ...(comment ? { comment } : {}),
});

describe('checkReview', () => {
  it('accepts a complete, consistent approval', () => {
    expect(checkReview(review('approve', [{ code: 'A', decision: 'accept' }]), ['A'])).toEqual([]);
  });
  it('requires an answer for every item and a reason for anything but acceptance', () => {
    const problems = checkReview(review('changes', [{ code: 'A', decision: 'more' }]), ['A', 'B']);
    expect(problems.map((p) => p.path)).toEqual(['items.A', 'items.B', 'comment']);
  });
  it('refuses items that are not in the application, or twice', () => {
    const problems = checkReview(
      review('approve', [
        { code: 'A', decision: 'accept' },
        { code: 'A', decision: 'accept' },
        { code: 'Z', decision: 'accept' },
      ]),
      ['A'],
    );
    expect(problems.map((p) => p.path)).toEqual(['items.1.code', 'items.2.code']);
  });
  it('refuses an approval that asks for more, and a request for more on no item', () => {
    expect(checkReview(review('approve', [{ code: 'A', decision: 'more', comment: 'x' }]), ['A'])[0]?.path).toBe(
      'vote',
    );
    expect(checkReview(review('changes', [{ code: 'A', decision: 'accept' }], 'why'), ['A'])[0]?.path).toBe('vote');
  });
});

describe('tally', () => {
  it('waits for the quorum', () => {
    expect(tally(['approve'], policy)).toEqual({ outcome: 'pending', votes: 1, needed: 2 });
  });
  it('approves with a strict majority and not on a tie', () => {
    expect(tally(['approve', 'approve'], policy).outcome).toBe('approved');
    expect(tally(['approve', 'reject'], policy).outcome).toBe('no-majority');
    expect(tally(['approve', 'reject', 'approve'], policy).outcome).toBe('approved');
  });
  it('rejects or asks for changes when those have the majority', () => {
    expect(tally(['reject', 'reject', 'approve'], policy).outcome).toBe('rejected');
    expect(tally(['changes', 'changes'], policy).outcome).toBe('changes-requested');
  });
  it('reads a two-thirds "at least" majority', () => {
    const twoThirds: ReviewPolicy = { quorum: 3, majority: { share: 2 / 3, strict: false } };
    expect(tally(['approve', 'approve', 'reject'], twoThirds).outcome).toBe('approved');
    expect(tally(['approve', 'changes', 'reject'], twoThirds).outcome).toBe('no-majority');
  });
});

describe('itemOutcomes', () => {
  it('accepts an item when the majority of reviewers accepted it', () => {
    const reviews = [
      review('approve', [
        { code: 'A', decision: 'accept' },
        { code: 'B', decision: 'reject', comment: 'no' },
      ]),
      review('approve', [
        { code: 'A', decision: 'accept' },
        { code: 'B', decision: 'accept' },
      ]),
      review('approve', [
        { code: 'A', decision: 'accept' },
        { code: 'B', decision: 'reject', comment: 'no' },
      ]),
    ];
    expect(itemOutcomes(reviews, ['A', 'B'], policy)).toEqual({ A: 'accept', B: 'reject' });
  });
});
