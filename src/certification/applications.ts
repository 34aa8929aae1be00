import type { AppDeps, Principal } from '../context.js';
import { conflict, invalid, notFound } from '../errors.js';
import { findUserById } from '../auth/service.js';
import type { CredentialRow } from '../issuing/service.js';
import { findOrganisation } from '../organisations/lookup.js';
import type { MediatorReferential } from '../referentials/schema.js';
import { rolesIn } from '../auth/access.js';
import { awaitsReview, conflictOfInterest, isFinal, mayVote, type ReviewState } from '../review/rules.js';
import * as review from '../review/service.js';
import { askedForMore, commentsOn } from '../review/views.js';
import type { CommitteeRequestSource } from '../web/requests.js';
import { evidenceHref, type Portfolio, portfolioOf } from './portfolio.js';
import { checkClaims, type Claim, renewalOpen } from './rules.js';
import { hubOfMediator, isStaffOf, KIND, type Setting, setting } from './service.js';
import { certificationStatus, currentOf } from './status.js';
import * as store from './store.js';

/**
 * Applications: a snapshot of the portfolio becomes the items the committee reviews; the mediator
 * updates it, answers, resubmits or withdraws; each party sees what they may.
 */

function claimsFrom(p: Portfolio, blocks: readonly string[]): { code: string; claim: Claim }[] {
  return p.ref.blocks
    .filter((b) => blocks.includes(b.code))
    .flatMap((b) =>
      b.competences.map((c) => ({
        code: c.code,
        claim: {
          level: p.levels.get(c.code) ?? '',
          evidence: (p.evidence.get(c.code) ?? []).map((e) => ({
            id: e.id,
            kind: e.kind,
            ...(e.text ? { text: e.text } : {}),
            ...(e.url ? { url: e.url } : {}),
            ...(e.fileName ? { fileName: e.fileName } : {}),
          })),
        },
      })),
    );
}

function claimProblems(p: Portfolio, blocks: readonly string[]): void {
  const claims = new Map(claimsFrom(p, blocks).map((i) => [i.code, i.claim]));
  const problems = checkClaims(p.ref, p.rules, blocks, claims);
  if (problems.length)
    throw invalid(
      problems.map((x) => ({ path: x.path, message: x.fr })),
      {
        fr: `Votre portfolio n’est pas complet pour ces blocs : ${problems.map((x) => x.fr).join(' ')}`,
        en: 'Your portfolio is not complete for these blocks.',
      },
    );
}

export function blocksOfApplication(ref: MediatorReferential, items: readonly { code: string }[]): string[] {
  const codes = new Set(items.map((i) => i.code));
  return ref.blocks.filter((b) => b.competences.some((c) => codes.has(c.code))).map((b) => b.code);
}

/** Applies for blocks: the claims are a snapshot of the portfolio, submitted to the hub's committee. */
export async function apply(
  deps: AppDeps,
  actor: Principal,
  input: { blocks: string[]; renews?: string | undefined },
): Promise<review.ApplicationRow> {
  const { hub, structureId } = await hubOfMediator(deps, actor);
  const p = await portfolioOf(deps, actor.userId);
  const db = deps.database.db;
  const mine = await review.applicationsOfApplicant(db, actor.userId, KIND);
  if (mine.some((a) => !isFinal(a.state)))
    throw conflict({
      fr: 'Vous avez déjà une demande en cours : complétez-la ou retirez-la d’abord.',
      en: 'You already have an open application: update or withdraw it first.',
    });
  if (input.renews) {
    const previous = mine.find((a) => a.id === input.renews && a.state === 'approved');
    if (!previous) throw notFound({ fr: 'Demande à renouveler introuvable.', en: 'Application to renew not found.' });
    const status = await certificationStatus(deps, actor.userId, p);
    if (!status.expiresAt || !renewalOpen(p.rules, new Date(status.expiresAt), deps.clock()))
      throw conflict({
        fr: 'Le renouvellement n’est pas encore ouvert.',
        en: 'Renewal is not open yet.',
      });
  }
  const blocks = [...new Set(input.blocks)];
  claimProblems(p, blocks);
  const app = await review.createApplication(deps, {
    kind: KIND,
    deciderOrgId: hub.id,
    applicantUserId: actor.userId,
    applicantOrgId: structureId,
    subjectRef: `${p.ref.slug}@${p.ref.version}`,
    items: claimsFrom(p, blocks),
    renews: input.renews ?? null,
  });
  await review.submit(deps, app, actor.userId);
  return review.getApplication(deps, app.id);
}

