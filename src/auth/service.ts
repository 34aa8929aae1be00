/**
 * What other features (and the assembly) use of accounts. The areas: `sessions.ts` (who is asking,
 * signing in and out), `invitations.ts` (joining an organisation, losing a role), `api-tokens.ts`,
 * `passwords.ts` (change and reset links); this folder's store.ts is private to it
 * (ARCHITECTURE.md, "Layers and imports").
 */

export { findUserById, membersOf, membershipsOf, pendingInvitations, type InvitationRow } from './store.js';
export { principalFromApiToken, principalFromSession } from './sessions.js';
export {
  acceptInvitation,
  createInvitation,
  invitableRoles,
  removeMembership,
  revokeInvitation,
} from './invitations.js';
