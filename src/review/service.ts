import { rolesIn } from '../auth/access.js';
import { membershipsOf } from '../auth/service.js';
import type { AppDeps, Principal } from '../context.js';
import { type AuditedChange, commitAudited } from '../db/audit.js';
import { AUDIT_TARGET } from './history.js';
import { failIfUnchanged, isStaleWrite } from '../db/stale-write.js';
import { type AppError, conflict, forbidden, invalid, notFound, unmetCriterion } from '../errors.js';
import {
  awaitsReview,
  checkReview,
  type Computed,
  conflictOfInterest,
  itemOutcomes,
  type ItemDecision,
  mayEdit,
  mayVote,
  nextState,
  type Party,
  type Review,
  type ReviewEvent,
  type ReviewPolicy,
  type ReviewState,
  type Tally,
  tally,
  tallyEvent,
} from './rules.js';
import * as store from './store.js';

/**
 * The committee workflow on top of the pure rules: every step is one atomic batch with its audit
 * event. Features (mediator certification, structure label) decide who the parties are, what the
 * items claim and what happens on approval; this module only knows applications, items and votes.
 */

// What the features on this core read of its tables (its store.ts is private to it: ARCHITECTURE.md, "Layers and imports").
export {
  applicationsFor,
  applicationsOfApplicant,
  findApplication,
  itemsOf,
  reviewsOf,
  type ApplicationRow,
  type ItemRow,
  type ReviewKind,
  type StoredReview,
} from './store.js';
export { withdrawalOf } from './history.js';

/** The audit event of one step of an application (`review.<action>`). */
function event(
  app: Pick<store.ApplicationRow, 'id' | 'kind' | 'deciderOrgId'>,
  action: string,
  data: Record<string, unknown>,
  id?: string,
): AuditedChange {
  return {
    ...(id ? { id } : {}),
    orgId: app.deciderOrgId,
    action: `review.${action}`,
    targetType: AUDIT_TARGET,
    targetId: app.id,
    data: { kind: app.kind, ...data },
  };
}

function stateError(state: ReviewState): AppError {
  const fr: Record<ReviewState, string> = {
    draft: 'La demande est encore un brouillon.',
    submitted: 'La demande est en cours d’examen.',
    'changes-requested': 'La demande attend des compléments de la personne.',
    resubmitted: 'La demande complétée est en cours d’examen.',
    approved: 'La demande a déjà été validée.',
    rejected: 'La demande a été refusée.',
    withdrawn: 'La demande a été retirée.',
  };
  return conflict({
    fr: `${fr[state]} Cette action n’est plus possible.`,
    en: `The application is ${state}: this action is no longer possible.`,
  });
}

/**
 * An applicant's change on the revision they read: when someone changed the application since,
 * nothing of the batch is written (no items, no audit event) and the answer is a 409.
 */
async function guarded(...args: Parameters<typeof commitAudited>): Promise<void> {
  try {
    await commitAudited(...args);
  } catch (err) {
    if (isStaleWrite(err)) throw raced();
    throw err;
  }
}

function raced(): AppError {
  return conflict({
    fr: 'La demande vient d’être modifiée par quelqu’un d’autre. Rechargez la page.',
    en: 'The application was just changed by someone else. Reload the page.',
  });
}

export async function getApplication(deps: AppDeps, id: string): Promise<store.ApplicationRow> {
  const app = await store.findApplication(deps.database.db, id);
  if (!app) throw notFound({ fr: 'Cette demande n’existe pas.', en: 'This application does not exist.' });
  return app;
}

/**
 * An application of `kind` whose deciding organisation `decides` lets the actor act for; else 404, as
 * for an application that does not exist (others' applications are not told apart from none).
 */
export async function decidedApplication(
  deps: AppDeps,
  id: string,
  kind: store.ReviewKind,
  decides: (deciderOrgId: string) => boolean,
): Promise<store.ApplicationRow> {
  const app = await store.findApplication(deps.database.db, id);
  if (!app || app.kind !== kind || !decides(app.deciderOrgId))
    throw notFound({ fr: 'Cette demande n’existe pas.', en: 'This application does not exist.' });
  return app;
}

