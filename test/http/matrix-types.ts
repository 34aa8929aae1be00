/**
 * The vocabulary of the authorization matrix (see authz-matrix.test.ts): actors, what each must get,
 * the fixture and the entry shape, and the access helpers the per-feature entry files (matrix-<feature>.ts)
 * share. It imports no entry file, so that those can import values from it.
 */
import type { OrganisationRow } from '../../src/organisations/store.js';
import type { Harness, TestUser } from '../helpers/harness.js';

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

export const UUID = '00000000-0000-4000-8000-000000000000';
export const TOKEN = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
/** The route's path with a method it does not answer: a 404 for anyone, before any guard. */
export const wrongMethod = (path: string, as: Actor = 'hubAdmin') => ({ path, method: 'PATCH', as });

/** Only these actors may act; holders of the route's roles elsewhere get 403/404. */
export function only(...allowed: Actor[]) {
  return (roles: string[]) =>
    (a: Actor): Expectation =>
      allowed.includes(a) ? 'allowed' : withRoles(...roles)(a) === 'denied' ? 'denied' : 'hidden';
}
