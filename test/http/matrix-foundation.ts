/** Authorization matrix entries of pages every visitor reaches, static files, the health check, the OpenAPI document, problem pages. */
import { type Entry, wrongMethod, everyone, signedIn } from './matrix-types.js';

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
];
