import type { AppDeps, Principal } from '../context.js';
import { rolesIn } from '../auth/access.js';
import { conflict, notFound } from '../errors.js';
import { resultFor } from '../issuing/derive-achievements.js';
import type { Evidence } from '../ob3/types.js';
import { findUserById } from '../auth/service.js';
import { achievementSet } from '../issuing/achievements.js';
import { issueCredential, type Issued } from '../issuing/service.js';
import { findOrganisation } from '../organisations/lookup.js';
import type { Review, ReviewState } from '../review/rules.js';
import * as review from '../review/service.js';
import { reviewerConflict } from './applications.js';
import { type Claim, computedFor, earnsCertification, policyOf, validatedBlocks, validUntilFrom } from './rules.js';
import { HUB_STAFF, isStaffOf, KIND, setting } from './service.js';
import { certificationStatus } from './status.js';
import * as store from './store.js';

/**
 * The committee's side: the applications it must examine, a member's review, and the credentials
 * an approval issues (one per validated block, and the certification when the rules are met).
 */

/** Applications the actor's committee(s) must examine, and the ones decided recently. */
export async function queue(deps: AppDeps, actor: Principal) {
  const hubs = [...new Set(actor.memberships.filter((m) => HUB_STAFF.includes(m.role as never)).map((m) => m.orgId))];
  const db = deps.database.db;
  const rows = (
    await Promise.all(
      hubs.map((h) =>
        review.applicationsFor(db, h, KIND, ['submitted', 'resubmitted', 'changes-requested', 'approved', 'rejected']),
      ),
    )
  ).flat();
  return Promise.all(
    rows.map(async (app) => ({
      app,
      applicantName: (await findUserById(db, app.applicantUserId))?.displayName ?? '—',
      votes: (await review.reviewsOf(db, app.id, app.round)).length,
      conflict: await reviewerConflict(deps, actor, app),
    })),
  );
}

/** An application the actor's hub decides on (its committee and admins); hidden from anyone else. */
export function decidedByActor(deps: AppDeps, actor: Principal, id: string): Promise<review.ApplicationRow> {
  return review.decidedApplication(deps, id, KIND, (orgId) => isStaffOf(actor, orgId));
}

/** An application the actor may vote on (their hub decides it, the rules name their role); else 404/403. */
export async function votableApplication(deps: AppDeps, actor: Principal, id: string): Promise<review.ApplicationRow> {
  const app = await decidedByActor(deps, actor, id);
  const s = await setting(deps, app.subjectRef.split('@')[1]);
  await review.requireReviewer(deps, app, actor.userId, rolesIn(actor, app.deciderOrgId), policyOf(s.rules));
  return app;
}

/** The competences of an application the actor decides on, with their titles (to name what a review left out). */
export async function reviewItemTitles(deps: AppDeps, actor: Principal, id: string) {
  const app = await decidedByActor(deps, actor, id);
  const { ref } = await setting(deps, app.subjectRef.split('@')[1]);
  const titles = new Map(ref.blocks.flatMap((b) => b.competences).map((c) => [c.code, c.title]));
  return (await review.itemsOf(deps.database.db, id)).map((i) => ({
    code: i.code,
    title: `${i.code} — ${titles.get(i.code) ?? ''}`,
  }));
}

/** A committee member's review; on approval the hub issues the credentials at once. */
export async function reviewApplication(
  deps: AppDeps,
  actor: Principal,
  id: string,
  input: Omit<Review, 'reviewerUserId'>,
): Promise<{ state: ReviewState; issued: Issued[] }> {
  const app = await decidedByActor(deps, actor, id);
  const s = await setting(deps, app.subjectRef.split('@')[1]);
  const items = (await review.itemsOf(deps.database.db, id)).map((i) => ({
    code: i.code,
    claim: JSON.parse(i.claim) as Claim,
  }));
  // Who votes is the rules file's `reviewers` (the committee, by default), applied by the review core.
  const result = await review.castReview(deps, {
    app,
    ...(await review.partiesOf(deps, actor, app)),
    review: input,
    policy: policyOf(s.rules),
    computed: computedFor(s.ref, s.rules, items),
  });
  if (result.state !== 'approved') return { state: result.state, issued: [] };
  return { state: result.state, issued: await issueForApplication(deps, actor, id) };
}

/**
 * Issuance runs after the decision is written (another batch): if it was interrupted, the hub's
 * staff completes it. Credentials already issued are not issued again (idempotency keys).
 */
