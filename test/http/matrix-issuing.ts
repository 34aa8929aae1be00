/** Authorization matrix entries of issuing: issuer documents, credentials, their status and the issuer keys. */
import { type Entry, type Fixture, everyone, withRoles, only } from './matrix-types.js';

const ISSUING_ROLES = ['mediator', 'structure-admin', 'hub-admin', 'committee'];
const issuerOfA = only('mediatorA', 'structureAdminA')(ISSUING_ROLES);
const keyAdminOfA = only('structureAdminA')(['hub-admin', 'structure-admin']);

/** Values the issuing and verification entries need, created once before the matrix runs. */
export async function prepareIssuing(f: Fixture): Promise<void> {
  const { findAchievement } = await import('../../src/issuing/achievements.js');
  const { issueCredential } = await import('../../src/issuing/service.js');
  const { achievement } = await findAchievement(f.h.deps, 'abecedaire/1.0.0/competences/A1');
  const issue = () =>
    issueCredential(f.h.deps, {
      org: f.structureA,
      actor: null,
      achievement,
      referential: { slug: 'abecedaire', version: '1.0.0' },
      recipient: { name: 'Matrice' },
    });
  const kept = await issue();
  const toRevoke = await issue();
  f.extra.credentialId = kept.row.id;
  f.extra.revocableId = toRevoke.row.id;
  f.extra.statusList = kept.row.statusListId;
  f.extra.jwt = kept.jwt;
  f.extra.keyFragment = kept.jwt
    ? JSON.parse(atob(kept.jwt.split('.')[0]!.replace(/-/g, '+').replace(/_/g, '/'))).kid.split('#')[1]
    : '';
}

