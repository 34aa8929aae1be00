/**
 * A fuzz test generated from /api/openapi.json: every operation of the document is called with a
 * bounded number of generated path parameters, query strings and bodies (values from the schemas,
 * then wrong types, missing and extra members, hostile strings, deep nesting, unreadable bodies),
 * anonymously and as a hub administrator. Deterministic (seeded), bounded in time. Every answer must
 * be below 500, and every 4xx a problem+json.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokenFor, createHarness, createUser, type Harness } from '../helpers/harness.js';

type Schema = Record<string, unknown>;
interface Operation {
  method: string;
  path: string;
  parameters: { name: string; in: string; schema?: Schema; required?: boolean }[];
  body?: Schema;
  multipart: boolean;
}

const SEED = 0x5eed_2026;
const CASES_PER_OPERATION = 20;
const TIME_BUDGET_MS = 25_000;

/** mulberry32: small, deterministic. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
  };
}
type Rng = ReturnType<typeof prng>;

const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\u200b\u200b',
  '../../etc/passwd',
  '%2e%2e%2f',
  '<script>alert(1)</script>',
  "'; drop table users; --",
  'javascript:alert(1)',
  '\t/\\evil.example',
  'x'.repeat(5000),
  '🙂'.repeat(300),
  '-1',
  '1e309',
  'null',
  '{"a":1}',
  'urn:uuid:00000000-0000-4000-8000-000000000000',
  'abecedaire/1.0.0/competences/A1',
];

function resolveRef(doc: Schema, schema: Schema | undefined, depth = 0): Schema | undefined {
  if (!schema || depth > 20) return schema;
  const ref = schema.$ref;
  if (typeof ref === 'string' && ref.startsWith('#/')) {
    let target: unknown = doc;
    for (const part of ref.slice(2).split('/')) target = (target as Schema | undefined)?.[part];
    return resolveRef(doc, target as Schema, depth + 1);
  }
  return schema;
}

/** A value shaped by a JSON Schema (roughly: what a client might plausibly send). */
function sample(doc: Schema, raw: Schema | undefined, rng: Rng, depth = 0): unknown {
  const schema = resolveRef(doc, raw);
  if (!schema || depth > 6) return rng.pick(HOSTILE_STRINGS);
  for (const key of ['oneOf', 'anyOf'] as const) {
    const list = schema[key] as Schema[] | undefined;
    if (list?.length) return sample(doc, rng.pick(list), rng, depth + 1);
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length) return sample(doc, schema.allOf[0] as Schema, rng, depth + 1);
  if (Array.isArray(schema.enum) && schema.enum.length) return rng.pick(schema.enum as unknown[]);
  if ('const' in schema) return schema.const;
  const type = Array.isArray(schema.type) ? rng.pick(schema.type as string[]) : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      const required = new Set((schema.required ?? []) as string[]);
      for (const [name, sub] of Object.entries(props))
        if (required.has(name) || rng.next() < 0.6) out[name] = sample(doc, sub, rng, depth + 1);
      return out;
    }
    case 'array':
      return Array.from({ length: rng.int(3) }, () => sample(doc, schema.items as Schema, rng, depth + 1));
    case 'integer':
      return rng.pick([0, 1, 1990, 2010, -5, 2 ** 53, rng.int(100)]);
    case 'number':
      return rng.pick([0, 1.5, -1, 1e308, rng.next()]);
    case 'boolean':
      return rng.next() < 0.5;
    case 'null':
      return null;
    case 'string': {
      if (schema.format === 'email') return rng.pick(['a@example.org', 'not-an-email', `${'x'.repeat(300)}@x.org`]);
      if (schema.format === 'uuid') return rng.pick(['00000000-0000-4000-8000-000000000000', 'not-a-uuid']);
      if (schema.format === 'uri' || schema.format === 'url')
        return rng.pick(['https://example.org', 'javascript:alert(1)', 'http://jalon.test/credentials/x']);
      if (schema.format === 'date') return rng.pick(['2026-01-31', '2026-02-30', 'hier']);
      return rng.pick(['Camille Exemple', 'structure-demo', 'A1', 'autonome', ...HOSTILE_STRINGS]);
    }
    default:
      return rng.pick([null, 1, 'x', [], {}, true]);
  }
}