export interface NewApplication {
  kind: store.ReviewKind;
  deciderOrgId: string;
  applicantUserId: string;
  applicantOrgId: string | null;
  subjectRef: string;
  items: { code: string; claim: unknown }[];
  renews?: string | null;
}

/** A draft application with its items. */
export async function createApplication(deps: AppDeps, input: NewApplication): Promise<store.ApplicationRow> {
  if (input.items.length === 0) throw invalid([{ path: 'items', message: 'au moins un élément' }]);
  const at = deps.clock();
  const now = at.toISOString();
  const row = {
    id: crypto.randomUUID(),
    kind: input.kind,
    deciderOrgId: input.deciderOrgId,
    applicantUserId: input.applicantUserId,
    applicantOrgId: input.applicantOrgId,
    subjectRef: input.subjectRef,
    state: 'draft' as const,
    round: 0,
    renews: input.renews ?? null,
    createdAt: now,
    updatedAt: now,
    submittedAt: null,
    decidedAt: null,
    revision: 0,
  };
  await commitAudited(
    deps,
    { userId: input.applicantUserId },
    [store.insertApplication(deps.database.db, row), ...store.insertItems(deps.database.db, row.id, input.items)],
    event(row, 'created', { items: input.items.map((i) => i.code), renews: row.renews }),
    at,
  );
  return row;
}

function requireApplicant(app: store.ApplicationRow, actorUserId: string): void {
  if (app.applicantUserId !== actorUserId) throw forbidden();
}

/** Replaces the items (the applicant changed what they claim or their evidence). */
export async function replaceItems(
  deps: AppDeps,
  app: store.ApplicationRow,
  actorUserId: string,
  items: { code: string; claim: unknown; response?: string | null }[],
): Promise<void> {
  requireApplicant(app, actorUserId);
  const votes = await store.reviewsOf(deps.database.db, app.id, app.round);
  if (!mayEdit(app.state, votes.length)) throw stateError(app.state);
  if (items.length === 0) throw invalid([{ path: 'items', message: 'au moins un élément' }]);
  const db = deps.database.db;
  const at = deps.clock();
  await guarded(
    deps,
    { userId: actorUserId },
    [
      store.updateApplication(db, app.id, app.revision, { updatedAt: at.toISOString() }),
      failIfUnchanged(db),
      store.deleteItems(db, app.id),
      ...store.insertItems(db, app.id, items),
      ...items.filter((i) => i.response).map((i) => store.setItemResponse(db, app.id, i.code, i.response ?? null)),
    ],
    event(app, 'edited', { items: items.map((i) => i.code) }),
    at,
  );
}

/** First submission, or resubmission after "ask for more" (a new review round). */
export async function submit(deps: AppDeps, app: store.ApplicationRow, actorUserId: string): Promise<ReviewState> {
  requireApplicant(app, actorUserId);
  const next = nextState(app.state, 'submit');
  if (!next) throw stateError(app.state);
  const at = deps.clock();
  const now = at.toISOString();
  const round = app.round + 1;
  await guarded(
    deps,
    { userId: actorUserId },
    [
      store.updateApplication(deps.database.db, app.id, app.revision, {
        state: next,
        round,
        submittedAt: now,
        updatedAt: now,
      }),
      failIfUnchanged(deps.database.db),
    ],
    event(app, next === 'resubmitted' ? 'resubmitted' : 'submitted', { round }),
    at,
  );
  return next;
}

