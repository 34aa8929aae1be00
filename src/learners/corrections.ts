import type { AppDeps, Principal } from '../context.js';
import { commitAudited } from '../db/audit.js';
import { AppError, conflict, invalid, notFound } from '../errors.js';
import {
  type CredentialRow,
  credentialState,
  type Issued,
  issueCredential,
  setRevoked,
  setSupersededBy,
} from '../issuing/service.js';
import { sha256Hex } from '../lib/crypto.js';
import { iso } from '../lib/dates.js';
import { credentialFromJwtPayload, decodeJwt } from '../ob3/jwt.js';
import { matchIdentifier, nameKey, normaliseName } from '../ob3/recipient.js';
import type { Evidence, IdentityObject, Result } from '../ob3/types.js';
import { levelRank } from '../referentials/schema.js';
import { currentAchievement, currentCredentials, issueEarned, type Progress } from './awards.js';
import { type EvaluationInput, evaluationErrors } from './evaluations.js';
import { learnerReferential, type LearnerContext, type NewLearner } from './service.js';
import * as store from './store.js';

/**
 * Corrections with a trail: a learner's details, an evaluation, a badge. Every correction is an
 * audit event that says what kind of thing changed and why, never the personal values themselves.
 */

/** Registered people of the structure with the same name (normalised) and, when both are known, birth year. */
export async function possibleDuplicates(
  deps: AppDeps,
  structureId: string,
  input: Pick<NewLearner, 'displayName' | 'birthYear'>,
  exceptId?: string,
): Promise<store.LearnerWithPersonal[]> {
  const wanted = normaliseName(input.displayName);
  return (await store.learnersOf(deps.database.db, structureId)).filter(
    (l) =>
      l.id !== exceptId &&
      l.personal !== null &&
      normaliseName(l.personal.displayName) === wanted &&
      (input.birthYear === undefined || l.personal.birthYear === null || l.personal.birthYear === input.birthYear),
  );
}

export async function correctLearner(
  deps: AppDeps,
  actor: Principal,
  ctx: LearnerContext,
  input: NewLearner,
  reason: string,
): Promise<{ nameChanged: boolean }> {
  const before = ctx.learner.personal;
  if (!before) throw notFound();
  const patch = {
    displayName: input.displayName.trim(),
    latinName: input.latinName?.trim() || null,
    email: input.email ? input.email.trim().toLowerCase() : null,
    birthYear: input.birthYear ?? null,
  };
  const changed = (Object.keys(patch) as (keyof typeof patch)[]).filter((k) => patch[k] !== before[k]);
  if (changed.length === 0) return { nameChanged: false };
  await commitAudited(deps, actor, [store.updatePersonal(deps.database.db, ctx.learner.id, patch)], {
    action: 'learner.corrected',
    orgId: ctx.org.id,
    targetType: 'learner',
    targetId: ctx.learner.id,
    // Which fields, not their values: the audit log keeps no personal data.
    data: { fields: changed, reason },
  });
  return { nameChanged: changed.some((k) => k !== 'birthYear') };
}

interface SignedParts {
  identifier?: IdentityObject[];
  result?: Result[];
  evidence?: Evidence[];
}

function signedParts(row: CredentialRow): SignedParts & { evidence?: Evidence[] } {
  const vc = credentialFromJwtPayload(decodeJwt(row.jwt).payload) as {
    credentialSubject?: { identifier?: IdentityObject[]; result?: Result[] };
    evidence?: Evidence[];
  };
  return {
    ...(vc.credentialSubject?.identifier ? { identifier: vc.credentialSubject.identifier } : {}),
    ...(vc.credentialSubject?.result ? { result: vc.credentialSubject.result } : {}),
    ...(vc.evidence ? { evidence: vc.evidence } : {}),
  };
}

/** Current valid credentials that carry a name (or e-mail) other than the learner's details now. */
export async function credentialsWithOldName(ctx: LearnerContext, rows: CredentialRow[]): Promise<CredentialRow[]> {
  const p = ctx.learner.personal;
  if (!p) return [];
  const out: CredentialRow[] = [];
  for (const row of currentCredentials(rows)) {
    if (credentialState(row) === 'revoked') continue;
    const ids = signedParts(row).identifier;
    const nameOk = await matchIdentifier(ids, 'name', p.displayName);
    // A Latin-letter name is hashed only when it differs from the name (see buildIdentifiers).
    const latin = p.latinName && nameKey(p.latinName) !== nameKey(p.displayName) ? p.latinName : null;
    const latinOk = latin ? await matchIdentifier(ids, 'name', latin) : true;
    // One name identifier too many: a Latin-letter name that was removed since.
    const countOk = (ids ?? []).filter((i) => i.identityType === 'name').length <= (latin ? 2 : 1);
    const emailOk = p.email ? await matchIdentifier(ids, 'emailAddress', p.email) : true;
    if (nameOk === false || latinOk === false || !countOk || emailOk === false) out.push(row);
  }
  return out;
}

