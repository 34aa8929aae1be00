/**
 * A referential version that only rewords (abecedaire 1.1.0 after 1.0.0) loses nobody's progress:
 * what was observed and awarded under 1.0.0 still counts; and a withdrawn badge is not offered again
 * until an evaluation recorded after the withdrawal says so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { afterWithdrawals, type Observation } from '../../src/learners/rules.js';
import { api, apiTokenFor, createHarness, createUser, type Harness, json } from '../helpers/harness.js';

let h: Harness;
let token: string;

beforeAll(async () => {
  h = await createHarness();
  token = await apiTokenFor(h, await createUser(h, h.boot.structure!.id, 'mediator'));
});
afterAll(() => h?.close());

interface Detail {
  referential: { version: string };
  standings: { code: string; level: string }[];
  earned: { competences: { code: string }[] };
  credentials: { competence: string | null; status: string }[];
}

describe('referential versions and withdrawals', () => {
  it('counts observations and badges recorded under 1.0.0 once 1.1.0 is the version in use', async () => {
    const { id } = await json<{ id: string }>(
      await api(h, token, '/api/v1/structures/structure-demo/learners', {
        body: { displayName: 'Ancienne Version', consent: true },
      }),
    );
    const rec = await api(h, token, `/api/v1/learners/${id}/evaluations`, {
      body: { method: 'observation', date: '2026-03-01', items: [{ code: 'A1', level: 'autonome' }] },
    });
    expect(rec.status).toBe(201);
    // As if recorded before 1.1.0 was published.
    await h.opened.client.execute({
      sql: "update evaluations set referential_version = '1.0.0' where learner_id = ?",
      args: [id],
    });
    const before = await json<Detail>(await api(h, token, `/api/v1/learners/${id}`));
    expect(before.referential.version).toBe('1.1.0');
    expect(before.standings).toEqual([expect.objectContaining({ code: 'A1', level: 'autonome' })]);
    expect(before.earned.competences.map((c) => c.code)).toEqual(['A1']);
    // A badge issued under 1.0.0 is held: nothing is offered twice.
    await json(await api(h, token, `/api/v1/learners/${id}/awards`, { body: {} }));
    await h.opened.client.execute({
      sql: "update credentials set referential_version = '1.0.0' where learner_id = ?",
      args: [id],
    });
    const after = await json<Detail>(await api(h, token, `/api/v1/learners/${id}`));
    expect(after.earned.competences).toEqual([]);
    const pdf = await api(h, token, `/api/v1/learners/${id}/passport.pdf`);
    expect(pdf.status).toBe(200);
  });

  it('drops observations recorded before a withdrawal, keeps those after it', () => {
    const obs = (code: string, recordedAt: string): Observation => ({
      code,
      level: 'autonome',
      date: recordedAt.slice(0, 10),
      recordedAt,
      evaluationId: recordedAt,
    });
    const list = [
      obs('A1', '2026-01-01T10:00:00.000Z'),
      obs('A1', '2026-03-01T10:00:00.000Z'),
      obs('B1', '2026-01-01T10:00:00.000Z'),
    ];
    const kept = afterWithdrawals(list, new Map([['A1', '2026-02-01T00:00:00.000Z']]));
    expect(kept.map((o) => `${o.code}@${o.date}`)).toEqual(['A1@2026-03-01', 'B1@2026-01-01']);
    expect(afterWithdrawals(list, new Map())).toEqual(list);
  });
});
