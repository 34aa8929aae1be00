/** Contract cases of the health check and the OpenAPI document (gathered, in order, by contract.test.ts). */
import type { Case } from './contract-cases.js';

export function platformCases(): Case[] {
  return [
    { name: 'health', method: 'GET', path: '/healthz', status: 200 },
    // An unknown or revoked API token is refused on every operation, public ones included.
    { name: 'health, unknown token', method: 'GET', path: '/healthz', as: 'unknownToken', status: 401 },
    { name: 'document', method: 'GET', path: '/api/openapi.json', status: 200 },
    { name: 'document, unknown token', method: 'GET', path: '/api/openapi.json', as: 'unknownToken', status: 401 },
  ];
}
