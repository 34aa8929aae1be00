import type { AppDeps, Principal } from '../context.js';
import { type AuditedChange, commitAudited } from '../db/audit.js';
import { oncePerDeviceKey } from './device-key.js';
import type { Statement } from '../db/client.js';
import type { EvaluationMethod } from '../db/schema.js';
import { type FieldError, invalid, notFound } from '../errors.js';
import type { CredentialRow, Issued } from '../issuing/service.js';
import { iso } from '../lib/dates.js';
import type { LearnerReferential } from '../referentials/schema.js';
import { issueEarned, issueEarnedOfGroup, type Progress, progressOfMany } from './awards.js';
import type { OrganisationRow } from '../organisations/lookup.js';
import { type LearnerContext, learnerFor, learnerReferential, learnersIn } from './service.js';
import * as store from './store.js';

/** Recording positionings and evaluations: one person at a time, or a whole workshop at once. */

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

/** One evaluation's rows, and the audit event that records it (counts, never the notes). */
function evaluationWrite(
  deps: AppDeps,
  actor: Principal,
  ctx: LearnerContext,
  ref: LearnerReferential,
  input: EvaluationInput,
  id: string,
  now: string,
  workshop?: string,
): { statements: Statement[]; event: AuditedChange } {
  const db = deps.database.db;
  return {
    statements: [
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
        workshopId: workshop ?? null,
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
    ],
    event: {
      action: 'evaluation.recorded',
      orgId: ctx.org.id,
      targetType: 'learner',
      targetId: ctx.learner.id,
      data: {
        evaluation: id,
        method: input.method,
        competences: input.items.length,
        ...(workshop ? { workshop } : {}),
      },
    },
  };
}

export async function recordEvaluation(
  deps: AppDeps,
  actor: Principal,
  ctx: LearnerContext,
  input: EvaluationInput,
  deviceKey?: string,
): Promise<{ evaluationId: string; issued: Issued[] }> {
  const set = await learnerReferential(deps);
  const ref = set.referential;
  const errors = evaluationErrors(ref, input, iso(deps.clock()).slice(0, 10));
  if (errors.length)
    throw invalid(errors, { fr: 'L’évaluation contient des erreurs.', en: 'The evaluation has errors.' });
  const db = deps.database.db;
  return oncePerDeviceKey(
    db,
    { userId: actor.userId, key: deviceKey, action: 'evaluation.recorded' },
    async (onceOnly): Promise<{ evaluationId: string; issued: Issued[] }> => {
      const at = deps.clock();
      const id = crypto.randomUUID();
      const { statements, event } = evaluationWrite(deps, actor, ctx, ref, input, id, iso(at));
      await commitAudited(deps, actor, [...statements, ...onceOnly(id, at)], event, at);
      const issued = ctx.org.autoIssue ? await issueEarned(deps, actor, ctx) : [];
      return { evaluationId: id, issued };
    },
    // Sent again: what the first send recorded stands; badges it earned were issued then.
    async (evaluationId) => ({ evaluationId, issued: [] }),
  );
}

/**
 * The people of a workshop with what was noted for each: every one of them must be one of this
 * structure's (anyone else is "not found", like any learner the caller may not see), and only once.
 */
export async function workshopPeople(
  deps: AppDeps,
  actor: Principal,
  org: OrganisationRow,
  people: { learner: string; items: EvaluationInput['items'] }[],
): Promise<{ ctx: LearnerContext; items: EvaluationInput['items'] }[]> {
  if (new Set(people.map((p) => p.learner)).size !== people.length)
    throw invalid([{ path: 'people', message: 'une personne figure deux fois' }]);
  return Promise.all(
    people.map(async (p) => {
      const ctx = await learnerFor(deps, actor, p.learner);
      if (ctx.org.id !== org.id) throw notFound();
      return { ctx, items: p.items };
    }),
  );
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
  deviceKey?: string,
): Promise<{ workshop: string; recorded: number; issued: number }> {
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
  return oncePerDeviceKey(
    deps.database.db,
    { userId: actor.userId, key: deviceKey, action: 'workshop.recorded' },
    async (onceOnly): Promise<{ workshop: string; recorded: number; issued: number }> => {
      const at = deps.clock();
      const workshop = crypto.randomUUID();
      const writes = noted.map((p) =>
        evaluationWrite(
          deps,
          actor,
          p.ctx,
          ref,
          { ...session, items: p.items },
          crypto.randomUUID(),
          iso(at),
          workshop,
        ),
      );
      await commitAudited(
        deps,
        actor,
        [...writes.flatMap((w) => w.statements), ...onceOnly(workshop, at)],
        writes.map((w) => w.event),
        at,
      );
      // Issuing automatically: the group's badges in one batch, as « Délivrer les badges du groupe ».
      const org = noted[0]!.ctx.org;
      let issued = 0;
      if (org.autoIssue) {
        const progress = await progressOfMany(
          deps,
          noted.map(({ ctx }) => ctx.learner.id),
        );
        const people = noted.map(({ ctx }) => ({ ctx, progress: progress.get(ctx.learner.id)! }));
        for (const p of await issueEarnedOfGroup(deps, actor, org, people)) issued += p.issued.length;
      }
      return { workshop, recorded: noted.length, issued };
    },
    // Sent again from a phone's outbox: the session recorded the first time stands.
    async (workshop) => ({ workshop, recorded: 0, issued: 0 }),
  );
}

/** One person of a recorded workshop: what they have earned and not received, what they received since. */
export interface WorkshopPerson {
  ctx: LearnerContext;
  progress: Progress;
  /** Credentials issued to the person since the session was recorded (this session's badges). */
  issuedSince: CredentialRow[];
}

/** A recorded group session of this structure, person by person (404 for any other id). */
export async function workshopOf(
  deps: AppDeps,
  actor: Principal,
  org: OrganisationRow,
  workshopId: string,
): Promise<{ id: string; date: string; people: WorkshopPerson[] }> {
  const rows = await store.workshopEvaluations(deps.database.db, org.id, workshopId);
  if (rows.length === 0)
    throw notFound({ fr: 'Cette séance de groupe n’existe pas.', en: 'This group session does not exist.' });
  // The group read at once (a few queries, not a few per person).
  const ids = rows.map((row) => row.learnerId);
  const [contexts, progress] = await Promise.all([learnersIn(deps, actor, org, ids), progressOfMany(deps, ids)]);
  const people = rows.map((row, n) => {
    const mine = progress.get(row.learnerId)!;
    return {
      ctx: contexts[n]!,
      progress: mine,
      issuedSince: mine.credentials.filter((r) => r.issuedAt >= row.createdAt),
    };
  });
  return { id: workshopId, date: rows[0]!.date, people };
}

/**
 * The group's badges in one action: for each person of the session, what the rules say is earned
 * and not yet held (the same rules and keys as the person's own « Délivrer » button, so a badge
 * already held is never issued twice, and a second call issues nothing), all in one batch: a
 * failure issues nothing to anybody, and pressing again issues the whole group.
 */
export async function issueWorkshopBadges(
  deps: AppDeps,
  actor: Principal,
  org: OrganisationRow,
  workshopId: string,
): Promise<{ ctx: LearnerContext; issued: Issued[] }[]> {
  const session = await workshopOf(deps, actor, org, workshopId);
  return issueEarnedOfGroup(deps, actor, org, session.people);
}
