import type { AppDeps, Principal } from '../context.js';
import { commitAudited } from '../db/audit.js';
import { conflict, forbidden, notFound } from '../errors.js';
import { slugify } from '../lib/slug.js';
import * as store from './store.js';
import { accountsActorMayManage } from '../auth/account-scope.js';
import { createInvitation, invitableRoles, membersOf, pendingInvitations, removeMembership } from '../auth/service.js';
import type { Role } from '../db/schema.js';

export interface NewOrganisation {
  kind: 'hub' | 'structure';
  name: string;
  slug?: string | undefined;
  url?: string | undefined;
  email?: string | undefined;
  description?: string | undefined;
  hubId?: string | null | undefined;
}

/** Creates an organisation with a unique slug (the name's, suffixed when taken). */
export async function createOrganisation(
  deps: AppDeps,
  actor: Principal | null,
  input: NewOrganisation,
): Promise<store.OrganisationRow> {
  const db = deps.database.db;
  const wanted = input.slug ?? slugify(input.name);
  let slug = wanted;
  for (let n = 2; await store.findOrganisationBySlug(db, slug); n++) {
    if (input.slug)
      throw conflict({
        fr: `L’identifiant « ${wanted} » est déjà pris.`,
        en: `The identifier “${wanted}” is already taken.`,
      });
    slug = `${wanted}-${n}`;
  }
  const at = deps.clock();
  const row: store.OrganisationRow = {
    id: crypto.randomUUID(),
    kind: input.kind,
    slug,
    name: input.name.trim(),
    url: input.url ?? null,
    description: input.description ?? null,
    email: input.email ?? null,
    hubId: input.kind === 'structure' ? (input.hubId ?? null) : null,
    autoIssue: false,
    createdAt: at.toISOString(),
  };
  await commitAudited(
    deps,
    actor,
    [store.insertOrganisation(db, row)],
    {
      orgId: row.id,
      action: 'organisation.created',
      targetType: 'organisation',
      targetId: row.id,
      data: { kind: row.kind, slug },
    },
    at,
  );
  return row;
}

/** Hub admins create structures in their hub's network. */
export async function createStructure(
  deps: AppDeps,
  actor: Principal,
  hubId: string,
  input: Omit<NewOrganisation, 'kind' | 'hubId'>,
) {
  if (!actor.memberships.some((m) => m.orgId === hubId && m.role === 'hub-admin')) throw forbidden();
  return createOrganisation(deps, actor, { ...input, kind: 'structure', hubId });
}

/** The hub a hub admin acts for: the one named, or their only hub. */
export function hubOf(actor: Principal, hubSlug: string | undefined) {
  const adminHubs = actor.memberships.filter((m) => m.role === 'hub-admin');
  const chosen = hubSlug
    ? adminHubs.find((m) => m.orgSlug === hubSlug)
    : adminHubs.length === 1
      ? adminHubs[0]
      : undefined;
  if (!chosen)
    throw forbidden({ fr: 'Choisissez un hub dont vous êtes administrateur.', en: 'Choose a hub you administer.' });
  return chosen;
}

/** A structure created by a hub admin in the hub they name (or their only hub). */
export async function createStructureIn(
  deps: AppDeps,
  actor: Principal,
  input: Omit<NewOrganisation, 'kind' | 'hubId'> & { hub?: string | undefined },
) {
  const { hub, ...rest } = input;
  return createStructure(deps, actor, hubOf(actor, hub).orgId, rest);
}

export async function organisationBySlug(deps: AppDeps, slug: string): Promise<store.OrganisationRow> {
  const org = await store.findOrganisationBySlug(deps.database.db, slug);
  if (!org) throw notFound({ fr: 'Cette organisation n’existe pas.', en: 'This organisation does not exist.' });
  return org;
}

/** An invitation into the organisation named by its slug (the role must be one the actor may give). */
export async function inviteInto(
  deps: AppDeps,
  actor: Principal,
  slug: string,
  input: { role: Role; email?: string | undefined },
) {
  const org = await organisationBySlug(deps, slug);
  return createInvitation(deps, actor, { orgId: org.id, role: input.role, email: input.email });
}

