import { Hono } from 'hono';
import { z } from 'zod';
import { allow, principalOf, roles, SIGNED_IN } from '../auth/access.js';
import * as auth from '../auth/service.js';
import type { AppContext, AppEnv } from '../context.js';
import { ROLES } from '../db/schema.js';
import { forbidden, notFound } from '../errors.js';
import { SLUG_PATTERN } from '../lib/slug.js';
import { teamPath } from '../auth/password-routes.js';
import type { Role } from '../db/schema.js';
import { redirectWithFlash, setOnce, takeOnce } from '../web/flash.js';
import { pageProps, tOf } from '../web/layout.js';

type CreatedLink = { url: string; expiresAt: string; role: Role };
type ResetLink = { url: string; expiresAt: string; emailed: boolean; name: string; email: string };
import { slugParam } from '../web/params.js';
import { parseWith, readForm, readJson } from '../web/validate.js';
import * as service from './service.js';
import { findOrganisationBySlug, listOrganisations } from './store.js';
import { AdminPage, TeamPage } from './views.js';

const optionalUrl = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z.string().url('adresse web invalide').max(500).optional(),
);
const optionalEmail = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z.string().trim().email('adresse e-mail invalide').max(254).optional(),
);

export const newStructureSchema = z.object({
  hub: z.string().regex(SLUG_PATTERN).optional(),
  name: z.string().trim().min(2, 'indiquez un nom').max(160),
  slug: z.string().regex(SLUG_PATTERN, 'identifiant invalide').max(48).optional(),
  url: optionalUrl,
  email: optionalEmail,
});
export const invitationSchema = z.object({ role: z.enum(ROLES), email: optionalEmail });
export const apiInvitationSchema = invitationSchema.extend({ organisation: z.string().regex(SLUG_PATTERN) });
export const removeSchema = z.object({ userId: z.string().uuid(), role: z.enum(ROLES) });
const invitationParam = slugParam.extend({ id: z.string().uuid('identifiant invalide') });

async function hubFor(c: AppContext, hubSlug: string | undefined) {
  const principal = principalOf(c);
  const adminHubs = principal.memberships.filter((m) => m.role === 'hub-admin');
  const chosen = hubSlug
    ? adminHubs.find((m) => m.orgSlug === hubSlug)
    : adminHubs.length === 1
      ? adminHubs[0]
      : undefined;
  if (!chosen)
    throw forbidden({ fr: 'Choisissez un hub dont vous êtes administrateur.', en: 'Choose a hub you administer.' });
  return chosen;
}

function orgJson(o: {
  id: string;
  kind: string;
  slug: string;
  name: string;
  url: string | null;
  hubId: string | null;
}) {
  return { id: o.id, kind: o.kind, slug: o.slug, name: o.name, url: o.url, hubId: o.hubId };
}

