/**
 * Authorization matrix entries of a mediator's day (issue 12): corrections, withdrawal from the
 * learner page, workshop mode, figures, passwords, the static script; and (issue 15) reset links and
 * role removals for accounts with roles beyond structure A.
 */
import type { Actor, Entry, Expectation, Fixture } from './matrix-types.js';

const ROLE: Record<Actor, string | null> = {
  anonymous: null,
  noRole: null,
  mediatorA: 'mediator',
  structureAdminA: 'structure-admin',
  mediatorB: 'mediator',
  structureAdminB: 'structure-admin',
  committee: 'committee',
  hubAdmin: 'hub-admin',
};
const everyone = (): Expectation => 'allowed';
const signedIn = (a: Actor): Expectation => (a === 'anonymous' ? 'denied' : 'allowed');
/** Allowed for these actors; others with one of the roles: hidden (403/404); the rest: denied. */
const only =
  (allowed: Actor[], roles: string[]) =>
  (a: Actor): Expectation =>
    allowed.includes(a) ? 'allowed' : roles.includes(ROLE[a] ?? '') ? 'hidden' : 'denied';

const learnerOfA = only(['mediatorA', 'structureAdminA'], ['mediator', 'structure-admin']);
const figuresOfA = only(['mediatorA', 'structureAdminA', 'hubAdmin'], ['hub-admin', 'structure-admin', 'mediator']);
const adminsOfA = only(['structureAdminA', 'hubAdmin'], ['hub-admin', 'structure-admin']);
/** An account with roles in the hub too: its structure's admin is refused (403) like everyone but the hub admin. */
const hubAdminOnly = (a: Actor): Expectation => (a === 'hubAdmin' ? 'allowed' : 'denied');

/** A learner of structure A with a session and a badge of their own (corrections act on them), and an account to reset. */
export async function prepareDay(f: Fixture): Promise<void> {
  const service = await import('../../src/learners/service.js');
  const { recordEvaluation, recordWorkshop } = await import('../../src/learners/evaluations.js');
  const { issueEarned } = await import('../../src/learners/awards.js');
  const { principalFromApiToken } = await import('../../src/auth/service.js');
  const { createResetLink, resetTargetOf } = await import('../../src/auth/passwords.js');
  const { addRole, apiTokenFor, createUser } = await import('../helpers/harness.js');
  const { learnerCredentials } = await import('../../src/learners/store.js');
  const mediator = (await principalFromApiToken(f.h.deps, await apiTokenFor(f.h, f.users.mediatorA)))!;
  const admin = (await principalFromApiToken(f.h.deps, await apiTokenFor(f.h, f.users.structureAdminA)))!;
  const learner = await service.registerLearner(f.h.deps, mediator, f.structureA, { displayName: 'Personne Corrigée' });
  const ctx = await service.learnerFor(f.h.deps, mediator, learner.id);
  const recorded = await recordEvaluation(f.h.deps, mediator, ctx, {
    method: 'observation',
    date: '2026-01-06',
    items: [{ code: 'A1', level: 'autonome' }],
  });
  await issueEarned(f.h.deps, mediator, ctx);
  f.extra.dayLearnerId = learner.id;
  f.extra.dayEvaluationId = recorded.evaluationId;
  f.extra.dayCredentialId = (await learnerCredentials(f.h.deps.database.db, learner.id))[0]!.id;
  // A group session of this person (its badges page and its « Délivrer les badges du groupe »).
  f.extra.dayWorkshopId = (
    await recordWorkshop(f.h.deps, mediator, [{ ctx, items: [{ code: 'A2', level: 'avec-guidage' }] }], {
      method: 'observation',
      date: '2026-01-06',
    })
  ).workshop;
  const other = await createUser(f.h, f.structureA.id, 'mediator');
  f.extra.resetUserId = other.id;
  f.extra.resetToken = (
    await createResetLink(
      f.h.deps,
      admin,
      await resetTargetOf(f.h.deps, admin, { userId: other.id, orgId: f.structureA.id }),
    )
  ).url
    .split('/')
    .pop()!;
  // Accounts with a role beyond structure A (issue 15): only the hub admin may act on them.
  const hubAdminAlsoMediator = await createUser(f.h, f.hub.id, 'hub-admin');
  await addRole(f.h, hubAdminAlsoMediator, f.structureA.id, 'mediator');
  f.extra.hubAdminAlsoMediatorId = hubAdminAlsoMediator.id;
  const committeeAlsoMediator = await createUser(f.h, f.hub.id, 'committee');
  await addRole(f.h, committeeAlsoMediator, f.structureA.id, 'mediator');
  f.extra.committeeAlsoMediatorId = committeeAlsoMediator.id;
}

