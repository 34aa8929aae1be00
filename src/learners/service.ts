import type { AppDeps, Principal } from '../context.js';
import { auditEventsAbout, commitAudited } from '../db/audit.js';
import { priorSubmission } from '../db/device-submissions.js';
import { oncePerDeviceKey } from './device-key.js';
import { forbidden, notFound } from '../errors.js';
import { achievementSet, type AchievementSet } from '../issuing/achievements.js';
import { credentialState, credentialUrl } from '../issuing/service.js';
import { iso } from '../lib/dates.js';
import { findOrganisation, findOrganisationBySlug, type OrganisationRow } from '../organisations/lookup.js';
import type { LearnerReferential } from '../referentials/schema.js';
import { listReferentialVersions } from '../referentials/service.js';
import { matchesLearner } from './search.js';
import * as store from './store.js';

// What other features use of this folder's tables (its store.ts is private to it: ARCHITECTURE.md, "Layers and imports").
export { findLearnerByPublicId, learnerCredentials, namesOf } from './store.js';

/**
 * The people a structure helps: who may see them, registering them with their consent, the list,
 * the referential their evaluations use, and their rights (GDPR export and erasure). Evaluations
 * are in evaluations.ts, what they earn in awards.ts, the secret link in holder.ts, corrections in
 * corrections.ts, the passport in passport.ts.
 */

export const CONSENT_TEXT_VERSION = 'consentement-v1';
export const DEFAULT_LEARNER_REFERENTIAL = 'abecedaire';
const LEARNER_ROLES = ['mediator', 'structure-admin'] as const;

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

/**
 * Several people of one structure, with `learnerFor`'s rule (anyone the actor may not see, or not of
 * `org`, is "not found"), read in one query per 100: a workshop's group.
 */
export async function learnersIn(
  deps: AppDeps,
  actor: Principal,
  org: OrganisationRow,
  ids: readonly string[],
): Promise<LearnerContext[]> {
  const found = new Map((await store.findLearners(deps.database.db, ids)).map((l) => [l.id, l]));
  const mayAct = actor.memberships.some(
    (m) => m.orgId === org.id && (LEARNER_ROLES as readonly string[]).includes(m.role),
  );
  return ids.map((id) => {
    const learner = found.get(id);
    if (!mayAct || !learner || learner.erasedAt || learner.structureId !== org.id)
      throw notFound({
        fr: 'Cette personne n’existe pas dans votre structure.',
        en: 'This person does not exist in your structure.',
      });
    return { learner, org };
  });
}

// --- the structure's list

/** Everyone the structure has registered (erased people included, without their name). */
export function listLearners(deps: AppDeps, org: OrganisationRow): Promise<store.LearnerWithPersonal[]> {
  return store.learnersOf(deps.database.db, org.id);
}

/** The people matching a search of the list (everyone when it is empty), and how many there are in all. */
export async function searchLearners(
  deps: AppDeps,
  org: OrganisationRow,
  q: string,
): Promise<{ shown: store.LearnerWithPersonal[]; total: number }> {
  const all = await listLearners(deps, org);
  return { shown: q ? all.filter((l) => matchesLearner(l, q)) : all, total: all.length };
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

/** The person an earlier send of this device key registered (a form sent again from a phone's outbox). */
export async function registeredWithKey(deps: AppDeps, actor: Principal, key: string | undefined): Promise<boolean> {
  return key ? (await priorSubmission(deps.database.db, actor.userId, key)) !== null : false;
}

export async function registerLearner(
  deps: AppDeps,
  actor: Principal,
  org: OrganisationRow,
  input: NewLearner,
  deviceKey?: string,
): Promise<store.LearnerRow> {
  const db = deps.database.db;
  return oncePerDeviceKey(
    db,
    { userId: actor.userId, key: deviceKey, action: 'learner.registered' },
    async (onceOnly) => {
      const at = deps.clock();
      const now = iso(at);
      const row: store.LearnerRow = {
        id: crypto.randomUUID(),
        structureId: org.id,
        publicId: newPublicId(),
        createdBy: actor.userId,
        createdAt: now,
        erasedAt: null,
      };
      await commitAudited(
        deps,
        actor,
        [
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
          ...onceOnly(row.id, at),
        ],
        { action: 'learner.registered', orgId: org.id, targetType: 'learner', targetId: row.id },
        at,
      );
      return row;
    },
    async (learnerId) => {
      const prior = await store.findLearner(db, learnerId);
      if (!prior) throw notFound();
      return prior;
    },
  );
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

// --- GDPR

export async function exportLearner(deps: AppDeps, actor: Principal, ctx: LearnerContext) {
  const db = deps.database.db;
  const [evals, rows, link, events] = await Promise.all([
    store.evaluationsOf(db, ctx.learner.id),
    store.learnerCredentials(db, ctx.learner.id),
    store.liveHolderLinkOf(db, ctx.learner.id),
    auditEventsAbout(db, 'learner', ctx.learner.id),
  ]);
  const at = deps.clock();
  const now = iso(at);
  await commitAudited(
    deps,
    actor,
    [],
    { action: 'learner.exported', orgId: ctx.org.id, targetType: 'learner', targetId: ctx.learner.id },
    at,
  );
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
  const at = deps.clock();
  await commitAudited(
    deps,
    actor,
    store.erasureStatements(db, {
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
      now: iso(at),
    }),
    {
      action: 'learner.erased',
      orgId: ctx.org.id,
      targetType: 'learner',
      targetId: ctx.learner.id,
      data: { evaluations: evals.length },
    },
    at,
  );
}
