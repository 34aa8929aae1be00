/**
 * The contract of /api/openapi.json: every operation the document lists is called with real
 * requests, at least one answered 2xx and one answered 4xx, and every answer must match what the
 * document declares for its status (its schema, or `default: Problem` for errors) and media type.
 * The cases live per feature in contract-<feature>.ts; a new operation without cases there fails the
 * completeness test.
 */
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenApiDocument, Operation } from '../../src/openapi/document.js';
import { certifiedMediator } from '../helpers/certify.js';
import { api, apiTokenFor, createHarness, createUser, type Harness, json } from '../helpers/harness.js';
import { authCases } from './contract-auth.js';
import { type Case, type ContractContext, type JsonObject, SETUP_TOKEN } from './contract-cases.js';
import { certificationCases } from './contract-certification.js';
import { issuingCases } from './contract-issuing.js';
import { labelCases } from './contract-label.js';
import { learnerCases, learnerErasureCases } from './contract-learners.js';
import { organisationCases } from './contract-organisations.js';
import { platformCases } from './contract-platform.js';
import { referentialCases } from './contract-referentials.js';
import { statisticsCases } from './contract-stats.js';
import { verificationCases } from './contract-verification.js';

let h: Harness;
let doc: OpenApiDocument;
const tokens: Record<string, string> = {};
const kept: Record<string, string> = {};

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
  // The label granted by the label cases needs a certified mediator of the place (counted by Jalon).
  await certifiedMediator(h, structure.id);
});
afterAll(() => h.close());

/** The cases, in order: later ones use what earlier ones kept. */
function cases(): Case[] {
  const context: ContractContext = { s: h.boot.structure!.slug, hub: h.boot.hub.slug, kept };
  return [
    ...platformCases(),
    ...authCases(context),
    ...organisationCases(context),
    ...referentialCases(),
    ...issuingCases(context),
    ...verificationCases(),
    ...learnerCases(context),
    ...certificationCases(context),
    ...statisticsCases(context),
    ...learnerErasureCases(),
    ...labelCases(context),
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
