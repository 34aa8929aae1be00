import type { AppDeps, Principal } from '../context.js';
import { commitAudited } from '../db/audit.js';
import type { Role } from '../db/schema.js';
import { AppError, conflict, forbidden, notFound } from '../errors.js';
import { randomToken, sha256Hex } from '../lib/crypto.js';
import { iso } from '../lib/dates.js';
import { normaliseEmail } from '../lib/text.js';
import { findOrganisation, type OrganisationRow } from '../organisations/lookup.js';
import { assertMayActOnAccount } from './account-scope.js';
import { hashPassword, PASSWORD_MIN_LENGTH } from './password.js';
import { newSession, principalFrom, type SignInResult, wrongCredentials } from './sessions.js';
import * as store from './store.js';
import { checkPassword, spendClientAttempt } from './throttle.js';

/** Who joins an organisation with which role (single-use invitation links), and loses a role. */

const INVITATION_DAYS = 7;
const DAY_MS = 86_400_000;

export interface CreatedInvitation {
  id: string;
  url: string;
  expiresAt: string;
  org: OrganisationRow;
  role: Role;
}

/** Which roles an inviter may hand out in an organisation. */
export function invitableRoles(actor: Principal, org: OrganisationRow): Role[] {
  const isHubAdmin = (hubId: string | null) =>
    hubId !== null && actor.memberships.some((m) => m.orgId === hubId && m.role === 'hub-admin');
  if (org.kind === 'hub') return isHubAdmin(org.id) ? ['hub-admin', 'committee'] : [];
  if (isHubAdmin(org.hubId)) return ['structure-admin', 'mediator'];
  if (actor.memberships.some((m) => m.orgId === org.id && m.role === 'structure-admin'))
    return ['structure-admin', 'mediator'];
  return [];
}

export async function createInvitation(
  deps: AppDeps,
  actor: Principal | null,
  input: { orgId: string; role: Role; email?: string | undefined },
): Promise<CreatedInvitation> {
  const db = deps.database.db;
  const org = await findOrganisation(db, input.orgId);
  if (!org) throw notFound({ fr: 'Cette organisation n’existe pas.', en: 'This organisation does not exist.' });
  // A null actor is the bootstrap (first hub admin), never a request.
  if (actor && !invitableRoles(actor, org).includes(input.role)) {
    throw forbidden({
      fr: 'Vous ne pouvez pas inviter quelqu’un avec ce rôle dans cette organisation.',
      en: 'You may not invite someone with this role into this organisation.',
    });
  }
  const token = randomToken();
  const now = deps.clock();
  const id = crypto.randomUUID();
  const expiresAt = iso(new Date(now.getTime() + INVITATION_DAYS * DAY_MS));
  await commitAudited(
    deps,
    actor,
    [
      store.insertInvitation(db, {
        id,
        tokenHash: sha256Hex(token),
        orgId: org.id,
        role: input.role,
        email: input.email ? normaliseEmail(input.email) : null,
        createdBy: actor?.userId ?? null,
        createdAt: iso(now),
        expiresAt,
      }),
    ],
    {
      orgId: org.id,
      action: 'invitation.created',
      targetType: 'invitation',
      targetId: id,
      data: { role: input.role, boundToEmail: Boolean(input.email) },
    },
    now,
  );
  return { id, url: `${deps.config.publicUrl}/invitations/${token}`, expiresAt, org, role: input.role };
}

export type InvitationState =
  | { state: 'valid'; invitation: store.InvitationRow; org: OrganisationRow }
  | { state: 'used' | 'expired' | 'revoked' | 'unknown' };

export async function lookUpInvitation(deps: AppDeps, token: string): Promise<InvitationState> {
  const found = await store.findInvitationByHash(deps.database.db, sha256Hex(token));
  if (!found) return { state: 'unknown' };
  if (found.invitation.revokedAt) return { state: 'revoked' };
  if (found.invitation.acceptedAt) return { state: 'used' };
  if (found.invitation.expiresAt <= iso(deps.clock())) return { state: 'expired' };
  return { state: 'valid', invitation: found.invitation, org: found.org };
}

export function invitationProblem(state: Exclude<InvitationState['state'], 'valid'>): AppError {
  switch (state) {
    case 'used':
      return new AppError('gone', {
        fr: 'Cette invitation a déjà été utilisée.',
        en: 'This invitation has already been used.',
      });
    case 'expired':
      return new AppError('gone', {
        fr: 'Cette invitation a expiré. Demandez-en une nouvelle à la personne qui vous a invité.',
        en: 'This invitation has expired. Ask the person who invited you for a new one.',
      });
    case 'revoked':
      return new AppError('gone', { fr: 'Cette invitation a été annulée.', en: 'This invitation was cancelled.' });
    case 'unknown':
      return notFound({ fr: 'Ce lien d’invitation n’est pas valable.', en: 'This invitation link is not valid.' });
  }
}

/** One acceptance event per invitation: its unique id makes a second acceptance fail as a whole. */
function acceptanceEventId(invitationId: string): string {
  return `invitation:${invitationId}:accepted`;
}