export const ISSUING: Entry[] = [
  {
    route: 'GET /issuers/:slug',
    access: 'public',
    request: (f) => ({ path: `/issuers/${f.structureA.slug}` }),
    expect: everyone,
    badInput: () => ({ path: '/issuers/Nope!', as: 'anonymous' }),
  },
  {
    route: 'GET /issuers/:slug/did.json',
    access: 'public',
    request: (f) => ({ path: `/issuers/${f.hub.slug}/did.json` }),
    expect: everyone,
    badInput: () => ({ path: '/issuers/unknown/did.json', as: 'anonymous' }),
  },
  {
    route: 'GET /issuers/:slug/jwks.json',
    access: 'public',
    request: (f) => ({ path: `/issuers/${f.hub.slug}/jwks.json` }),
    expect: everyone,
    badInput: () => ({ path: '/issuers/UPPER/jwks.json', as: 'anonymous' }),
  },
  {
    route: 'GET /issuers/:slug/status/:list',
    access: 'public',
    request: (f) => ({ path: `/issuers/${f.structureA.slug}/status/${f.extra.statusList}` }),
    expect: everyone,
    badInput: (f) => ({ path: `/issuers/${f.structureB.slug}/status/${f.extra.statusList}`, as: 'anonymous' }),
  },
  {
    route: 'GET /achievements/:slug/:version/:path{.+}',
    access: 'public',
    request: () => ({ path: '/achievements/abecedaire/1.0.0/competences/A1.json' }),
    expect: everyone,
    badInput: () => ({ path: '/achievements/abecedaire/1.0.0/competences/A1.exe', as: 'anonymous' }),
  },
  {
    route: 'GET /credentials/:file',
    access: 'public',
    request: (f) => ({ path: `/credentials/${f.extra.credentialId}.json` }),
    expect: everyone,
    badInput: () => ({ path: '/credentials/not-a-uuid.json', as: 'anonymous' }),
  },
  {
    route: 'POST /api/v1/credentials',
    access: 'role:committee,hub-admin,mediator,structure-admin',
    request: () => ({ path: '/api/v1/credentials', json: {} }),
    expect: withRoles(...ISSUING_ROLES),
    badInput: () => ({
      path: '/api/v1/credentials',
      json: { achievement: 'abecedaire/1.0.0/competences/A1', recipient: { name: '' } },
      as: 'mediatorA',
    }),
  },
  {
    route: 'GET /api/v1/credentials/:id',
    access: 'role:committee,hub-admin,mediator,structure-admin',
    request: (f) => ({ path: `/api/v1/credentials/${f.extra.credentialId}` }),
    expect: issuerOfA,
    badInput: () => ({ path: '/api/v1/credentials/123', as: 'mediatorA' }),
  },
  {
    route: 'POST /api/v1/credentials/:id/revoke',
    access: 'role:committee,hub-admin,mediator,structure-admin',
    request: (f) => ({ path: `/api/v1/credentials/${f.extra.revocableId}/revoke`, json: { reason: 'matrice' } }),
    expect: issuerOfA,
    badInput: (f) => ({
      path: `/api/v1/credentials/${f.extra.credentialId}/revoke`,
      json: { reason: '' },
      as: 'mediatorA',
    }),
  },
  {
    route: 'POST /api/v1/credentials/:id/suspend',
    access: 'role:committee,hub-admin,mediator,structure-admin',
    request: (f) => ({ path: `/api/v1/credentials/${f.extra.credentialId}/suspend`, json: { reason: 'matrice' } }),
    expect: issuerOfA,
    badInput: (f) => ({
      path: `/api/v1/credentials/${f.extra.credentialId}/suspend`,
      json: { why: 'x' },
      as: 'mediatorA',
    }),
  },
  {
    route: 'POST /api/v1/credentials/:id/reinstate',
    access: 'role:committee,hub-admin,mediator,structure-admin',
    request: (f) => ({ path: `/api/v1/credentials/${f.extra.credentialId}/reinstate`, json: { reason: 'matrice' } }),
    expect: issuerOfA,
    badInput: () => ({ path: `/api/v1/credentials/zzz/reinstate`, json: { reason: 'matrice' }, as: 'mediatorA' }),
  },
  {
    route: 'GET /organisations/:slug/badges',
    access: 'role:committee,hub-admin,mediator,structure-admin',
    request: (f) => ({ path: `/organisations/${f.structureA.slug}/badges` }),
    // The hub's admins see (without managing) the registers of the hub's structures.
    expect: only('mediatorA', 'structureAdminA', 'hubAdmin')(ISSUING_ROLES),
    badInput: () => ({ path: '/organisations/nope/badges', as: 'mediatorA' }),
  },
  {
    route: 'POST /organisations/:slug/badges/:id/statut',
    access: 'role:committee,hub-admin,mediator,structure-admin',
    request: (f) => ({
      path: `/organisations/${f.structureA.slug}/badges/${f.extra.credentialId}/statut`,
      form: { action: 'reinstate', reason: 'matrice' },
    }),
    expect: issuerOfA,
    badInput: (f) => ({
      path: `/organisations/${f.structureA.slug}/badges/${f.extra.credentialId}/statut`,
      form: { action: 'destroy', reason: 'x' },
      as: 'mediatorA',
    }),
  },
  {
    route: 'GET /organisations/:slug/cles',
    access: 'role:hub-admin,structure-admin',
    request: (f) => ({ path: `/organisations/${f.structureA.slug}/cles` }),
    expect: keyAdminOfA,
    badInput: () => ({ path: '/organisations/nope/cles', as: 'structureAdminA' }),
  },
  {
    route: 'POST /organisations/:slug/cles/rotation',
    access: 'role:hub-admin,structure-admin',
    request: (f) => ({ path: `/organisations/${f.structureA.slug}/cles/rotation`, form: {} }),
    expect: keyAdminOfA,
    badInput: (f) => ({
      path: `/organisations/${f.structureA.slug}/cles/rotation`,
      form: { _csrf: '' },
      as: 'structureAdminA',
    }),
  },
  {
    route: 'POST /organisations/:slug/cles/:fragment/compromise',
    access: 'role:hub-admin,structure-admin',
    request: (f) => ({
      path: `/organisations/${f.structureA.slug}/cles/key-unknown/compromise`,
      form: { reason: 'matrice' },
    }),
    expect: keyAdminOfA,
    badInput: (f) => ({
      path: `/organisations/${f.structureA.slug}/cles/key-unknown/compromise`,
      form: { reason: '' },
      as: 'structureAdminA',
    }),
  },
  {
    route: 'POST /api/v1/issuers/:slug/keys/rotate',
    access: 'role:hub-admin,structure-admin',
    request: (f) => ({ path: `/api/v1/issuers/${f.structureA.slug}/keys/rotate`, json: {} }),
    expect: keyAdminOfA,
    badInput: () => ({ path: '/api/v1/issuers/Bad Slug/keys/rotate', as: 'structureAdminA' }),
  },
  {
    route: 'POST /api/v1/issuers/:slug/keys/:fragment/compromised',
    access: 'role:hub-admin,structure-admin',
    request: (f) => ({
      path: `/api/v1/issuers/${f.structureA.slug}/keys/key-unknown/compromised`,
      json: { reason: 'matrice' },
    }),
    expect: keyAdminOfA,
    badInput: (f) => ({
      path: `/api/v1/issuers/${f.structureA.slug}/keys/key-unknown/compromised`,
      json: {},
      as: 'structureAdminA',
    }),
  },
];
