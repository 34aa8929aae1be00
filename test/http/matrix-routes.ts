/**
 * Entries of the authorization matrix (see authz-matrix.test.ts): one per route, with the access
 * it declares, a sample request per actor, what each actor must get, and a bad-input request.
 */
import { CERTIFICATION } from './matrix-certification.js';
import { DATA_INTEGRITY } from './matrix-data-integrity.js';
import type { OrganisationRow } from '../../src/organisations/store.js';
import type { Harness, TestUser } from '../helpers/harness.js';
import { LEARNERS_DAY } from './matrix-learners-day.js';
import { LABEL } from './matrix-label.js';
import { STATISTICS } from './matrix-statistics.js';

export const ACTORS = [
  'anonymous',
  'noRole',
  'mediatorA',
  'structureAdminA',
  'mediatorB',
  'structureAdminB',
  'committee',
  'hubAdmin',
] as const;
export type Actor = (typeof ACTORS)[number];
export type SignedInActor = Exclude<Actor, 'anonymous'>;

/** allowed: neither 401 nor 403 (nor a 5xx); denied: 401/403 problem+json; hidden: 403 or 404. */
export type Expectation = 'allowed' | 'denied' | 'hidden';

export interface Fixture {
  h: Harness;
  hub: OrganisationRow;
  structureA: OrganisationRow;
  structureB: OrganisationRow;
  users: Record<SignedInActor, TestUser>;
  /** Extra values later sections of the matrix create in their own set-up (ids, tokens). */
  extra: Record<string, string>;
}

export interface Req {
  path: string;
  /** Sent as a urlencoded form with the actor's CSRF token. */
  form?: Record<string, string>;
  /** Sent as JSON with the actor's CSRF token header. */
  json?: unknown;
  headers?: Record<string, string>;
  accept?: string;
  method?: string;
}

export interface Entry {
  route: string;
  /** Names a second case of a route already listed (another target, another rule). */
  label?: string;
  access: string;
  request(f: Fixture, actor: Actor): Req;
  expect(actor: Actor): Expectation;
  badInput(f: Fixture): Req & { as: Actor };
  /** The request changes the actor's own session (sign-out): use a fresh client. */
  freshClient?: boolean;
  /**
   * The resource is named in the body, not the path: the body must be read to know it, so an
   * invalid body may be a 422 for anyone (every other route scopes the path first).
   */
  resourceInBody?: boolean;
  /** Refused attempts count against a limit (reset links): past it, a refusal is a 429. */
  countsRefusals?: boolean;
}

const ROLES_OF: Record<Actor, string[]> = {
  anonymous: [],
  noRole: [],
  mediatorA: ['mediator'],
  structureAdminA: ['structure-admin'],
  mediatorB: ['mediator'],
  structureAdminB: ['structure-admin'],
  committee: ['committee'],
  hubAdmin: ['hub-admin'],
};

export const everyone = (): Expectation => 'allowed';
export const signedIn = (a: Actor): Expectation => (a === 'anonymous' ? 'denied' : 'allowed');
export function withRoles(...roles: string[]) {
  return (a: Actor): Expectation => (ROLES_OF[a].some((r) => roles.includes(r)) ? 'allowed' : 'denied');
}
/** Role-guarded and scoped to structure A: other holders of the role get 403/404. */
export function structureA(...roles: string[]) {
  return (a: Actor): Expectation => {
    const base = withRoles(...roles)(a);
    if (base === 'denied') return base;
    if (a === 'mediatorB' || a === 'structureAdminB' || (a === 'hubAdmin' && !roles.includes('hub-admin')))
      return 'hidden';
    return 'allowed';
  };
}

const UUID = '00000000-0000-4000-8000-000000000000';
const TOKEN = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const wrongMethod = (path: string, as: Actor = 'hubAdmin') => ({ path, method: 'PATCH', as });

