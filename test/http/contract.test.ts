/**
 * The contract of /api/openapi.json: every operation the document lists is called with real
 * requests, at least one answered 2xx and one answered 4xx, and every answer must match what the
 * document declares for its status (its schema, or `default: Problem` for errors) and media type.
 * A new operation without cases here fails the completeness test.
 */
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenApiDocument, Operation } from '../../src/openapi/document.js';
import { api, apiTokenFor, createHarness, createUser, type Harness, json } from '../helpers/harness.js';

type JsonObject = Record<string, unknown>;

interface Case {
  /** What the case shows, for the failure message. */
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  as?:
    | 'hubAdmin'
    | 'structureAdmin'
    | 'mediator'
    | 'otherMediator'
    | 'committee1'
    | 'committee2'
    | 'unknownToken'
    | null;
  /** A value, or a function of what earlier cases kept. */
  body?: unknown;
  /** A multipart body instead of JSON. */
  form?: () => FormData;
  headers?: Record<string, string>;
  status: number;
  /** Keeps values from the answer for later cases (ids, key fragments). */
  keep?: (body: JsonObject) => void;
}

let h: Harness;
let doc: OpenApiDocument;
const tokens: Record<string, string> = {};
const kept: Record<string, string> = {};
/** Competence codes of block M1, from the mediator's portfolio. */
let m1: string[] = [];
const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const decide = (decision: 'accept' | 'more') => () => ({
  vote: decision === 'accept' ? 'approve' : 'changes',
  ...(decision === 'more' ? { comment: 'Il manque une trace concrète.' } : {}),
  items: m1.map((code) => ({ code, decision, ...(decision === 'more' ? { comment: 'Ajoutez une trame.' } : {}) })),
});
const UUID = '00000000-0000-4000-8000-000000000000';
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
const SETUP_TOKEN = 'contract-test-setup-token-0123456789';

beforeAll(async () => {
  h = await createHarness();
  doc = (await (await h.app.request('/api/openapi.json')).json()) as OpenApiDocument;
  const structure = h.boot.structure!;
  tokens.hubAdmin = await apiTokenFor(h, await createUser(h, h.boot.hub.id, 'hub-admin'));
  tokens.structureAdmin = await apiTokenFor(h, await createUser(h, structure.id, 'structure-admin'));
  tokens.mediator = await apiTokenFor(h, await createUser(h, structure.id, 'mediator'));
  tokens.unknownToken = `jalon_${'A'.repeat(43)}`;
  tokens.committee1 = await apiTokenFor(h, await createUser(h, h.boot.hub.id, 'committee'));
  tokens.committee2 = await apiTokenFor(h, await createUser(h, h.boot.hub.id, 'committee'));
  const other = await api(h, tokens.hubAdmin, '/api/v1/organisations', { body: { name: 'Autre structure' } });
  const otherSlug = (await json<{ slug: string; id: string }>(other)).id;
  tokens.otherMediator = await apiTokenFor(h, await createUser(h, otherSlug, 'mediator'));
});
afterAll(() => h.close());

