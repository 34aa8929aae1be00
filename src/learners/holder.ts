import type { AppDeps, Principal } from '../context.js';
import { commitAudited } from '../db/audit.js';
import { randomToken, sha256Hex } from '../lib/crypto.js';
import { iso } from '../lib/dates.js';
import { findOrganisation } from '../organisations/lookup.js';
import type { LearnerContext } from './service.js';
import * as store from './store.js';

/**
 * The holder's secret link: the person opens their badges and passport without an account. Only
 * the token's hash is kept, so a link is shown once, when it is created.
 */

export async function createHolderLink(
  deps: AppDeps,
  actor: Principal,
  ctx: LearnerContext,
): Promise<{ url: string; token: string }> {
  const db = deps.database.db;
  const token = randomToken();
  const at = deps.clock();
  const now = iso(at);
  await commitAudited(
    deps,
    actor,
    [
      store.revokeHolderLinks(db, ctx.learner.id, now),
      store.insertHolderLink(db, {
        id: crypto.randomUUID(),
        learnerId: ctx.learner.id,
        tokenHash: sha256Hex(token),
        createdAt: now,
      }),
    ],
    { action: 'holder-link.created', orgId: ctx.org.id, targetType: 'learner', targetId: ctx.learner.id },
    at,
  );
  return { url: holderUrl(deps, token), token };
}

export function holderUrl(deps: AppDeps, token: string): string {
  return `${deps.config.publicUrl}/p/${token}`;
}

/**
 * Whether the person has a live link, and the address of the one just created (`justCreated`, the
 * token kept for one display) when it is still the live one.
 */
export async function holderLinkState(
  deps: AppDeps,
  ctx: LearnerContext,
  justCreated: string | undefined,
): Promise<{ hasLink: boolean; created: string | undefined }> {
  const live = await store.liveHolderLinkOf(deps.database.db, ctx.learner.id);
  const created =
    justCreated !== undefined && live && sha256Hex(justCreated) === live.tokenHash
      ? holderUrl(deps, justCreated)
      : undefined;
  return { hasLink: Boolean(live), created };
}

export async function revokeHolderLink(deps: AppDeps, actor: Principal, ctx: LearnerContext): Promise<void> {
  const at = deps.clock();
  await commitAudited(
    deps,
    actor,
    [store.revokeHolderLinks(deps.database.db, ctx.learner.id, iso(at))],
    { action: 'holder-link.revoked', orgId: ctx.org.id, targetType: 'learner', targetId: ctx.learner.id },
    at,
  );
}

/** The learner behind a secret holder link (revoked or erased → null). */
export async function learnerByHolderToken(deps: AppDeps, token: string): Promise<LearnerContext | null> {
  const db = deps.database.db;
  const found = await store.findLiveHolderLink(db, sha256Hex(token));
  if (!found) return null;
  const learner = await store.findLearner(db, found.learner.id);
  const org = await findOrganisation(db, found.learner.structureId);
  return learner && org ? { learner, org } : null;
}
