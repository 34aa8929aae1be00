import { SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { acceptInvitation, apiToken, BASE, hubAdminSession } from './helpers.js';

/** The label inside workerd (D1): application, two reviews, registry CSV, label check, bulk verification. */

let hubAdmin: string;

async function call(token: string, path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') {
  return SELF.fetch(`${BASE}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function invite(organisation: string, role: string, email: string): Promise<string> {
  const res = await call(hubAdmin, '/api/v1/invitations', { organisation, role });
  const { url } = (await res.json()) as { url: string };
  return apiToken(await acceptInvitation(url, email));
}

beforeAll(async () => {
  hubAdmin = await apiToken(await hubAdminSession());
});

/** A mediator of the place certified over the API (a label needs the programme's minimum of them). */
async function certifyMediatorOverApi(mediator: string, committee: readonly string[]): Promise<void> {
  const blocks = ['M1', 'M2', 'M3', 'M5', 'M8'];
  const status = (await (await call(mediator, '/api/v1/certification')).json()) as {
    portfolio: { code: string; block: string }[];
  };
  const codes = status.portfolio.filter((c) => blocks.includes(c.block)).map((c) => c.code);
  const levels = { levels: Object.fromEntries(codes.map((c) => [c, 'maitrise'])) };
  expect((await call(mediator, '/api/v1/certification/levels', levels)).status).toBe(200);
  for (const code of codes)
    expect(
      (
        await call(mediator, '/api/v1/certification/evidence', {
          code,
          kind: 'text',
          text: `Récit réflexif (${code}).`,
        })
      ).status,
    ).toBe(201);
  const applied = await call(mediator, '/api/v1/certification/applications', { blocks });
  expect(applied.status).toBe(201);
  const { id } = (await applied.json()) as { id: string };
  const review = { vote: 'approve', items: codes.map((code) => ({ code, decision: 'accept' })) };
  for (const member of committee)
    expect((await call(member, `/api/v1/certification/applications/${id}/reviews`, review)).status).toBeLessThan(300);
}

describe('regional label inside workerd (D1)', () => {
  it('grants the label on two approvals, publishes the CSV, and the bulk endpoint verifies files and links', async () => {
    const admin = await invite('structure-demo', 'structure-admin', 'admin@lieu.example');
    const committee = await invite('hub-demo', 'committee', 'comite@hub.example');
    const committee2 = await invite('hub-demo', 'committee', 'comite2@hub.example');
    const mediator = await invite('structure-demo', 'mediator', 'med@lieu.example');
    await certifyMediatorOverApi(mediator, [committee, committee2]);
    expect(
      (
        await call(
          admin,
          '/api/v1/structures/structure-demo/details',
          {
            pivot: '73282932000074',
            adresse: '12 rue de la Liberté',
            codePostal: '21000',
            commune: 'Dijon',
            services: ['Aide aux démarches administratives'],
          },
          'PUT',
        )
      ).status,
    ).toBe(200);
    const answers = {
      'acces-gratuit': 'Gratuit.',
      horaires: '9h-17h.',
      accessibilite: 'Plain-pied.',
      'donnees-personnelles': 'Charte.',
      'partenariat-social': 'CCAS.',
      equipement: 'Ordinateurs.',
    };
    const created = await call(admin, '/api/v1/structures/structure-demo/label-applications', {
      answers,
      submit: true,
    });
    expect(created.status).toBe(201);
    const app = (await created.json()) as { id: string; items: { code: string }[] };
    const review = { vote: 'approve', items: app.items.map((i) => ({ code: i.code, decision: 'accept' })) };
    await call(committee, `/api/v1/label-applications/${app.id}/reviews`, review);
    // The hub's admin is not on the committee: no vote, not counted toward the quorum.
    expect((await call(hubAdmin, `/api/v1/label-applications/${app.id}/reviews`, review)).status).toBe(403);
    const decided = (await (await call(committee2, `/api/v1/label-applications/${app.id}/reviews`, review)).json()) as {
      state: string;
      labelId: string;
    };
    expect(decided.state).toBe('approved');

    const csv = await SELF.fetch(`${BASE}/api/v1/registry?format=csv`);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines).toHaveLength(2);
    // The hub has not chosen its label's open-data value: its own label name, never another region's.
    expect(lines[1]).toContain('Label régional des lieux de médiation numérique (');
    expect(lines[1]).not.toContain('Bourgogne-Franche-Comté');

    const issued = (await (
      await call(mediator, '/api/v1/credentials', {
        achievement: 'abecedaire/1.0.0/competences/A1',
        recipient: { name: 'Awa' },
      })
    ).json()) as { id: string; url: string; jwt: string };
    const form = new FormData();
    form.append('file', new File([issued.jwt], 'a.jwt'));
    form.append('file', new File(['pas un badge'], 'b.txt'));
    form.append('csv', new File([`lien\r\n${issued.url}\r\n`], 'liens.csv'));
    const bulk = await SELF.fetch(`${BASE}/api/v1/verify/bulk`, {
      method: 'POST',
      headers: { authorization: `Bearer ${committee}` },
      body: form,
    });
    expect(bulk.status).toBe(200);
    const report = (await bulk.json()) as {
      items: { name: string; verified: boolean; checks: { id: string; message: string }[] }[];
    };
    expect(report.items.map((i) => [i.name, i.verified])).toEqual([
      ['a.jwt', true],
      ['b.txt', false],
      ['liens.csv — ligne 2', true],
    ]);
    expect(report.items[0]!.checks.find((c) => c.id === 'label')!.message).toMatch(/il l’était déjà/);
  });
});
