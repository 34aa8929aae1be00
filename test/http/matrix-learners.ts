/** Authorization matrix entries of learners: list, record, evaluations, awards, passport, holder links, erasure, as pages and API. */
import { type Entry, type Fixture, everyone, only, UUID } from './matrix-types.js';

const LEARNER_ROLES = ['mediator', 'structure-admin'];
const learnerOfA = only('mediatorA', 'structureAdminA')(LEARNER_ROLES);
/** The cohort import: structure A's admins and the hub's. */
const importers = only('structureAdminA', 'hubAdmin')(['structure-admin', 'hub-admin']);

/** A learner of structure A with an issued badge and a live holder link, and one to erase. */
export async function prepareLearners(f: Fixture): Promise<void> {
  const service = await import('../../src/learners/service.js');
  const { recordEvaluation } = await import('../../src/learners/evaluations.js');
  const { issueEarned } = await import('../../src/learners/awards.js');
  const { createHolderLink } = await import('../../src/learners/holder.js');
  const { principalFromApiToken } = await import('../../src/auth/service.js');
  const { apiTokenFor } = await import('../helpers/harness.js');
  const mediator = (await principalFromApiToken(f.h.deps, await apiTokenFor(f.h, f.users.mediatorA)))!;
  const learner = await service.registerLearner(f.h.deps, mediator, f.structureA, { displayName: 'Personne Matrice' });
  const ctx = await service.learnerFor(f.h.deps, mediator, learner.id);
  await recordEvaluation(f.h.deps, mediator, ctx, {
    method: 'observation',
    date: '2026-01-05',
    items: [{ code: 'A1', level: 'autonome' }],
  });
  await issueEarned(f.h.deps, mediator, ctx);
  f.extra.learnerId = learner.id;
  f.extra.holderToken = (await createHolderLink(f.h.deps, mediator, ctx)).token;
  f.extra.erasableId = (
    await service.registerLearner(f.h.deps, mediator, f.structureA, { displayName: 'À effacer' })
  ).id;
}

const L = (f: Fixture, rest = '') => `/structures/${f.structureA.slug}/apprenants/${f.extra.learnerId}${rest}`;

