/**
 * The OpenAPI 3.1 document at /api/openapi.json: valid for an independent validator, in step with
 * the app's routes (a new /api/v1 route without documentation fails here), and its schemas agree
 * with what the routes accept and answer.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Access } from '../../src/auth/access.js';
import { sessionCookieName } from '../../src/auth/cookies.js';
import { APP_VERSION } from '../../src/config.js';
import { z } from 'zod';
import { openApiDocument, type OpenApiDocument, type Operation } from '../../src/openapi/document.js';
import { jsonSchemaOf } from '../../src/openapi/json-schema.js';
import {
  api,
  apiTokenFor,
  createHarness,
  createUser,
  json,
  TEST_PUBLIC_URL,
  type Harness,
} from '../helpers/harness.js';

let h: Harness;
let doc: OpenApiDocument;
beforeAll(async () => {
  h = await createHarness();
  const res = await h.app.request('/api/openapi.json');
  doc = (await res.json()) as OpenApiDocument;
});
afterAll(() => h.close());

type JsonObject = Record<string, unknown>;

/** Ajv 2020 over the document's schemas: component references resolve inside one bundle. */
const BUNDLE = 'urn:jalon:openapi';
function schemaValidator(document: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addFormat('binary', true);
  const rewrite = (schema: unknown) =>
    JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${BUNDLE}#/$defs/`)) as JsonObject;
  ajv.addSchema({ $id: BUNDLE, $defs: rewrite(document.components.schemas) });
  return {
    compile: (schema: unknown) => ajv.compile(rewrite(schema)),
    component: (name: string) => ajv.compile({ $ref: `${BUNDLE}#/$defs/${name}` }),
  };
}

function operations(document: OpenApiDocument): [string, Operation][] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op] as [string, Operation]),
  );
}

/** `GET /api/v1/learners/:id` → `GET /api/v1/learners/{id}` (a `:name{regex}` too). */
function openApiPath(honoPath: string): string {
  return honoPath.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, '{$1}');
}

/** The app's routes with the access each declares through allow(). */
function appRoutes(): Map<string, Access> {
  const routes = new Map<string, Access>();
  for (const r of h.app.routes) {
    if (r.method === 'ALL') continue;
    const access = (r.handler as { access?: Access }).access;
    if (access) routes.set(`${r.method} ${openApiPath(r.path)}`, access);
  }
  return routes;
}