export const FOUNDATION: Entry[] = [
  {
    route: 'GET /',
    access: 'public',
    request: () => ({ path: '/', accept: 'text/html' }),
    expect: everyone,
    badInput: () => wrongMethod('/', 'anonymous'),
  },
  {
    route: 'GET /espace',
    access: 'signed-in',
    request: () => ({ path: '/espace' }),
    expect: signedIn,
    badInput: () => wrongMethod('/espace', 'mediatorA'),
  },
  {
    route: 'GET /static/app.css',
    access: 'public',
    request: () => ({ path: '/static/app.css' }),
    expect: everyone,
    badInput: () => wrongMethod('/static/app.css', 'anonymous'),
  },
  {
    route: 'GET /static/fonts/:file',
    access: 'public',
    request: () => ({ path: '/static/fonts/atkinson-latin-400.woff' }),
    expect: everyone,
    badInput: () => ({ path: '/static/fonts/..%2Fsecret', as: 'anonymous' }),
  },
  {
    route: 'GET /healthz',
    access: 'public',
    request: () => ({ path: '/healthz' }),
    expect: everyone,
    badInput: () => wrongMethod('/healthz', 'anonymous'),
  },
  {
    route: 'GET /api/openapi.json',
    access: 'public',
    request: () => ({ path: '/api/openapi.json' }),
    expect: everyone,
    badInput: () => wrongMethod('/api/openapi.json', 'anonymous'),
  },
  {
    route: 'GET /problems/:code',
    access: 'public',
    request: () => ({ path: '/problems/not_found' }),
    expect: everyone,
    badInput: () => ({ path: '/problems/nope', as: 'anonymous' }),
  },

  // --- auth
  {
    route: 'GET /connexion',
    access: 'public',
    request: () => ({ path: '/connexion' }),
    expect: everyone,
    badInput: () => wrongMethod('/connexion', 'anonymous'),
  },
  {
    route: 'POST /connexion',
    access: 'public',
    request: () => ({ path: '/connexion', form: { email: '', password: '' } }),
    expect: everyone,
    badInput: () => ({ path: '/connexion', form: { email: 'x' }, as: 'anonymous' }),
  },
  {
    route: 'POST /deconnexion',
    access: 'signed-in',
    freshClient: true,
    request: () => ({ path: '/deconnexion', form: {} }),
    expect: signedIn,
    badInput: () => ({ path: '/deconnexion', form: { _csrf: 'forged' }, as: 'mediatorA' }),
  },
  {
    route: 'GET /invitations/:token',
    access: 'public',
    request: () => ({ path: `/invitations/${TOKEN}` }),
    expect: everyone,
    badInput: () => ({ path: '/invitations/short', as: 'anonymous' }),
  },
  {
    route: 'POST /invitations/:token',
    access: 'public',
    request: () => ({ path: `/invitations/${TOKEN}`, form: {} }),
    expect: everyone,
    badInput: () => ({ path: '/invitations/%20', form: {}, as: 'anonymous' }),
  },
  {
    route: 'GET /compte',
    access: 'signed-in',
    request: () => ({ path: '/compte' }),
    expect: signedIn,
    badInput: () => wrongMethod('/compte', 'mediatorA'),
  },
  {
    route: 'POST /compte/jetons',
    access: 'signed-in',
    request: () => ({ path: '/compte/jetons', form: { name: '' } }),
    expect: signedIn,
    badInput: () => ({ path: '/compte/jetons', form: { name: '' }, as: 'mediatorA' }),
  },
  {
    route: 'POST /compte/jetons/:id/revoquer',
    access: 'signed-in',
    request: () => ({ path: `/compte/jetons/${UUID}/revoquer`, form: {} }),
    expect: signedIn,
    badInput: () => ({ path: '/compte/jetons/nope/revoquer', form: {}, as: 'mediatorA' }),
  },
  {
    route: 'GET /api/v1/me',
    access: 'signed-in',
    request: () => ({ path: '/api/v1/me' }),
    expect: signedIn,
    badInput: () => wrongMethod('/api/v1/me', 'mediatorA'),
  },
  {
    route: 'POST /api/v1/tokens',
    access: 'signed-in',
    request: () => ({ path: '/api/v1/tokens', json: { name: '' } }),
    expect: signedIn,
    badInput: () => ({ path: '/api/v1/tokens', json: { name: 42 }, as: 'mediatorA' }),
  },
  {
    route: 'DELETE /api/v1/tokens/:id',
    access: 'signed-in',
    request: () => ({ path: `/api/v1/tokens/${UUID}`, headers: {} }),
    expect: signedIn,
    badInput: () => ({ path: '/api/v1/tokens/nope', as: 'mediatorA' }),
  },

  // --- organisations and teams
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

  // --- referentials
  {
    route: 'GET /api/v1/referentials',
    access: 'public',
    request: () => ({ path: '/api/v1/referentials' }),
    expect: everyone,
    badInput: () => wrongMethod('/api/v1/referentials', 'anonymous'),
  },
  {
    route: 'GET /api/v1/referentials/:slug',
    access: 'public',
    request: () => ({ path: '/api/v1/referentials/abecedaire' }),
    expect: everyone,
    badInput: () => ({ path: '/api/v1/referentials/Bad%20Slug', as: 'anonymous' }),
  },
  {
    route: 'GET /api/v1/referentials/:slug/:version',
    access: 'public',
    request: () => ({ path: '/api/v1/referentials/abecedaire/1.0.0' }),
    expect: everyone,
    badInput: () => ({ path: '/api/v1/referentials/abecedaire/1.x', as: 'anonymous' }),
  },
  {
    route: 'GET /api/v1/referentials/:slug/:version/rules',
    access: 'public',
    request: () => ({ path: '/api/v1/referentials/abecedaire/1.0.0/rules' }),
    expect: everyone,
    badInput: () => ({ path: '/api/v1/referentials/abecedaire/latest/rules', as: 'anonymous' }),
  },
  {
    route: 'GET /referentials',
    access: 'public',
    request: () => ({ path: '/referentials' }),
    expect: everyone,
    badInput: () => wrongMethod('/referentials', 'anonymous'),
  },
  {
    route: 'GET /referentials/:slug',
    access: 'public',
    request: () => ({ path: '/referentials/mediateurs' }),
    expect: everyone,
    badInput: () => ({ path: '/referentials/nope', as: 'anonymous' }),
  },
  {
    route: 'GET /referentials/:slug/:version',
    access: 'public',
    request: () => ({ path: '/referentials/abecedaire/1.0.0' }),
    expect: everyone,
    badInput: () => ({ path: '/referentials/abecedaire/9.9.9', as: 'anonymous' }),
  },
  {
    route: 'GET /frameworks/:framework',
    access: 'public',
    request: () => ({ path: '/frameworks/CRCN' }),
    expect: everyone,
    badInput: () => ({ path: '/frameworks/Pix', as: 'anonymous' }),
  },
];

