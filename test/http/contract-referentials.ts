/** Contract cases of the published referentials (gathered, in order, by contract.test.ts). */
import type { Case } from './contract-cases.js';

export function referentialCases(): Case[] {
  return [
    { name: 'referentials', method: 'GET', path: '/api/v1/referentials', status: 200 },
    {
      name: 'referentials, unknown token',
      method: 'GET',
      path: '/api/v1/referentials',
      as: 'unknownToken',
      status: 401,
    },
    { name: 'referential', method: 'GET', path: '/api/v1/referentials/abecedaire', status: 200 },
    { name: 'referential, unknown', method: 'GET', path: '/api/v1/referentials/inconnu', status: 404 },
    { name: 'version', method: 'GET', path: '/api/v1/referentials/abecedaire/1.0.0', status: 200 },
    { name: 'version, malformed', method: 'GET', path: '/api/v1/referentials/abecedaire/1.x', status: 422 },
    { name: 'rules', method: 'GET', path: '/api/v1/referentials/abecedaire/1.0.0/rules', status: 200 },
    { name: 'rules, none', method: 'GET', path: '/api/v1/referentials/mediateurs/1.0.0/rules', status: 404 },
  ];
}