/** The actor's own application (anyone else: 404). */
export async function ownApplication(deps: AppDeps, actor: Principal, id: string): Promise<review.ApplicationRow> {
  const app = await review.findApplication(deps.database.db, id);
  if (!app || app.kind !== KIND || app.applicantUserId !== actor.userId)
    throw notFound({ fr: 'Cette demande n’existe pas.', en: 'This application does not exist.' });
  return app;
}

/**
 * The mediator updates the claims from their portfolio (with answers to the committee's
 * requests), and resubmits when the committee asked for more.
 */
export async function updateApplication(
  deps: AppDeps,
  actor: Principal,
  id: string,
  input: { responses: Record<string, string>; resubmit: boolean },
): Promise<ReviewState> {
  const app = await ownApplication(deps, actor, id);
  const { ref } = await setting(deps, app.subjectRef.split('@')[1]);
  const p = await portfolioOf(deps, actor.userId, await setting(deps, ref.version));
  const items = await review.itemsOf(deps.database.db, app.id);
  const blocks = blocksOfApplication(ref, items);
  claimProblems(p, blocks);
  await review.replaceItems(
    deps,
    app,
    actor.userId,
    claimsFrom(p, blocks).map((i) => ({ ...i, response: input.responses[i.code]?.trim().slice(0, 4000) || null })),
  );
  if (!input.resubmit) return app.state;
  return review.submit(deps, await review.getApplication(deps, id), actor.userId);
}

export async function withdrawApplication(deps: AppDeps, actor: Principal, id: string, reason: string): Promise<void> {
  const app = await ownApplication(deps, actor, id);
  await review.withdraw(deps, app, actor.userId, reason);
}

export interface ApplicationView {
  app: review.ApplicationRow;
  applicantName: string;
  hubName: string;
  setting: Setting;
  items: (review.ItemRow & { parsed: Claim })[];
  reviews: (review.StoredReview & { reviewerName: string })[];
  blocks: string[];
  /** Credentials issued from this application (current rows). */
  credentials: CredentialRow[];
  /** The type and size of each evidence file of the claims, by evidence id (a file since removed is absent). */
  files: Map<string, { type: string | null; size: number | null }>;
  /** For a reviewer: why they cannot review, if so. */
  conflict: 'self' | 'same-organisation' | null;
  canReview: boolean;
  /** When and why the applicant withdrew it; null while it is not withdrawn. */
  withdrawal: { at: string; reason: string | null } | null;
}