/** The cases, in order: later ones use what earlier ones kept. */
function cases(): Case[] {
  const s = h.boot.structure!.slug;
  const hub = h.boot.hub.slug;
  return [
    { name: 'health', method: 'GET', path: '/healthz', status: 200 },
    // An unknown or revoked API token is refused on every operation, public ones included.
    { name: 'health, unknown token', method: 'GET', path: '/healthz', as: 'unknownToken', status: 401 },
    { name: 'document', method: 'GET', path: '/api/openapi.json', status: 200 },
    { name: 'document, unknown token', method: 'GET', path: '/api/openapi.json', as: 'unknownToken', status: 401 },

    {
      name: 'me',
      method: 'GET',
      path: '/api/v1/me',
      as: 'mediator',
      status: 200,
      keep: (b) => {
        kept.mediatorId = String(b.id);
      },
    },
    { name: 'me, anonymous', method: 'GET', path: '/api/v1/me', status: 401 },
    { name: 'new token', method: 'POST', path: '/api/v1/tokens', as: 'mediator', body: { name: 'x' }, status: 201 },
    { name: 'token, no name', method: 'POST', path: '/api/v1/tokens', as: 'mediator', body: {}, status: 422 },
    {
      name: 'token to revoke',
      method: 'POST',
      path: '/api/v1/tokens',
      as: 'mediator',
      body: { name: 'à révoquer' },
      status: 201,
      keep: (b) => {
        kept.token = String(b.id);
      },
    },
    {
      name: 'revoke token',
      method: 'DELETE',
      path: '/api/v1/tokens/{token}',
      as: 'mediator',
      status: 204,
    },
    { name: 'revoke, bad id', method: 'DELETE', path: '/api/v1/tokens/nope', as: 'mediator', status: 422 },

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

    { name: 'verify', method: 'POST', path: '/api/v1/verify', body: { credential: 'pas un badge' }, status: 200 },
    {
      name: 'verify, both',
      method: 'POST',
      path: '/api/v1/verify',
      body: { credential: 'x', url: 'https://a.example' },
      status: 422,
    },
    { name: 'verify, unreadable JSON', method: 'POST', path: '/api/v1/verify', body: '{"credential":', status: 400 },

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
    // --- mediator certification
    {
      name: 'my certification',
      method: 'GET',
      path: '/api/v1/certification',
      as: 'mediator',
      status: 200,
      keep: (b) => {
        m1 = (b.portfolio as { code: string; block: string }[]).filter((c) => c.block === 'M1').map((c) => c.code);
      },
    },
    {
      name: 'certification, not a mediator',
      method: 'GET',
      path: '/api/v1/certification',
      as: 'hubAdmin',
      status: 403,
    },
    {
      name: 'levels',
      method: 'POST',
      path: '/api/v1/certification/levels',
      as: 'mediator',
      body: () => ({ levels: Object.fromEntries(m1.map((c) => [c, 'maitrise'])) }),
      status: 200,
    },
    {
      name: 'levels, not a map',
      method: 'POST',
      path: '/api/v1/certification/levels',
      as: 'mediator',
      body: { levels: 3 },
      status: 422,
    },
    ...[0, 1, 2, 3, 4, 5, 6, 7].map(
      (i): Case => ({
        name: `text evidence ${i}`,
        method: 'POST',
        path: '/api/v1/certification/evidence',
        as: 'mediator',
        body: () => ({ code: m1[Math.min(i, m1.length - 1)], kind: 'text', text: 'Récit réflexif anonymisé.' }),
        status: 201,
      }),
    ),
    {
      name: 'file evidence',
      method: 'POST',
      path: '/api/v1/certification/evidence',
      as: 'mediator',
      form: () => {
        const form = new FormData();
        form.set('code', m1[0]!);
        form.set('file', new File([PDF], 'trame.pdf', { type: 'application/pdf' }));
        return form;
      },
      status: 201,
      keep: (b) => {
        kept.fileEvidence = String(b.id);
      },
    },
    {
      name: 'evidence, unknown kind',
      method: 'POST',
      path: '/api/v1/certification/evidence',
      as: 'mediator',
      body: { code: 'M1.1', kind: 'video' },
      status: 422,
    },
    {
      name: 'evidence file',
      method: 'GET',
      path: '/api/v1/certification/evidence/{fileEvidence}',
      as: 'mediator',
      status: 200,
    },
    {
      name: 'evidence file, other person',
      method: 'GET',
      path: '/api/v1/certification/evidence/{fileEvidence}',
      as: 'otherMediator',
      status: 404,
    },
    {
      name: 'remove evidence',
      method: 'DELETE',
      path: '/api/v1/certification/evidence/{fileEvidence}',
      as: 'mediator',
      status: 204,
    },
    {
      name: 'remove evidence, bad id',
      method: 'DELETE',
      path: '/api/v1/certification/evidence/nope',
      as: 'mediator',
      status: 422,
    },
    {
      name: 'apply',
      method: 'POST',
      path: '/api/v1/certification/applications',
      as: 'mediator',
      body: { blocks: ['M1'] },
      status: 201,
      keep: (b) => {
        kept.application = String(b.id);
      },
    },
    {
      name: 'apply, no block',
      method: 'POST',
      path: '/api/v1/certification/applications',
      as: 'mediator',
      body: { blocks: [] },
      status: 422,
    },
    {
      name: 'application',
      method: 'GET',
      path: '/api/v1/certification/applications/{application}',
      as: 'mediator',
      status: 200,
    },
    {
      name: 'application, unknown',
      method: 'GET',
      path: `/api/v1/certification/applications/${UUID}`,
      as: 'mediator',
      status: 404,
    },
    { name: 'queue', method: 'GET', path: '/api/v1/certification/queue', as: 'committee1', status: 200 },
    { name: 'queue, a mediator', method: 'GET', path: '/api/v1/certification/queue', as: 'mediator', status: 403 },
    {
      name: 'ask for more (1)',
      method: 'POST',
      path: '/api/v1/certification/applications/{application}/reviews',
      as: 'committee1',
      body: decide('more'),
      status: 201,
    },
    {
      name: 'ask for more (2)',
      method: 'POST',
      path: '/api/v1/certification/applications/{application}/reviews',
      as: 'committee2',
      body: decide('more'),
      status: 201,
    },
    {
      name: 'review, bad vote',
      method: 'POST',
      path: '/api/v1/certification/applications/{application}/reviews',
      as: 'committee1',
      body: { vote: 'maybe', items: [] },
      status: 422,
    },
    {
      name: 'answer and resubmit',
      method: 'POST',
      path: '/api/v1/certification/applications/{application}/update',
      as: 'mediator',
      body: () => ({ responses: { [m1[0]!]: 'Trame ajoutée.' }, resubmit: true }),
      status: 200,
    },
    {
      name: 'update, not the applicant',
      method: 'POST',
      path: '/api/v1/certification/applications/{application}/update',
      as: 'otherMediator',
      body: {},
      status: 404,
    },
    {
      name: 'approve (1)',
      method: 'POST',
      path: '/api/v1/certification/applications/{application}/reviews',
      as: 'committee1',
      body: decide('accept'),
      status: 201,
    },
    {
      name: 'approve, the hub admin (not on the committee: no vote)',
      method: 'POST',
      path: '/api/v1/certification/applications/{application}/reviews',
      as: 'hubAdmin',
      body: decide('accept'),
      status: 403,
    },
    {
      name: 'approve (2)',
      method: 'POST',
      path: '/api/v1/certification/applications/{application}/reviews',
      as: 'committee2',
      body: decide('accept'),
      status: 201,
    },
    {
      name: 'issue (nothing left)',
      method: 'POST',
      path: '/api/v1/certification/applications/{application}/issue',
      as: 'hubAdmin',
      status: 200,
    },
    {
      name: 'issue, a mediator',
      method: 'POST',
      path: '/api/v1/certification/applications/{application}/issue',
      as: 'mediator',
      status: 403,
    },
    {
      name: 'apply again',
      method: 'POST',
      path: '/api/v1/certification/applications',
      as: 'mediator',
      body: { blocks: ['M1'] },
      status: 201,
      keep: (b) => {
        kept.second = String(b.id);
      },
    },
    {
      name: 'withdraw',
      method: 'POST',
      path: '/api/v1/certification/applications/{second}/withdraw',
      as: 'mediator',
      body: { reason: 'plus tard' },
      status: 200,
    },
    {
      name: 'withdraw twice',
      method: 'POST',
      path: '/api/v1/certification/applications/{second}/withdraw',
      as: 'mediator',
      body: {},
      status: 409,
    },

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
    {
      name: 'erase, other structure',
      method: 'DELETE',
      path: '/api/v1/learners/{learner}',
      as: 'otherMediator',
      status: 404,
    },
    { name: 'erase', method: 'DELETE', path: '/api/v1/learners/{learner}', as: 'mediator', status: 204 },

    // --- regional label (issue 10)
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
    {
      name: 'bulk verification',
      method: 'POST',
      path: '/api/v1/verify/bulk',
      as: 'committee1',
      form: () => {
        const form = new FormData();
        form.append('file', new File(['pas un badge'], 'a.txt'));
        return form;
      },
      status: 200,
    },
    {
      name: 'bulk verification, nothing sent',
      method: 'POST',
      path: '/api/v1/verify/bulk',
      as: 'committee1',
      form: () => new FormData(),
      status: 422,
    },
  ];
}

