/** Authorization matrix entries of the published referentials and frameworks, as pages and as API. */
import { type Entry, wrongMethod, everyone } from './matrix-types.js';

export const REFERENTIALS: Entry[] = [
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