const D = (f: Fixture, rest = '') => `/structures/${f.structureA.slug}/apprenants/${f.extra.dayLearnerId}${rest}`;
const BAD_LEARNER = '/structures/structure-demo/apprenants/not-an-id';

export const LEARNERS_DAY: Entry[] = [
  {
    route: 'GET /structures/:slug/apprenants/:id/modifier',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: D(f, '/modifier') }),
    expect: learnerOfA,
    badInput: () => ({ path: `${BAD_LEARNER}/modifier`, as: 'mediatorA' }),
  },
  {
    route: 'POST /structures/:slug/apprenants/:id/modifier',
    access: 'role:mediator,structure-admin',
    request: (f) => ({
      path: D(f, '/modifier'),
      form: { displayName: 'Personne Corrigée', email: '', birthYear: '1980', reason: 'année de naissance' },
    }),
    expect: learnerOfA,
    badInput: () => ({ path: `${BAD_LEARNER}/modifier`, form: { displayName: 'x' }, as: 'mediatorA' }),
  },
  {
    route: 'POST /structures/:slug/apprenants/:id/redelivrer',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: D(f, '/redelivrer'), form: {} }),
    expect: learnerOfA,
    badInput: () => ({ path: `${BAD_LEARNER}/redelivrer`, form: {}, as: 'mediatorA' }),
  },
  {
    route: 'GET /structures/:slug/apprenants/:id/badges/:cid/retirer',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: D(f, `/badges/${f.extra.dayCredentialId}/retirer`) }),
    expect: learnerOfA,
    badInput: (f) => ({ path: D(f, '/badges/nope/retirer'), as: 'mediatorA' }),
  },
  {
    route: 'POST /structures/:slug/apprenants/:id/badges/:cid/retirer',
    access: 'role:mediator,structure-admin',
    request: (f) => ({
      path: D(f, `/badges/${f.extra.dayCredentialId}/retirer`),
      form: { reason: 'matrice', confirm: 'oui' },
    }),
    expect: learnerOfA,
    badInput: (f) => ({ path: D(f, '/badges/nope/retirer'), form: { reason: 'x' }, as: 'mediatorA' }),
  },
  {
    route: 'GET /structures/:slug/apprenants/:id/seances/:eid/modifier',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: D(f, `/seances/${f.extra.dayEvaluationId}/modifier`) }),
    expect: learnerOfA,
    badInput: (f) => ({ path: D(f, '/seances/nope/modifier'), as: 'mediatorA' }),
  },
  {
    route: 'POST /structures/:slug/apprenants/:id/seances/:eid/modifier',
    access: 'role:mediator,structure-admin',
    request: (f) => ({
      path: D(f, `/seances/${f.extra.dayEvaluationId}/modifier`),
      form: { date: '2026-01-06', method: 'observation', 'niveau.A1': 'autonome-si-besoin', reason: 'matrice' },
    }),
    expect: learnerOfA,
    badInput: (f) => ({
      path: D(f, `/seances/${f.extra.dayEvaluationId}/modifier`),
      form: { date: 'hier', method: 'observation', reason: '' },
      as: 'mediatorA',
    }),
  },
  {
    route: 'GET /structures/:slug/apprenants/:id/seances/:eid/supprimer',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: D(f, `/seances/${f.extra.dayEvaluationId}/supprimer`) }),
    expect: learnerOfA,
    badInput: (f) => ({ path: D(f, '/seances/nope/supprimer'), as: 'mediatorA' }),
  },
  {
    route: 'POST /structures/:slug/apprenants/:id/seances/:eid/supprimer',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: D(f, `/seances/${f.extra.dayEvaluationId}/supprimer`), form: { reason: 'matrice' } }),
    expect: learnerOfA,
    badInput: (f) => ({ path: D(f, '/seances/nope/supprimer'), form: { reason: 'matrice' }, as: 'mediatorA' }),
  },
  {
    route: 'GET /structures/:slug/atelier',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: `/structures/${f.structureA.slug}/atelier?personnes=${f.extra.dayLearnerId}&codes=A2` }),
    expect: learnerOfA,
    badInput: () => ({ path: '/structures/NOPE/atelier', as: 'mediatorA' }),
  },
  {
    route: 'POST /structures/:slug/atelier',
    access: 'role:mediator,structure-admin',
    request: (f) => ({
      path: `/structures/${f.structureA.slug}/atelier`,
      form: {
        personnes: f.extra.dayLearnerId!,
        date: '2026-01-07',
        method: 'observation',
        [`niveau.${f.extra.dayLearnerId}.A2`]: 'avec-guidage',
      },
    }),
    expect: learnerOfA,
    badInput: (f) => ({
      path: `/structures/${f.structureA.slug}/atelier`,
      form: { date: '2026-01-07' },
      as: 'mediatorA',
    }),
  },
  {
    route: 'GET /structures/:slug/atelier/:workshop',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: `/structures/${f.structureA.slug}/atelier/${f.extra.dayWorkshopId}` }),
    expect: learnerOfA,
    badInput: (f) => ({ path: `/structures/${f.structureA.slug}/atelier/not-a-session`, as: 'mediatorA' }),
  },
  {
    route: 'POST /structures/:slug/atelier/:workshop/delivrer',
    access: 'role:mediator,structure-admin',
    request: (f) => ({ path: `/structures/${f.structureA.slug}/atelier/${f.extra.dayWorkshopId}/delivrer`, form: {} }),
    expect: learnerOfA,
    badInput: (f) => ({
      path: `/structures/${f.structureA.slug}/atelier/${crypto.randomUUID()}/delivrer`,
      form: {},
      as: 'mediatorA',
    }),
  },
  {
    route: 'POST /api/v1/structures/:slug/workshops/:id/issue',
    access: 'role:mediator,structure-admin',
    request: (f) => ({
      path: `/api/v1/structures/${f.structureA.slug}/workshops/${f.extra.dayWorkshopId}/issue`,
      json: {},
    }),
    expect: learnerOfA,
    badInput: (f) => ({
      path: `/api/v1/structures/${f.structureA.slug}/workshops/not-a-session/issue`,
      json: {},
      as: 'mediatorA',
    }),
  },
  {
    route: 'GET /organisations/:slug/chiffres',
    access: 'role:hub-admin,mediator,structure-admin',
    request: (f) => ({ path: `/organisations/${f.structureA.slug}/chiffres` }),
    expect: figuresOfA,
    badInput: () => ({ path: '/organisations/NOPE!/chiffres', as: 'hubAdmin' }),
  },
  {
    route: 'GET /organisations/:slug/chiffres.csv',
    access: 'role:hub-admin,mediator,structure-admin',
    request: (f) => ({ path: `/organisations/${f.structureA.slug}/chiffres.csv` }),
    expect: figuresOfA,
    badInput: () => ({ path: '/organisations/nope-nope/chiffres.csv', as: 'hubAdmin' }),
  },
  {
    route: 'GET /organisations/:slug/chiffres/synthese.csv',
    access: 'role:hub-admin,mediator,structure-admin',
    request: (f) => ({ path: `/organisations/${f.structureA.slug}/chiffres/synthese.csv?periode=2026` }),
    expect: figuresOfA,
    badInput: (f) => ({
      path: `/organisations/${f.structureA.slug}/chiffres/synthese.csv?periode=2026-T5`,
      as: 'hubAdmin',
    }),
  },
  {
    route: 'GET /compte/mot-de-passe',
    access: 'signed-in',
    request: () => ({ path: '/compte/mot-de-passe' }),
    expect: signedIn,
    badInput: () => ({ path: '/compte/mot-de-passe', as: 'anonymous' }),
  },
  {
    route: 'POST /compte/mot-de-passe',
    access: 'signed-in',
    // A wrong current password: every allowed actor gets the form back, nobody's password changes.
    request: () => ({ path: '/compte/mot-de-passe', form: { current: 'pas le bon', password: 'x' } }),
    expect: signedIn,
    badInput: () => ({ path: '/compte/mot-de-passe', form: { current: '' }, as: 'mediatorA' }),
  },
  {
    route: 'GET /mot-de-passe-oublie',
    access: 'public',
    request: () => ({ path: '/mot-de-passe-oublie', accept: 'text/html' }),
    expect: everyone,
    badInput: () => ({ path: '/mot-de-passe/abc', as: 'anonymous' }),
  },
  {
    route: 'GET /mot-de-passe/:token',
    access: 'public',
    request: (f) => ({ path: `/mot-de-passe/${f.extra.resetToken}`, accept: 'text/html' }),
    expect: everyone,
    badInput: () => ({ path: `/mot-de-passe/${'A'.repeat(43)}`, as: 'anonymous' }),
  },
  {
    route: 'POST /mot-de-passe/:token',
    access: 'public',
    // Too short: the form comes back for everyone and the link stays unused.
    request: (f) => ({ path: `/mot-de-passe/${f.extra.resetToken}`, form: { password: 'court' } }),
    expect: everyone,
    badInput: () => ({ path: '/mot-de-passe/short', form: { password: 'long enough password' }, as: 'anonymous' }),
  },
  {
    route: 'POST /organisations/:slug/membres/:userId/mot-de-passe',
    access: 'role:hub-admin,structure-admin',
    request: (f) => ({
      path: `/organisations/${f.structureA.slug}/membres/${f.extra.resetUserId}/mot-de-passe`,
      form: {},
    }),
    expect: adminsOfA,
    badInput: (f) => ({
      path: `/organisations/${f.structureA.slug}/membres/nope/mot-de-passe`,
      form: {},
      as: 'hubAdmin',
    }),
  },
  {
    route: 'POST /api/v1/organisations/:slug/members/:userId/password-reset',
    access: 'role:hub-admin,structure-admin',
    request: (f) => ({
      path: `/api/v1/organisations/${f.structureA.slug}/members/${f.extra.resetUserId}/password-reset`,
      json: {},
    }),
    expect: adminsOfA,
    badInput: (f) => ({
      path: `/api/v1/organisations/${f.structureA.slug}/members/${f.extra.resetUserId}/password-reset`,
      json: { unexpected: true },
      as: 'hubAdmin',
    }),
  },
  {
    route: 'POST /organisations/:slug/membres/:userId/mot-de-passe',
    label: 'a hub admin who is also a mediator in A',
    access: 'role:hub-admin,structure-admin',
    countsRefusals: true,
    request: (f) => ({
      path: `/organisations/${f.structureA.slug}/membres/${f.extra.hubAdminAlsoMediatorId}/mot-de-passe`,
      form: {},
    }),
    expect: hubAdminOnly,
    badInput: (f) => ({
      path: `/organisations/${f.structureA.slug}/membres/nope/mot-de-passe`,
      form: {},
      as: 'structureAdminA',
    }),
  },
  {
    route: 'POST /api/v1/organisations/:slug/members/:userId/password-reset',
    label: 'a hub admin who is also a mediator in A',
    access: 'role:hub-admin,structure-admin',
    countsRefusals: true,
    request: (f) => ({
      path: `/api/v1/organisations/${f.structureA.slug}/members/${f.extra.hubAdminAlsoMediatorId}/password-reset`,
      json: {},
    }),
    expect: hubAdminOnly,
    badInput: (f) => ({
      path: `/api/v1/organisations/${f.structureA.slug}/members/${f.extra.hubAdminAlsoMediatorId}/password-reset`,
      json: { unexpected: true },
      as: 'structureAdminA',
    }),
  },
  {
    route: 'POST /organisations/:slug/membres/retirer',
    label: 'the mediator role of a committee member',
    access: 'role:hub-admin,structure-admin',
    // The account acted on is named in the form: the team is scoped first, the account after reading it.
    resourceInBody: true,
    // The hub admin, last of the actors, removes the role; everyone before is refused.
    request: (f) => ({
      path: `/organisations/${f.structureA.slug}/membres/retirer`,
      form: { userId: f.extra.committeeAlsoMediatorId!, role: 'mediator' },
    }),
    expect: hubAdminOnly,
    badInput: (f) => ({
      path: `/organisations/${f.structureA.slug}/membres/retirer`,
      form: { userId: f.extra.committeeAlsoMediatorId!, role: 'hub-admin' },
      as: 'structureAdminA',
    }),
  },
  {
    route: 'PUT /api/v1/learners/:id',
    access: 'role:mediator,structure-admin',
    request: (f) => ({
      path: `/api/v1/learners/${f.extra.dayLearnerId}`,
      json: { displayName: 'Personne Corrigée', birthYear: '1980', reason: 'matrice' },
    }),
    expect: learnerOfA,
    badInput: (f) => ({
      path: `/api/v1/learners/${f.extra.dayLearnerId}`,
      json: { displayName: '', reason: '' },
      as: 'mediatorA',
    }),
  },
  {
    route: 'PUT /api/v1/learners/:id/evaluations/:eid',
    access: 'role:mediator,structure-admin',
    request: (f) => ({
      path: `/api/v1/learners/${f.extra.dayLearnerId}/evaluations/${f.extra.dayEvaluationId}`,
      json: {
        method: 'observation',
        date: '2026-01-06',
        items: [{ code: 'A1', level: 'autonome' }],
        reason: 'matrice',
      },
    }),
    expect: learnerOfA,
    badInput: (f) => ({
      path: `/api/v1/learners/${f.extra.dayLearnerId}/evaluations/${f.extra.dayEvaluationId}`,
      json: { method: 'observation', date: '2999-01-01', items: [{ code: 'A1', level: 'autonome' }], reason: 'futur' },
      as: 'mediatorA',
    }),
  },
  {
    route: 'DELETE /api/v1/learners/:id/evaluations/:eid',
    access: 'role:mediator,structure-admin',
    request: (f) => ({
      path: `/api/v1/learners/${f.extra.dayLearnerId}/evaluations/${f.extra.dayEvaluationId}`,
      json: { reason: 'matrice' },
    }),
    expect: learnerOfA,
    badInput: (f) => ({
      path: `/api/v1/learners/${f.extra.dayLearnerId}/evaluations/not-an-id`,
      json: { reason: 'matrice' },
      as: 'mediatorA',
    }),
  },
  {
    route: 'POST /api/v1/structures/:slug/workshops',
    access: 'role:mediator,structure-admin',
    request: (f) => ({
      path: `/api/v1/structures/${f.structureA.slug}/workshops`,
      json: {
        method: 'observation',
        date: '2026-01-07',
        people: [{ learner: f.extra.dayLearnerId, items: [{ code: 'A2', level: 'avec-guidage' }] }],
      },
    }),
    expect: learnerOfA,
    badInput: (f) => ({
      path: `/api/v1/structures/${f.structureA.slug}/workshops`,
      json: { method: 'observation', date: 'hier', people: [] },
      as: 'mediatorA',
    }),
  },
  {
    route: 'GET /static/app.js',
    access: 'public',
    request: () => ({ path: '/static/app.js' }),
    expect: everyone,
    badInput: () => ({ path: '/static/nope.js', as: 'anonymous' }),
  },
];