export async function acceptInvitation(
  deps: AppDeps,
  token: string,
  input: { email: string; displayName: string; password: string; clientIp?: string | undefined },
): Promise<SignInResult> {
  const db = deps.database.db;
  const found = await lookUpInvitation(deps, token);
  if (found.state !== 'valid') throw invitationProblem(found.state);
  const { invitation, org } = found;
  const email = normaliseEmail(input.email);
  if (invitation.email && invitation.email !== email) {
    throw new AppError('forbidden', {
      fr: 'Cette invitation est réservée à une autre adresse e-mail.',
      en: 'This invitation is reserved for another e-mail address.',
    });
  }
  if (input.password.length < PASSWORD_MIN_LENGTH) {
    throw new AppError(
      'validation_failed',
      { fr: 'Le mot de passe est trop court.', en: 'The password is too short.' },
      {
        errors: [
          { path: 'password', message: `Le mot de passe doit compter au moins ${PASSWORD_MIN_LENGTH} caractères.` },
        ],
      },
    );
  }
  // An existing account joins only with its own password, checked behind the sign-in throttle
  // (per account, per client, per invitation link). Its answer is the sign-in form's, and a new
  // account costs the same hash: neither the words nor the timing tell whether the address has an
  // account.
  const existing = await store.findUserByEmail(db, email);
  let passwordHash: string | null = null;
  if (existing) {
    const ok = await checkPassword(deps, {
      email,
      password: input.password,
      passwordHash: existing.disabledAt ? null : existing.passwordHash,
      clientIp: input.clientIp,
      scopes: [`invitation:${invitation.id}`],
    });
    if (!ok) throw wrongCredentials();
  } else {
    await spendClientAttempt(deps, input.clientIp);
    passwordHash = await hashPassword(input.password, deps.config.passwordIterations);
  }
  const userId = existing?.id ?? crypto.randomUUID();
  const at = deps.clock();
  const session = await newSession(deps, userId, at);
  try {
    await commitAudited(
      deps,
      { userId },
      [
        ...store.acceptInvitationStatements(db, {
          invitationId: invitation.id,
          orgId: org.id,
          role: invitation.role,
          userId,
          newUser: passwordHash ? { email, displayName: input.displayName.trim(), passwordHash } : null,
          now: iso(at),
        }),
        session.statement,
      ],
      [
        {
          id: acceptanceEventId(invitation.id),
          orgId: org.id,
          action: 'invitation.accepted',
          targetType: 'invitation',
          targetId: invitation.id,
          data: { role: invitation.role, newAccount: !existing },
        },
        {
          // The role is the inviter's grant; the invitee only accepts it.
          actorUserId: invitation.createdBy,
          orgId: org.id,
          action: 'membership.granted',
          targetType: 'user',
          targetId: userId,
          data: { role: invitation.role, via: 'invitation' },
        },
      ],
      at,
    );
  } catch (err) {
    const text = String(err);
    if (text.includes('audit_events.id')) throw invitationProblem('used');
    if (text.includes('users.email'))
      throw conflict({
        fr: 'Un compte existe déjà avec cette adresse.',
        en: 'An account already exists with this address.',
      });
    throw err;
  }
  const user = await store.findUserById(db, userId);
  if (!user) throw invitationProblem('used');
  return {
    sessionToken: session.token,
    maxAgeSeconds: session.maxAgeSeconds,
    principal: principalFrom(user, await store.membershipsOf(db, user.id), 'session', session.csrfToken),
  };
}

export async function revokeInvitation(deps: AppDeps, actor: Principal, invitationId: string): Promise<void> {
  const db = deps.database.db;
  const invitation = await store.findInvitation(db, invitationId);
  if (!invitation) throw notFound();
  const org = await findOrganisation(db, invitation.orgId);
  if (!org || !invitableRoles(actor, org).includes(invitation.role)) throw forbidden();
  const at = deps.clock();
  await commitAudited(
    deps,
    actor,
    [store.revokeInvitationStatement(db, invitationId, iso(at))],
    { orgId: org.id, action: 'invitation.revoked', targetType: 'invitation', targetId: invitationId },
    at,
  );
}

/** Removes one role; the account's other roles must all be in organisations the actor runs (account-scope.ts). */
export async function removeMembership(
  deps: AppDeps,
  actor: Principal,
  input: { orgId: string; userId: string; role: Role },
): Promise<void> {
  const db = deps.database.db;
  const org = await findOrganisation(db, input.orgId);
  if (!org) throw notFound();
  if (!invitableRoles(actor, org).includes(input.role)) throw forbidden();
  if (input.userId === actor.userId && input.role === 'hub-admin') {
    throw conflict({
      fr: 'Vous ne pouvez pas retirer votre propre rôle d’administration.',
      en: 'You cannot remove your own administrator role.',
    });
  }
  await assertMayActOnAccount(deps, actor, {
    userId: input.userId,
    orgId: org.id,
    operation: 'role-removal',
    role: input.role,
  });
  await commitAudited(deps, actor, [store.deleteMembership(db, input.userId, input.orgId, input.role)], {
    orgId: org.id,
    action: 'membership.revoked',
    targetType: 'user',
    targetId: input.userId,
    data: { role: input.role },
  });
}