export const LEARNERS: Entry[] = [
  {
    route: 'GET /structures/:slug/apprenants',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: `/structures/${f.structureA.slug}/apprenants` }),
    expect: learnerOfA,
    badInput: () => ({ path: '/structures/NOPE/apprenants', as: 'mediatorA' }),
  },
  {
    route: 'POST /structures/:slug/apprenants',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: `/structures/${f.structureA.slug}/apprenants`, form: { displayName: '' } }),
    expect: learnerOfA,
    badInput: (f) => ({
      path: `/structures/${f.structureA.slug}/apprenants`,
      form: { displayName: 'X', birthYear: '1700', consent: 'oui' },
      as: 'mediatorA',
    }),
  },
  {
    route: 'POST /structures/:slug/reglages',
    access: 'role:structure-admin',
    request: (f) => ({ path: `/structures/${f.structureA.slug}/reglages`, form: {} }),
    expect: only('structureAdminA')(['structure-admin']),
    badInput: () => ({ path: '/structures/x_x/reglages', form: {}, as: 'structureAdminA' }),
  },
  {
    route: 'GET /structures/:slug/apprenants/:id',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: L(f) }),
    expect: learnerOfA,
    badInput: (f) => ({ path: `/structures/${f.structureA.slug}/apprenants/42`, as: 'mediatorA' }),
  },
  {
    route: 'GET /structures/:slug/apprenants/:id/positionnement',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: L(f, '/positionnement?themes=E-mail') }),
    expect: learnerOfA,
    badInput: (f) => ({
      path: `/structures/${f.structureB.slug}/apprenants/${f.extra.learnerId}/positionnement`,
      as: 'mediatorA',
    }),
  },
  {
    route: 'POST /structures/:slug/apprenants/:id/positionnement',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: L(f, '/positionnement'), form: { date: 'hier' } }),
    expect: learnerOfA,
    badInput: (f) => ({
      path: L(f, '/positionnement'),
      form: { date: '2026-01-01', 'niveau.ZZ9': 'autonome' },
      as: 'mediatorA',
    }),
  },
  {
    route: 'GET /structures/:slug/apprenants/:id/evaluation',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: L(f, '/evaluation') }),
    expect: learnerOfA,
    badInput: () => ({ path: '/structures/structure-demo/apprenants/x/evaluation', as: 'mediatorA' }),
  },
  {
    route: 'POST /structures/:slug/apprenants/:id/evaluation',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: L(f, '/evaluation'), form: { method: 'observation', date: '' } }),
    expect: learnerOfA,
    badInput: (f) => ({
      path: L(f, '/evaluation'),
      form: { method: 'divination', date: '2026-01-01', 'niveau.A1': 'autonome' },
      as: 'mediatorA',
    }),
  },
  {
    route: 'POST /structures/:slug/apprenants/:id/attribuer',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: L(f, '/attribuer'), form: {} }),
    expect: learnerOfA,
    badInput: (f) => ({ path: L(f, '/attribuer'), json: {}, as: 'mediatorA' }),
  },
  {
    route: 'GET /structures/:slug/apprenants/:id/passeport.pdf',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: L(f, '/passeport.pdf') }),
    expect: learnerOfA,
    badInput: (f) => ({
      path: `/structures/${f.structureA.slug}/apprenants/${f.extra.erasableId}/passeport.pdf`,
      as: 'mediatorA',
    }),
  },
  {
    route: 'GET /structures/:slug/apprenants/:id/lien',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: L(f, '/lien') }),
    expect: learnerOfA,
    badInput: () => ({ path: '/structures/structure-demo/apprenants/0/lien', as: 'mediatorA' }),
  },
  {
    route: 'POST /structures/:slug/apprenants/:id/lien',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: `/structures/${f.structureA.slug}/apprenants/${f.extra.erasableId}/lien`, form: {} }),
    expect: learnerOfA,
    badInput: (f) => ({
      path: `/structures/${f.structureA.slug}/apprenants/${f.extra.erasableId}/lien`,
      form: { _csrf: 'x' },
      as: 'mediatorA',
    }),
  },
  {
    route: 'POST /structures/:slug/apprenants/:id/lien/revoquer',
    access: 'role:mediator,structure-admin',
    request: (f) => ({
      path: `/structures/${f.structureA.slug}/apprenants/${f.extra.erasableId}/lien/revoquer`,
      form: {},
    }),
    expect: learnerOfA,
    badInput: () => ({ path: '/structures/structure-demo/apprenants/bad/lien/revoquer', form: {}, as: 'mediatorA' }),
  },
  {
    route: 'GET /structures/:slug/apprenants/:id/export.json',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: L(f, '/export.json') }),
    expect: learnerOfA,
    badInput: () => ({ path: '/structures/structure-demo/apprenants/bad/export.json', as: 'mediatorA' }),
  },
  {
    route: 'GET /structures/:slug/apprenants/:id/effacer',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: L(f, '/effacer') }),
    expect: learnerOfA,
    badInput: () => ({ path: '/structures/structure-demo/apprenants/bad/effacer', as: 'mediatorA' }),
  },
  {
    route: 'POST /structures/:slug/apprenants/:id/effacer',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: L(f, '/effacer'), form: {} }),
    expect: learnerOfA,
    badInput: (f) => ({ path: L(f, '/effacer'), form: { confirm: 'non' }, as: 'mediatorA' }),
  },
  {
    route: 'GET /structures/:slug/import',
    access: 'role:hub-admin,structure-admin',
    request: (f) => ({ path: `/structures/${f.structureA.slug}/import` }),
    expect: importers,
    badInput: () => ({ path: '/structures/NOPE/import', as: 'structureAdminA' }),
  },
  {
    route: 'POST /structures/:slug/import',
    access: 'role:hub-admin,structure-admin',
    request: (f) => ({ path: `/structures/${f.structureA.slug}/import`, form: { csv: '' } }),
    expect: importers,
    badInput: () => ({ path: '/structures/NOPE/import', form: { csv: 'x' }, as: 'structureAdminA' }),
  },
  {
    route: 'POST /structures/:slug/import/confirmer',
    access: 'role:hub-admin,structure-admin',
    request: (f) => ({ path: `/structures/${f.structureA.slug}/import/confirmer`, form: { csv: '' } }),
    expect: importers,
    badInput: () => ({ path: '/structures/NOPE/import/confirmer', form: { csv: 'x' }, as: 'structureAdminA' }),
  },
  {
    route: 'GET /structures/:slug/import/:id',
    access: 'role:hub-admin,structure-admin',
    request: (f) => ({ path: `/structures/${f.structureA.slug}/import/${UUID}` }),
    expect: importers,
    badInput: (f) => ({ path: `/structures/${f.structureA.slug}/import/abc`, as: 'structureAdminA' }),
  },
  {
    route: 'GET /structures/:slug/import/:id/resultat.csv',
    access: 'role:hub-admin,structure-admin',
    request: (f) => ({ path: `/structures/${f.structureA.slug}/import/${UUID}/resultat.csv` }),
    expect: importers,
    badInput: (f) => ({ path: `/structures/${f.structureA.slug}/import/abc/resultat.csv`, as: 'structureAdminA' }),
  },
  {
    route: 'POST /api/v1/structures/:slug/credentials/batch',
    access: 'role:hub-admin,structure-admin',
    request: (f) => ({
      path: `/api/v1/structures/${f.structureA.slug}/credentials/batch?dryRun=1`,
      json: { items: [{ name: 'Awa Diallo', achievement: 'A1', level: 'autonome' }] },
    }),
    expect: importers,
    badInput: (f) => ({
      path: `/api/v1/structures/${f.structureA.slug}/credentials/batch`,
      json: { items: [] },
      as: 'structureAdminA',
    }),
  },
  {
    route: 'GET /api/v1/structures/:slug/learners',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: `/api/v1/structures/${f.structureA.slug}/learners` }),
    expect: learnerOfA,
    badInput: () => ({ path: '/api/v1/structures/unknown/learners', as: 'mediatorA' }),
  },
  {
    route: 'POST /api/v1/structures/:slug/learners',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: `/api/v1/structures/${f.structureA.slug}/learners`, json: { displayName: '' } }),
    expect: learnerOfA,
    badInput: (f) => ({
      path: `/api/v1/structures/${f.structureA.slug}/learners`,
      json: { displayName: 'X', consent: false },
      as: 'mediatorA',
    }),
  },
  {
    route: 'GET /api/v1/learners/:id',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: `/api/v1/learners/${f.extra.learnerId}` }),
    expect: learnerOfA,
    badInput: () => ({ path: '/api/v1/learners/abc', as: 'mediatorA' }),
  },
  {
    route: 'POST /api/v1/learners/:id/evaluations',
    access: 'role:mediator,structure-admin',
    request: (f) => ({
      path: `/api/v1/learners/${f.extra.learnerId}/evaluations`,
      json: { method: 'observation', date: '2026-01-06', items: [] },
    }),
    expect: learnerOfA,
    badInput: (f) => ({
      path: `/api/v1/learners/${f.extra.learnerId}/evaluations`,
      json: { method: 'observation', date: '2999-01-01', items: [{ code: 'A1', level: 'autonome' }] },
      as: 'mediatorA',
    }),
  },
  {
    route: 'POST /api/v1/learners/:id/awards',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: `/api/v1/learners/${f.extra.learnerId}/awards`, json: {} }),
    expect: learnerOfA,
    badInput: () => ({ path: '/api/v1/learners/not-a-uuid/awards', json: {}, as: 'mediatorA' }),
  },
  {
    route: 'GET /api/v1/learners/:id/passport.pdf',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: `/api/v1/learners/${f.extra.learnerId}/passport.pdf` }),
    expect: learnerOfA,
    badInput: (f) => ({ path: `/api/v1/learners/${f.extra.erasableId}/passport.pdf`, as: 'mediatorA' }),
  },
  {
    route: 'POST /api/v1/learners/:id/holder-link',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: `/api/v1/learners/${f.extra.erasableId}/holder-link`, json: {} }),
    expect: learnerOfA,
    badInput: () => ({ path: '/api/v1/learners/0/holder-link', json: {}, as: 'mediatorA' }),
  },
  {
    route: 'DELETE /api/v1/learners/:id/holder-link',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: `/api/v1/learners/${f.extra.erasableId}/holder-link` }),
    expect: learnerOfA,
    badInput: () => ({ path: '/api/v1/learners/0/holder-link', as: 'mediatorA' }),
  },
  {
    route: 'GET /api/v1/learners/:id/export',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: `/api/v1/learners/${f.extra.learnerId}/export` }),
    expect: learnerOfA,
    badInput: () => ({ path: '/api/v1/learners/0/export', as: 'mediatorA' }),
  },
  {
    route: 'DELETE /api/v1/learners/:id',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: `/api/v1/learners/${f.extra.erasableId}` }),
    expect: learnerOfA,
    badInput: () => ({ path: '/api/v1/learners/0', as: 'mediatorA' }),
  },
  {
    route: 'GET /p/:token',
    access: 'holder-link',
    request: (f) => ({ path: `/p/${f.extra.holderToken}`, accept: 'text/html' }),
    expect: everyone,
    badInput: () => ({ path: '/p/too-short', as: 'anonymous' }),
  },
  {
    route: 'GET /p/:token/passeport.pdf',
    access: 'holder-link',
    request: (f) => ({ path: `/p/${f.extra.holderToken}/passeport.pdf` }),
    expect: everyone,
    badInput: () => ({ path: `/p/${'A'.repeat(43)}/passeport.pdf`, as: 'anonymous' }),
  },
];