/** Only these actors may act; holders of the route's roles elsewhere get 403/404. */
export function only(...allowed: Actor[]) {
  return (roles: string[]) =>
    (a: Actor): Expectation =>
      allowed.includes(a) ? 'allowed' : withRoles(...roles)(a) === 'denied' ? 'denied' : 'hidden';
}

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

  // --- verification
  {
    route: 'POST /api/v1/verify',
    access: 'public',
    request: (f) => ({ path: '/api/v1/verify', json: { credential: f.extra.jwt } }),
    expect: everyone,
    badInput: () => ({ path: '/api/v1/verify', json: { credential: 'x', url: 'https://a.example' }, as: 'anonymous' }),
  },
  {
    route: 'GET /verifier',
    access: 'public',
    request: (f) => ({ path: `/verifier?credential=urn:uuid:${f.extra.credentialId}`, accept: 'text/html' }),
    expect: everyone,
    badInput: () => ({ path: `/verifier?credential=${'x'.repeat(3000)}`, as: 'anonymous' }),
  },
  {
    route: 'POST /verifier',
    access: 'public',
    request: (f) => ({ path: '/verifier', form: { value: f.extra.jwt }, accept: 'text/html' }),
    expect: everyone,
    badInput: () => ({ path: '/verifier', json: { value: 'x' }, as: 'anonymous' }),
  },
];