export async function removeMember(
  deps: AppDeps,
  actor: Principal,
  slug: string,
  input: { userId: string; role: Role },
): Promise<void> {
  const org = await organisationBySlug(deps, slug);
  await removeMembership(deps, actor, { orgId: org.id, userId: input.userId, role: input.role });
}

/** The organisations an account sees: those it manages, then those it belongs to. */
export async function visibleOrganisations(deps: AppDeps, actor: Principal): Promise<store.OrganisationRow[]> {
  const manageable = await manageableOrganisations(deps, actor);
  const seen = new Set(manageable.map((o) => o.id));
  const own: store.OrganisationRow[] = [];
  for (const m of actor.memberships) {
    if (seen.has(m.orgId)) continue;
    seen.add(m.orgId);
    const o = await store.findOrganisation(deps.database.db, m.orgId);
    if (o) own.push(o);
  }
  return [...manageable, ...own];
}

/** The hubs a hub admin runs and the structures of their networks (the administration page). */
export async function adminOverview(deps: AppDeps, actor: Principal) {
  const hubIds = actor.memberships.filter((m) => m.role === 'hub-admin').map((m) => m.orgId);
  const all = await store.listOrganisations(deps.database.db);
  return {
    hubs: all.filter((o) => hubIds.includes(o.id)),
    structures: all.filter((o) => o.kind === 'structure' && o.hubId !== null && hubIds.includes(o.hubId)),
  };
}

/** Organisations whose team the actor may manage (invite, remove roles). */
export async function manageableOrganisations(deps: AppDeps, actor: Principal): Promise<store.OrganisationRow[]> {
  const db = deps.database.db;
  const out = new Map<string, store.OrganisationRow>();
  for (const m of actor.memberships) {
    if (m.role === 'hub-admin') {
      const hub = await store.findOrganisation(db, m.orgId);
      if (hub) out.set(hub.id, hub);
      for (const s of await store.listOrganisations(db, { kind: 'structure', hubId: m.orgId })) out.set(s.id, s);
    } else if (m.role === 'structure-admin') {
      const s = await store.findOrganisation(db, m.orgId);
      if (s) out.set(s.id, s);
    }
  }
  return [...out.values()];
}

/** The organisation of a slug whose team the actor manages (invites, removes roles); else 404/403. */
export async function managedTeam(deps: AppDeps, actor: Principal, slug: string): Promise<store.OrganisationRow> {
  const org = await organisationBySlug(deps, slug);
  if (invitableRoles(actor, org).length === 0) throw forbidden();
  return org;
}

export async function teamOf(deps: AppDeps, actor: Principal, slug: string) {
  const db = deps.database.db;
  const org = await managedTeam(deps, actor, slug);
  const roles = invitableRoles(actor, org);
  const now = deps.clock().toISOString();
  const members = await membersOf(db, org.id);
  return {
    org,
    roles,
    members,
    // The accounts the actor may act on: the page offers a reset link or a removal for these only.
    manageable: await accountsActorMayManage(deps, actor, [...new Set(members.map((m) => m.userId))]),
    invitations: await pendingInvitations(db, org.id, now),
  };
}

export async function updateIssuingSettings(
  deps: AppDeps,
  actor: Principal,
  slug: string,
  autoIssue: boolean,
): Promise<void> {
  const db = deps.database.db;
  const org = await store.findOrganisationBySlug(db, slug);
  if (!org) throw notFound();
  if (!actor.memberships.some((m) => m.orgId === org.id && m.role === 'structure-admin')) throw forbidden();
  await commitAudited(deps, actor, [store.updateOrganisation(db, org.id, { autoIssue })], {
    orgId: org.id,
    action: 'organisation.settings-changed',
    targetType: 'organisation',
    targetId: org.id,
    data: { autoIssue },
  });
}
