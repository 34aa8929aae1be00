/** Contract cases of learners, evaluations, workshops, passports and holder links (gathered, in order, by contract.test.ts). */
import type { Case, ContractContext } from './contract-cases.js';

export function learnerCases({ s, kept }: ContractContext): Case[] {
  return [
    { name: 'learners', method: 'GET', path: `/api/v1/structures/${s}/learners`, as: 'mediator', status: 200 },
    {
      name: 'learners, other structure',
      method: 'GET',
      path: `/api/v1/structures/${s}/learners`,
      as: 'otherMediator',
      status: 403,
    },
    {
      name: 'new learner',
      method: 'POST',
      path: `/api/v1/structures/${s}/learners`,
      as: 'mediator',
      body: { displayName: 'Awa Diallo', email: '', birthYear: '1990', consent: true },
      status: 201,
      keep: (b) => {
        kept.learner = String(b.id);
      },
    },
    {
      name: 'learner, no consent',
      method: 'POST',
      path: `/api/v1/structures/${s}/learners`,
      as: 'mediator',
      body: { displayName: 'Awa Diallo' },
      status: 422,
    },
    {
      name: 'cohort import, dry run',
      method: 'POST',
      path: `/api/v1/structures/${s}/credentials/batch?dryRun=1`,
      as: 'structureAdmin',
      body: { items: [{ name: 'Awa Diallo', birthYear: 1990, achievement: 'A1', level: 'autonome' }] },
      status: 200,
    },
    {
      name: 'cohort import, empty list',
      method: 'POST',
      path: `/api/v1/structures/${s}/credentials/batch`,
      as: 'structureAdmin',
      body: { items: [] },
      status: 422,
    },
    { name: 'learner', method: 'GET', path: '/api/v1/learners/{learner}', as: 'mediator', status: 200 },
    {
      name: 'learner, other structure',
      method: 'GET',
      path: '/api/v1/learners/{learner}',
      as: 'otherMediator',
      status: 404,
    },
    {
      name: 'evaluation',
      method: 'POST',
      path: '/api/v1/learners/{learner}/evaluations',
      as: 'mediator',
      body: { method: 'observation', date: '2026-10-01', items: [{ code: 'A1', level: 'autonome' }] },
      status: 201,
      keep: (b) => {
        kept.evaluation = String(b.id);
      },
    },
    {
      name: 'evaluation, bad date',
      method: 'POST',
      path: '/api/v1/learners/{learner}/evaluations',
      as: 'mediator',
      body: { method: 'observation', date: '1er octobre', items: [] },
      status: 422,
    },
    {
      name: 'no passport yet',
      method: 'GET',
      path: '/api/v1/learners/{learner}/passport.pdf',
      as: 'mediator',
      status: 404,
    },
    { name: 'awards', method: 'POST', path: '/api/v1/learners/{learner}/awards', as: 'mediator', status: 201 },
    {
      name: 'awards, nothing new',
      method: 'POST',
      path: '/api/v1/learners/{learner}/awards',
      as: 'mediator',
      status: 200,
    },
    {
      name: 'awards, other structure',
      method: 'POST',
      path: '/api/v1/learners/{learner}/awards',
      as: 'otherMediator',
      status: 404,
    },
    {
      name: 'correct a learner',
      method: 'PUT',
      path: '/api/v1/learners/{learner}',
      as: 'mediator',
      body: { displayName: 'Awa Diallo-Sow', latinName: '', email: '', birthYear: '1990', reason: 'nom d’usage' },
      status: 200,
    },
    {
      name: 'correct a learner, no reason',
      method: 'PUT',
      path: '/api/v1/learners/{learner}',
      as: 'mediator',
      body: { displayName: 'Awa Diallo-Sow' },
      status: 422,
    },
    {
      name: 'correct an evaluation',
      method: 'PUT',
      path: '/api/v1/learners/{learner}/evaluations/{evaluation}',
      as: 'mediator',
      body: {
        method: 'observation',
        date: '2026-10-01',
        items: [{ code: 'A1', level: 'avec-guidage' }],
        reason: 'niveau noté sur la mauvaise ligne',
      },
      status: 200,
    },
    {
      name: 'correct an evaluation, unknown level',
      method: 'PUT',
      path: '/api/v1/learners/{learner}/evaluations/{evaluation}',
      as: 'mediator',
      body: { method: 'observation', date: '2026-10-01', items: [{ code: 'A1', level: 'expert' }], reason: 'essai' },
      status: 422,
    },
    {
      name: 'workshop',
      method: 'POST',
      path: `/api/v1/structures/${s}/workshops`,
      as: 'mediator',
      body: () => ({
        method: 'exercise',
        date: '2026-10-02',
        people: [{ learner: kept.learner, items: [{ code: 'C1', level: 'autonome-si-besoin' }] }],
      }),
      status: 201,
    },
    {
      name: 'workshop, nobody',
      method: 'POST',
      path: `/api/v1/structures/${s}/workshops`,
      as: 'mediator',
      body: { method: 'exercise', date: '2026-10-02', people: [] },
      status: 422,
    },
    {
      name: 'delete an evaluation, no reason',
      method: 'DELETE',
      path: '/api/v1/learners/{learner}/evaluations/{evaluation}',
      as: 'mediator',
      body: {},
      status: 422,
    },
    {
      name: 'delete an evaluation',
      method: 'DELETE',
      path: '/api/v1/learners/{learner}/evaluations/{evaluation}',
      as: 'mediator',
      body: { reason: 'séance notée sur la mauvaise personne' },
      status: 204,
    },
    { name: 'passport', method: 'GET', path: '/api/v1/learners/{learner}/passport.pdf', as: 'mediator', status: 200 },
    {
      name: 'holder link',
      method: 'POST',
      path: '/api/v1/learners/{learner}/holder-link',
      as: 'mediator',
      status: 201,
    },
    {
      name: 'holder link, bad id',
      method: 'POST',
      path: '/api/v1/learners/0/holder-link',
      as: 'mediator',
      status: 422,
    },
    {
      name: 'revoke holder link',
      method: 'DELETE',
      path: '/api/v1/learners/{learner}/holder-link',
      as: 'mediator',
      status: 204,
    },
    { name: 'revoke link, anonymous', method: 'DELETE', path: '/api/v1/learners/{learner}/holder-link', status: 401 },
    { name: 'export', method: 'GET', path: '/api/v1/learners/{learner}/export', as: 'mediator', status: 200 },
    {
      name: 'export, other structure',
      method: 'GET',
      path: '/api/v1/learners/{learner}/export',
      as: 'otherMediator',
      status: 404,
    },
  ];
}

/** Erasing the learner: after the statistics, which count the learner first. */
export function learnerErasureCases(): Case[] {
  return [
    {
      name: 'erase, other structure',
      method: 'DELETE',
      path: '/api/v1/learners/{learner}',
      as: 'otherMediator',
      status: 404,
    },
    { name: 'erase', method: 'DELETE', path: '/api/v1/learners/{learner}', as: 'mediator', status: 204 },
  ];
}
