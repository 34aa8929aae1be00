/** The Data Integrity forms (issue 18): public documents, like the JWT forms beside them. */
import type { Entry, Expectation } from './matrix-types.js';

const everyone = (): Expectation => 'allowed';

export const DATA_INTEGRITY: Entry[] = [
  {
    route: 'GET /credentials/:file{[^/]+\\.ldp\\.json}',
    access: 'public',
    request: (f) => ({ path: `/credentials/${f.extra.credentialId}.ldp.json` }),
    expect: everyone,
    badInput: () => ({ path: '/credentials/pas-un-identifiant.ldp.json', as: 'anonymous' }),
  },
  {
    route: 'GET /credentials/:id{[^/.]+}',
    access: 'public',
    request: (f) => ({ path: `/credentials/${f.extra.credentialId}`, accept: 'application/vc' }),
    expect: everyone,
    badInput: () => ({
      path: `/credentials/${crypto.randomUUID()}`,
      headers: { accept: 'application/vc' },
      as: 'anonymous',
    }),
  },
  {
    route: 'GET /issuers/:slug/status/:file{[^/]+\\.ldp\\.json}',
    access: 'public',
    request: (f) => ({ path: `/issuers/${f.structureA.slug}/status/${f.extra.statusList}.ldp.json` }),
    expect: everyone,
    badInput: (f) => ({ path: `/issuers/${f.structureB.slug}/status/${f.extra.statusList}.ldp.json`, as: 'anonymous' }),
  },
];