/** The person's current badges that still carry a former name or e-mail (to issue again). */
export async function credentialsToReissue(deps: AppDeps, ctx: LearnerContext): Promise<CredentialRow[]> {
  return credentialsWithOldName(ctx, await store.learnerCredentials(deps.database.db, ctx.learner.id));
}

/**
 * After a name correction: each current badge with the old name is issued again with the same
 * content (level, results, evidence) and the new name, then the old one is revoked with the reason
 * and marked as replaced, so that it is neither shown nor counted as a withdrawal.
 */
export async function reissueWithCurrentName(deps: AppDeps, actor: Principal, ctx: LearnerContext): Promise<number> {
  const db = deps.database.db;
  const p = ctx.learner.personal;
  if (!p)
    throw new AppError('gone', {
      fr: 'Les données de cette personne ont été effacées.',
      en: 'This person’s data has been erased.',
    });
  const stale = await credentialsToReissue(deps, ctx);
  if (stale.length === 0) return 0;
  const set = await learnerReferential(deps);
  const namesKey = sha256Hex(`${normaliseName(p.displayName)}|${p.latinName ?? ''}|${p.email ?? ''}`).slice(0, 16);
  let count = 0;
  for (const old of stale) {
    // Issued again under the current version of the referential (same code, same level).
    const derived = currentAchievement(set, old.achievementId);
    if (!derived) {
      throw conflict({
        fr: 'Ce badge vient d’une ancienne version du référentiel : il ne peut pas être délivré à nouveau ici.',
        en: 'This badge comes from an older version of the framework: it cannot be issued again here.',
      });
    }
    const parts = signedParts(old);
    const issued = await issueCredential(deps, {
      org: ctx.org,
      actor,
      achievement: derived,
      referential: { slug: set.referential.slug, version: set.referential.version },
      recipient: { name: p.displayName, latinName: p.latinName, email: p.email ?? undefined },
      learnerId: ctx.learner.id,
      ...(parts.result ? { results: parts.result } : {}),
      ...(parts.evidence ? { evidence: parts.evidence } : {}),
      ...(old.competenceCode ? { competenceCode: old.competenceCode } : {}),
      ...(old.level ? { level: old.level } : {}),
      idempotencyKey: `reissue:${old.id}:${namesKey}`,
    });
    const at = deps.clock();
    await commitAudited(
      deps,
      actor,
      [
        setSupersededBy(db, old.id, issued.row.id),
        setRevoked(db, old.id, iso(at), 'Nom corrigé : remplacé par un nouveau badge'),
      ],
      {
        action: 'credential.reissued',
        orgId: ctx.org.id,
        targetType: 'credential',
        targetId: old.id,
        data: { replacedBy: issued.row.id, reason: 'name-corrected' },
      },
      at,
    );
    count++;
  }
  return count;
}

/** A badge of this learner that the actor may withdraw (else "not found"). */
export async function learnerCredential(deps: AppDeps, ctx: LearnerContext, id: string): Promise<CredentialRow> {
  const row = (await store.learnerCredentials(deps.database.db, ctx.learner.id)).find((r) => r.id === id);
  if (!row) throw notFound({ fr: 'Ce badge n’existe pas pour cette personne.', en: 'No such badge for this person.' });
  return row;
}

/** Deletes an evaluation with a reason (audited); what it alone supported is no longer offered. */
export async function deleteEvaluation(
  deps: AppDeps,
  actor: Principal,
  ctx: LearnerContext,
  evaluationId: string,
  reason: string,
): Promise<void> {
  const db = deps.database.db;
  const found = (await store.evaluationsOf(db, ctx.learner.id)).find((e) => e.evaluation.id === evaluationId);
  if (!found) throw notFound({ fr: 'Cette séance n’existe pas.', en: 'This session does not exist.' });
  await commitAudited(deps, actor, store.deleteEvaluation(db, evaluationId), {
    action: 'evaluation.deleted',
    orgId: ctx.org.id,
    targetType: 'learner',
    targetId: ctx.learner.id,
    data: {
      evaluation: evaluationId,
      method: found.evaluation.method,
      date: found.evaluation.date,
      competences: found.items.length,
      reason,
    },
  });
}

