import { env, SELF } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiToken, BASE, hubAdminSession, mediatorToken } from './helpers.js';

/**
 * The cohort import on D1: a batch of 150 badges for 75 new people in one transaction; a workshop's
 * group (badges and passports) in one transaction too. Cloudflare's
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

describe('a workshop’s group on D1', () => {
  it('issues 12 people’s badges and passports in one batch within 100 parameters a statement, then nothing', async () => {
    const mediator = await mediatorToken(token);
    const call = (path: string, body: unknown) =>
      SELF.fetch(`${BASE}/api/v1/structures/structure-demo/${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${mediator}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const people: string[] = [];
    for (let n = 0; n < 12; n++) {
      const res = await call('learners', { displayName: `Atelier ${n} Worker`, consent: true });
      people.push(((await res.json()) as { id: string }).id);
    }
    // The first person holds A1 at a lower level: the group's A1 replaces it (marked in the batch).
    const learnerCall = (path: string, body: unknown) =>
      SELF.fetch(`${BASE}/api/v1/learners/${people[0]}/${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${mediator}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const early = await learnerCall('evaluations', {
      method: 'observation',
      date: '2026-10-01',
      items: [{ code: 'A1', level: 'autonome-si-besoin' }],
    });
    expect(early.status).toBe(201);
    expect((await learnerCall('awards', {})).status).toBe(201);
    // Eight competences of the passport's core at its level: eight badges and the passport each.
    const core = ['S1', 'O1', 'C1', 'W1', 'N1', 'R1', 'A1', 'E1'];
    const recorded = await call('workshops', {
      method: 'exercise',
      date: '2026-10-06',
      people: people.map((learner) => ({ learner, items: core.map((code) => ({ code, level: 'autonome' })) })),
    });
    expect(recorded.status).toBe(201);
    const { id } = (await recorded.json()) as { id: string };
    bound.length = 0;
    const issued = await call(`workshops/${id}/issue`, {});
    expect(issued.status).toBe(201);
    const body = (await issued.json()) as { people: { issued: { kind: string }[] }[] };
    expect(body.people.map((p) => p.issued.length)).toEqual(people.map(() => 9));
    expect(Math.max(...bound)).toBeLessThanOrEqual(100);
    const count = (kind: string) =>
      env.DB.prepare(
        `select count(*) as n from credentials where achievement_kind = ? and learner_id in (${people.map(() => '?').join(',')})`,
      )
        .bind(kind, ...people)
        .first<{ n: number }>();
    expect((await count('competence'))?.n).toBe(97);
    const replaced = await env.DB.prepare(
      "select level, superseded_by is not null as replaced from credentials where learner_id = ? and competence_code = 'A1' order by issued_at",
    )
      .bind(people[0])
      .all<{ level: string; replaced: number }>();
    expect(replaced.results).toEqual([
      { level: 'autonome-si-besoin', replaced: 1 },
      { level: 'autonome', replaced: 0 },
    ]);
    expect((await count('passport'))?.n).toBe(12);
    const again = await call(`workshops/${id}/issue`, {});
    expect(again.status).toBe(200);
    expect((await count('passport'))?.n).toBe(12);
  });
});