/** Breaks a plausible body in one of several ways. */
function mutate(value: unknown, rng: Rng): unknown {
  switch (rng.int(7)) {
    case 0:
      return null;
    case 1:
      return [value];
    case 2:
      return rng.pick(HOSTILE_STRINGS);
    case 3: {
      let deep: unknown = 1;
      for (let i = 0; i < 80; i++) deep = { a: deep };
      return typeof value === 'object' && value ? { ...value, nested: deep } : deep;
    }
    case 4:
      if (typeof value === 'object' && value && !Array.isArray(value)) {
        const copy: Record<string, unknown> = { ...value };
        const keys = Object.keys(copy);
        if (keys.length) copy[rng.pick(keys)] = rng.pick([null, 12, [], {}, ...HOSTILE_STRINGS]);
        copy[`extra${rng.int(9)}`] = 'x';
        return copy;
      }
      return {};
    case 5:
      return {};
    default:
      return value;
  }
}

/** encodeURIComponent, with lone surrogates sent as the raw bytes a hostile client would send. */
function encodeSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return `${encodeURIComponent(value.replace(/[\ud800-\udfff]/g, ''))}%ED%A0%80`;
  }
}

function operationsOf(doc: Schema): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Record<string, Schema>>)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method) || !op?.responses) continue;
      const content = ((op.requestBody as Schema | undefined)?.content ?? {}) as Record<string, Schema>;
      const jsonBody = content['application/json']?.schema as Schema | undefined;
      out.push({
        method: method.toUpperCase(),
        path,
        parameters: ((op.parameters ?? []) as Schema[]).map((p) => resolveRef(doc, p) as Operation['parameters'][0]),
        ...(jsonBody ? { body: jsonBody } : {}),
        multipart: 'multipart/form-data' in content,
      });
    }
  }
  return out;
}

let h: Harness;
let token: string;
beforeAll(async () => {
  h = await createHarness();
  const admin = await createUser(h, h.boot.hub.id, 'hub-admin');
  token = await apiTokenFor(h, admin);
});
afterAll(() => h.close());

describe('fuzzing every operation of /api/openapi.json', () => {
  it('never answers 5xx, and answers every 4xx with problem+json', async () => {
    const doc = (await (await h.app.request('/api/openapi.json')).json()) as Schema;
    const operations = operationsOf(doc);
    expect(operations.length).toBeGreaterThan(25);
    const rng = prng(SEED);
    const started = performance.now();
    const failures: string[] = [];
    let sent = 0;
    let covered = 0;
    for (const op of operations) {
      if (performance.now() - started > TIME_BUDGET_MS) break;
      covered++;
      for (let i = 0; i < CASES_PER_OPERATION; i++) {
        let path = op.path;
        const query = new URLSearchParams();
        const headers: Record<string, string> = { accept: 'application/json' };
        for (const p of op.parameters) {
          const value = String(
            i === 0 ? sample(doc, p.schema, rng) : rng.pick([sample(doc, p.schema, rng), ...HOSTILE_STRINGS]),
          );
          if (p.in === 'path') path = path.replace(`{${p.name}}`, encodeSegment(value).slice(0, 3000) || 'x');
          else if (p.in === 'query') query.set(p.name, value);
          else if (p.in === 'header' && /^[\x20-\x7e]*$/.test(value)) headers[p.name] = value;
        }
        if (i % 2 === 1) headers.authorization = `Bearer ${token}`;
        let body: BodyInit | undefined;
        if (op.method !== 'GET' && op.method !== 'DELETE') {
          const kind = i % 7;
          if (kind === 5) {
            headers['content-type'] = 'application/json';
            body = rng.pick(['{', '{"a":', '\u0000', '[]', `${'['.repeat(5000)}`, 'null']);
          } else if (kind === 6) {
            headers['content-type'] = rng.pick([
              'multipart/form-data; boundary=xyz',
              'application/x-www-form-urlencoded',
              'text/plain',
            ]);
            body = rng.pick(['--xyz\r\nbroken', 'a=%ZZ&b', '\u00ff\u00fe', '']);
          } else {
            headers['content-type'] = 'application/json';
            const plausible = op.body ? sample(doc, op.body, rng) : {};
            body = JSON.stringify(kind < 2 ? plausible : mutate(plausible, rng));
          }
        }
        const url = `${path}${query.size ? `?${query}` : ''}`;
        const res = await h.app.request(url, { method: op.method, headers, ...(body !== undefined ? { body } : {}) });
        sent++;
        const type = res.headers.get('content-type') ?? '';
        if (res.status >= 500)
          failures.push(`${op.method} ${url.slice(0, 120)} → ${res.status} ${(await res.text()).slice(0, 200)}`);
        else if (res.status >= 400 && !type.includes('application/problem+json'))
          failures.push(`${op.method} ${url.slice(0, 120)} → ${res.status} ${type}`);
        else await res.arrayBuffer();
      }
    }
    console.info(
      `fuzz: ${sent} requests over ${covered}/${operations.length} operations in ${(performance.now() - started).toFixed(0)} ms`,
    );
    expect(failures).toEqual([]);
    expect(covered).toBe(operations.length);
  }, 60_000);
});
