import type { AppDeps, Principal } from '../context.js';
import { auditStatement, sealAuditChain } from '../db/audit.js';
import { AppError, conflict, notFound } from '../errors.js';
import { credentialState, issueCredential } from '../issuing/service.js';
import { setRevoked, setSupersededBy, type CredentialRow } from '../issuing/store.js';
import { sha256Hex } from '../lib/crypto.js';
import { credentialFromJwtPayload, decodeJwt } from '../ob3/jwt.js';
import { matchIdentifier, normaliseName } from '../ob3/recipient.js';
import type { Evidence, IdentityObject, Result } from '../ob3/types.js';
import {
  currentAchievement,
  currentCredentials,
  learnerReferential,
  type LearnerContext,
  type NewLearner,
} from './service.js';
import * as store from './store.js';

/**
 * Corrections with a trail: a learner's details, an evaluation, a badge. Every correction is an
 * audit event that says what kind of thing changed and why, never the personal values themselves.
 */

const iso = (d: Date) => d.toISOString();

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
  const db = deps.database.db;
  const before = ctx.learner.personal;
  if (!before) throw notFound();
  const patch = {
    displayName: input.displayName.trim(),
    email: input.email ? input.email.trim().toLowerCase() : null,
    birthYear: input.birthYear ?? null,
  };
  const changed = (Object.keys(patch) as (keyof typeof patch)[]).filter((k) => patch[k] !== before[k]);
  if (changed.length === 0) return { nameChanged: false };
  const now = iso(deps.clock());
  await deps.database.batch([
    store.updatePersonal(db, ctx.learner.id, patch),
    auditStatement(db, {
      id: crypto.randomUUID(),
      at: now,
      actorUserId: actor.userId,
      orgId: ctx.org.id,
      action: 'learner.corrected',
      targetType: 'learner',
      targetId: ctx.learner.id,
      // Which fields, not their values: the audit log keeps no personal data.
      data: { fields: changed, reason },
    }),
  ]);
  await sealAuditChain(db);
  return { nameChanged: changed.includes('displayName') || changed.includes('email') };
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
    const emailOk = p.email ? await matchIdentifier(ids, 'emailAddress', p.email) : true;
    if (nameOk === false || emailOk === false) out.push(row);
  }
  return out;
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
  const stale = await credentialsWithOldName(ctx, await store.learnerCredentials(db, ctx.learner.id));
  if (stale.length === 0) return 0;
  const set = await learnerReferential(deps);
  const nameKey = (await sha256Hex(`${normaliseName(p.displayName)}|${p.email ?? ''}`)).slice(0, 16);
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
      recipient: { name: p.displayName, email: p.email ?? undefined },
      learnerId: ctx.learner.id,
      ...(parts.result ? { results: parts.result } : {}),
      ...(parts.evidence ? { evidence: parts.evidence } : {}),
      ...(old.competenceCode ? { competenceCode: old.competenceCode } : {}),
      ...(old.level ? { level: old.level } : {}),
      idempotencyKey: `reissue:${old.id}:${nameKey}`,
    });
    const now = iso(deps.clock());
    await deps.database.batch([
      setSupersededBy(db, old.id, issued.row.id),
      setRevoked(db, old.id, now, 'Nom corrigé : remplacé par un nouveau badge'),
      auditStatement(db, {
        id: crypto.randomUUID(),
        at: now,
        actorUserId: actor.userId,
        orgId: ctx.org.id,
        action: 'credential.reissued',
        targetType: 'credential',
        targetId: old.id,
        data: { replacedBy: issued.row.id, reason: 'name-corrected' },
      }),
    ]);
    count++;
  }
  await sealAuditChain(db);
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
  const now = iso(deps.clock());
  await deps.database.batch([
    ...store.deleteEvaluation(db, evaluationId),
    auditStatement(db, {
      id: crypto.randomUUID(),
      at: now,
      actorUserId: actor.userId,
      orgId: ctx.org.id,
      action: 'evaluation.deleted',
      targetType: 'learner',
      targetId: ctx.learner.id,
      data: {
        evaluation: evaluationId,
        method: found.evaluation.method,
        date: found.evaluation.date,
        competences: found.items.length,
        reason,
      },
    }),
  ]);
  await sealAuditChain(db);
}