export async function withdraw(
  deps: AppDeps,
  app: store.ApplicationRow,
  actorUserId: string,
  reason: string,
): Promise<void> {
  requireApplicant(app, actorUserId);
  if (!nextState(app.state, 'withdraw')) throw stateError(app.state);
  const at = deps.clock();
  const now = at.toISOString();
  await guarded(
    deps,
    { userId: actorUserId },
    [
      store.updateApplication(deps.database.db, app.id, app.revision, {
        state: 'withdrawn',
        decidedAt: now,
        updatedAt: now,
      }),
      failIfUnchanged(deps.database.db),
    ],
    event(app, 'withdrawn', { reason }),
    at,
  );
}

/**
 * The applicant as the conflict-of-interest rule sees them: their account, the organisation they
 * applied for and every other one they belong to.
 */
export async function applicantParty(deps: AppDeps, app: store.ApplicationRow): Promise<Party> {
  const ms = await membershipsOf(deps.database.db, app.applicantUserId);
  return {
    userId: app.applicantUserId,
    orgIds: [...new Set([...(app.applicantOrgId ? [app.applicantOrgId] : []), ...ms.map((m) => m.orgId)])],
  };
}

/**
 * Who stands where in a vote: the reviewer (their organisations, their roles in the deciding one),
 * the applicant, and the deciding organisation, shared by design (not a conflict).
 */
export async function partiesOf(
  deps: AppDeps,
  actor: Principal,
  app: store.ApplicationRow,
): Promise<Pick<CastInput, 'reviewer' | 'reviewerRoles' | 'applicant' | 'neutralOrgIds'>> {
  return {
    reviewer: { userId: actor.userId, orgIds: actor.memberships.map((m) => m.orgId) },
    reviewerRoles: rolesIn(actor, app.deciderOrgId),
    applicant: await applicantParty(deps, app),
    neutralOrgIds: [app.deciderOrgId],
  };
}

export interface CastInput {
  app: store.ApplicationRow;
  reviewer: Party;
  /** The reviewer's roles in the deciding organisation: `policy.reviewers` says which may vote. */
  reviewerRoles: readonly string[];
  applicant: Party;
  /** Organisations shared by design (the deciding hub): not a conflict. */
  neutralOrgIds: readonly string[];
  review: Omit<Review, 'reviewerUserId'>;
  policy: ReviewPolicy;
  /** What the feature computes itself: item titles, criteria that cannot be accepted, what approval needs. */
  computed?: Computed;
}

export interface CastResult {
  tally: Tally;
  state: ReviewState;
  /** Set when this vote decided the round. */
  decided?: { event: ReviewEvent; outcomes: Record<string, ItemDecision> };
}

function notAReviewer(): AppError {
  return forbidden({
    fr: 'Seuls les membres du comité votent sur les demandes (règle du programme). Administrer le hub ne suffit pas : demandez à faire partie du comité.',
    en: 'Only committee members vote on applications (the programme’s rule). Administering the hub is not enough: ask to join the committee.',
  });
}

/** Refusals are evidence too: a committee can show who was kept from voting, and why. */
async function refuse(deps: AppDeps, app: store.ApplicationRow, userId: string, reason: string): Promise<void> {
  await commitAudited(deps, { userId }, [], event(app, 'refused', { reason }));
}

/**
 * Only the roles the policy names vote (`reviewers` of the programme or rules file; the committee
 * by default): anyone else is refused with 403, audited, and their vote is neither recorded nor
 * counted. `castReview` checks it; routes check it too before they read a review's body.
 */
export async function requireReviewer(
  deps: AppDeps,
  app: store.ApplicationRow,
  userId: string,
  roles: readonly string[],
  policy: ReviewPolicy,
): Promise<void> {
  if (mayVote(roles, policy.reviewers)) return;
  await refuse(deps, app, userId, 'not-a-reviewer');
  throw notAReviewer();
}

/** The conflict refusal, in words the reviewer understands. */
export function conflictError(kind: 'self' | 'same-organisation'): AppError {
  return kind === 'self'
    ? forbidden({
        fr: 'Vous ne pouvez pas examiner votre propre demande.',
        en: 'You cannot review your own application.',
      })
    : forbidden({
        fr: 'Vous appartenez à la même structure que la personne : un autre membre du comité doit examiner cette demande (conflit d’intérêts).',
        en: 'You belong to the applicant’s organisation: another committee member must review this application (conflict of interest).',
      });
}