describe('GET /api/openapi.json', () => {
  it('answers the document as cacheable JSON, for this instance', async () => {
    const res = await h.app.request('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const body = (await res.json()) as OpenApiDocument;
    expect(body).toEqual(JSON.parse(JSON.stringify(await openApiDocument(h.app, TEST_PUBLIC_URL))));
    expect(body.openapi).toBe('3.1.0');
    expect(body.info).toMatchObject({ title: 'Jalon API', version: APP_VERSION });
    expect(body.servers).toEqual([{ url: TEST_PUBLIC_URL }]);
  });

  it('is linked from the page footer', async () => {
    const html = await (await h.app.request('/', { headers: { accept: 'text/html' } })).text();
    expect(html).toContain('<a href="/api/openapi.json">API</a>');
  });
});

describe('OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc) as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('holds JSON Schemas (draft 2020-12) that compile in ajv strict mode', () => {
    const { compile } = schemaValidator(doc);
    const schemas: unknown[] = Object.values(doc.components.schemas);
    for (const [, op] of operations(doc)) {
      for (const p of op.parameters ?? []) schemas.push(p.schema);
      for (const media of Object.values(op.requestBody?.content ?? {})) schemas.push(media.schema);
      for (const response of Object.values(op.responses)) {
        for (const media of Object.values((response.content ?? {}) as Record<string, JsonObject>))
          schemas.push(media.schema);
      }
    }
    for (const schema of schemas) expect(() => compile(schema), JSON.stringify(schema).slice(0, 200)).not.toThrow();
  });

  it('documents every /api/v1 route of the app, and nothing the app does not have', () => {
    const inApp = [...appRoutes().keys()].filter((k) => k.split(' ')[1]!.startsWith('/api/v1/')).sort();
    const documented = operations(doc)
      .map(([k]) => k)
      .filter((k) => k.split(' ')[1]!.startsWith('/api/v1/'))
      .sort();
    expect(inApp.length).toBeGreaterThan(20);
    expect(
      inApp.filter((k) => !documented.includes(k)),
      'API routes missing from src/openapi/document.ts',
    ).toEqual([]);
    expect(
      documented.filter((k) => !inApp.includes(k)),
      'documented operations the app does not have',
    ).toEqual([]);
    for (const extra of ['GET /healthz', 'GET /api/openapi.json']) {
      expect(
        operations(doc).map(([k]) => k),
        extra,
      ).toContain(extra);
      expect(appRoutes().has(extra), extra).toBe(true);
    }
  });

  it('declares the same access as the routes’ allow() guards', () => {
    const routes = appRoutes();
    for (const [key, op] of operations(doc)) {
      const access = routes.get(key);
      if (!access) continue; // reported by the test above
      expect(op.operationId, key).toMatch(/^[a-z][A-Za-z]+$/);
      expect(op.summary, key).toBeTruthy();
      expect(op.tags.length, key).toBe(1);
      expect(op.responses.default, key).toEqual({ $ref: '#/components/responses/Problem' });
      if (access.kind === 'public') expect(op.security, key).toEqual([]);
      else if (access.kind === 'setup-token') expect(op.security, key).toEqual([{ setupToken: [] }]);
      else expect(op.security, key).toEqual([{ bearerAuth: [] }, { sessionCookie: [] }]);
      expect(op['x-jalon-roles'] ? [...op['x-jalon-roles']].sort() : undefined, key).toEqual(
        access.kind === 'role' ? [...access.roles].sort() : undefined,
      );
    }
    const ids = operations(doc).map(([, op]) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.securitySchemes.sessionCookie).toMatchObject({
      type: 'apiKey',
      in: 'cookie',
      name: sessionCookieName(h.deps.config),
    });
    expect(String(doc.components.securitySchemes.sessionCookie!.description)).toContain('X-CSRF-Token');
  });

  it('gives path parameters their patterns', () => {
    const op = doc.paths['/api/v1/referentials/{slug}/{version}']!.get!;
    const version = op.parameters!.find((p) => p.name === 'version')!;
    expect(version).toMatchObject({ in: 'path', required: true });
    expect(new RegExp(String(version.schema.pattern)).test('1.0.0')).toBe(true);
    expect(new RegExp(String(version.schema.pattern)).test('latest')).toBe(false);
    const id = doc.paths['/api/v1/learners/{id}']!.get!.parameters![0]!;
    expect(id.schema).toMatchObject({ type: 'string', format: 'uuid' });
  });

  it('describes the verification API: JSON or multipart in, the result out', () => {
    const op = doc.paths['/api/v1/verify']!.post!;
    const multipart = op.requestBody!.content['multipart/form-data'] as {
      schema: { properties: Record<string, JsonObject>; required: string[] };
    };
    expect(multipart.schema.properties.file).toMatchObject({ type: 'string', format: 'binary' });
    expect(multipart.schema.properties.holderName).toMatchObject({ type: 'string' });
    expect(multipart.schema.required).toEqual(['file']);
    const result = doc.components.schemas.VerifyResponse as {
      properties: Record<string, unknown>;
      required: string[];
    };
    expect(Object.keys(result.properties)).toEqual(
      expect.arrayContaining([
        'verified',
        'checks',
        'summary',
        'summaryEn',
        'credential',
        'credentials',
        'verdict',
        'printedName',
      ]),
    );
    expect(result.required).toEqual(expect.arrayContaining(['verified', 'checks', 'summary', 'verdict']));
    const verdict = doc.components.schemas.Verdict as { properties: { code: { enum: string[] } } };
    expect(verdict.properties.code.enum).toEqual([
      'valid',
      'partially_valid',
      'invalid',
      'name_mismatch',
      'printed_name_mismatch',
      'unreadable',
    ]);
    expect(op.requestBody!.content['application/json']).toBeDefined();
    expect(doc.paths['/api/v1/learners/{id}/passport.pdf']!.get!.responses['200']!.content).toHaveProperty([
      'application/pdf',
    ]);
    const credentials = doc.paths['/api/v1/credentials']!.post!;
    expect(credentials.parameters).toEqual([
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false }),
    ]);
  });
});

