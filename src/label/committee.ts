import { rolesIn } from '../auth/access.js';
import type { AppDeps, Principal } from '../context.js';
import { notFound } from '../errors.js';
import { findOrganisation, type OrganisationRow } from '../organisations/lookup.js';
import { awaitsReview, type ItemDecision, mayVote, type Vote } from '../review/rules.js';
import * as review from '../review/service.js';
import type { LabelProgramme } from '../referentials/label-schema.js';
import { type ApplicationView, certifiedCount, KIND, programmeOf, visibleApplication } from './applications.js';
import { computedFor, policyOf } from './programme.js';
import { canManageLabels, grantLabel, labelStatusOf, managedLabel } from './service.js';
import { type LabelState, stateOf } from './state.js';
import * as store from './store.js';

/**
 * What the label committee sees and does: the applications of its hubs, the labels they granted, one
 * application to review, and a member's review (which grants the label on approval).
 */

/** Applications the actor's committees have to review (or decided lately), per hub. */
export async function committeeQueue(deps: AppDeps, actor: Principal) {
  const db = deps.database.db;
  const hubs = [...new Set(actor.memberships.filter((m) => canManageLabels(actor, m.orgId)).map((m) => m.orgId))];
  const out: { app: review.ApplicationRow; structure: OrganisationRow | undefined }[] = [];
  for (const hubId of hubs) {
    const apps = await review.applicationsFor(db, hubId, KIND, [
      'submitted',
      'resubmitted',
      'changes-requested',
      'approved',
      'rejected',
    ]);
    for (const app of apps) out.push({ app, structure: await findOrganisation(db, app.applicantOrgId ?? '') });
  }
  return { hubs, applications: out };
}

/** The committee's page: its queue, and the labels its hubs granted (newest first) with their state now. */
export async function committeeOverview(deps: AppDeps, actor: Principal) {
  const db = deps.database.db;
  const queue = await committeeQueue(deps, actor);
  const granted = (await store.labelsOf(db)).filter((l) => queue.hubs.includes(l.hubId));
  const labels: { label: store.LabelWithState; structure: OrganisationRow | undefined; state: LabelState }[] = [];
  for (const label of granted.reverse())
    labels.push({
      label,
      structure: await findOrganisation(db, label.structureId),
      state: stateOf(label, deps.clock()),
    });
  // An approved application reads as its label stands now (« Label retiré » after a withdrawal).
  const byApplication = new Map(labels.map((l) => [l.label.applicationId, l.state]));
  return {
    applications: queue.applications.map((a) => ({ ...a, labelState: byApplication.get(a.app.id) ?? null })),
    labels,
  };
}

/**
 * One application as its hub's committee sees it: whether the actor may still give their opinion
 * this round, or only manages (a hub admin who does not vote). Anyone else: 404.
 */
export async function committeeApplication(
  deps: AppDeps,
  actor: Principal,
  id: string,
): Promise<{ view: ApplicationView; canReview: boolean; managesOnly: boolean }> {
  const view = await visibleApplication(deps, actor, id);
  if (!canManageLabels(actor, view.app.deciderOrgId)) throw notFound();
  const already = view.reviews.some((r) => r.round === view.app.round && r.reviewerUserId === actor.userId);
  const votes = votesOn(actor, view.app, view.programme);
  return { view, canReview: votes && awaitsReview(view.app.state) && !already, managesOnly: !votes };
}

/** A label the actor's hub manages, with its place and state now, for the confirmation page of a change. */
export async function managedLabelView(deps: AppDeps, actor: Principal, labelId: string) {
  const label = await managedLabel(deps, actor, labelId);
  const structure = await findOrganisation(deps.database.db, label.structureId);
  return { label, structure, state: stateOf(label, deps.clock()) };
}

/** An application the actor may vote on (their hub decides it, the programme names their role); else 404/403. */
export async function votableApplication(deps: AppDeps, actor: Principal, id: string): Promise<review.ApplicationRow> {
  const app = await decidedByActor(deps, actor, id);
  const programme = await programmeOf(deps, app);
  await review.requireReviewer(deps, app, actor.userId, rolesIn(actor, app.deciderOrgId), policyOf(programme));
  return app;
}

/** Whether the actor votes on applications decided under this programme (its `reviewers` rule). */
export function votesOn(actor: Principal, app: review.ApplicationRow, programme: LabelProgramme): boolean {
  return mayVote(rolesIn(actor, app.deciderOrgId), programme.decision.reviewers);
}

/** A label application the actor's hub decides on (its committee and admins); hidden from anyone else. */
function decidedByActor(deps: AppDeps, actor: Principal, id: string): Promise<review.ApplicationRow> {
  return review.decidedApplication(deps, id, KIND, (orgId) => canManageLabels(actor, orgId));
}

export interface ReviewInput {
  vote: Vote;
  comment?: string | undefined;
  items: { code: string; decision: ItemDecision; comment?: string | undefined }[];
}

/**
 * A committee member's review. Conflicts of interest are refused (and audited) by the review core;
 * when the vote decides the round in favour, the hub grants the label at once.
 */
export async function reviewApplication(
  deps: AppDeps,
  actor: Principal,
  id: string,
  input: ReviewInput,
): Promise<{ state: string; labelId: string | null }> {
  const db = deps.database.db;
  const app = await decidedByActor(deps, actor, id);
  const programme = await programmeOf(deps, app);
  const certifiedNow = await certifiedCount(deps, app.applicantOrgId ?? '');
  const result = await review.castReview(deps, {
    app,
    ...(await review.partiesOf(deps, actor, app)),
    review: input,
    policy: policyOf(programme),
    computed: computedFor(programme, certifiedNow),
  });
  if (result.state !== 'approved') return { state: result.state, labelId: null };
  const existing = await store.findLabelByApplication(db, app.id);
  if (existing) return { state: result.state, labelId: existing.id };
  const [hub, structure] = await Promise.all([
    findOrganisation(db, app.deciderOrgId),
    findOrganisation(db, app.applicantOrgId ?? ''),
  ]);
  if (!hub || !structure) throw notFound();
  const status = await labelStatusOf(deps, structure.id, programme.slug);
  const label = await grantLabel(deps, actor, {
    hub,
    structure,
    programme,
    certifiedMediators: certifiedNow,
    applicationId: app.id,
    renewalOf: status.state === 'active' && status.label ? status.label.id : null,
  });
  return { state: result.state, labelId: label.id };
}