export function adminRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/admin', allow(roles('hub-admin')), async (c) => {
    const t = tOf(c);
    const db = c.var.deps.database.db;
    const principal = principalOf(c);
    const hubIds = principal.memberships.filter((m) => m.role === 'hub-admin').map((m) => m.orgId);
    const all = await listOrganisations(db);
    return c.html(
      <AdminPage
        page={pageProps(c, t('Administration', 'Administration'))}
        t={t}
        hubs={all.filter((o) => hubIds.includes(o.id))}
        structures={all.filter((o) => o.kind === 'structure' && o.hubId && hubIds.includes(o.hubId))}
      />,
    );
  });

  app.post('/admin/structures', allow(roles('hub-admin')), async (c) => {
    const form = parseWith(newStructureSchema, await readForm(c));
    const hub = await hubFor(c, form.hub);
    const created = await service.createStructure(c.var.deps, principalOf(c), hub.orgId, form);
    return c.redirect(`/organisations/${created.slug}/equipe`, 303);
  });

  app.get('/organisations/:slug/equipe', allow(roles('hub-admin', 'structure-admin')), async (c) => {
    const t = tOf(c);
    const { slug } = parseWith(slugParam, c.req.param());
    const team = await service.teamOf(c.var.deps, principalOf(c), slug);
    // A link created just before (post/redirect/get), shown once.
    const invitation = takeOnce(c, 'invitation', teamPath(slug)) as CreatedLink | undefined;
    const reset = takeOnce(c, 'reset', teamPath(slug)) as ResetLink | undefined;
    c.header('cache-control', 'no-store');
    return c.html(
      <TeamPage
        page={pageProps(c, `${t('Équipe', 'Team')} — ${team.org.name}`)}
        t={t}
        selfId={principalOf(c).userId}
        {...team}
        {...(invitation?.url ? { createdLink: invitation } : {})}
        {...(reset?.url ? { resetLink: reset } : {})}
      />,
    );
  });

  app.post('/organisations/:slug/invitations', allow(roles('hub-admin', 'structure-admin')), async (c) => {
    const { slug } = parseWith(slugParam, c.req.param());
    const form = parseWith(invitationSchema, await readForm(c));
    const principal = principalOf(c);
    const org = await findOrganisationBySlug(c.var.deps.database.db, slug);
    if (!org) throw notFound();
    const created = await auth.createInvitation(c.var.deps, principal, {
      orgId: org.id,
      role: form.role,
      email: form.email,
    });
    setOnce(c, 'invitation', teamPath(slug), { url: created.url, expiresAt: created.expiresAt, role: created.role });
    return redirectWithFlash(c, teamPath(slug), 'Invitation créée.', 'Invitation created.');
  });

  app.post('/organisations/:slug/invitations/:id/annuler', allow(roles('hub-admin', 'structure-admin')), async (c) => {
    const { slug, id } = parseWith(invitationParam, c.req.param());
    await auth.revokeInvitation(c.var.deps, principalOf(c), id);
    return redirectWithFlash(c, teamPath(slug), 'Invitation annulée.', 'Invitation cancelled.');
  });

  app.post('/organisations/:slug/membres/retirer', allow(roles('hub-admin', 'structure-admin')), async (c) => {
    const { slug } = parseWith(slugParam, c.req.param());
    const form = parseWith(removeSchema, await readForm(c));
    const org = await findOrganisationBySlug(c.var.deps.database.db, slug);
    if (!org) throw notFound();
    await auth.removeMembership(c.var.deps, principalOf(c), { orgId: org.id, userId: form.userId, role: form.role });
    return redirectWithFlash(c, teamPath(slug), 'Rôle retiré.', 'Role removed.');
  });

  // --- JSON API

  app.get('/api/v1/organisations', allow(SIGNED_IN), async (c) => {
    const principal = principalOf(c);
    const db = c.var.deps.database.db;
    const manageable = await service.manageableOrganisations(c.var.deps, principal);
    const ids = new Set(manageable.map((o) => o.id));
    const own = [];
    for (const m of principal.memberships) {
      if (!ids.has(m.orgId)) {
        ids.add(m.orgId);
        const o = await findOrganisationBySlug(db, m.orgSlug);
        if (o) own.push(o);
      }
    }
    return c.json([...manageable, ...own].map(orgJson));
  });

  app.post('/api/v1/organisations', allow(roles('hub-admin')), async (c) => {
    const body = await readJson(c, newStructureSchema);
    const hub = await hubFor(c, body.hub);
    const created = await service.createStructure(c.var.deps, principalOf(c), hub.orgId, body);
    return c.json(orgJson(created), 201);
  });

  app.get('/api/v1/organisations/:slug/members', allow(roles('hub-admin', 'structure-admin')), async (c) => {
    const { slug } = parseWith(slugParam, c.req.param());
    const team = await service.teamOf(c.var.deps, principalOf(c), slug);
    return c.json(
      team.members.map((m) => ({
        userId: m.userId,
        displayName: m.displayName,
        email: m.email,
        role: m.role,
        since: m.since,
      })),
    );
  });

  app.post('/api/v1/invitations', allow(roles('hub-admin', 'structure-admin')), async (c) => {
    const body = await readJson(c, apiInvitationSchema);
    const org = await findOrganisationBySlug(c.var.deps.database.db, body.organisation);
    if (!org) throw notFound({ fr: 'Cette organisation n’existe pas.', en: 'This organisation does not exist.' });
    const created = await auth.createInvitation(c.var.deps, principalOf(c), {
      orgId: org.id,
      role: body.role,
      email: body.email,
    });
    c.header('cache-control', 'no-store');
    return c.json(
      { id: created.id, url: created.url, expiresAt: created.expiresAt, organisation: org.slug, role: created.role },
      201,
    );
  });

  return app;
}
