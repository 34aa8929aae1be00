/**
 * Authorization matrix entries of mediator certification (issue 9): a mediator cannot review; a
 * committee member reviews only applications of their hub (conflicts of interest are refused in
 * test/http/certification.test.ts); evidence files are visible to their owner and the deciding hub's
 * staff only, never public.
 */
import type { Actor, Entry, Expectation, Fixture } from './matrix-types.js';

// Own helpers: who sees which application or evidence file.
const set =
  (allowed: Actor[], hidden: Actor[] = []) =>
  (a: Actor): Expectation =>
    allowed.includes(a) ? 'allowed' : hidden.includes(a) ? 'hidden' : 'denied';

/** Any mediator may use their own space. */
const mediators = set(['mediatorA', 'mediatorB']);
/** Mediator A's application/evidence: A, and the hub's staff; mediator B must not learn it exists. */
const partiesOfA = set(['mediatorA', 'committee', 'hubAdmin'], ['mediatorB']);
/** Actions of mediator A on their own application. */
const ownerA = set(['mediatorA'], ['mediatorB']);
const staff = set(['committee', 'hubAdmin']);
/** The rules file names who votes (`reviewers`): by default the committee; the hub's admins manage but do not vote. */
const reviewers = set(['committee']);

const BAD_ID = 'zzz';

/** Mediator A: a complete M1 portfolio, a file, a submitted application; a hub-issued block credential. */
export async function prepareCertification(f: Fixture): Promise<void> {
  const { addEvidence, portfolioOf, setLevels } = await import('../../src/certification/portfolio.js');
  const { apply } = await import('../../src/certification/applications.js');
  const { principalFromApiToken } = await import('../../src/auth/service.js');
  const { apiTokenFor } = await import('../helpers/harness.js');
  const { findAchievement } = await import('../../src/issuing/achievements.js');
  const { issueCredential } = await import('../../src/issuing/service.js');
  const mediator = (await principalFromApiToken(f.h.deps, await apiTokenFor(f.h, f.users.mediatorA)))!;
  const p = await portfolioOf(f.h.deps, mediator.userId);
  const codes = p.ref.blocks.find((b) => b.code === 'M1')!.competences.map((c) => c.code);
  await setLevels(f.h.deps, mediator, Object.fromEntries(codes.map((c) => [c, 'maitrise'])));
  for (const code of codes) await addEvidence(f.h.deps, mediator, { code, kind: 'text', text: 'récit' });
  const file = await addEvidence(f.h.deps, mediator, {
    code: 'M1.1',
    kind: 'file',
    file: { name: 'trame.pdf', bytes: new TextEncoder().encode('%PDF-1.4\n%%EOF\n') },
  });
  const app = await apply(f.h.deps, mediator, { blocks: ['M1'] });
  f.extra.evidenceId = file.id;
  f.extra.applicationId = app.id;
  f.extra.removableEvidence = (
    await addEvidence(f.h.deps, mediator, { code: 'M2.1', kind: 'text', text: 'à retirer' })
  ).id;
  f.extra.removableEvidence2 = (
    await addEvidence(f.h.deps, mediator, { code: 'M2.1', kind: 'text', text: 'à retirer aussi' })
  ).id;
  const { achievement } = await findAchievement(f.h.deps, 'mediateurs/1.0.0/blocs/M1');
  const issued = await issueCredential(f.h.deps, {
    org: f.hub,
    actor: null,
    achievement,
    referential: { slug: 'mediateurs', version: '1.0.0' },
    recipient: { name: 'Médiatrice Matrice' },
  });
  f.extra.mediatorCredentialId = issued.row.id;
}

const appPath = (f: Fixture, rest = '') => `/certification/demandes/${f.extra.applicationId}${rest}`;
const apiApp = (f: Fixture, rest = '') => `/api/v1/certification/applications/${f.extra.applicationId}${rest}`;

