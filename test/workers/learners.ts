import { SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiToken, BASE, hubAdminSession, mediatorToken } from './helpers.js';

let token: string;
let hubToken: string;

beforeAll(async () => {
  hubToken = await apiToken(await hubAdminSession());
  token = await mediatorToken(hubToken);
});

function call(path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<Response> {
  return SELF.fetch(`${BASE}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

describe('the learner journey inside workerd (D1, pdfkit, embedded fonts, pdf-lib)', () => {
  it('issues a passport whose PDF, rendered in the Worker, verifies in the Worker with the holder’s name', async () => {
    const created = await call('/api/v1/structures/structure-demo/learners', {
      displayName: 'Дарья Ковалёва',
      consent: true,
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const core = ['S1', 'O1', 'C1', 'W1', 'N1', 'R1', 'A1', 'E1'];
    expect(
      (
        await call(`/api/v1/learners/${id}/evaluations`, {
          method: 'observation',
          date: '2026-05-01',
          items: core.map((code) => ({ code, level: 'autonome' })),
        })
      ).status,
    ).toBe(201);
    const awards = (await (await call(`/api/v1/learners/${id}/awards`, {})).json()) as { issued: { kind: string }[] };
    expect(awards.issued.filter((i) => i.kind === 'passport')).toHaveLength(1);
    const pdf = await call(`/api/v1/learners/${id}/passport.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = await pdf.arrayBuffer();
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
    const form = new FormData();
    form.set('file', new File([bytes], 'passeport.pdf', { type: 'application/pdf' }));
    form.set('holderName', 'дарья ковалёва');
    const verified = (await (await SELF.fetch(`${BASE}/api/v1/verify`, { method: 'POST', body: form })).json()) as {
      verified: boolean;
      credentials: unknown[];
      printedName?: { outcome: string; checked: number };
      verdict: { code: string };
    };
    expect(verified.verified).toBe(true);
    expect(verified.credentials).toHaveLength(9);
    // The name the PDF carries (metadata written and read inside workerd) matches every badge.
    expect(verified.printedName).toMatchObject({ outcome: 'match', checked: 9 });
    expect(verified.verdict.code).toBe('valid');
  });

  it('counts on D1 the people who progressed by a level in a quarter (the figures’ window query)', async () => {
    const created = await call('/api/v1/structures/structure-demo/learners', {
      displayName: 'Élie Progrès',
      consent: true,
    });
    const { id } = (await created.json()) as { id: string };
    for (const [date, level] of [
      ['2026-04-02', 'avec-guidage'],
      ['2026-05-03', 'autonome'],
    ])
      expect(
        (
          await call(`/api/v1/learners/${id}/evaluations`, {
            method: 'observation',
            date,
            items: [{ code: 'B1', level }],
          })
        ).status,
      ).toBe(201);
    const res = await SELF.fetch(`${BASE}/api/v1/organisations/hub-demo/statistics?periode=2026-T2`, {
      headers: { authorization: `Bearer ${hubToken}` },
    });
    expect(res.status).toBe(200);
    const figures = (await res.json()) as { progressed: number | null; period: { label: string } };
    expect(figures).toMatchObject({ progressed: 1, period: { label: '2e trimestre 2026' } });
  });
});

describe('a form sent twice from a phone’s outbox, inside workerd (device keys in D1)', () => {
  it('creates one person and one evaluation for a key sent twice, the same answers both times', async () => {
    const body = { displayName: 'Noé Itinérant', consent: true, deviceKey: crypto.randomUUID() };
    const [first, again] = [
      await call('/api/v1/structures/structure-demo/learners', body),
      await call('/api/v1/structures/structure-demo/learners', body),
    ];
    expect([first.status, again.status]).toEqual([201, 201]);
    const { id } = (await first.json()) as { id: string };
    expect(((await again.json()) as { id: string }).id).toBe(id);
    const evaluation = { method: 'observation', date: '2026-05-02', items: [{ code: 'A1', level: 'autonome' }] };
    const key = crypto.randomUUID();
    const sent = await Promise.all([
      call(`/api/v1/learners/${id}/evaluations`, { ...evaluation, deviceKey: key }),
      call(`/api/v1/learners/${id}/evaluations`, { ...evaluation, deviceKey: key }),
    ]);
    expect(sent.map((r) => r.status)).toEqual([201, 201]);
    const ids = await Promise.all(sent.map(async (r) => ((await r.json()) as { id: string }).id));
    expect(new Set(ids).size).toBe(1);
  });
});
