/** Authorization matrix entries of signing in and out, invitations, the account page and API tokens. */
import { type Entry, UUID, TOKEN, wrongMethod, everyone, signedIn } from './matrix-types.js';

export const AUTH: Entry[] = [
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
];
