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
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  as?: 'hubAdmin' | 'structureAdmin' | 'mediator' | 'otherMediator' | 'unknownToken' | null;
  body?: unknown;
  headers?: Record<string, string>;
  status: number;
  /** Keeps values from the answer for later cases (ids, key fragments). */
  keep?: (body: JsonObject) => void;
}

let h: Harness;
let doc: OpenApiDocument;
const tokens: Record<string, string> = {};
const kept: Record<string, string> = {};
const UUID = '00000000-0000-4000-8000-000000000000';
const SETUP_TOKEN = 'contract-test-setup-token-0123456789';

beforeAll(async () => {
  h = await createHarness();
  doc = (await (await h.app.request('/api/openapi.json')).json()) as OpenApiDocument;
  const structure = h.boot.structure!;
  tokens.hubAdmin = await apiTokenFor(h, await createUser(h, h.boot.hub.id, 'hub-admin'));
  tokens.structureAdmin = await apiTokenFor(h, await createUser(h, structure.id, 'structure-admin'));
  tokens.mediator = await apiTokenFor(h, await createUser(h, structure.id, 'mediator'));
  tokens.unknownToken = `jalon_${'A'.repeat(43)}`;
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

    { name: 'me', method: 'GET', path: '/api/v1/me', as: 'mediator', status: 200 },
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
      const res = await api(h, c.as ? tokens[c.as]! : null, path, {
        method: c.method,
        ...(c.body !== undefined ? { body: c.body } : {}),
        ...(c.headers ? { headers: c.headers } : {}),
      });
      expect(res.status, `${c.name}: ${c.method} ${path}`).toBe(c.status);
      const found = operationFor(c.method, path);
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
