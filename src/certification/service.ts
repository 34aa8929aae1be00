import { rolesIn } from '../auth/access.js';
import type { AppDeps, Principal } from '../context.js';
import { auditStatement, sealAuditChain } from '../db/audit.js';
import { AppError, conflict, forbidden, invalid, notFound } from '../errors.js';
import { resultFor } from '../ob3/achievements.js';
import type { Evidence } from '../ob3/types.js';
import { findUserById, membershipsOf } from '../auth/store.js';
import { achievementSet } from '../issuing/achievements.js';
import { credentialState, credentialUrl, issueCredential, type Issued } from '../issuing/service.js';
import { findCredential, type CredentialRow } from '../issuing/store.js';
import { findOrganisation, type OrganisationRow } from '../organisations/store.js';
import type { CertificationRules } from '../referentials/rules-schema.js';
import type { MediatorReferential } from '../referentials/schema.js';
import { getReferential } from '../referentials/service.js';
import { awaitsReview, conflictOfInterest, isFinal, mayVote, type Review, type ReviewState } from '../review/rules.js';
import * as review from '../review/service.js';
import * as reviewStore from '../review/store.js';
import { cleanFileName, MAX_EVIDENCE, MAX_FILE_BYTES, MAX_FILE_LABEL, sniffEvidence } from './evidence.js';
import {
  checkClaims,
  type Claim,
  earnsCertification,
  policyOf,
  renewalOpen,
  validatedBlocks,
  validUntilFrom,
} from './rules.js';
import * as store from './store.js';

export const MEDIATOR_REFERENTIAL = 'mediateurs';
const KIND = 'mediator-certification' as const;
const HUB_STAFF = ['committee', 'hub-admin'] as const;

export interface Setting {
  ref: MediatorReferential;
  rules: CertificationRules;
}

/** The latest mediator referential and its certification rules. */
export async function setting(deps: AppDeps, version?: string): Promise<Setting> {
  const stored = await getReferential(deps.database.db, MEDIATOR_REFERENTIAL, version);
  if (stored.referential.kind !== 'mediator' || !stored.certification) {
    throw new AppError('service_unavailable', {
      fr: 'Le référentiel des médiateurs n’a pas de règles de certification : le hub doit les publier.',
      en: 'The mediator referential has no certification rules: the hub must publish them.',
    });
  }
  return { ref: stored.referential, rules: stored.certification };
}

// --- who is who

/** The hub that decides on a mediator: the hub of their structure. */
export async function hubOfMediator(
  deps: AppDeps,
  actor: Principal,
): Promise<{ hub: OrganisationRow; structureId: string }> {
  for (const m of actor.memberships) {
    if (m.role !== 'mediator' || m.orgKind !== 'structure') continue;
    const structure = await findOrganisation(deps.database.db, m.orgId);
    const hub = structure?.hubId ? await findOrganisation(deps.database.db, structure.hubId) : undefined;
    if (hub) return { hub, structureId: m.orgId };
  }
  throw forbidden({
    fr: 'Votre compte n’est médiateur d’aucune structure rattachée à un hub.',
    en: 'Your account is not a mediator of any structure belonging to a hub.',
  });
}

function isStaffOf(actor: Principal, hubId: string, roles: readonly string[] = HUB_STAFF): boolean {
  return actor.memberships.some((m) => m.orgId === hubId && roles.includes(m.role));
}

// --- portfolio

export interface Portfolio extends Setting {
  levels: Map<string, string>;
  evidence: Map<string, store.EvidenceRow[]>;
}

export async function portfolioOf(deps: AppDeps, userId: string, s?: Setting): Promise<Portfolio> {
  const current = s ?? (await setting(deps));
  const key = { userId, slug: current.ref.slug, version: current.ref.version };
  const [entries, evidence] = await Promise.all([
    store.entriesOf(deps.database.db, key),
    store.evidenceOf(deps.database.db, key),
  ]);
  const byCode = new Map<string, store.EvidenceRow[]>();
  for (const e of evidence) byCode.set(e.competenceCode, [...(byCode.get(e.competenceCode) ?? []), e]);
  return { ...current, levels: new Map(entries.map((e) => [e.competenceCode, e.level])), evidence: byCode };
}