/** An application, for its applicant or the deciding hub's staff; hidden from anyone else. */
export async function applicationView(deps: AppDeps, actor: Principal, id: string): Promise<ApplicationView> {
  const db = deps.database.db;
  const app = await review.findApplication(db, id);
  const hidden = notFound({ fr: 'Cette demande n’existe pas.', en: 'This application does not exist.' });
  if (!app || app.kind !== KIND) throw hidden;
  const own = app.applicantUserId === actor.userId;
  if (!own && !isStaffOf(actor, app.deciderOrgId)) throw hidden;
  const s = await setting(deps, app.subjectRef.split('@')[1]);
  const [items, reviews, applicant, hub, issued, evidence, withdrawal] = await Promise.all([
    review.itemsOf(db, id),
    review.reviewsOf(db, id),
    findUserById(db, app.applicantUserId),
    findOrganisation(db, app.deciderOrgId),
    store.heldFromApplication(db, id),
    store.evidenceOf(db, { userId: app.applicantUserId, slug: s.ref.slug, version: s.ref.version }),
    review.withdrawalOf(deps, app),
  ]);
  const names = new Map<string, string>();
  for (const r of reviews) {
    if (!names.has(r.reviewerUserId))
      names.set(r.reviewerUserId, (await findUserById(db, r.reviewerUserId))?.displayName ?? '—');
  }
  const conflictKind = own ? 'self' : await reviewerConflict(deps, actor, app);
  const already = reviews.some((r) => r.round === app.round && r.reviewerUserId === actor.userId);
  return {
    app,
    applicantName: applicant?.displayName ?? '—',
    hubName: hub?.name ?? '',
    setting: s,
    items: items.map((i) => ({ ...i, parsed: JSON.parse(i.claim) as Claim })),
    reviews: reviews.map((r) => ({ ...r, reviewerName: names.get(r.reviewerUserId) ?? '—' })),
    blocks: blocksOfApplication(s.ref, items),
    credentials: await Promise.all(issued.map((h) => currentOf(deps, h.credential))),
    files: new Map(
      evidence.filter((e) => e.kind === 'file').map((e) => [e.id, { type: e.fileType, size: e.fileSize }]),
    ),
    conflict: conflictKind,
    canReview:
      !own &&
      mayVote(rolesIn(actor, app.deciderOrgId), s.rules.review.reviewers) &&
      !conflictKind &&
      awaitsReview(app.state) &&
      !already,
    withdrawal,
  };
}

export async function reviewerConflict(deps: AppDeps, actor: Principal, app: review.ApplicationRow) {
  return conflictOfInterest(
    { userId: actor.userId, orgIds: actor.memberships.map((m) => m.orgId) },
    await review.applicantParty(deps, app),
    [app.deciderOrgId],
  );
}

export async function applicationsOf(deps: AppDeps, userId: string) {
  return review.applicationsOfApplicant(deps.database.db, userId, KIND);
}

/** The mediator's application on which the committee asks for more, with the remarks per flagged competence. */
export interface CommitteeAsk {
  app: review.ApplicationRow;
  setting: Setting;
  /** Flagged competence codes, in the referential's order, with what the committee wrote on each. */
  asked: Map<string, string[]>;
}

export async function committeeAskOf(deps: AppDeps, userId: string): Promise<CommitteeAsk | null> {
  const app = (await applicationsOf(deps, userId)).find((a) => a.state === 'changes-requested');
  if (!app) return null;
  const [s, reviews] = await Promise.all([
    setting(deps, app.subjectRef.split('@')[1]),
    review.reviewsOf(deps.database.db, app.id, app.round),
  ]);
  const flagged = askedForMore(reviews, app.round);
  const asked = new Map<string, string[]>(
    s.ref.blocks
      .flatMap((b) => b.competences)
      .filter((c) => flagged.has(c.code))
      // Reviewers who wrote the same words are read once.
      .map((c) => [c.code, [...new Set(commentsOn(reviews, c.code).map((x) => x.item.comment))]]),
  );
  return { app, setting: s, asked };
}

/** For /espace: the committee's request on the mediator's application, each competence linked to its evidence form. */
export const committeeRequestsOf: CommitteeRequestSource = async (deps, actor) => {
  if (!actor.memberships.some((m) => m.role === 'mediator')) return [];
  const ask = await committeeAskOf(deps, actor.userId);
  if (!ask) return [];
  const competences = ask.setting.ref.blocks.flatMap((b) => b.competences);
  return [
    {
      about: [
        'Votre demande de certification de médiateur numérique.',
        'Your digital mediator certification application.',
      ],
      href: `/certification/demandes/${ask.app.id}`,
      items: [...ask.asked].map(([code, messages]) => ({
        title: `${code} — ${competences.find((c) => c.code === code)?.title ?? ''}`,
        messages,
        href: evidenceHref(ask.setting.ref, code),
      })),
    },
  ];
};
