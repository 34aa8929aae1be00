/** Authorization matrix entries of the regional label: details, registry, applications, bulk verification. */
import { type Actor, type Entry, everyone, type Expectation, type Fixture, only, withRoles } from './matrix-types.js';

const wrongMethod = (path: string, as: Actor = 'anonymous') => ({ path, method: 'PATCH', as });

const DETAILS = {
  pivot: '73282932000074',
  adresse: '1 rue Test',
  codePostal: '21000',
  commune: 'Dijon',
  services: ['Aide aux démarches administratives'],
};

const adminOfA = only('structureAdminA')(['structure-admin']);
const mediatorOfA = only('mediatorA')(['mediator']);
const committee = withRoles('committee', 'hub-admin');
/** The programme names who votes (`decision.reviewers`): by default the committee; the hub's admins manage but do not vote. */
const voters = (a: Actor): Expectation => (a === 'committee' ? 'allowed' : 'denied');

/** Structure A's details and a draft application by its admin; a label granted to structure B. */
export async function prepareLabel(f: Fixture): Promise<void> {
  const { principalFromApiToken } = await import('../../src/auth/service.js');
  const { apiTokenFor } = await import('../helpers/harness.js');
  const details = await import('../../src/label/details.js');
  const applications = await import('../../src/label/applications.js');
  const { grantLabel } = await import('../../src/label/service.js');
  const { getProgramme } = await import('../../src/label/programme.js');
  const admin = (await principalFromApiToken(f.h.deps, await apiTokenFor(f.h, f.users.structureAdminA)))!;
  await details.saveDetails(f.h.deps, admin, f.structureA, details.structureDetailsSchema.parse(DETAILS));
  f.extra.labelApplicationId = (await applications.startApplication(f.h.deps, admin, f.structureA.slug, undefined)).id;
  const label = await grantLabel(f.h.deps, null, {
    hub: f.hub,
    structure: f.structureB,
    programme: await getProgramme(f.h.deps.database.db, 'label-regional'),
    certifiedMediators: 0,
  });
  f.extra.labelId = label.id;
}