function competenceCodes(ref: MediatorReferential): Set<string> {
  return new Set(ref.blocks.flatMap((b) => b.competences.map((c) => c.code)));
}

/** Sets self-assessed levels (empty value = leave unchanged). */
export async function setLevels(deps: AppDeps, actor: Principal, levels: Record<string, string>): Promise<void> {
  await hubOfMediator(deps, actor);
  const { ref } = await setting(deps);
  const codes = competenceCodes(ref);
  const scale = ref.scale.levels.map((l) => l.id);
  const errors = Object.entries(levels).flatMap(([code, level]) =>
    !codes.has(code)
      ? [{ path: `levels.${code}`, message: `compétence « ${code} » inconnue` }]
      : level && !scale.includes(level)
        ? [{ path: `levels.${code}`, message: `niveau « ${level} » inconnu` }]
        : [],
  );
  if (errors.length) throw invalid(errors);
  const now = deps.clock().toISOString();
  const db = deps.database.db;
  const statements = Object.entries(levels)
    .filter(([, level]) => level)
    .map(([code, level]) =>
      store.upsertEntry(db, {
        userId: actor.userId,
        referentialSlug: ref.slug,
        referentialVersion: ref.version,
        competenceCode: code,
        level,
        updatedAt: now,
      }),
    );
  if (statements.length === 0) return;
  await deps.database.batch([
    ...statements,
    auditStatement(db, {
      id: crypto.randomUUID(),
      at: now,
      actorUserId: actor.userId,
      action: 'portfolio.levels',
      targetType: 'user',
      targetId: actor.userId,
      data: { codes: Object.keys(levels).filter((c) => levels[c]) },
    }),
  ]);
  await sealAuditChain(db);
}

export interface EvidenceInput {
  code: string;
  kind: 'text' | 'link' | 'file';
  text?: string | undefined;
  url?: string | undefined;
  file?: { name: string; bytes: Uint8Array } | undefined;
}