export async function completeIssuance(
  deps: AppDeps,
  actor: Principal,
  id: string,
): Promise<{ state: ReviewState; issued: Issued[] }> {
  const app = await decidedByActor(deps, actor, id);
  if (app.state !== 'approved')
    throw conflict({ fr: 'Cette demande n’est pas validée.', en: 'This application is not approved.' });
  const issued = await issueForApplication(deps, actor, id);
  return { state: app.state, issued: issued.filter((i) => !i.replayed) };
}

/**
 * One credential per validated block (result = accepted level per competence, evidence = the
 * committee's review, no personal data), and the certification when the held blocks earn it.
 * Idempotent per application: a credential already issued for a block is not issued again.
 */
export async function issueForApplication(deps: AppDeps, actor: Principal | null, id: string): Promise<Issued[]> {
  const db = deps.database.db;
  const app = await review.getApplication(deps, id);
  if (app.state !== 'approved') return [];
  const [slug, version] = app.subjectRef.split('@') as [string, string];
  const s = await setting(deps, version);
  const set = await achievementSet(deps, slug, version);
  const hub = (await findOrganisation(db, app.deciderOrgId))!;
  const user = await findUserById(db, app.applicantUserId);
  if (!user) throw notFound();
  const items = (await review.itemsOf(db, id)).map((i) => ({
    code: i.code,
    claim: JSON.parse(i.claim) as Claim,
    outcome: i.outcome as 'accept' | 'more' | 'reject' | null,
  }));
  const blocks = validatedBlocks(s.ref, s.rules, items);
  const already = await store.heldFromApplication(db, id);
  const now = deps.clock();
  const validUntil = validUntilFrom(s.rules, now);
  const reviews = await review.reviewsOf(db, id, app.round);
  const evidence: Evidence[] = [
    {
      id: `urn:uuid:${app.id}`,
      type: ['Evidence'],
      name: 'Examen du portfolio par le comité de certification',
      narrative: `Portfolio examiné par le comité de certification du hub (${reviews.length} avis, tour ${app.round}) ; décision du ${app.decidedAt?.slice(0, 10) ?? ''}.`,
      genre: 'Décision de comité',
    },
  ];
  const recipient = { name: user.displayName, email: user.email };
  /** One badge of this application (a block's, or the certification), at most once per application. */
  const issue = (
    what: { kind: 'block' | 'certification'; blockCode: string | null },
    achievement: Parameters<typeof issueCredential>[1]['achievement'],
    results?: Parameters<typeof issueCredential>[1]['results'],
  ) =>
    issueHeld(deps, app, what, () =>
      issueCredential(deps, {
        org: hub,
        actor,
        achievement,
        referential: { slug, version },
        recipient,
        ...(results ? { results } : {}),
        evidence,
        validUntil,
        idempotencyKey: `${app.id}:${what.blockCode ?? 'certification'}`,
      }),
    );
  const issued: Issued[] = [];
  for (const code of blocks) {
    if (already.some((h) => h.held.blockCode === code)) continue;
    const derived = set.byKey.get(`${slug}/${version}/blocs/${code}`);
    if (!derived) continue;
    const block = s.ref.blocks.find((b) => b.code === code)!;
    const results = block.competences.map((c) =>
      resultFor(derived.achievement, items.find((i) => i.code === c.code)!.claim.level, c.code),
    );
    issued.push(await issue({ kind: 'block', blockCode: code }, derived, results));
  }
  const status = await certificationStatus(deps, app.applicantUserId, s);
  const hasCertification = already.some((h) => h.held.kind === 'certification');
  // One active certification at a time: a later application for more blocks does not issue a second
  // one; a renewal does (the current one is about to expire). A suspended or withdrawn certification
  // is the hub's decision: no application brings it back by itself.
  const certifications = status.credentials.filter((c) => c.kind === 'certification');
  const heldBack = certifications.some((c) => c.state === 'suspended' || c.state === 'revoked');
  const certifiedAlready = status.certified && !app.renews;
  if (!hasCertification && !heldBack && !certifiedAlready && earnsCertification(s.rules, status.activeBlocks)) {
    const derived = set.byKey.get(`${slug}/${version}/certification`)!;
    issued.push(await issue({ kind: 'certification', blockCode: null }, derived));
  }
  return issued;
}

async function issueHeld(
  deps: AppDeps,
  app: review.ApplicationRow,
  what: { kind: 'block' | 'certification'; blockCode: string | null },
  run: () => Promise<Issued>,
): Promise<Issued> {
  const issued = await run();
  await store.insertHeld(deps.database.db, {
    credentialId: issued.row.id,
    userId: app.applicantUserId,
    applicationId: app.id,
    kind: what.kind,
    blockCode: what.blockCode,
    createdAt: deps.clock().toISOString(),
  });
  return issued;
}
