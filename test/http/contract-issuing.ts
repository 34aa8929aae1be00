/** Contract cases of issuing credentials, their status and the issuer keys (gathered, in order, by contract.test.ts). */
import { type Case, type ContractContext, UUID } from './contract-cases.js';

export function issuingCases({ hub, kept }: ContractContext): Case[] {
  return [
    {
      name: 'issue a block badge',
      method: 'POST',
      path: '/api/v1/credentials',
      as: 'hubAdmin',
      headers: { 'idempotency-key': 'contract-1' },
      body: { achievement: 'mediateurs/1.0.0/blocs/M1', recipient: { name: 'Camille' }, level: 'maitrise' },
      status: 201,
      keep: (b) => {
        kept.credential = String(b.id).slice('urn:uuid:'.length);
      },
    },
    {
      name: 'the same, replayed',
      method: 'POST',
      path: '/api/v1/credentials',
      as: 'hubAdmin',
      headers: { 'idempotency-key': 'contract-1' },
      body: { achievement: 'mediateurs/1.0.0/blocs/M1', recipient: { name: 'Camille' }, level: 'maitrise' },
      status: 200,
    },
    {
      name: 'issue, unknown level',
      method: 'POST',
      path: '/api/v1/credentials',
      as: 'hubAdmin',
      body: { achievement: 'mediateurs/1.0.0/blocs/M1', recipient: { name: 'Camille' }, level: 'expert' },
      status: 422,
    },
    {
      name: 'issue, not JSON',
      method: 'POST',
      path: '/api/v1/credentials',
      as: 'hubAdmin',
      headers: { 'content-type': 'text/plain' },
      body: 'badge',
      status: 415,
    },
    { name: 'credential', method: 'GET', path: '/api/v1/credentials/{credential}', as: 'hubAdmin', status: 200 },
    { name: 'credential, unknown', method: 'GET', path: `/api/v1/credentials/${UUID}`, as: 'hubAdmin', status: 404 },
    {
      name: 'suspend',
      method: 'POST',
      path: '/api/v1/credentials/{credential}/suspend',
      as: 'hubAdmin',
      body: { reason: 'Enquête en cours' },
      status: 200,
    },
    {
      name: 'suspend twice',
      method: 'POST',
      path: '/api/v1/credentials/{credential}/suspend',
      as: 'hubAdmin',
      body: { reason: 'Encore' },
      status: 409,
    },
    {
      name: 'reinstate',
      method: 'POST',
      path: '/api/v1/credentials/{credential}/reinstate',
      as: 'hubAdmin',
      body: { reason: 'Enquête close' },
      status: 200,
    },
    {
      name: 'reinstate, no reason',
      method: 'POST',
      path: '/api/v1/credentials/{credential}/reinstate',
      as: 'hubAdmin',
      body: { reason: '' },
      status: 422,
    },
    {
      name: 'revoke',
      method: 'POST',
      path: '/api/v1/credentials/{credential}/revoke',
      as: 'hubAdmin',
      body: { reason: 'Délivré par erreur' },
      status: 200,
    },
    {
      name: 'revoke twice',
      method: 'POST',
      path: '/api/v1/credentials/{credential}/revoke',
      as: 'hubAdmin',
      body: { reason: 'Encore' },
      status: 409,
    },
    {
      name: 'rotate key',
      method: 'POST',
      path: `/api/v1/issuers/${hub}/keys/rotate`,
      as: 'hubAdmin',
      status: 201,
      keep: (b) => {
        kept.fragment = String(b.kid).split('#')[1]!;
      },
    },
    {
      name: 'rotate, not an admin',
      method: 'POST',
      path: `/api/v1/issuers/${hub}/keys/rotate`,
      as: 'mediator',
      status: 403,
    },
    {
      name: 'key compromised',
      method: 'POST',
      path: `/api/v1/issuers/${hub}/keys/{fragment}/compromised`,
      as: 'hubAdmin',
      body: { reason: 'Fuite de la clé' },
      status: 200,
    },
    {
      name: 'compromised, bad fragment',
      method: 'POST',
      path: `/api/v1/issuers/${hub}/keys/${'x'.repeat(80)}/compromised`,
      as: 'hubAdmin',
      body: { reason: 'Fuite de la clé' },
      status: 422,
    },
  ];
}