export async function addEvidence(deps: AppDeps, actor: Principal, input: EvidenceInput): Promise<store.EvidenceRow> {
  await hubOfMediator(deps, actor);
  const { ref } = await setting(deps);
  if (!competenceCodes(ref).has(input.code)) throw invalid([{ path: 'code', message: 'compétence inconnue' }]);
  const db = deps.database.db;
  const key = { userId: actor.userId, slug: ref.slug, version: ref.version };
  if ((await store.evidenceCount(db, key, input.code)) >= MAX_EVIDENCE)
    throw conflict({
      fr: `${MAX_EVIDENCE} preuves au plus par compétence : retirez-en une avant d’en ajouter.`,
      en: `At most ${MAX_EVIDENCE} pieces of evidence per competence.`,
    });
  const text = input.text?.trim() || null;
  const id = crypto.randomUUID();
  const now = deps.clock().toISOString();
  const row: store.EvidenceRow = {
    id,
    userId: actor.userId,
    referentialSlug: ref.slug,
    referentialVersion: ref.version,
    competenceCode: input.code,
    kind: input.kind,
    text,
    url: null,
    fileKey: null,
    fileName: null,
    fileType: null,
    fileSize: null,
    createdAt: now,
  };
  if (input.kind === 'text') {
    if (!text) throw invalid([{ path: 'text', message: 'écrivez votre preuve' }]);
  } else if (input.kind === 'link') {
    let url: URL | null = null;
    try {
      url = new URL(input.url?.trim() ?? '');
    } catch {
      url = null;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
      throw invalid([{ path: 'url', message: 'adresse web attendue (https://…)' }]);
    row.url = url.toString();
  } else {
    const file = input.file;
    if (!file || file.bytes.length === 0) throw invalid([{ path: 'file', message: 'choisissez un fichier' }]);
    if (file.bytes.length > MAX_FILE_BYTES)
      throw new AppError('payload_too_large', {
        fr: `Fichier trop lourd : ${MAX_FILE_LABEL} au plus.`,
        en: `File too large: ${MAX_FILE_LABEL} at most.`,
      });
    const type = sniffEvidence(file.bytes);
    if (!type)
      throw new AppError('unsupported_media_type', {
        fr: 'Seuls les fichiers PDF, PNG et JPEG sont acceptés.',
        en: 'Only PDF, PNG and JPEG files are accepted.',
      });
    row.fileKey = id;
    row.fileName = cleanFileName(file.name);
    row.fileType = type;
    row.fileSize = file.bytes.length;
    try {
      await deps.blobs.put(id, file.bytes, type);
    } catch {
      throw new AppError('service_unavailable', {
        fr: 'Les fichiers ne peuvent pas être enregistrés pour le moment : ajoutez un lien ou un texte.',
        en: 'Files cannot be stored at the moment: add a link or a text.',
      });
    }
  }
  try {
    await deps.database.batch([
      store.insertEvidence(db, row),
      auditStatement(db, {
        id: crypto.randomUUID(),
        at: now,
        actorUserId: actor.userId,
        action: 'portfolio.evidence.added',
        targetType: 'evidence',
        targetId: id,
        data: {
          code: input.code,
          kind: input.kind,
          ...(row.fileType ? { type: row.fileType, size: row.fileSize } : {}),
        },
      }),
    ]);
  } catch (err) {
    if (row.fileKey) await deps.blobs.delete(row.fileKey).catch(() => undefined);
    throw err;
  }
  await sealAuditChain(db);
  return row;
}

/** Evidence an open application points at stays until the decision (reviewers must see it). */
export async function removeEvidence(deps: AppDeps, actor: Principal, id: string): Promise<void> {
  const db = deps.database.db;
  const row = await store.findEvidence(db, id);
  if (!row || row.userId !== actor.userId)
    throw notFound({ fr: 'Cette preuve n’existe pas.', en: 'No such evidence.' });
  const apps = await reviewStore.applicationsOfApplicant(db, actor.userId, KIND);
  for (const app of apps.filter((a) => !isFinal(a.state))) {
    const items = await reviewStore.itemsOf(db, app.id);
    if (items.some((i) => (JSON.parse(i.claim) as Claim).evidence.some((e) => e.id === id)))
      throw conflict({
        fr: 'Cette preuve fait partie d’une demande en cours : elle reste jusqu’à la décision.',
        en: 'This evidence is part of an open application: it stays until the decision.',
      });
  }
  const now = deps.clock().toISOString();
  await deps.database.batch([
    store.deleteEvidence(db, id),
    auditStatement(db, {
      id: crypto.randomUUID(),
      at: now,
      actorUserId: actor.userId,
      action: 'portfolio.evidence.removed',
      targetType: 'evidence',
      targetId: id,
      data: { code: row.competenceCode, kind: row.kind },
    }),
  ]);
  if (row.fileKey) await deps.blobs.delete(row.fileKey);
  await sealAuditChain(db);
}

/** An evidence file, for its owner and the hub staff of the owner's hub only. */
export async function evidenceFile(
  deps: AppDeps,
  actor: Principal,
  id: string,
): Promise<{ row: store.EvidenceRow; bytes: Uint8Array; contentType: string }> {
  const db = deps.database.db;
  const hidden = notFound({ fr: 'Ce fichier n’existe pas.', en: 'No such file.' });
  const row = await store.findEvidence(db, id);
  if (!row?.fileKey) throw hidden;
  if (row.userId !== actor.userId) {
    const apps = await reviewStore.applicationsOfApplicant(db, row.userId, KIND);
    if (!apps.some((a) => isStaffOf(actor, a.deciderOrgId))) throw hidden;
  }
  const blob = await deps.blobs.get(row.fileKey);
  if (!blob) throw hidden;
  return { row, bytes: blob.bytes, contentType: row.fileType ?? blob.contentType };
}

// --- applications

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
): Promise<reviewStore.ApplicationRow> {
  const { hub, structureId } = await hubOfMediator(deps, actor);
  const p = await portfolioOf(deps, actor.userId);
  const db = deps.database.db;
  const mine = await reviewStore.applicationsOfApplicant(db, actor.userId, KIND);
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
export async function ownApplication(deps: AppDeps, actor: Principal, id: string): Promise<reviewStore.ApplicationRow> {
  const app = await reviewStore.findApplication(deps.database.db, id);
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
  const items = await reviewStore.itemsOf(deps.database.db, app.id);
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
  app: reviewStore.ApplicationRow;
  applicantName: string;
  hubName: string;
  setting: Setting;
  items: (reviewStore.ItemRow & { parsed: Claim })[];
  reviews: (reviewStore.StoredReview & { reviewerName: string })[];
  blocks: string[];
  /** Credentials issued from this application (current rows). */
  credentials: CredentialRow[];
  /** For a reviewer: why they cannot review, if so. */
  conflict: 'self' | 'same-organisation' | null;
  canReview: boolean;
}

/** An application, for its applicant or the deciding hub's staff; hidden from anyone else. */
export async function applicationView(deps: AppDeps, actor: Principal, id: string): Promise<ApplicationView> {
  const db = deps.database.db;
  const app = await reviewStore.findApplication(db, id);
  const hidden = notFound({ fr: 'Cette demande n’existe pas.', en: 'This application does not exist.' });
  if (!app || app.kind !== KIND) throw hidden;
  const own = app.applicantUserId === actor.userId;
  if (!own && !isStaffOf(actor, app.deciderOrgId)) throw hidden;
  const s = await setting(deps, app.subjectRef.split('@')[1]);
  const [items, reviews, applicant, hub, issued] = await Promise.all([
    reviewStore.itemsOf(db, id),
    reviewStore.reviewsOf(db, id),
    findUserById(db, app.applicantUserId),
    findOrganisation(db, app.deciderOrgId),
    store.heldFromApplication(db, id),
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
    conflict: conflictKind,
    canReview:
      !own &&
      mayVote(rolesIn(actor, app.deciderOrgId), s.rules.review.reviewers) &&
      !conflictKind &&
      awaitsReview(app.state) &&
      !already,
  };
}

async function applicantParty(deps: AppDeps, app: reviewStore.ApplicationRow) {
  const ms = await membershipsOf(deps.database.db, app.applicantUserId);
  return {
    userId: app.applicantUserId,
    orgIds: [...new Set([...(app.applicantOrgId ? [app.applicantOrgId] : []), ...ms.map((m) => m.orgId)])],
  };
}

async function reviewerConflict(deps: AppDeps, actor: Principal, app: reviewStore.ApplicationRow) {
  return conflictOfInterest(
    { userId: actor.userId, orgIds: actor.memberships.map((m) => m.orgId) },
    await applicantParty(deps, app),
    [app.deciderOrgId],
  );
}

/** Applications the actor's committee(s) must examine, and the ones decided recently. */
export async function queue(deps: AppDeps, actor: Principal) {
  const hubs = [...new Set(actor.memberships.filter((m) => HUB_STAFF.includes(m.role as never)).map((m) => m.orgId))];
  const db = deps.database.db;
  const rows = (
    await Promise.all(
      hubs.map((h) =>
        reviewStore.applicationsFor(db, h, KIND, [
          'submitted',
          'resubmitted',
          'changes-requested',
          'approved',
          'rejected',
        ]),
      ),
    )
  ).flat();
  return Promise.all(
    rows.map(async (app) => ({
      app,
      applicantName: (await findUserById(db, app.applicantUserId))?.displayName ?? '—',
      votes: (await reviewStore.reviewsOf(db, app.id, app.round)).length,
      conflict: await reviewerConflict(deps, actor, app),
    })),
  );
}

/** An application the actor's hub decides on (its committee and admins); hidden from anyone else. */
export async function decidedByActor(deps: AppDeps, actor: Principal, id: string): Promise<reviewStore.ApplicationRow> {
  const app = await reviewStore.findApplication(deps.database.db, id);
  if (!app || app.kind !== KIND || !isStaffOf(actor, app.deciderOrgId))
    throw notFound({ fr: 'Cette demande n’existe pas.', en: 'This application does not exist.' });
  return app;
}

/** An application the actor may vote on (their hub decides it, the rules name their role); else 404/403. */
export async function votableApplication(
  deps: AppDeps,
  actor: Principal,
  id: string,
): Promise<reviewStore.ApplicationRow> {
  const app = await decidedByActor(deps, actor, id);
  const s = await setting(deps, app.subjectRef.split('@')[1]);
  await review.requireReviewer(deps, app, actor.userId, rolesIn(actor, app.deciderOrgId), policyOf(s.rules));
  return app;
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
  // Who votes is the rules file's `reviewers` (the committee, by default), applied by the review core.
  const result = await review.castReview(deps, {
    app,
    reviewer: { userId: actor.userId, orgIds: actor.memberships.map((m) => m.orgId) },
    reviewerRoles: rolesIn(actor, app.deciderOrgId),
    applicant: await applicantParty(deps, app),
    neutralOrgIds: [app.deciderOrgId],
    review: input,
    policy: policyOf(s.rules),
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
  const items = (await reviewStore.itemsOf(db, id)).map((i) => ({
    code: i.code,
    claim: JSON.parse(i.claim) as Claim,
    outcome: i.outcome as 'accept' | 'more' | 'reject' | null,
  }));
  const blocks = validatedBlocks(s.ref, s.rules, items);
  const already = await store.heldFromApplication(db, id);
  const now = deps.clock();
  const validUntil = validUntilFrom(s.rules, now);
  const reviews = await reviewStore.reviewsOf(db, id, app.round);
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
  app: reviewStore.ApplicationRow,
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

/** Follows reinstatements: the credential that currently stands for an issued one. */
export async function currentOf(deps: AppDeps, row: CredentialRow): Promise<CredentialRow> {
  let current = row;
  for (let hops = 0; current.replacedBy && hops < 20; hops++) {
    const next = await findCredential(deps.database.db, current.replacedBy);
    if (!next) break;
    current = next;
  }
  return current;
}

export interface HeldCredential {
  kind: 'block' | 'certification';
  blockCode: string | null;
  row: CredentialRow;
  state: 'active' | 'suspended' | 'revoked' | 'expired';
  url: string;
}

export interface CertificationStatus {
  credentials: HeldCredential[];
  /** Blocks held by an active, unexpired credential. */
  activeBlocks: string[];
  certified: boolean;
  /** Earliest expiry among active credentials. */
  expiresAt: string | null;
  renewalOpen: boolean;
  lastApproved: string | null;
}

export async function certificationStatus(deps: AppDeps, userId: string, s?: Setting): Promise<CertificationStatus> {
  const current = s ?? (await setting(deps));
  const now = deps.clock();
  const rows = await store.heldBy(deps.database.db, userId);
  const credentials: HeldCredential[] = [];
  for (const r of rows) {
    const row = await currentOf(deps, r.credential);
    const base = credentialState(row);
    const expired = row.validUntil !== null && new Date(row.validUntil) <= now;
    credentials.push({
      kind: r.held.kind as 'block' | 'certification',
      blockCode: r.held.blockCode,
      row,
      state: base === 'active' && expired ? 'expired' : base,
      url: credentialUrl(deps, row.id),
    });
  }
  const active = credentials.filter((c) => c.state === 'active');
  const expiries = active
    .map((c) => c.row.validUntil)
    .filter((v): v is string => v !== null)
    .sort();
  const expiresAt = expiries[0] ?? null;
  const apps = await reviewStore.applicationsOfApplicant(deps.database.db, userId, KIND);
  return {
    credentials,
    activeBlocks: [...new Set(active.filter((c) => c.kind === 'block').map((c) => c.blockCode!))],
    certified: active.some((c) => c.kind === 'certification'),
    expiresAt,
    renewalOpen: expiresAt !== null && renewalOpen(current.rules, new Date(expiresAt), now),
    lastApproved: apps.find((a) => a.state === 'approved')?.id ?? null,
  };
}

export async function applicationsOf(deps: AppDeps, userId: string) {
  return reviewStore.applicationsOfApplicant(deps.database.db, userId, KIND);
}

/** Credentials a hub issued to mediators, for its staff (suspension, withdrawal, reinstatement). */
export function mayManage(actor: Principal, hubId: string): boolean {
  return isStaffOf(actor, hubId);
}
