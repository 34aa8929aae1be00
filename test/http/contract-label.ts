/** Contract cases of the regional label: details, public listing, programme, applications, reviews, status, registry (gathered, in order, by contract.test.ts). */
import type { Case, ContractContext } from './contract-cases.js';

const LABEL_DETAILS = {
  pivot: '73282932000074',
  adresse: '12 rue de la Liberté',
  codePostal: '21000',
  commune: 'Dijon',
  services: ['Aide aux démarches administratives'],
};
const LABEL_ANSWERS = {
  'acces-gratuit': 'Gratuit.',
  horaires: '9 h – 17 h.',
  accessibilite: 'Plain-pied.',
  'donnees-personnelles': 'Charte adoptée.',
  'partenariat-social': 'CCAS.',
  equipement: 'Ordinateurs.',
};
const LABEL_REVIEW = {
  vote: 'approve',
  items: [
    'mediateurs-certifies',
    'acces-gratuit',
    'horaires',
    'accessibilite',
    'donnees-personnelles',
    'partenariat-social',
    'aidants-connect',
    'equipement',
    'suivi-competences',
  ].map((code) => ({ code, decision: 'accept' })),
};

export function labelCases({ s, kept }: ContractContext): Case[] {
  return [
    {
      name: 'place details',
      method: 'PUT',
      path: `/api/v1/structures/${s}/details`,
      as: 'structureAdmin',
      body: LABEL_DETAILS,
      status: 200,
    },
    {
      name: 'place details, bad SIRET',
      method: 'PUT',
      path: `/api/v1/structures/${s}/details`,
      as: 'structureAdmin',
      body: { ...LABEL_DETAILS, pivot: '123' },
      status: 422,
    },
    { name: 'read details', method: 'GET', path: `/api/v1/structures/${s}/details`, as: 'structureAdmin', status: 200 },
    {
      name: 'read details, mediator',
      method: 'GET',
      path: `/api/v1/structures/${s}/details`,
      as: 'mediator',
      status: 403,
    },
    {
      name: 'public listing',
      method: 'PUT',
      path: `/api/v1/structures/${s}/public-listing`,
      as: 'mediator',
      body: { consent: true },
      status: 200,
    },
    {
      name: 'public listing, not a boolean',
      method: 'PUT',
      path: `/api/v1/structures/${s}/public-listing`,
      as: 'mediator',
      body: { consent: 'oui' },
      status: 422,
    },
    { name: 'label programme', method: 'GET', path: '/api/v1/label-programmes/label-regional', status: 200 },
    { name: 'label programme, unknown', method: 'GET', path: '/api/v1/label-programmes/label-inconnu', status: 404 },
    {
      name: 'label application, unknown programme',
      method: 'POST',
      path: `/api/v1/structures/${s}/label-applications`,
      as: 'structureAdmin',
      body: { programme: 'label-inconnu', answers: LABEL_ANSWERS },
      status: 404,
    },
    {
      name: 'label application',
      method: 'POST',
      path: `/api/v1/structures/${s}/label-applications`,
      as: 'structureAdmin',
      body: { programme: 'label-regional', answers: LABEL_ANSWERS },
      status: 201,
      keep: (b) => {
        kept.labelApplication = String(b.id);
      },
    },
    {
      name: 'label application, already open',
      method: 'POST',
      path: `/api/v1/structures/${s}/label-applications`,
      as: 'structureAdmin',
      body: { answers: LABEL_ANSWERS },
      status: 409,
    },
    {
      name: 'file the label application',
      method: 'PUT',
      path: '/api/v1/label-applications/{labelApplication}',
      as: 'structureAdmin',
      body: { answers: LABEL_ANSWERS, submit: true },
      status: 200,
    },
    {
      name: 'label application, bad answers',
      method: 'PUT',
      path: '/api/v1/label-applications/{labelApplication}',
      as: 'structureAdmin',
      body: { answers: 'tout' },
      status: 422,
    },
    {
      name: 'read label application',
      method: 'GET',
      path: '/api/v1/label-applications/{labelApplication}',
      as: 'committee1',
      status: 200,
    },
    {
      name: 'read label application, mediator',
      method: 'GET',
      path: '/api/v1/label-applications/{labelApplication}',
      as: 'mediator',
      status: 403,
    },
    {
      name: 'label review 1',
      method: 'POST',
      path: '/api/v1/label-applications/{labelApplication}/reviews',
      as: 'committee1',
      body: () => LABEL_REVIEW,
      status: 200,
    },
    {
      name: 'label review, twice',
      method: 'POST',
      path: '/api/v1/label-applications/{labelApplication}/reviews',
      as: 'committee1',
      body: () => LABEL_REVIEW,
      status: 409,
    },
    {
      name: 'label review, the hub admin (not on the committee: no vote)',
      method: 'POST',
      path: '/api/v1/label-applications/{labelApplication}/reviews',
      as: 'hubAdmin',
      body: () => LABEL_REVIEW,
      status: 403,
    },
    {
      name: 'label review 2 grants the label',
      method: 'POST',
      path: '/api/v1/label-applications/{labelApplication}/reviews',
      as: 'committee2',
      body: () => LABEL_REVIEW,
      status: 200,
      keep: (b) => {
        kept.label = String(b.labelId);
      },
    },
    {
      name: 'suspend the label',
      method: 'POST',
      path: '/api/v1/labels/{label}/status',
      as: 'committee1',
      body: { action: 'suspend', reason: 'Contrôle en cours' },
      status: 200,
    },
    {
      name: 'label status, no reason',
      method: 'POST',
      path: '/api/v1/labels/{label}/status',
      as: 'committee1',
      body: { action: 'withdraw' },
      status: 422,
    },
    { name: 'registry', method: 'GET', path: '/api/v1/registry', status: 200 },
    { name: 'registry, unknown token', method: 'GET', path: '/api/v1/registry', as: 'unknownToken', status: 401 },
  ];
}