export const CERTIFICATION: Entry[] = [
  // --- pages: mediator
  {
    route: 'GET /certification',
    access: 'role:mediator',
    request: () => ({ path: '/certification' }),
    expect: mediators,
    badInput: () => ({ path: '/certification', method: 'PATCH', as: 'mediatorA' }),
  },
  {
    route: 'GET /certification/blocs/:code',
    access: 'role:mediator',
    request: () => ({ path: '/certification/blocs/M1' }),
    expect: mediators,
    badInput: () => ({ path: '/certification/blocs/NOPE', as: 'mediatorA' }),
  },
  {
    route: 'POST /certification/blocs/:code',
    access: 'role:mediator',
    request: () => ({ path: '/certification/blocs/M2', form: { 'niveau.M2.1': 'maitrise' } }),
    expect: mediators,
    badInput: () => ({ path: '/certification/blocs/M2', form: { 'niveau.M2.1': 'génie' }, as: 'mediatorA' }),
  },
  {
    route: 'POST /certification/preuves',
    access: 'role:mediator',
    request: () => ({ path: '/certification/preuves', form: { code: 'M2.2', kind: 'text', text: 'récit' } }),
    expect: mediators,
    badInput: () => ({
      path: '/certification/preuves',
      form: { code: 'M2.2', kind: 'text', text: '' },
      as: 'mediatorA',
    }),
  },
  {
    route: 'POST /certification/preuves/:id/suppression',
    access: 'role:mediator',
    request: (f) => ({ path: `/certification/preuves/${f.extra.removableEvidence}/suppression`, form: {} }),
    expect: ownerA,
    badInput: () => ({ path: `/certification/preuves/${BAD_ID}/suppression`, form: {}, as: 'mediatorA' }),
  },
  {
    route: 'GET /certification/preuves/:id',
    access: 'role:committee,hub-admin,mediator',
    request: (f) => ({ path: `/certification/preuves/${f.extra.evidenceId}` }),
    expect: partiesOfA,
    badInput: () => ({ path: `/certification/preuves/${BAD_ID}`, as: 'mediatorA' }),
  },
  {
    route: 'POST /certification/demandes',
    access: 'role:mediator',
    request: () => ({ path: '/certification/demandes', form: { blocks: 'M1' } }),
    expect: mediators,
    badInput: () => ({ path: '/certification/demandes', form: {}, as: 'mediatorB' }),
  },
  {
    route: 'GET /certification/demandes/:id',
    access: 'role:committee,hub-admin,mediator',
    request: (f) => ({ path: appPath(f) }),
    expect: partiesOfA,
    badInput: () => ({ path: `/certification/demandes/${BAD_ID}`, as: 'mediatorA' }),
  },
  {
    route: 'POST /certification/demandes/:id/mise-a-jour',
    access: 'role:mediator',
    request: (f) => ({ path: appPath(f, '/mise-a-jour'), form: {} }),
    expect: ownerA,
    badInput: () => ({ path: `/certification/demandes/${BAD_ID}/mise-a-jour`, form: {}, as: 'mediatorA' }),
  },
  {
    route: 'POST /certification/demandes/:id/avis',
    access: 'role:committee,hub-admin',
    // A mediator cannot review, not even an application of their own hub.
    request: (f) => ({ path: appPath(f, '/avis'), form: { 'decision.M1.1': 'accept', vote: 'approve' } }),
    expect: reviewers,
    badInput: (f) => ({ path: appPath(f, '/avis'), form: { vote: 'peut-être' }, as: 'committee' }),
  },
  {
    route: 'POST /certification/badges/:id/statut',
    access: 'role:committee,hub-admin',
    request: (f) => ({
      path: `/certification/badges/${f.extra.mediatorCredentialId}/statut`,
      form: { action: 'suspend', reason: 'matrice', application: f.extra.applicationId! },
    }),
    expect: staff,
    badInput: (f) => ({
      path: `/certification/badges/${f.extra.mediatorCredentialId}/statut`,
      form: { action: 'delete', reason: '', application: f.extra.applicationId! },
      as: 'hubAdmin',
    }),
  },
  {
    route: 'GET /comite',
    access: 'role:committee,hub-admin',
    request: () => ({ path: '/comite' }),
    expect: staff,
    badInput: () => ({ path: '/comite', method: 'PATCH', as: 'committee' }),
  },

  // --- JSON API
  {
    route: 'GET /api/v1/certification',
    access: 'role:mediator',
    request: () => ({ path: '/api/v1/certification' }),
    expect: mediators,
    badInput: () => ({ path: '/api/v1/certification', method: 'PATCH', as: 'mediatorA' }),
  },
  {
    route: 'POST /api/v1/certification/levels',
    access: 'role:mediator',
    request: () => ({ path: '/api/v1/certification/levels', json: { levels: { 'M2.1': 'maitrise' } } }),
    expect: mediators,
    badInput: () => ({ path: '/api/v1/certification/levels', json: { levels: { 'M2.1': 'génie' } }, as: 'mediatorA' }),
  },
  {
    route: 'POST /api/v1/certification/evidence',
    access: 'role:mediator',
    request: () => ({ path: '/api/v1/certification/evidence', json: { code: 'M2.2', kind: 'text', text: 'récit' } }),
    expect: mediators,
    badInput: () => ({ path: '/api/v1/certification/evidence', json: { code: 'M2.2', kind: 'file' }, as: 'mediatorA' }),
  },
  {
    route: 'GET /api/v1/certification/evidence/:id',
    access: 'role:committee,hub-admin,mediator',
    request: (f) => ({ path: `/api/v1/certification/evidence/${f.extra.evidenceId}` }),
    expect: partiesOfA,
    badInput: () => ({ path: `/api/v1/certification/evidence/${BAD_ID}`, as: 'mediatorA' }),
  },
  {
    route: 'DELETE /api/v1/certification/evidence/:id',
    access: 'role:mediator',
    request: (f) => ({ path: `/api/v1/certification/evidence/${f.extra.removableEvidence2}` }),
    expect: ownerA,
    badInput: () => ({ path: `/api/v1/certification/evidence/${BAD_ID}`, as: 'mediatorA' }),
  },
  {
    route: 'POST /api/v1/certification/applications',
    access: 'role:mediator',
    request: () => ({ path: '/api/v1/certification/applications', json: { blocks: ['M1'] } }),
    expect: mediators,
    badInput: () => ({ path: '/api/v1/certification/applications', json: { blocks: [] }, as: 'mediatorA' }),
  },
  {
    route: 'GET /api/v1/certification/applications/:id',
    access: 'role:committee,hub-admin,mediator',
    request: (f) => ({ path: apiApp(f) }),
    expect: partiesOfA,
    badInput: () => ({ path: `/api/v1/certification/applications/${BAD_ID}`, as: 'mediatorA' }),
  },
  {
    route: 'POST /api/v1/certification/applications/:id/update',
    access: 'role:mediator',
    request: (f) => ({ path: apiApp(f, '/update'), json: { responses: {} } }),
    expect: ownerA,
    badInput: (f) => ({ path: apiApp(f, '/update'), json: { resubmit: 'oui' }, as: 'mediatorA' }),
  },
  {
    route: 'GET /api/v1/certification/queue',
    access: 'role:committee,hub-admin',
    request: () => ({ path: '/api/v1/certification/queue' }),
    expect: staff,
    badInput: () => ({ path: '/api/v1/certification/queue', method: 'PATCH', as: 'committee' }),
  },
  {
    route: 'POST /api/v1/certification/applications/:id/reviews',
    access: 'role:committee,hub-admin',
    request: (f) => ({ path: apiApp(f, '/reviews'), json: { vote: 'approve', items: [] } }),
    expect: reviewers,
    badInput: (f) => ({ path: apiApp(f, '/reviews'), json: { vote: 'maybe', items: [] }, as: 'committee' }),
  },
  {
    route: 'POST /api/v1/certification/applications/:id/issue',
    access: 'role:committee,hub-admin',
    // The application is not approved: staff get a 409 (allowed through the guard), others are refused.
    request: (f) => ({ path: apiApp(f, '/issue') }),
    expect: staff,
    badInput: () => ({ path: `/api/v1/certification/applications/${BAD_ID}/issue`, as: 'committee' }),
  },
  // Last: these end the application the entries above use.
  {
    route: 'POST /api/v1/certification/applications/:id/withdraw',
    access: 'role:mediator',
    request: (f) => ({ path: apiApp(f, '/withdraw'), json: { reason: 'matrice' } }),
    expect: ownerA,
    badInput: (f) => ({ path: apiApp(f, '/withdraw'), json: { reason: 12 }, as: 'mediatorA' }),
  },
  {
    route: 'POST /certification/demandes/:id/retrait',
    access: 'role:mediator',
    request: (f) => ({ path: appPath(f, '/retrait'), form: { reason: 'matrice' } }),
    expect: ownerA,
    badInput: () => ({ path: `/certification/demandes/${BAD_ID}/retrait`, form: {}, as: 'mediatorA' }),
  },
];
