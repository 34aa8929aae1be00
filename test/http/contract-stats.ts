/** Contract cases of the statistics of a structure and of the hub, as JSON and CSV (gathered, in order, by contract.test.ts). */
import type { Case, ContractContext } from './contract-cases.js';

export function statisticsCases({ s, hub }: ContractContext): Case[] {
  return [
    {
      name: 'figures of the hub, one structure, from a month',
      method: 'GET',
      path: `/api/v1/organisations/${hub}/statistics?structure=${s}&from=2020-01`,
      as: 'hubAdmin',
      status: 200,
    },
    {
      name: 'figures, a month that does not exist',
      method: 'GET',
      path: `/api/v1/organisations/${s}/statistics?from=2026-13`,
      as: 'mediator',
      status: 422,
    },
    {
      name: 'figures as CSV',
      method: 'GET',
      path: `/api/v1/organisations/${s}/statistics.csv`,
      as: 'mediator',
      status: 200,
    },
    {
      name: 'figures as CSV, another structure',
      method: 'GET',
      path: `/api/v1/organisations/${s}/statistics.csv`,
      as: 'otherMediator',
      status: 403,
    },
  ];
}