export const LABEL: Entry[] = [
  {
    route: 'GET /organisations/:slug/donnees-ouvertes',
    access: 'role:hub-admin',
    request: (f) => ({ path: `/organisations/${f.hub.slug}/donnees-ouvertes` }),
    expect: withRoles('hub-admin'),
    badInput: () => ({ path: '/organisations/NOPE/donnees-ouvertes', as: 'hubAdmin' }),
  },
  {
    route: 'POST /organisations/:slug/donnees-ouvertes/:programme',
    access: 'role:hub-admin',
    request: (f) => ({
      path: `/organisations/${f.hub.slug}/donnees-ouvertes/label-regional`,
      form: { autresFormationsLabels: 'Label du hub de test' },
    }),
    expect: withRoles('hub-admin'),
    badInput: (f) => ({
      path: `/organisations/${f.hub.slug}/donnees-ouvertes/label-regional`,
      form: { formationsLabels: 'Un label inventé' },
      as: 'hubAdmin',
    }),
  },
  {
    route: 'GET /structures/:slug/fiche',
    access: 'role:structure-admin',
    request: (f) => ({ path: `/structures/${f.structureA.slug}/fiche` }),
    expect: adminOfA,
    badInput: () => ({ path: '/structures/NOPE/fiche', as: 'structureAdminA' }),
  },
  {
    route: 'POST /structures/:slug/fiche',
    access: 'role:structure-admin',
    request: (f) => ({ path: `/structures/${f.structureA.slug}/fiche`, form: { pivot: '' } }),
    expect: adminOfA,
    badInput: (f) => ({
      path: `/structures/${f.structureA.slug}/fiche`,
      form: { pivot: '123' },
      as: 'structureAdminA',
    }),
  },
  {
    route: 'GET /api/v1/structures/:slug/details',
    access: 'role:structure-admin',
    request: (f) => ({ path: `/api/v1/structures/${f.structureA.slug}/details` }),
    expect: adminOfA,
    badInput: () => ({ path: '/api/v1/structures/NOPE/details', as: 'structureAdminA' }),
  },
  {
    route: 'PUT /api/v1/structures/:slug/details',
    access: 'role:structure-admin',
    request: (f) => ({ path: `/api/v1/structures/${f.structureA.slug}/details`, json: DETAILS }),
    expect: adminOfA,
    badInput: (f) => ({
      path: `/api/v1/structures/${f.structureA.slug}/details`,
      json: { pivot: '1', services: ['Cuisine'] },
      as: 'structureAdminA',
    }),
  },
  {
    route: 'GET /structures/:slug/visibilite',
    access: 'role:mediator',
    request: (f) => ({ path: `/structures/${f.structureA.slug}/visibilite` }),
    expect: mediatorOfA,
    badInput: () => ({ path: '/structures/NOPE/visibilite', as: 'mediatorA' }),
  },
  {
    route: 'POST /structures/:slug/visibilite',
    access: 'role:mediator',
    request: (f) => ({ path: `/structures/${f.structureA.slug}/visibilite`, form: {} }),
    expect: mediatorOfA,
    badInput: (f) => ({
      path: `/structures/${f.structureB.slug}/visibilite`,
      form: { consent: 'oui' },
      as: 'mediatorA',
    }),
  },
  {
    route: 'PUT /api/v1/structures/:slug/public-listing',
    access: 'role:mediator',
    request: (f) => ({ path: `/api/v1/structures/${f.structureA.slug}/public-listing`, json: { consent: false } }),
    expect: mediatorOfA,
    badInput: (f) => ({
      path: `/api/v1/structures/${f.structureA.slug}/public-listing`,
      json: { consent: 'oui' },
      as: 'mediatorA',
    }),
  },
  {
    route: 'GET /api/v1/registry',
    access: 'public',
    request: () => ({ path: '/api/v1/registry?format=csv' }),
    expect: everyone,
    badInput: () => ({ path: '/api/v1/registry?format=xml', as: 'anonymous' }),
  },
  {
    route: 'GET /registre',
    access: 'public',
    request: () => ({ path: '/registre?q=dijon', accept: 'text/html' }),
    expect: everyone,
    badInput: () => wrongMethod('/registre'),
  },
  {
    route: 'GET /lieux/:slug',
    access: 'public',
    request: (f) => ({ path: `/lieux/${f.structureB.slug}`, accept: 'text/html' }),
    expect: everyone,
    badInput: () => ({ path: '/lieux/NOPE', as: 'anonymous' }),
  },
  {
    route: 'GET /label/:slug/:version',
    access: 'public',
    request: () => ({ path: '/label/label-regional/1.0.0' }),
    expect: everyone,
    badInput: () => ({ path: '/label/label-regional/1.0', as: 'anonymous' }),
  },
  {
    route: 'GET /label/:slug/:version/badge.svg',
    access: 'public',
    request: () => ({ path: '/label/label-regional/1.0.0/badge.svg' }),
    expect: everyone,
    badInput: () => ({ path: '/label/label-regional/9.9.9/badge.svg', as: 'anonymous' }),
  },
  {
    route: 'GET /api/v1/label-programmes/:slug',
    access: 'public',
    request: () => ({ path: '/api/v1/label-programmes/label-regional' }),
    expect: everyone,
    badInput: () => ({ path: '/api/v1/label-programmes/NOPE', as: 'anonymous' }),
  },
  {
    route: 'POST /api/v1/verify/bulk',
    access: 'role:committee,hub-admin',
    request: () => ({ path: '/api/v1/verify/bulk', json: {} }),
    expect: committee,
    badInput: () => ({ path: '/api/v1/verify/bulk', json: { file: 'x' }, as: 'committee' }),
  },
  {
    route: 'GET /comite/verification',
    access: 'role:committee,hub-admin',
    request: () => ({ path: '/comite/verification' }),
    expect: committee,
    badInput: () => wrongMethod('/comite/verification', 'committee'),
  },
  {
    route: 'POST /comite/verification',
    access: 'role:committee,hub-admin',
    request: () => ({ path: '/comite/verification', form: {} }),
    expect: committee,
    badInput: () => ({ path: '/comite/verification', form: { file: 'x' }, as: 'committee' }),
  },
  {
    route: 'GET /static/bulk-verification.js',
    access: 'public',
    request: () => ({ path: '/static/bulk-verification.js' }),
    expect: everyone,
    badInput: () => wrongMethod('/static/bulk-verification.js'),
  },
  {
    route: 'POST /api/v1/structures/:slug/label-applications',
    access: 'role:structure-admin',
    request: (f) => ({ path: `/api/v1/structures/${f.structureA.slug}/label-applications`, json: { answers: {} } }),
    expect: adminOfA,
    badInput: (f) => ({
      path: `/api/v1/structures/${f.structureA.slug}/label-applications`,
      json: { answers: 5 },
      as: 'structureAdminA',
    }),
  },
  {
    route: 'PUT /api/v1/label-applications/:id',
    access: 'role:structure-admin',
    request: (f) => ({ path: `/api/v1/label-applications/${f.extra.labelApplicationId}`, json: { answers: {} } }),
    expect: adminOfA,
    badInput: (f) => ({
      path: `/api/v1/label-applications/${f.extra.labelApplicationId}`,
      json: { answers: {}, submit: 'oui' },
      as: 'structureAdminA',
    }),
  },
  {
    route: 'GET /api/v1/label-applications/:id',
    access: 'role:committee,hub-admin,structure-admin',
    request: (f) => ({ path: `/api/v1/label-applications/${f.extra.labelApplicationId}` }),
    expect: only('structureAdminA', 'committee', 'hubAdmin')(['structure-admin', 'committee', 'hub-admin']),
    badInput: () => ({ path: '/api/v1/label-applications/42', as: 'committee' }),
  },
  {
    route: 'POST /api/v1/label-applications/:id/reviews',
    access: 'role:committee,hub-admin',
    request: (f) => ({
      path: `/api/v1/label-applications/${f.extra.labelApplicationId}/reviews`,
      json: { vote: 'approve', items: [] },
    }),
    expect: voters,
    badInput: (f) => ({
      path: `/api/v1/label-applications/${f.extra.labelApplicationId}/reviews`,
      json: { vote: 'peut-être', items: [] },
      as: 'committee',
    }),
  },
  {
    route: 'POST /api/v1/labels/:id/status',
    access: 'role:committee,hub-admin',
    request: (f) => ({ path: `/api/v1/labels/${f.extra.labelId}/status`, json: { action: 'suspend', reason: 'x' } }),
    expect: committee,
    badInput: (f) => ({
      path: `/api/v1/labels/${f.extra.labelId}/status`,
      json: { action: 'effacer' },
      as: 'hubAdmin',
    }),
  },
  {
    route: 'GET /structures/:slug/label',
    access: 'role:structure-admin',
    request: (f) => ({ path: `/structures/${f.structureA.slug}/label` }),
    expect: adminOfA,
    badInput: () => ({ path: '/structures/NOPE/label', as: 'structureAdminA' }),
  },
  {
    route: 'POST /structures/:slug/label',
    access: 'role:structure-admin',
    request: (f) => ({ path: `/structures/${f.structureA.slug}/label`, form: { action: 'enregistrer' } }),
    expect: adminOfA,
    badInput: () => ({ path: '/structures/NOPE/label', form: {}, as: 'structureAdminA' }),
  },
  {
    route: 'GET /structures/:slug/label/:programme',
    access: 'role:structure-admin',
    request: (f) => ({ path: `/structures/${f.structureA.slug}/label/label-regional` }),
    expect: adminOfA,
    badInput: (f) => ({ path: `/structures/${f.structureA.slug}/label/NOPE`, as: 'structureAdminA' }),
  },
  {
    route: 'POST /structures/:slug/label/:programme',
    access: 'role:structure-admin',
    request: (f) => ({
      path: `/structures/${f.structureA.slug}/label/label-regional`,
      form: { action: 'enregistrer' },
    }),
    expect: adminOfA,
    badInput: () => ({ path: '/structures/NOPE/label/label-regional', form: {}, as: 'structureAdminA' }),
  },
  {
    route: 'GET /comite/labels',
    access: 'role:committee,hub-admin',
    request: () => ({ path: '/comite/labels' }),
    expect: committee,
    badInput: () => wrongMethod('/comite/labels', 'committee'),
  },
  {
    route: 'GET /comite/labels/:id',
    access: 'role:committee,hub-admin',
    request: (f) => ({ path: `/comite/labels/${f.extra.labelApplicationId}` }),
    expect: committee,
    badInput: () => ({ path: '/comite/labels/42', as: 'committee' }),
  },
  {
    route: 'POST /comite/labels/:id/avis',
    access: 'role:committee,hub-admin',
    request: (f) => ({ path: `/comite/labels/${f.extra.labelApplicationId}/avis`, form: {} }),
    expect: voters,
    badInput: () => ({ path: '/comite/labels/42/avis', form: {}, as: 'committee' }),
  },
  {
    route: 'GET /comite/labels/statut/:id/confirmer',
    access: 'role:committee,hub-admin',
    request: (f) => ({ path: `/comite/labels/statut/${f.extra.labelId}/confirmer?action=suspend` }),
    expect: committee,
    badInput: (f) => ({ path: `/comite/labels/statut/${f.extra.labelId}/confirmer?action=effacer`, as: 'committee' }),
  },
  {
    route: 'POST /comite/labels/statut/:id',
    access: 'role:committee,hub-admin',
    request: (f) => ({ path: `/comite/labels/statut/${f.extra.labelId}`, form: {} }),
    expect: committee,
    badInput: (f) => ({
      path: `/comite/labels/statut/${f.extra.labelId}`,
      form: { action: 'effacer' },
      as: 'hubAdmin',
    }),
  },
];