const LEARNER_ROLES = ['mediator', 'structure-admin'];
const learnerOfA = only('mediatorA', 'structureAdminA')(LEARNER_ROLES);

/** A learner of structure A with an issued badge and a live holder link, and one to erase. */
export async function prepareLearners(f: Fixture): Promise<void> {
  const service = await import('../../src/learners/service.js');
  const { recordEvaluation } = await import('../../src/learners/evaluations.js');
  const { issueEarned } = await import('../../src/learners/awards.js');
  const { createHolderLink } = await import('../../src/learners/holder.js');
  const { principalFromApiToken } = await import('../../src/auth/service.js');
  const { apiTokenFor } = await import('../helpers/harness.js');
  const mediator = (await principalFromApiToken(f.h.deps, await apiTokenFor(f.h, f.users.mediatorA)))!;
  const learner = await service.registerLearner(f.h.deps, mediator, f.structureA, { displayName: 'Personne Matrice' });
  const ctx = await service.learnerFor(f.h.deps, mediator, learner.id);
  await recordEvaluation(f.h.deps, mediator, ctx, {
    method: 'observation',
    date: '2026-01-05',
    items: [{ code: 'A1', level: 'autonome' }],
  });
  await issueEarned(f.h.deps, mediator, ctx);
  f.extra.learnerId = learner.id;
  f.extra.holderToken = (await createHolderLink(f.h.deps, mediator, ctx)).token;
  f.extra.erasableId = (
    await service.registerLearner(f.h.deps, mediator, f.structureA, { displayName: 'À effacer' })
  ).id;
}

const L = (f: Fixture, rest = '') => `/structures/${f.structureA.slug}/apprenants/${f.extra.learnerId}${rest}`;

