import type { AppDeps, Principal } from '../context.js';
import { auditEventsAbout, auditStatement, sealAuditChain } from '../db/audit.js';
import type { EvaluationMethod } from '../db/schema.js';
import { AppError, forbidden, invalid, notFound, type FieldError } from '../errors.js';
import { randomToken, sha256Hex } from '../lib/crypto.js';
import { resultFor, type DerivedAchievement } from '../issuing/derive-achievements.js';
import { credentialFromJwtPayload, decodeJwt } from '../ob3/jwt.js';
import type { Evidence, Result } from '../ob3/types.js';
import { achievementSet, type AchievementSet } from '../issuing/achievements.js';
import {
  credentialState,
  credentialUrl,
  issueCredential,
  setSupersededBy,
  type CredentialRow,
  type Issued,
  type IssueInput,
} from '../issuing/service.js';
import { findOrganisation, findOrganisationBySlug, type OrganisationRow } from '../organisations/lookup.js';
import type { LearnerReferential } from '../referentials/schema.js';
import { listReferentialVersions } from '../referentials/service.js';
import {
  afterWithdrawals,
  levelRank,
  newlyEarned,
  standings,
  type Earned,
  type Holdings,
  type Observation,
  type Standing,
} from './rules.js';
import * as store from './store.js';

// What other features use of this folder's tables (its store.ts is private to it: ARCHITECTURE.md, "Layers and imports").
export { findLearnerByPublicId, learnerCredentials, namesOf } from './store.js';

export const CONSENT_TEXT_VERSION = 'consentement-v1';
export const DEFAULT_LEARNER_REFERENTIAL = 'abecedaire';
const LEARNER_ROLES = ['mediator', 'structure-admin'] as const;

const iso = (d: Date) => d.toISOString();

// --- scoping: mediators and structure admins see their own structure's learners only

export async function structureFor(deps: AppDeps, actor: Principal, slug: string): Promise<OrganisationRow> {
  const org = await findOrganisationBySlug(deps.database.db, slug);
  if (org?.kind !== 'structure')
    throw notFound({ fr: 'Cette structure n’existe pas.', en: 'This structure does not exist.' });
  if (!actor.memberships.some((m) => m.orgId === org.id && (LEARNER_ROLES as readonly string[]).includes(m.role)))
    throw forbidden();
  return org;
}

export interface LearnerContext {
  learner: store.LearnerWithPersonal;
  org: OrganisationRow;
}

/** A learner the actor may see; anyone else gets "not found", not a hint that it exists. */
export async function learnerFor(deps: AppDeps, actor: Principal, id: string): Promise<LearnerContext> {
  const learner = await store.findLearner(deps.database.db, id);
  const hidden = notFound({
    fr: 'Cette personne n’existe pas dans votre structure.',
    en: 'This person does not exist in your structure.',
  });
  if (!learner || learner.erasedAt) throw hidden;
  if (
    !actor.memberships.some(
      (m) => m.orgId === learner.structureId && (LEARNER_ROLES as readonly string[]).includes(m.role),
    )
  )
    throw hidden;
  const org = await findOrganisation(deps.database.db, learner.structureId);
  if (!org) throw hidden;
  return { learner, org };
}

// --- registration

