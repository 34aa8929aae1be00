import { Hono } from 'hono';
import { z } from 'zod';
import { allow, principalOf, roles, SIGNED_IN } from '../auth/access.js';
import * as auth from '../auth/service.js';
import type { AppEnv } from '../context.js';
import { tOf } from '../web/layout.js';
import { slugParam } from '../web/params.js';
import { body, form, json, params, route } from '../web/route.js';
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

export function adminRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // --- pages

  app.get('/admin', allow(roles('hub-admin')), async (c) => {
    const overview = await service.adminOverview(c.var.deps, principalOf(c));
    return c.render(<AdminPage {...overview} />, { title: 'Administration', noindex: true });
  });

  app.post('/admin/structures', allow(roles('hub-admin')), form(newStructureSchema), async (c) => {
    const created = await service.createStructureIn(c.var.deps, principalOf(c), c.req.valid('form'));
    return c.redirect(`/organisations/${created.slug}/equipe`, 303);
  });

  app.get('/organisations/:slug/equipe', allow(ORG_ADMINS), params(slugParam), async (c) => {
    const team = await service.teamOf(c.var.deps, principalOf(c), c.req.valid('param').slug);
    return c.render(<TeamPage {...team} />, { title: `${tOf(c)('Équipe', 'Team')} — ${team.org.name}`, noindex: true });
  });

  app.post(
    '/organisations/:slug/invitations',
    allow(ORG_ADMINS),
    params(slugParam),
    form(invitationSchema),
    async (c) => {
      const { slug } = c.req.valid('param');
      const principal = principalOf(c);
      const created = await service.inviteInto(c.var.deps, principal, slug, c.req.valid('form'));
      const team = await service.teamOf(c.var.deps, principal, slug);
      // The secret link is shown once, on this answer only.
      c.header('cache-control', 'no-store');
      c.status(201);
      return c.render(<TeamPage {...team} createdLink={created} />, {
        title: `${tOf(c)('Équipe', 'Team')} — ${team.org.name}`,
        noindex: true,
      });
    },
  );

  app.post('/organisations/:slug/invitations/:id/annuler', allow(ORG_ADMINS), params(invitationParam), async (c) => {
    const { slug, id } = c.req.valid('param');
    await auth.revokeInvitation(c.var.deps, principalOf(c), id);
    return c.redirect(`/organisations/${slug}/equipe`, 303);
  });

  app.post(
    '/organisations/:slug/membres/retirer',
    allow(ORG_ADMINS),
    params(slugParam),
    form(removeSchema),
    async (c) => {
      const { slug } = c.req.valid('param');
      await service.removeMember(c.var.deps, principalOf(c), slug, c.req.valid('form'));
      return c.redirect(`/organisations/${slug}/equipe`, 303);
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