describe('schemas and the routes agree', () => {
  let token: string;
  beforeAll(async () => {
    token = await apiTokenFor(h, await createUser(h, h.boot.structure!.id, 'mediator'));
  });

  it('POST /api/v1/credentials: the documented body accepts what the route issues, rejects what it refuses', async () => {
    const { compile } = schemaValidator(doc);
    const validate = compile(doc.paths['/api/v1/credentials']!.post!.requestBody!.content['application/json']!.schema);
    const valid = {
      achievement: 'abecedaire/1.0.0/competences/A1',
      recipient: { name: 'Awa Diallo', email: 'awa@example.org' },
      level: 'autonome',
    };
    expect(validate(valid), JSON.stringify(validate.errors)).toBe(true);
    const issued = await api(h, token, '/api/v1/credentials', {
      body: valid,
      headers: { 'idempotency-key': 'openapi-test-1' },
    });
    expect(issued.status).toBe(201);

    const { recipient: _omitted, ...withoutRecipient } = valid;
    expect(validate(withoutRecipient)).toBe(false);
    expect(
      validate.errors?.some(
        (e) => e.keyword === 'required' && (e.params as { missingProperty?: string }).missingProperty === 'recipient',
      ),
    ).toBe(true);
    const refused = await api(h, token, '/api/v1/credentials', { body: withoutRecipient });
    expect(refused.status).toBe(422);
    expect((await json<{ errors: { path: string }[] }>(refused)).errors.map((e) => e.path)).toContain('recipient');
  });

  it('form-value fields (z.preprocess) accept the empty string, as the route does', async () => {
    const { component } = schemaValidator(doc);
    const validate = component('CreateLearnerRequest');
    const body = { displayName: 'Awa Diallo', email: '', birthYear: '', consent: true };
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...body, birthYear: 1990 })).toBe(true);
    expect(validate({ ...body, email: 'pas une adresse' })).toBe(false);
    expect(validate({ displayName: 'Awa Diallo' })).toBe(false);
    const res = await api(h, token, `/api/v1/structures/${h.boot.structure!.slug}/learners`, { body });
    expect(res.status).toBe(201);
  });

  it('refuses to guess a preprocessed field it has no explicit JSON Schema for', () => {
    expect(() => jsonSchemaOf(z.object({ n: z.preprocess((v) => Number(v), z.number()) }))).toThrow(
      /preprocessed field at properties\.n/,
    );
  });

  it('answers match the documented response schemas', async () => {
    const { component } = schemaValidator(doc);
    const check = async (name: string, res: Response, status = 200) => {
      expect(res.status, name).toBe(status);
      const validate = component(name);
      const body = await res.json();
      expect(validate(body), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    };
    await check('Referential', await h.app.request('/api/v1/referentials/abecedaire/1.0.0'));
    await check('AwardRules', await h.app.request('/api/v1/referentials/abecedaire/1.0.0/rules'));
    await check('VerifyResponse', await api(h, null, '/api/v1/verify', { body: { credential: 'pas un badge' } }));
    await check('Me', await api(h, token, '/api/v1/me'));
    await check('HealthStatus', await h.app.request('/healthz'));
    await check('Problem', await api(h, null, '/api/v1/credentials/00000000-0000-4000-8000-000000000000'), 401);
    await check('Problem', await api(h, token, '/api/v1/tokens', { body: { name: '' } }), 422);
  });
});
