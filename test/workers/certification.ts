/**
 * Mediator certification inside workerd: evidence files go to the R2 binding (no file system), the
 * portfolio and application work on D1.
 */
import { SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiToken, BASE, hubAdminSession, mediatorToken } from './helpers.js';

let mediator: string;

beforeAll(async () => {
  mediator = await mediatorToken(await apiToken(await hubAdminSession()));
});

const auth = () => ({ authorization: `Bearer ${mediator}` });

describe('mediator certification on Workers', () => {
  it('stores an evidence file in R2 and serves it back to its owner only', async () => {
    const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n');
    const form = new FormData();
    form.set('code', 'M1.1');
    form.set('file', new File([pdf], 'trame.pdf', { type: 'application/pdf' }));
    const res = await SELF.fetch(`${BASE}/api/v1/certification/evidence`, {
      method: 'POST',
      headers: auth(),
      body: form,
    });
    expect(res.status).toBe(201);
    const { id, fileType } = (await res.json()) as { id: string; fileType: string };
    expect(fileType).toBe('application/pdf');
    const back = await SELF.fetch(`${BASE}/api/v1/certification/evidence/${id}`, { headers: auth() });
    expect(back.status).toBe(200);
    expect(new Uint8Array(await back.arrayBuffer())).toEqual(pdf);
    expect((await SELF.fetch(`${BASE}/api/v1/certification/evidence/${id}`)).status).toBe(401);
  });

  it('records levels and text evidence, and submits an application to the hub', async () => {
    const status = (await (await SELF.fetch(`${BASE}/api/v1/certification`, { headers: auth() })).json()) as {
      portfolio: { code: string; block: string }[];
    };
    const codes = status.portfolio.filter((c) => c.block === 'M1').map((c) => c.code);
    const json = { ...auth(), 'content-type': 'application/json' };
    const levels = await SELF.fetch(`${BASE}/api/v1/certification/levels`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ levels: Object.fromEntries(codes.map((c) => [c, 'maitrise'])) }),
    });
    expect(levels.status).toBe(200);
    for (const code of codes) {
      const added = await SELF.fetch(`${BASE}/api/v1/certification/evidence`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ code, kind: 'text', text: 'Récit réflexif.' }),
      });
      expect(added.status).toBe(201);
    }
    const applied = await SELF.fetch(`${BASE}/api/v1/certification/applications`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ blocks: ['M1'] }),
    });
    expect(applied.status).toBe(201);
    expect(((await applied.json()) as { state: string }).state).toBe('submitted');
  });
});

describe('evidence limit on D1', () => {
  it('20 parallel uploads for one competence store at most 10 pieces (conditional insert in the batch)', async () => {
    const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n');
    const upload = () => {
      const form = new FormData();
      form.set('code', 'M7.1');
      form.set('file', new File([pdf], 'preuve.pdf', { type: 'application/pdf' }));
      return SELF.fetch(`${BASE}/api/v1/certification/evidence`, { method: 'POST', headers: auth(), body: form });
    };
    const answers: Response[] = [];
    for (const pending of Array.from({ length: 20 }, upload)) answers.push(await pending);
    const codes: number[] = answers.map((r) => r.status);
    await Promise.all(answers.map((r) => r.body?.cancel()));
    expect(codes.filter((s) => s === 201).length).toBe(10);
    expect(codes.filter((s) => s !== 201).every((s) => s === 409)).toBe(true);
    const status = (await (await SELF.fetch(`${BASE}/api/v1/certification`, { headers: auth() })).json()) as {
      portfolio: { code: string; evidence: unknown[] }[];
    };
    expect(status.portfolio.find((c) => c.code === 'M7.1')!.evidence.length).toBe(10);
  });
});