const PUBLIC_ID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `7KQ9-M2XD-4HTW`: 60 random bits in Crockford base32, easy to read aloud and to print. */
export function newPublicId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  const chars = [...bytes].map((b) => PUBLIC_ID_ALPHABET[b & 31]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

export interface NewLearner {
  displayName: string;
  /** The name in Latin letters as on the person's papers: badges then carry it too (hashed). */
  latinName?: string | undefined;
  email?: string | undefined;
  birthYear?: number | undefined;
}

export async function registerLearner(
  deps: AppDeps,
  actor: Principal,
  org: OrganisationRow,
  input: NewLearner,
): Promise<store.LearnerRow> {
  const db = deps.database.db;
  const now = iso(deps.clock());
  const row: store.LearnerRow = {
    id: crypto.randomUUID(),
    structureId: org.id,
    publicId: newPublicId(),
    createdBy: actor.userId,
    createdAt: now,
    erasedAt: null,
  };
  await deps.database.batch([
    store.insertLearner(db, row),
    store.insertPersonal(db, {
      learnerId: row.id,
      displayName: input.displayName.trim(),
      latinName: input.latinName?.trim() || null,
      email: input.email ? input.email.trim().toLowerCase() : null,
      birthYear: input.birthYear ?? null,
      consentAt: now,
      consentText: CONSENT_TEXT_VERSION,
    }),
    auditStatement(db, {
      id: crypto.randomUUID(),
      at: now,
      actorUserId: actor.userId,
      orgId: org.id,
      action: 'learner.registered',
      targetType: 'learner',
      targetId: row.id,
    }),
  ]);
  await sealAuditChain(db);
  return row;
}

// --- referential in use

/** The learner referential version evaluations use: the latest version of the default alphabet. */
export async function learnerReferential(
  deps: AppDeps,
  slug = DEFAULT_LEARNER_REFERENTIAL,
  version?: string,
): Promise<AchievementSet & { referential: LearnerReferential }> {
  let chosen = slug;
  if (!version) {
    const all = await listReferentialVersions(deps.database.db);
    if (!all.some((r) => r.slug === slug && r.kind === 'learner'))
      chosen = all.find((r) => r.kind === 'learner')?.slug ?? slug;
  }
  const set = await achievementSet(deps, chosen, version);
  if (set.referential.kind !== 'learner')
    throw notFound({ fr: 'Aucun référentiel des personnes accompagnées.', en: 'No learner referential.' });
  return set as AchievementSet & { referential: LearnerReferential };
}

// --- evaluations

export interface EvaluationInput {
  method: EvaluationMethod;
  date: string;
  themes?: string[] | undefined;
  items: { code: string; level: string; method?: EvaluationMethod | undefined; evidenceNote?: string | undefined }[];
}

/** Plain-French problems with an evaluation's content (unknown codes or levels, future date, nothing noted). */
export function evaluationErrors(
  ref: LearnerReferential,
  input: EvaluationInput,
  today: string,
  prefix = '',
): FieldError[] {
  const codes = new Set(ref.entries.flatMap((e) => e.competences.map((c) => c.code)));
  const levels = ref.scale.levels.map((l) => l.id);
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  input.items.forEach((item, i) => {
    if (!codes.has(item.code))
      errors.push({ path: `${prefix}items.${i}.code`, message: `compétence inconnue « ${item.code} »` });
    if (!levels.includes(item.level))
      errors.push({
        path: `${prefix}items.${i}.level`,
        message: `niveau inconnu « ${item.level} » (${levels.join(', ')})`,
      });
    if (seen.has(item.code))
      errors.push({ path: `${prefix}items.${i}.code`, message: `compétence « ${item.code} » notée deux fois` });
    seen.add(item.code);
  });
  if (input.date > today) errors.push({ path: 'date', message: 'la date ne peut pas être dans le futur' });
  if (input.method !== 'positioning' && input.items.length === 0)
    errors.push({
      path: `${prefix}items`,
      message: 'choisissez un niveau pour au moins une compétence (ou « pas évalué » partout : rien n’est enregistré)',
    });
  return errors;
}

function evaluationStatements(
  deps: AppDeps,
  actor: Principal,
  ctx: LearnerContext,
  ref: LearnerReferential,
  input: EvaluationInput,
  id: string,
  now: string,
  workshop?: string,
) {
  const db = deps.database.db;
  return [
    store.insertEvaluation(db, {
      id,
      learnerId: ctx.learner.id,
      structureId: ctx.org.id,
      mediatorUserId: actor.userId,
      referentialSlug: ref.slug,
      referentialVersion: ref.version,
      method: input.method,
      date: input.date,
      themes: JSON.stringify(input.themes ?? []),
      createdAt: now,
    }),
    ...(input.items.length
      ? [
          store.insertEvaluationItems(
            db,
            input.items.map((item) => ({
              evaluationId: id,
              competenceCode: item.code,
              level: item.level,
              method: item.method ?? input.method,
              evidenceNote: item.evidenceNote?.trim() ? item.evidenceNote.trim() : null,
            })),
          ),
        ]
      : []),
    auditStatement(db, {
      id: crypto.randomUUID(),
      at: now,
      actorUserId: actor.userId,
      orgId: ctx.org.id,
      action: 'evaluation.recorded',
      targetType: 'learner',
      targetId: ctx.learner.id,
      data: {
        evaluation: id,
        method: input.method,
        competences: input.items.length,
        ...(workshop ? { workshop } : {}),
      },
    }),
  ];
}

export async function recordEvaluation(
  deps: AppDeps,
  actor: Principal,
  ctx: LearnerContext,
  input: EvaluationInput,
): Promise<{ evaluationId: string; issued: Issued[] }> {
  const db = deps.database.db;
  const set = await learnerReferential(deps);
  const ref = set.referential;
  const errors = evaluationErrors(ref, input, iso(deps.clock()).slice(0, 10));
  if (errors.length)
    throw invalid(errors, { fr: 'L’évaluation contient des erreurs.', en: 'The evaluation has errors.' });
  const now = iso(deps.clock());
  const id = crypto.randomUUID();
  await deps.database.batch(evaluationStatements(deps, actor, ctx, ref, input, id, now));
  await sealAuditChain(db);
  const issued = ctx.org.autoIssue ? await issueEarned(deps, actor, ctx) : [];
  return { evaluationId: id, issued };
}

/**
 * Workshop mode: one group session, one evaluation per person present, written in one batch (all or
 * nothing). People with nothing noted are simply not recorded.
 */
export async function recordWorkshop(
  deps: AppDeps,
  actor: Principal,
  people: { ctx: LearnerContext; items: EvaluationInput['items'] }[],
  session: { method: EvaluationMethod; date: string },
): Promise<{ recorded: number; issued: number }> {
  const db = deps.database.db;
  const ref = (await learnerReferential(deps)).referential;
  const today = iso(deps.clock()).slice(0, 10);
  const noted = people.filter((p) => p.items.length > 0);
  const errors = noted.flatMap((p, i) =>
    evaluationErrors(ref, { ...session, items: p.items }, today, `people.${i}.`).map((e) =>
      e.path === 'date'
        ? e
        : { ...e, message: `${p.ctx.learner.personal?.displayName ?? p.ctx.learner.publicId} : ${e.message}` },
    ),
  );
  if (session.date > today && !errors.some((e) => e.path === 'date'))
    errors.push({ path: 'date', message: 'la date ne peut pas être dans le futur' });
  if (noted.length === 0)
    errors.push({ path: 'people', message: 'choisissez un niveau pour au moins une personne et une compétence' });
  if (errors.length)
    throw invalid([...new Map(errors.map((e) => [`${e.path}|${e.message}`, e])).values()], {
      fr: 'La séance contient des erreurs.',
      en: 'The session has errors.',
    });
  const now = iso(deps.clock());
  const workshop = crypto.randomUUID();
  await deps.database.batch(
    noted.flatMap((p) =>
      evaluationStatements(deps, actor, p.ctx, ref, { ...session, items: p.items }, crypto.randomUUID(), now, workshop),
    ),
  );
  await sealAuditChain(db);
  let issued = 0;
  for (const p of noted) if (p.ctx.org.autoIssue) issued += (await issueEarned(deps, actor, p.ctx)).length;
  return { recorded: noted.length, issued };
}

// --- progress and what is earned

export interface Progress {
  set: AchievementSet & { referential: LearnerReferential };
  standings: Map<string, Standing>;
  evaluations: Awaited<ReturnType<typeof store.evaluationsOf>>;
  credentials: CredentialRow[];
  earned: Earned;
}

function observationsOf(
  evals: Awaited<ReturnType<typeof store.evaluationsOf>>,
  ref: LearnerReferential,
): Observation[] {
  const codes = codesOf(ref);
  return evals
    .filter((e) => e.evaluation.referentialSlug === ref.slug)
    .flatMap((e) =>
      e.items
        .filter((i) => codes.has(i.competenceCode))
        .map((i) => ({
          code: i.competenceCode,
          level: i.level,
          date: e.evaluation.date,
          recordedAt: e.evaluation.createdAt,
          evaluationId: e.evaluation.id,
        })),
    );
}

/**
 * A competence keeps its code from one version of a referential to the next (a version that drops
 * or renames codes must publish a crosswalk), so what was observed or awarded under an earlier
 * version of the same referential counts for the codes the current version still has. A version
 * that only rewords (abecedaire 1.1.0) thus loses nobody's progress.
 */
/** The achievement a credential was issued for, as the current version of its referential names it. */
export function currentAchievement(set: AchievementSet, achievementId: string): DerivedAchievement | undefined {
  const key = achievementId.split('/achievements/')[1] ?? '';
  const path = key.split('/').slice(2).join('/');
  return set.byKey.get(key) ?? set.byKey.get(`${set.referential.slug}/${set.referential.version}/${path}`);
}

export function codesOf(ref: LearnerReferential): Set<string> {
  return new Set(ref.entries.flatMap((e) => e.competences.map((c) => c.code)));
}

/** Competence code → level of a passport credential's results (read back from what was signed). */
export function passportLevels(row: CredentialRow): Map<string, string> {
  const credential = credentialFromJwtPayload(decodeJwt(row.jwt).payload) as {
    credentialSubject?: { result?: Result[] };
  };
  const out = new Map<string, string>();
  for (const r of credential.credentialSubject?.result ?? []) {
    const code = r.resultDescription?.split('#')[1];
    const level = r.achievedLevel?.split('#niveau-')[1];
    if (code && level) out.set(code, level);
  }
  return out;
}

export function holdings(ref: LearnerReferential, rows: CredentialRow[]): Holdings {
  const competences = new Map<string, string>();
  let passport: Map<string, string> | null = null;
  let passportAt = '';
  const codes = codesOf(ref);
  for (const row of rows) {
    if (credentialState(row) === 'revoked' || row.referentialSlug !== ref.slug) continue;
    if (row.achievementKind === 'competence' && row.competenceCode && row.level && codes.has(row.competenceCode)) {
      const prev = competences.get(row.competenceCode);
      if (prev === undefined || levelRank(ref, prev) < levelRank(ref, row.level))
        competences.set(row.competenceCode, row.level);
    } else if (row.achievementKind === 'passport' && row.issuedAt > passportAt) {
      passport = new Map([...passportLevels(row)].filter(([code]) => codes.has(code)));
      passportAt = row.issuedAt;
    }
  }
  return { competences, passport };
}

/**
 * Competences whose badge was withdrawn (revoked, not replaced by a later badge, and not replaced
 * as part of a re-issue), with the time of the withdrawal.
 */
export function withdrawnCompetences(rows: CredentialRow[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of rows) {
    if (r.achievementKind !== 'competence' || !r.competenceCode || !r.revokedAt || r.supersededBy) continue;
    const later = rows.some(
      (o) =>
        o.competenceCode === r.competenceCode &&
        !o.revokedAt &&
        o.achievementKind === 'competence' &&
        o.issuedAt > r.revokedAt!,
    );
    if (later) continue;
    const prev = out.get(r.competenceCode);
    if (!prev || prev < r.revokedAt) out.set(r.competenceCode, r.revokedAt);
  }
  return out;
}

export async function progressOf(deps: AppDeps, ctx: LearnerContext): Promise<Progress> {
  const db = deps.database.db;
  const set = await learnerReferential(deps);
  const evals = await store.evaluationsOf(db, ctx.learner.id);
  const observations = observationsOf(evals, set.referential);
  const credentialRows = await store.learnerCredentials(db, ctx.learner.id);
  const rules = set.rules;
  const awardable = afterWithdrawals(observations, withdrawnCompetences(credentialRows));
  const earned: Earned = rules
    ? newlyEarned(set.referential, rules, awardable, holdings(set.referential, credentialRows))
    : { competences: [], passport: null, passportProgress: { coreReached: 0, minCount: 0, minLevel: '' } };
  return { set, standings: standings(observations), evaluations: evals, credentials: credentialRows, earned };
}

const METHOD_LABELS: Record<EvaluationMethod, string> = {
  positioning: 'Positionnement',
  observation: 'Observation en séance',
  exercise: 'Exercice',
  'self-assessment': 'Auto-évaluation accompagnée',
};

/** Evidence pointing to evaluations by id, with no personal data (notes stay in Jalon). */
function evidenceFor(evals: Progress['evaluations'], codes: Set<string> | null, structureName: string): Evidence[] {
  return evals
    .filter((e) => codes === null || e.items.some((i) => codes.has(i.competenceCode)))
    .map((e) => ({
      type: ['Evidence'],
      id: `urn:uuid:${e.evaluation.id}`,
      name: `${METHOD_LABELS[e.evaluation.method]} du ${e.evaluation.date}`,
      description: `${METHOD_LABELS[e.evaluation.method]} par un médiateur ou une médiatrice de ${structureName} : ${e.items.length} compétence(s) observée(s).`,
      genre: METHOD_LABELS[e.evaluation.method],
    }));
}

/**
 * Issues what the rules say is newly earned: competence badges, then the passport. Each credential
 * is one atomic write; idempotency keys derived from the learner and what is awarded make a
 * repeated click (or two mediators at once) issue nothing twice.
 */
export async function issueEarned(deps: AppDeps, actor: Principal | null, ctx: LearnerContext): Promise<Issued[]> {
  const progress = await progressOf(deps, ctx);
  const { set, earned } = progress;
  const personal = ctx.learner.personal;
  if (!personal)
    throw new AppError('gone', {
      fr: 'Les données de cette personne ont été effacées.',
      en: 'This person’s data has been erased.',
    });
  const recipient = { name: personal.displayName, latinName: personal.latinName, email: personal.email ?? undefined };
  const referential = { slug: set.referential.slug, version: set.referential.version };
  const issued: Issued[] = [];
  /** What every award of this learner shares; only the achievement, results and evidence differ. */
  const award = async (
    derived: DerivedAchievement,
    what: Pick<IssueInput, 'results' | 'evidence' | 'competenceCode' | 'level' | 'idempotencyKey'>,
    same: (r: CredentialRow) => boolean,
  ) => {
    const result = await issueCredential(deps, {
      org: ctx.org,
      actor,
      achievement: derived,
      referential,
      recipient,
      learnerId: ctx.learner.id,
      ...what,
    });
    await supersede(deps, progress.credentials, result, same);
    issued.push(result);
  };
  for (const { code, level } of earned.competences) {
    const derived = set.byKey.get(`${referential.slug}/${referential.version}/competences/${code}`);
    if (!derived) continue;
    await award(
      derived,
      {
        results: [resultFor(derived.achievement, level)],
        evidence: evidenceFor(progress.evaluations, new Set([code]), ctx.org.name),
        competenceCode: code,
        level,
        idempotencyKey: `learner:${ctx.learner.id}:${code}:${level}`,
      },
      (r) => r.achievementKind === 'competence' && r.competenceCode === code,
    );
  }
  const passport = set.derived.find((d) => d.kind === 'passport');
  if (earned.passport && passport) {
    const signature = await sha256Hex(earned.passport.results.map((r) => `${r.code}=${r.level}`).join(','));
    await award(
      passport,
      {
        results: earned.passport.results.map((r) => resultFor(passport.achievement, r.level, r.code)),
        evidence: evidenceFor(progress.evaluations, null, ctx.org.name),
        idempotencyKey: `learner:${ctx.learner.id}:passport:${signature.slice(0, 32)}`,
      },
      (r) => r.achievementKind === 'passport',
    );
  }
  return issued;
}

/** A newer credential of the same kind replaces the older ones on pages and in the PDF (they stay valid). */
async function supersede(
  deps: AppDeps,
  previous: CredentialRow[],
  result: Issued,
  same: (r: CredentialRow) => boolean,
): Promise<void> {
  if (result.replayed) return;
  const older = previous.filter((r) => r.id !== result.row.id && !r.supersededBy && same(r));
  if (older.length) await deps.database.batch(older.map((r) => setSupersededBy(deps.database.db, r.id, result.row.id)));
}

/** Credentials to show and attach: the latest of each competence and the latest passport. */
export function currentCredentials(rows: CredentialRow[]): CredentialRow[] {
  return rows.filter((r) => !r.supersededBy);
}

// --- holder links

export async function createHolderLink(
  deps: AppDeps,
  actor: Principal,
  ctx: LearnerContext,
): Promise<{ url: string; token: string }> {
  const db = deps.database.db;
  const token = randomToken();
  const now = iso(deps.clock());
  await deps.database.batch([
    store.revokeHolderLinks(db, ctx.learner.id, now),
    store.insertHolderLink(db, {
      id: crypto.randomUUID(),
      learnerId: ctx.learner.id,
      tokenHash: await sha256Hex(token),
      createdAt: now,
    }),
    auditStatement(db, {
      id: crypto.randomUUID(),
      at: now,
      actorUserId: actor.userId,
      orgId: ctx.org.id,
      action: 'holder-link.created',
      targetType: 'learner',
      targetId: ctx.learner.id,
    }),
  ]);
  await sealAuditChain(db);
  return { url: holderUrl(deps, token), token };
}

export function holderUrl(deps: AppDeps, token: string): string {
  return `${deps.config.publicUrl}/p/${token}`;
}

export async function revokeHolderLink(deps: AppDeps, actor: Principal, ctx: LearnerContext): Promise<void> {
  const db = deps.database.db;
  const now = iso(deps.clock());
  await deps.database.batch([
    store.revokeHolderLinks(db, ctx.learner.id, now),
    auditStatement(db, {
      id: crypto.randomUUID(),
      at: now,
      actorUserId: actor.userId,
      orgId: ctx.org.id,
      action: 'holder-link.revoked',
      targetType: 'learner',
      targetId: ctx.learner.id,
    }),
  ]);
  await sealAuditChain(db);
}

/** The learner behind a secret holder link (revoked or erased → null). */
export async function learnerByHolderToken(deps: AppDeps, token: string): Promise<LearnerContext | null> {
  const db = deps.database.db;
  const found = await store.findLiveHolderLink(db, await sha256Hex(token));
  if (!found) return null;
  const learner = await store.findLearner(db, found.learner.id);
  const org = await findOrganisation(db, found.learner.structureId);
  return learner && org ? { learner, org } : null;
}

// --- GDPR

export async function exportLearner(deps: AppDeps, actor: Principal, ctx: LearnerContext) {
  const db = deps.database.db;
  const [evals, rows, link, events] = await Promise.all([
    store.evaluationsOf(db, ctx.learner.id),
    store.learnerCredentials(db, ctx.learner.id),
    store.liveHolderLinkOf(db, ctx.learner.id),
    auditEventsAbout(db, 'learner', ctx.learner.id),
  ]);
  const now = iso(deps.clock());
  await deps.database.batch([
    auditStatement(db, {
      id: crypto.randomUUID(),
      at: now,
      actorUserId: actor.userId,
      orgId: ctx.org.id,
      action: 'learner.exported',
      targetType: 'learner',
      targetId: ctx.learner.id,
    }),
  ]);
  await sealAuditChain(db);
  const p = ctx.learner.personal;
  return {
    exportedAt: now,
    controller: { name: ctx.org.name, structure: ctx.org.slug },
    learner: { id: ctx.learner.id, publicId: ctx.learner.publicId, createdAt: ctx.learner.createdAt },
    personalData: p
      ? {
          displayName: p.displayName,
          latinName: p.latinName,
          email: p.email,
          birthYear: p.birthYear,
          consentAt: p.consentAt,
          consentText: p.consentText,
        }
      : null,
    evaluations: evals.map((e) => ({
      id: e.evaluation.id,
      date: e.evaluation.date,
      method: e.evaluation.method,
      referential: `${e.evaluation.referentialSlug}@${e.evaluation.referentialVersion}`,
      themes: JSON.parse(e.evaluation.themes) as string[],
      items: e.items.map((i) => ({
        competence: i.competenceCode,
        level: i.level,
        method: i.method,
        evidenceNote: i.evidenceNote,
      })),
    })),
    credentials: rows.map((r) => ({
      id: `urn:uuid:${r.id}`,
      url: credentialUrl(deps, r.id),
      achievement: r.achievementId,
      issuedAt: r.issuedAt,
      status: credentialState(r),
      jwt: r.jwt,
    })),
    holderLink: link ? { createdAt: link.createdAt, active: true } : null,
    history: events.map((e) => ({ at: e.at, action: e.action })),
  };
}

/**
 * Erasure: personal data, holder links and evaluations are removed in one batch (evaluations are
 * first folded into anonymous monthly counts); credentials are kept, so they still verify and the
 * structure can still revoke them, but nothing links them to a name any more.
 */
export async function eraseLearner(deps: AppDeps, actor: Principal, ctx: LearnerContext): Promise<void> {
  const db = deps.database.db;
  const evals = await store.evaluationsOf(db, ctx.learner.id);
  const now = iso(deps.clock());
  await deps.database.batch([
    ...store.erasureStatements(db, {
      learnerId: ctx.learner.id,
      structureId: ctx.org.id,
      items: evals.flatMap((e) =>
        e.items.map((i) => ({
          referentialSlug: e.evaluation.referentialSlug,
          referentialVersion: e.evaluation.referentialVersion,
          code: i.competenceCode,
          level: i.level,
          month: e.evaluation.date.slice(0, 7),
        })),
      ),
      sessions: evals.map((e) => e.evaluation.date.slice(0, 7)),
      now,
    }),
    auditStatement(db, {
      id: crypto.randomUUID(),
      at: now,
      actorUserId: actor.userId,
      orgId: ctx.org.id,
      action: 'learner.erased',
      targetType: 'learner',
      targetId: ctx.learner.id,
      data: { evaluations: evals.length },
    }),
  ]);
  await sealAuditChain(db);
}
