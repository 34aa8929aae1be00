/** Authorization matrix entries of the verifier, as API and as page. */
import { type Entry, everyone } from './matrix-types.js';

export const VERIFICATION: Entry[] = [
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