/** Ajv 2020 over the document's schemas: component references resolve inside one bundle. */
function schemaCompiler(document: OpenApiDocument) {
  const BUNDLE = 'urn:jalon:contract';
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addFormat('binary', true);
  const rewrite = (schema: unknown) =>
    JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${BUNDLE}#/$defs/`)) as JsonObject;
  ajv.addSchema({ $id: BUNDLE, $defs: rewrite(document.components.schemas) });
  return (schema: unknown) => ajv.compile(rewrite(schema));
}

/** The document's operation for a concrete request (`/api/v1/learners/1234` → `/api/v1/learners/{id}`). */
function operationFor(method: string, path: string): [string, Operation] | undefined {
  for (const [template, item] of Object.entries(doc.paths)) {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    const op = item[method.toLowerCase() as 'get'];
    if (op && pattern.test(path)) return [template, op];
  }
  return undefined;
}

function declaredAnswer(op: Operation, status: number): JsonObject {
  let answer = (op.responses[String(status)] ?? op.responses.default) as JsonObject;
  if (typeof answer.$ref === 'string') answer = doc.components.responses[answer.$ref.split('/').pop()!] as JsonObject;
  return answer;
}

describe('every operation of /api/openapi.json answers as documented', () => {
  const seen = new Map<string, Set<'2xx' | '4xx'>>();

  it('calls each case and validates the answer against the declared response', async () => {
    h.deps.config.setupToken = SETUP_TOKEN;
    const compile = schemaCompiler(doc);
    for (const c of cases()) {
      const path = c.path.replace(/\{(\w+)\}/g, (_, key: string) => kept[key] ?? `missing-${key}`);
      const sent = typeof c.body === 'function' ? (c.body as () => unknown)() : c.body;
      const res = c.form
        ? await h.app.request(path, {
            method: c.method,
            headers: { authorization: `Bearer ${tokens[c.as!]}`, accept: 'application/json' },
            body: c.form(),
          })
        : await api(h, c.as ? tokens[c.as]! : null, path, {
            method: c.method,
            ...(sent !== undefined ? { body: sent } : {}),
            ...(c.headers ? { headers: c.headers } : {}),
          });
      if (res.status !== c.status) {
        expect(`${res.status} ${await res.text()}`, `${c.name}: ${c.method} ${path}`).toBe(String(c.status));
      }
      const found = operationFor(c.method, path.split('?')[0]!);
      expect(found, `${c.name}: ${c.method} ${path} is not in the document`).toBeDefined();
      const [template, op] = found!;
      const key = `${c.method} ${template}`;
      if (!seen.has(key)) seen.set(key, new Set());
      seen.get(key)!.add(res.status < 300 ? '2xx' : '4xx');
      if (res.status >= 300) expect(res.status, c.name).toBeLessThan(500);

      const answer = declaredAnswer(op, res.status);
      expect(answer, `${c.name}: status ${res.status} is not declared`).toBeDefined();
      const content = answer.content as Record<string, { schema: unknown }> | undefined;
      const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
      if (!content) {
        expect(await res.text(), `${c.name}: a body where none is declared`).toBe('');
        continue;
      }
      expect(Object.keys(content), `${c.name}: media type`).toContain(type);
      if (type === 'text/csv') {
        // The BOM is kept (ignoreBOM) to check it is there: spreadsheets need it to read UTF-8.
        const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
        expect(text.startsWith('\uFEFFMois;Structure;'), `${c.name}: a CSV table`).toBe(true);
        continue;
      }
      if (type === 'application/pdf') {
        expect(new TextDecoder().decode((await res.arrayBuffer()).slice(0, 5))).toBe('%PDF-');
        continue;
      }
      const body = (await res.json()) as JsonObject;
      const validate = compile(content[type]!.schema);
      expect(validate(body), `${c.name}: ${JSON.stringify(validate.errors)}`).toBe(true);
      c.keep?.(body);
    }
  });

  it('leaves no operation without a 2xx and a 4xx answer', () => {
    const missing: string[] = [];
    for (const [template, item] of Object.entries(doc.paths)) {
      for (const method of Object.keys(item)) {
        const got = seen.get(`${method.toUpperCase()} ${template}`) ?? new Set();
        if (!got.has('2xx') || !got.has('4xx')) missing.push(`${method.toUpperCase()} ${template} (${[...got]})`);
      }
    }
    expect(Object.keys(doc.paths).length).toBeGreaterThan(20);
    expect(missing).toEqual([]);
  });
});