export const LEARNERS: Entry[] = [
  {
    route: 'GET /structures/:slug/apprenants',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: `/structures/${f.structureA.slug}/apprenants` }),
    expect: learnerOfA,
    badInput: () => ({ path: '/structures/NOPE/apprenants', as: 'mediatorA' }),
  },
  {
    route: 'POST /structures/:slug/apprenants',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: `/structures/${f.structureA.slug}/apprenants`, form: { displayName: '' } }),
    expect: learnerOfA,
    badInput: (f) => ({
      path: `/structures/${f.structureA.slug}/apprenants`,
      form: { displayName: 'X', birthYear: '1700', consent: 'oui' },
      as: 'mediatorA',
    }),
  },
  {
    route: 'POST /structures/:slug/reglages',
    access: 'role:structure-admin',
    request: (f) => ({ path: `/structures/${f.structureA.slug}/reglages`, form: {} }),
    expect: only('structureAdminA')(['structure-admin']),
    badInput: () => ({ path: '/structures/x_x/reglages', form: {}, as: 'structureAdminA' }),
  },
  {
    route: 'GET /structures/:slug/apprenants/:id',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: L(f) }),
    expect: learnerOfA,
    badInput: (f) => ({ path: `/structures/${f.structureA.slug}/apprenants/42`, as: 'mediatorA' }),
  },
  {
    route: 'GET /structures/:slug/apprenants/:id/positionnement',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: L(f, '/positionnement?themes=E-mail') }),
    expect: learnerOfA,
    badInput: (f) => ({
      path: `/structures/${f.structureB.slug}/apprenants/${f.extra.learnerId}/positionnement`,
      as: 'mediatorA',
    }),
  },
  {
    route: 'POST /structures/:slug/apprenants/:id/positionnement',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: L(f, '/positionnement'), form: { date: 'hier' } }),
    expect: learnerOfA,
    badInput: (f) => ({
      path: L(f, '/positionnement'),
      form: { date: '2026-01-01', 'niveau.ZZ9': 'autonome' },
      as: 'mediatorA',
    }),
  },
  {
    route: 'GET /structures/:slug/apprenants/:id/evaluation',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: L(f, '/evaluation') }),
    expect: learnerOfA,
    badInput: () => ({ path: '/structures/structure-demo/apprenants/x/evaluation', as: 'mediatorA' }),
  },
  {
    route: 'POST /structures/:slug/apprenants/:id/evaluation',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: L(f, '/evaluation'), form: { method: 'observation', date: '' } }),
    expect: learnerOfA,
    badInput: (f) => ({
      path: L(f, '/evaluation'),
      form: { method: 'divination', date: '2026-01-01', 'niveau.A1': 'autonome' },
      as: 'mediatorA',
    }),
  },
  {
    route: 'POST /structures/:slug/apprenants/:id/attribuer',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: L(f, '/attribuer'), form: {} }),
    expect: learnerOfA,
    badInput: (f) => ({ path: L(f, '/attribuer'), json: {}, as: 'mediatorA' }),
  },
  {
    route: 'GET /structures/:slug/apprenants/:id/passeport.pdf',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: L(f, '/passeport.pdf') }),
    expect: learnerOfA,
    badInput: (f) => ({
      path: `/structures/${f.structureA.slug}/apprenants/${f.extra.erasableId}/passeport.pdf`,
      as: 'mediatorA',
    }),
  },
  {
    route: 'GET /structures/:slug/apprenants/:id/lien',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: L(f, '/lien') }),
    expect: learnerOfA,
    badInput: () => ({ path: '/structures/structure-demo/apprenants/0/lien', as: 'mediatorA' }),
  },
  {
    route: 'POST /structures/:slug/apprenants/:id/lien',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: `/structures/${f.structureA.slug}/apprenants/${f.extra.erasableId}/lien`, form: {} }),
    expect: learnerOfA,
    badInput: (f) => ({
      path: `/structures/${f.structureA.slug}/apprenants/${f.extra.erasableId}/lien`,
      form: { _csrf: 'x' },
      as: 'mediatorA',
    }),
  },
  {
    route: 'POST /structures/:slug/apprenants/:id/lien/revoquer',
    access: 'role:mediator,structure-admin',
    request: (f) => ({
      path: `/structures/${f.structureA.slug}/apprenants/${f.extra.erasableId}/lien/revoquer`,
      form: {},
    }),
    expect: learnerOfA,
    badInput: () => ({ path: '/structures/structure-demo/apprenants/bad/lien/revoquer', form: {}, as: 'mediatorA' }),
  },
  {
    route: 'GET /structures/:slug/apprenants/:id/export.json',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: L(f, '/export.json') }),
    expect: learnerOfA,
    badInput: () => ({ path: '/structures/structure-demo/apprenants/bad/export.json', as: 'mediatorA' }),
  },
  {
    route: 'GET /structures/:slug/apprenants/:id/effacer',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: L(f, '/effacer') }),
    expect: learnerOfA,
    badInput: () => ({ path: '/structures/structure-demo/apprenants/bad/effacer', as: 'mediatorA' }),
  },
  {
    route: 'POST /structures/:slug/apprenants/:id/effacer',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: L(f, '/effacer'), form: {} }),
    expect: learnerOfA,
    badInput: (f) => ({ path: L(f, '/effacer'), form: { confirm: 'non' }, as: 'mediatorA' }),
  },
  {
    route: 'GET /api/v1/structures/:slug/learners',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: `/api/v1/structures/${f.structureA.slug}/learners` }),
    expect: learnerOfA,
    badInput: () => ({ path: '/api/v1/structures/unknown/learners', as: 'mediatorA' }),
  },
  {
    route: 'POST /api/v1/structures/:slug/learners',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: `/api/v1/structures/${f.structureA.slug}/learners`, json: { displayName: '' } }),
    expect: learnerOfA,
    badInput: (f) => ({
      path: `/api/v1/structures/${f.structureA.slug}/learners`,
      json: { displayName: 'X', consent: false },
      as: 'mediatorA',
    }),
  },
  {
    route: 'GET /api/v1/learners/:id',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: `/api/v1/learners/${f.extra.learnerId}` }),
    expect: learnerOfA,
    badInput: () => ({ path: '/api/v1/learners/abc', as: 'mediatorA' }),
  },
  {
    route: 'POST /api/v1/learners/:id/evaluations',
    access: 'role:mediator,structure-admin',
    request: (f) => ({
      path: `/api/v1/learners/${f.extra.learnerId}/evaluations`,
      json: { method: 'observation', date: '2026-01-06', items: [] },
    }),
    expect: learnerOfA,
    badInput: (f) => ({
      path: `/api/v1/learners/${f.extra.learnerId}/evaluations`,
      json: { method: 'observation', date: '2999-01-01', items: [{ code: 'A1', level: 'autonome' }] },
      as: 'mediatorA',
    }),
  },
  {
    route: 'POST /api/v1/learners/:id/awards',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: `/api/v1/learners/${f.extra.learnerId}/awards`, json: {} }),
    expect: learnerOfA,
    badInput: () => ({ path: '/api/v1/learners/not-a-uuid/awards', json: {}, as: 'mediatorA' }),
  },
  {
    route: 'GET /api/v1/learners/:id/passport.pdf',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: `/api/v1/learners/${f.extra.learnerId}/passport.pdf` }),
    expect: learnerOfA,
    badInput: (f) => ({ path: `/api/v1/learners/${f.extra.erasableId}/passport.pdf`, as: 'mediatorA' }),
  },
  {
    route: 'POST /api/v1/learners/:id/holder-link',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: `/api/v1/learners/${f.extra.erasableId}/holder-link`, json: {} }),
    expect: learnerOfA,
    badInput: () => ({ path: '/api/v1/learners/0/holder-link', json: {}, as: 'mediatorA' }),
  },
  {
    route: 'DELETE /api/v1/learners/:id/holder-link',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: `/api/v1/learners/${f.extra.erasableId}/holder-link` }),
    expect: learnerOfA,
    badInput: () => ({ path: '/api/v1/learners/0/holder-link', as: 'mediatorA' }),
  },
  {
    route: 'GET /api/v1/learners/:id/export',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: `/api/v1/learners/${f.extra.learnerId}/export` }),
    expect: learnerOfA,
    badInput: () => ({ path: '/api/v1/learners/0/export', as: 'mediatorA' }),
  },
  {
    route: 'DELETE /api/v1/learners/:id',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: `/api/v1/learners/${f.extra.erasableId}` }),
    expect: learnerOfA,
    badInput: () => ({ path: '/api/v1/learners/0', as: 'mediatorA' }),
  },
  {
    route: 'GET /p/:token',
    access: 'holder-link',
    request: (f) => ({ path: `/p/${f.extra.holderToken}`, accept: 'text/html' }),
    expect: everyone,
    badInput: () => ({ path: '/p/too-short', as: 'anonymous' }),
  },
  {
    route: 'GET /p/:token/passeport.pdf',
    access: 'holder-link',
    request: (f) => ({ path: `/p/${f.extra.holderToken}/passeport.pdf` }),
    expect: everyone,
    badInput: () => ({ path: `/p/${'A'.repeat(43)}/passeport.pdf`, as: 'anonymous' }),
  },
];

export const MATRIX: Entry[] = [
  ...FOUNDATION,
  ...ISSUING,
  ...DATA_INTEGRITY,
  ...LEARNERS,
  ...CERTIFICATION,
  ...LEARNERS_DAY,
  ...STATISTICS,
  ...LABEL,
];