/**
 * Records one reviewer's review of the current round, then counts the round: when the quorum and
 * the majority are reached, the application moves to approved, rejected or changes-requested and
 * each item gets its outcome. Two reviewers finishing at once reach the same count; the decision
 * is written once (its audit event id is derived from the application and round).
 */
export async function castReview(deps: AppDeps, input: CastInput): Promise<CastResult> {
  const { app, policy } = input;
  const db = deps.database.db;
  await requireReviewer(deps, app, input.reviewer.userId, input.reviewerRoles, policy);
  const conflictKind = conflictOfInterest(input.reviewer, input.applicant, input.neutralOrgIds);
  if (conflictKind) {
    await refuse(deps, app, input.reviewer.userId, conflictKind);
    throw conflictError(conflictKind);
  }
  if (!awaitsReview(app.state)) throw stateError(app.state);
  const items = await store.itemsOf(db, app.id);
  const codes = items.map((i) => i.code);
  const review: Review = { ...input.review, reviewerUserId: input.reviewer.userId };
  const problems = checkReview(review, codes, input.computed);
  if (problems.length) {
    const errors = problems.map((p) => ({ path: p.path, message: p.fr, en: p.en }));
    const detail = { fr: problems.map((p) => p.fr).join(' '), en: problems.map((p) => p.en).join(' ') };
    throw problems.some((p) => p.unmet) ? unmetCriterion(errors, detail) : invalid(errors, detail);
  }
  const at = deps.clock();
  const now = at.toISOString();
  const reviewer = { userId: input.reviewer.userId };
  try {
    await commitAudited(
      deps,
      reviewer,
      store.insertReview(db, {
        id: crypto.randomUUID(),
        applicationId: app.id,
        round: app.round,
        createdAt: now,
        review,
      }),
      event(app, 'reviewed', {
        round: app.round,
        vote: review.vote,
        items: Object.fromEntries(review.items.map((i) => [i.code, i.decision])),
      }),
      at,
    );
  } catch (err) {
    if (String(err).includes('review_votes')) {
      throw conflict({
        fr: 'Vous avez déjà donné votre avis sur cette version de la demande.',
        en: 'You have already reviewed this version of the application.',
      });
    }
    throw err;
  }
  const reviews = await store.reviewsOf(db, app.id, app.round);
  const t = tally(
    reviews.map((r) => r.vote),
    policy,
  );
  const decision = tallyEvent(t);
  if (!decision) return { tally: t, state: app.state };
  const state = nextState(app.state, decision)!;
  const outcomes = itemOutcomes(reviews, codes, policy);
  const fresh = (await store.findApplication(db, app.id))!;
  if (fresh.round === app.round && awaitsReview(fresh.state)) {
    try {
      await commitAudited(
        deps,
        reviewer,
        [
          store.updateApplication(db, app.id, fresh.revision, {
            state,
            updatedAt: now,
            ...(state === 'changes-requested' ? {} : { decidedAt: now }),
          }),
          failIfUnchanged(db),
          ...(state === 'changes-requested'
            ? []
            : Object.entries(outcomes).map(([code, outcome]) => store.setItemOutcome(db, app.id, code, outcome))),
        ],
        event(
          app,
          'decided',
          { round: app.round, outcome: state, counts: 'counts' in t ? t.counts : {}, items: outcomes },
          `${app.id}:round-${app.round}:decided`,
        ),
        at,
      );
    } catch (err) {
      // The application changed since it was read (withdrawn meanwhile): no decision is written.
      if (isStaleWrite(err)) throw raced();
      // The other reviewer's request wrote the same decision first.
      if (!String(err).includes('audit_events')) throw err;
    }
  }
  return { tally: t, state, decided: { event: decision, outcomes } };
}
