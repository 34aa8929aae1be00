import type { AppDeps, Principal } from '../context.js';
import { commitAudited } from '../db/audit.js';
import type { Role } from '../db/schema.js';
import { forbidden } from '../errors.js';
import * as store from './store.js';

/**
 * Which accounts an admin may act on (create a reset link, remove a role): only those whose EVERY
 * membership lies in organisations the admin runs. A reset link hands over the whole account, so a
 * structure admin must not mint one for a hub admin or committee member who is also a mediator in
 * the structure; removing a role is held to the same rule, since memberships also decide conflicts
 * of interest on the committee. One rule for the pages and the API.
 */

/** The admin actions on someone else's account, as the audit log names them. */
export type AccountOperation = 'password-reset-link' | 'role-removal';

type Scope = { orgId: string; hubId: string | null };

/** A hub admin runs its hub and the hub's structures; a structure admin runs its structure. */
export function administers(actor: Principal, org: { id: string; hubId: string | null }): boolean {
  return actor.memberships.some(
    (m) =>
      (m.role === 'hub-admin' && (m.orgId === org.id || m.orgId === org.hubId)) ||
      (m.role === 'structure-admin' && m.orgId === org.id),
  );
}

/** The target's memberships in organisations the actor does not run (none: the actor may act). */
function outside(actor: Principal, userId: string, scopes: readonly Scope[]): Scope[] {
  // One's own account takes nothing over; what one may do to it is decided elsewhere.
  if (userId === actor.userId) return [];
  return scopes.filter((s) => !administers(actor, { id: s.orgId, hubId: s.hubId }));
}

/** Of these accounts, those the actor may act on (the team page offers the actions for them only). */
export async function accountsActorMayManage(
  deps: AppDeps,
  actor: Principal,
  userIds: readonly string[],
): Promise<Set<string>> {
  const scopes = await store.membershipScopesOf(deps.database.db, userIds);
  return new Set(
    userIds.filter(
      (id) =>
        outside(
          actor,
          id,
          scopes.filter((s) => s.userId === id),
        ).length === 0,
    ),
  );
}

/**
 * Throws 403 unless the actor may act on the account; the refusal is audited (how many
 * organisations are out of reach, never which) and the message does not say which roles.
 */
export async function assertMayActOnAccount(
  deps: AppDeps,
  actor: Principal,
  input: { userId: string; orgId: string; operation: AccountOperation; role?: Role },
): Promise<void> {
  const scopes = await store.membershipScopesOf(deps.database.db, [input.userId]);
  const out = outside(actor, input.userId, scopes);
  if (out.length === 0) return;
  await commitAudited(deps, { userId: actor.userId }, [], {
    action: 'auth.account-action-refused',
    orgId: input.orgId,
    targetType: 'user',
    targetId: input.userId,
    data: {
      operation: input.operation,
      ...(input.role ? { role: input.role } : {}),
      outsideOrganisations: new Set(out.map((s) => s.orgId)).size,
    },
  });
  throw forbidden({
    fr: 'Cette personne a aussi un rôle dans une organisation que vous n’administrez pas : seule une personne qui administre tous ses rôles peut agir sur son compte.',
    en: 'This person also has a role in an organisation you do not administer: only someone who administers all their roles may act on their account.',
  });
}
