import { env, SELF } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiToken, BASE, hubAdminSession } from './helpers.js';

/**
 * The cohort import on D1: a batch of 150 badges for 75 new people in one transaction. Cloudflare's
 * D1 refuses a statement with more than 100 bound parameters; every statement the Worker prepares
 * here is counted, so that the test fails on a statement past the limit even if the local D1 let it
 * through.
 */

let token: string;
const bound: number[] = [];
const unwrappedPrepare = env.DB.prepare;

beforeAll(async () => {
  token = await apiToken(await hubAdminSession());
  // The Worker under test runs in this isolate with this same binding: count what each statement binds.
  const prepare = env.DB.prepare.bind(env.DB);
  env.DB.prepare = (query: string) => {
    const statement = prepare(query);
    const bind = statement.bind.bind(statement);
    statement.bind = (...values: unknown[]) => {
      bound.push(values.length);
      return bind(...values);
    };
    return statement;
  };
});

// The files of the workers project share this binding: the next one gets it unwrapped.
afterAll(() => {
  env.DB.prepare = unwrappedPrepare;
});

const CODES = ['A1', 'S1'];

function cohort(): string {
  const lines = ['nom;e-mail;compétence;niveau'];
  for (let n = 0; n < 150; n++)
    lines.push(`Personne ${Math.floor(n / 2)} Worker;p${Math.floor(n / 2)}@example.org;${CODES[n % 2]};autonome`);
  return lines.join('\n');
}

function importCsv(csv: string, query = ''): Promise<Response> {
  return SELF.fetch(`${BASE}/api/v1/structures/structure-demo/credentials/batch${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    body: csv,
  });
}

describe('a cohort of 150 badges on D1', () => {
  it('issues them in one batch whose every statement binds at most 100 parameters, then nothing twice', async () => {
    bound.length = 0;
    const res = await importCsv(cohort(), '?consent=1');
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      issued: number;
      newLearners: number;
      errors: unknown[];
      items: { credential: string }[];
    };
    expect(body).toMatchObject({ issued: 150, newLearners: 75, errors: [] });
    expect(bound.length).toBeGreaterThan(0);
    expect(Math.max(...bound)).toBeLessThanOrEqual(100);
    const rows = await env.DB.prepare('select count(*) as n from credentials where learner_id is not null').first<{
      n: number;
    }>();
    expect(rows?.n).toBe(150);

    const verified = (await (
      await SELF.fetch(`${BASE}/api/v1/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: body.items[149]!.credential }),
      })
    ).json()) as { verified: boolean };
    expect(verified.verified).toBe(true);

    const again = (await (await importCsv(cohort(), '?consent=1')).json()) as { issued: number; held: number };
    expect(again).toMatchObject({ issued: 0, held: 150 });
  });
});
