/** Authorization matrix entries of organisations and teams: administration, members, invitations, first set-up. */
import { type Entry, UUID, wrongMethod, signedIn, withRoles, structureA } from './matrix-types.js';

export const ORGANISATIONS: Entry[] = [
  {
    route: 'GET /admin',
    access: 'role:hub-admin',
    request: () => ({ path: '/admin' }),
    expect: withRoles('hub-admin'),
    badInput: () => wrongMethod('/admin'),
  },
  {
    route: 'POST /admin/structures',
    access: 'role:hub-admin',
    request: () => ({ path: '/admin/structures', form: { name: '' } }),
    expect: withRoles('hub-admin'),
    badInput: () => ({ path: '/admin/structures', form: { name: 'x', url: 'not a url' }, as: 'hubAdmin' }),
  },
  {
    route: 'GET /organisations/:slug/equipe',
    access: 'role:hub-admin,structure-admin',
    request: (f) => ({ path: `/organisations/${f.structureA.slug}/equipe` }),
    expect: structureA('structure-admin', 'hub-admin'),
    badInput: () => ({ path: '/organisations/Not_A_Slug/equipe', as: 'hubAdmin' }),
  },
  {
    route: 'POST /organisations/:slug/invitations',
    access: 'role:hub-admin,structure-admin',
    request: (f) => ({ path: `/organisations/${f.structureA.slug}/invitations`, form: { role: 'mediator' } }),
    expect: structureA('structure-admin', 'hub-admin'),
    badInput: (f) => ({
      path: `/organisations/${f.structureA.slug}/invitations`,
      form: { role: 'emperor' },
      as: 'hubAdmin',
    }),
  },
  {
    route: 'POST /organisations/:slug/invitations/:id/annuler',
    access: 'role:hub-admin,structure-admin',
    request: (f) => ({ path: `/organisations/${f.structureA.slug}/invitations/${UUID}/annuler`, form: {} }),
    expect: withRoles('structure-admin', 'hub-admin'),
    badInput: (f) => ({
      path: `/organisations/${f.structureA.slug}/invitations/nope/annuler`,
      form: {},
      as: 'hubAdmin',
    }),
  },
  {
    route: 'POST /organisations/:slug/membres/retirer',
    access: 'role:hub-admin,structure-admin',
    request: (f) => ({
      path: `/organisations/${f.structureA.slug}/membres/retirer`,
      form: { userId: UUID, role: 'mediator' },
    }),
    expect: structureA('structure-admin', 'hub-admin'),
    badInput: (f) => ({
      path: `/organisations/${f.structureA.slug}/membres/retirer`,
      form: { userId: 'x', role: 'mediator' },
      as: 'hubAdmin',
    }),
  },
  {
    route: 'GET /api/v1/organisations',
    access: 'signed-in',
    request: () => ({ path: '/api/v1/organisations' }),
    expect: signedIn,
    badInput: () => wrongMethod('/api/v1/organisations', 'mediatorA'),
  },
  {
    route: 'POST /api/v1/organisations',
    access: 'role:hub-admin',
    request: () => ({ path: '/api/v1/organisations', json: {} }),
    expect: withRoles('hub-admin'),
    badInput: () => ({ path: '/api/v1/organisations', json: { name: 'x'.repeat(500) }, as: 'hubAdmin' }),
  },
  {
    route: 'GET /api/v1/organisations/:slug/members',
    access: 'role:hub-admin,structure-admin',
    request: (f) => ({ path: `/api/v1/organisations/${f.structureA.slug}/members` }),
    expect: structureA('structure-admin', 'hub-admin'),
    badInput: () => ({ path: '/api/v1/organisations/nope/members', as: 'hubAdmin' }),
  },
  {
    route: 'POST /api/v1/invitations',
    access: 'role:hub-admin,structure-admin',
    resourceInBody: true,
    request: (f) => ({ path: '/api/v1/invitations', json: { organisation: f.structureA.slug, role: 'mediator' } }),
    expect: structureA('structure-admin', 'hub-admin'),
    badInput: () => ({
      path: '/api/v1/invitations',
      headers: { 'content-type': 'application/json' },
      json: '{not json',
      as: 'hubAdmin',
    }),
  },

  {
    route: 'POST /api/v1/setup',
    access: 'setup-token',
    // Tests run without JALON_SETUP_TOKEN: the route does not exist for anyone.
    request: () => ({ path: '/api/v1/setup', headers: { 'x-jalon-setup-token': 'x' } }),
    expect: () => 'hidden',
    badInput: () => ({ path: '/api/v1/setup', as: 'anonymous' }),
  },
];
