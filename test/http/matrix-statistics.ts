/** The hub's figures as API operations (JSON and CSV): same access as the figures page. */
import type { Actor, Entry, Expectation } from './matrix-types.js';

const ROLE: Partial<Record<Actor, string>> = {
  mediatorA: 'mediator',
  structureAdminA: 'structure-admin',
  mediatorB: 'mediator',
  structureAdminB: 'structure-admin',
  hubAdmin: 'hub-admin',
};
const SEES_A: Actor[] = ['mediatorA', 'structureAdminA', 'hubAdmin'];
/** Structure A's figures: its own people and the hub's admins; structure B's people are kept out (hidden). */
const figuresOfA = (a: Actor): Expectation => (SEES_A.includes(a) ? 'allowed' : ROLE[a] ? 'hidden' : 'denied');

export const STATISTICS: Entry[] = [
  {
    route: 'GET /api/v1/organisations/:slug/statistics',
    access: 'role:hub-admin,mediator,structure-admin',
    request: (f) => ({ path: `/api/v1/organisations/${f.structureA.slug}/statistics?from=2020-01` }),
    expect: figuresOfA,
    badInput: (f) => ({ path: `/api/v1/organisations/${f.structureA.slug}/statistics?from=2026-13`, as: 'hubAdmin' }),
  },
  {
    route: 'GET /api/v1/organisations/:slug/statistics.csv',
    access: 'role:hub-admin,mediator,structure-admin',
    request: (f) => ({ path: `/api/v1/organisations/${f.structureA.slug}/statistics.csv` }),
    expect: figuresOfA,
    badInput: (f) => ({
      path: `/api/v1/organisations/${f.hub.slug}/statistics.csv?structure=pas-dans-ce-hub`,
      as: 'hubAdmin',
    }),
  },
];
