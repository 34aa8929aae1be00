/** Contract cases of the signed-in account and its API tokens (gathered, in order, by contract.test.ts). */
import type { Case, ContractContext } from './contract-cases.js';

export function authCases({ kept }: ContractContext): Case[] {
  return [
    {
      name: 'me',
      method: 'GET',
      path: '/api/v1/me',
      as: 'mediator',
      status: 200,
      keep: (b) => {
        kept.mediatorId = String(b.id);
      },
    },
    { name: 'me, anonymous', method: 'GET', path: '/api/v1/me', status: 401 },
    { name: 'new token', method: 'POST', path: '/api/v1/tokens', as: 'mediator', body: { name: 'x' }, status: 201 },
    { name: 'token, no name', method: 'POST', path: '/api/v1/tokens', as: 'mediator', body: {}, status: 422 },
    {
      name: 'token to revoke',
      method: 'POST',
      path: '/api/v1/tokens',
      as: 'mediator',
      body: { name: 'à révoquer' },
      status: 201,
      keep: (b) => {
        kept.token = String(b.id);
      },
    },
    {
      name: 'revoke token',
      method: 'DELETE',
      path: '/api/v1/tokens/{token}',
      as: 'mediator',
      status: 204,
    },
    { name: 'revoke, bad id', method: 'DELETE', path: '/api/v1/tokens/nope', as: 'mediator', status: 422 },
  ];
}
