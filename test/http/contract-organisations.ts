/** Contract cases of organisations, members, invitations and the first set-up (gathered, in order, by contract.test.ts). */
import { type Case, type ContractContext, SETUP_TOKEN } from './contract-cases.js';

export function organisationCases({ s }: ContractContext): Case[] {
  return [
    { name: 'organisations', method: 'GET', path: '/api/v1/organisations', as: 'hubAdmin', status: 200 },
    { name: 'organisations, anonymous', method: 'GET', path: '/api/v1/organisations', status: 401 },
    {
      name: 'new structure',
      method: 'POST',
      path: '/api/v1/organisations',
      as: 'hubAdmin',
      body: { name: 'Espace public numérique', url: '', email: 'epn@example.org' },
      status: 201,
    },
    {
      name: 'structure, by a mediator',
      method: 'POST',
      path: '/api/v1/organisations',
      as: 'mediator',
      body: { name: 'Non' },
      status: 403,
    },
    { name: 'members', method: 'GET', path: `/api/v1/organisations/${s}/members`, as: 'structureAdmin', status: 200 },
    {
      name: 'members, unknown',
      method: 'GET',
      path: '/api/v1/organisations/inconnue/members',
      as: 'hubAdmin',
      status: 404,
    },
    {
      name: 'password reset link',
      method: 'POST',
      path: `/api/v1/organisations/${s}/members/{mediatorId}/password-reset`,
      as: 'structureAdmin',
      body: {},
      status: 201,
    },
    {
      name: 'password reset, by a mediator',
      method: 'POST',
      path: `/api/v1/organisations/${s}/members/{mediatorId}/password-reset`,
      as: 'mediator',
      body: {},
      status: 403,
    },
    {
      name: 'invitation',
      method: 'POST',
      path: '/api/v1/invitations',
      as: 'structureAdmin',
      body: { organisation: s, role: 'mediator', email: '' },
      status: 201,
    },
    {
      name: 'invitation, role not given',
      method: 'POST',
      path: '/api/v1/invitations',
      as: 'structureAdmin',
      body: { organisation: s, role: 'hub-admin' },
      status: 403,
    },
    {
      name: 'set-up',
      method: 'POST',
      path: '/api/v1/setup',
      headers: { 'x-jalon-setup-token': SETUP_TOKEN },
      status: 200,
    },
    {
      name: 'set-up, wrong secret',
      method: 'POST',
      path: '/api/v1/setup',
      headers: { 'x-jalon-setup-token': 'x' },
      status: 401,
    },
  ];
}
