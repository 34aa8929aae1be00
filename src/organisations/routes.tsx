import { Hono } from 'hono';
import { z } from 'zod';
import { allow, principalOf, roles, SIGNED_IN } from '../auth/access.js';
import * as auth from '../auth/service.js';
import type { AppEnv } from '../context.js';
import { teamPath } from '../auth/password-routes.js';
import type { Role } from '../db/schema.js';
import { hubsWithoutOpenDataLabel } from '../label/opendata.js';
import { redirectWithFlash, setOnce, takeOnce } from '../web/flash.js';
import { tOf } from '../web/layout.js';
import { slugParam } from '../web/params.js';
import { body, form, json, params, route, scope } from '../web/route.js';
import {
  apiInvitationSchema,
  type InvitationCreated,
  invitationCreatedSchema,
  invitationParam,
  invitationSchema,
  type Member,
  memberSchema,
  newStructureSchema,
  type Organisation,
  organisationSchema,
  removeSchema,
  toOrganisation,
} from './schemas.js';
import * as service from './service.js';
import { AdminPage, TeamPage } from './views.js';

const ORG_ADMINS = roles('hub-admin', 'structure-admin');

/** The organisation of the path whose team the caller manages, before any form is read. */
export const managedTeamInPath = scope('team', (c) =>
  service.managedTeam(c.var.deps, principalOf(c), c.req.param('slug') ?? ''),
);

type CreatedLink = { url: string; expiresAt: string; role: Role };
type ResetLink = { url: string; expiresAt: string; emailed: boolean; name: string; email: string };

export function adminRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // --- pages

  app.get('/admin', allow(roles('hub-admin')), async (c) => {
    const overview = await service.adminOverview(c.var.deps, principalOf(c));
    const openDataPending = await hubsWithoutOpenDataLabel(c.var.deps, overview.hubs);
    return c.render(<AdminPage {...overview} openDataPending={openDataPending} />, {
      title: 'Administration',
      noindex: true,
    });
  });

  app.post('/admin/structures', allow(roles('hub-admin')), form(newStructureSchema), async (c) => {
    const created = await service.createStructureIn(c.var.deps, principalOf(c), c.req.valid('form'));
    return c.redirect(`/organisations/${created.slug}/equipe`, 303);
  });

  app.get('/organisations/:slug/equipe', allow(ORG_ADMINS), params(slugParam), async (c) => {
    const { slug } = c.req.valid('param');
    const team = await service.teamOf(c.var.deps, principalOf(c), slug);
    // A secret link created just before (post/redirect/get), shown once.
    const createdLink = takeOnce(c, 'invitation', teamPath(slug)) as CreatedLink | undefined;
    const resetLink = takeOnce(c, 'reset', teamPath(slug)) as ResetLink | undefined;
    c.header('cache-control', 'no-store');
    return c.render(
      <TeamPage
        {...team}
        createdLink={createdLink?.url ? createdLink : undefined}
        resetLink={resetLink?.url ? resetLink : undefined}
      />,
      { title: `${tOf(c)('Équipe', 'Team')} — ${team.org.name}`, noindex: true },
    );
  });

  app.post(
    '/organisations/:slug/invitations',
    allow(ORG_ADMINS),
    params(slugParam),
    managedTeamInPath,
    form(invitationSchema),
    async (c) => {
      const { slug } = c.req.valid('param');
      const principal = principalOf(c);
      const created = await service.inviteInto(c.var.deps, principal, slug, c.req.valid('form'));
      // The secret link is shown once, on the team page this answer redirects to.
      setOnce(c, 'invitation', teamPath(slug), { url: created.url, expiresAt: created.expiresAt, role: created.role });
      // The page it redirects to says so (with the link): no separate confirmation.
      return c.redirect(teamPath(slug), 303);
    },
  );

  app.post('/organisations/:slug/invitations/:id/annuler', allow(ORG_ADMINS), params(invitationParam), async (c) => {
    const { slug, id } = c.req.valid('param');
    await auth.revokeInvitation(c.var.deps, principalOf(c), id);
    return redirectWithFlash(c, teamPath(slug), 'Invitation annulée.', 'Invitation cancelled.');
  });

  app.post(
    '/organisations/:slug/membres/retirer',
    allow(ORG_ADMINS),
    params(slugParam),
    managedTeamInPath,
    form(removeSchema),
    async (c) => {
      const { slug } = c.req.valid('param');
      await service.removeMember(c.var.deps, principalOf(c), slug, c.req.valid('form'));
      return redirectWithFlash(c, teamPath(slug), 'Rôle retiré.', 'Role removed.');
    },
  );

  // --- JSON API

  app.get(
    '/api/v1/organisations',
    route({
      access: SIGNED_IN,
      operationId: 'listOrganisations',
      summary: 'Les organisations du compte et celles qu’il administre',
      tag: 'Organisations',
      responses: { 200: json('Organisations.', z.array(organisationSchema)) },
    }),
    async (c) => {
      const list = await service.visibleOrganisations(c.var.deps, principalOf(c));
      return c.json(list.map(toOrganisation) satisfies Organisation[]);
    },
  );

  app.post(
    '/api/v1/organisations',
    route({
      access: roles('hub-admin'),
      operationId: 'createStructure',
      summary: 'Créer une structure dans son hub',
      tag: 'Organisations',
      responses: { 201: json('Structure créée.', organisationSchema) },
    }),
    body(newStructureSchema),
    async (c) => {
      const created = await service.createStructureIn(c.var.deps, principalOf(c), c.req.valid('json'));
      return c.json(toOrganisation(created) satisfies Organisation, 201);
    },
  );

  app.get(
    '/api/v1/organisations/:slug/members',
    route({
      access: ORG_ADMINS,
      operationId: 'listMembers',
      summary: 'Les membres d’une organisation',
      tag: 'Organisations',
      responses: { 200: json('Membres et rôles.', z.array(memberSchema)) },
    }),
    params(slugParam),
    async (c) => {
      const team = await service.teamOf(c.var.deps, principalOf(c), c.req.valid('param').slug);
      return c.json(
        team.members.map(({ userId, displayName, email, role, since }) => ({
          userId,
          displayName,
          email,
          role,
          since,
        })) satisfies Member[],
      );
    },
  );

  app.post(
    '/api/v1/invitations',
    route({
      access: ORG_ADMINS,
      operationId: 'createInvitation',
      summary: 'Inviter une personne dans une organisation',
      tag: 'Organisations',
      responses: { 201: json('Invitation créée (lien à transmettre).', invitationCreatedSchema) },
    }),
    body(apiInvitationSchema),
    async (c) => {
      const { organisation, ...input } = c.req.valid('json');
      const created = await service.inviteInto(c.var.deps, principalOf(c), organisation, input);
      c.header('cache-control', 'no-store');
      return c.json(
        {
          id: created.id,
          url: created.url,
          expiresAt: created.expiresAt,
          organisation: created.org.slug,
          role: created.role,
        } satisfies InvitationCreated,
        201,
      );
    },
  );

  return app;
}