/**
 * Corrects an evaluation (date, way of assessing, level and note of each competence) with a reason.
 * The audit event keeps what changed (codes and levels, which are no personal data) and why. A
 * positioning stays a positioning. What the corrected levels now earn is issued when the structure
 * issues automatically; badges they no longer support are left to the mediator (see unsupportedBadges).
 */
export async function editEvaluation(
  deps: AppDeps,
  actor: Principal,
  ctx: LearnerContext,
  evaluationId: string,
  input: EvaluationInput,
  reason: string,
): Promise<{ changed: boolean; issued: Issued[] }> {
  const db = deps.database.db;
  const found = (await store.evaluationsOf(db, ctx.learner.id)).find((e) => e.evaluation.id === evaluationId);
  if (!found) throw notFound({ fr: 'Cette séance n’existe pas.', en: 'This session does not exist.' });
  const ref = (await learnerReferential(deps)).referential;
  const method = found.evaluation.method === 'positioning' ? 'positioning' : input.method;
  if (method !== 'positioning' && input.method === 'positioning')
    throw invalid([{ path: 'method', message: 'une évaluation ne peut pas devenir un positionnement' }]);
  const next = { ...input, method };
  const errors = evaluationErrors(ref, next, iso(deps.clock()).slice(0, 10));
  if (errors.length)
    throw invalid(errors, { fr: 'L’évaluation contient des erreurs.', en: 'The evaluation has errors.' });
  const before = new Map(found.items.map((i) => [i.competenceCode, i]));
  const after = new Map(next.items.map((i) => [i.code, i]));
  const levels = [...new Set([...before.keys(), ...after.keys()])]
    .filter((code) => before.get(code)?.level !== after.get(code)?.level)
    .map((code) => ({ code, from: before.get(code)?.level ?? null, to: after.get(code)?.level ?? null }));
  const notes = next.items.filter(
    (i) => (i.evidenceNote?.trim() || null) !== (before.get(i.code)?.evidenceNote ?? null),
  ).length;
  const sessionChanged = found.evaluation.date !== next.date || found.evaluation.method !== next.method;
  if (levels.length === 0 && notes === 0 && !sessionChanged) return { changed: false, issued: [] };
  const items = next.items.map((item) => ({
    evaluationId,
    competenceCode: item.code,
    level: item.level,
    method: item.method ?? next.method,
    evidenceNote: item.evidenceNote?.trim() ? item.evidenceNote.trim() : null,
  }));
  await commitAudited(
    deps,
    actor,
    store.replaceEvaluation(db, evaluationId, { method: next.method, date: next.date }, items),
    {
      action: 'evaluation.corrected',
      orgId: ctx.org.id,
      targetType: 'learner',
      targetId: ctx.learner.id,
      // Levels and counts only: the notes' text may say things about the person.
      data: {
        evaluation: evaluationId,
        ...(found.evaluation.date !== next.date ? { date: { from: found.evaluation.date, to: next.date } } : {}),
        ...(found.evaluation.method !== next.method
          ? { method: { from: found.evaluation.method, to: next.method } }
          : {}),
        levels,
        notesChanged: notes,
        reason,
      },
    },
  );
  const issued = ctx.org.autoIssue ? await issueEarned(deps, actor, ctx) : [];
  return { changed: true, issued };
}

/**
 * Current competence badges that no evaluation supports any more: nothing recorded reaches the
 * badge's level (after an evaluation was corrected or deleted). They stay valid until a mediator
 * withdraws them: the page offers it, never silently.
 */
export function unsupportedBadges(progress: Progress): CredentialRow[] {
  const ref = progress.set.referential;
  const best = new Map<string, number>();
  for (const s of progress.standings.values())
    for (const o of s.history) best.set(o.code, Math.max(best.get(o.code) ?? -1, levelRank(ref, o.level)));
  return currentCredentials(progress.credentials).filter(
    (row) =>
      row.achievementKind === 'competence' &&
      row.competenceCode !== null &&
      row.level !== null &&
      credentialState(row) !== 'revoked' &&
      (best.get(row.competenceCode) ?? -1) < levelRank(ref, row.level),
  );
}
