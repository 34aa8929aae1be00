/**
 * The figures page and its CSV: counts computed here, independently, with SQL on the raw tables,
 * must be what the page and the CSV say; erasing a person changes none of them; only aggregates
 * leave (no name); each structure sees its own, the hub's admins see all of theirs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrganisationRow } from '../../src/organisations/store.js';
import {
  api,
  apiTokenFor,
  type Client,
  createHarness,
  createStructure,
  createUser,
  type Harness,
  signedInClient,
} from '../helpers/harness.js';

let h: Harness;
let structureB: OrganisationRow;
let hubAdmin: Client;
let adminA: Client;
let adminB: Client;
const erasedName = 'Personne Effacée Statistiques';
let toErase = { id: '', token: '' };

interface Expected {
  learners: number;
  evaluations: number;
  observations: number;
  badges: number;
  passports: number;
}

/** The same figures, straight from the tables, per structure id and month (YYYY-MM). */
async function fromDatabase(): Promise<Map<string, Expected>> {
  const out = new Map<string, Expected>();
  const cell = (s: string, m: string) => {
    const key = `${s}|${m}`;
    if (!out.has(key)) out.set(key, { learners: 0, evaluations: 0, observations: 0, badges: 0, passports: 0 });
    return out.get(key)!;
  };
  const q = async (sql: string) => (await h.opened.client.execute(sql)).rows;
  for (const r of await q('select structure_id s, substr(created_at,1,7) m, count(*) n from learners group by 1,2'))
    cell(String(r.s), String(r.m)).learners += Number(r.n);
  for (const r of await q('select structure_id s, substr(date,1,7) m, count(*) n from evaluations group by 1,2'))
    cell(String(r.s), String(r.m)).evaluations += Number(r.n);
  for (const r of await q(
    'select e.structure_id s, substr(e.date,1,7) m, count(*) n from evaluation_items i join evaluations e on e.id = i.evaluation_id group by 1,2',
  ))
    cell(String(r.s), String(r.m)).observations += Number(r.n);
  for (const r of await q(
    'select issuer_org_id s, substr(issued_at,1,7) m, achievement_kind k, count(*) n from credentials where learner_id is not null group by 1,2,3',
  )) {
    const c = cell(String(r.s), String(r.m));
    if (r.k === 'passport') c.passports += Number(r.n);
    else c.badges += Number(r.n);
  }
  return out;
}

/** Rows of a CSV answer, which must start with a UTF-8 byte order mark (for spreadsheets). */
async function csvRows(res: Response): Promise<string[][]> {
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return new TextDecoder('utf-8', { ignoreBOM: false })
    .decode(bytes)
    .trim()
    .split('\r\n')
    .map((l) => l.split(';'));
}

/** The totals row of the page: data-figure cells of the first table. */
function totalsOf(html: string): Expected {
  const table = html.slice(
    html.indexOf('id="totaux-caption"'),
    html.indexOf('</table>', html.indexOf('id="totaux-caption"')),
  );
  const read = (key: string) =>
    Number(new RegExp(`data-figure="${key}"><span[^>]*>[^<]*</span>(\\d+)<`).exec(table)![1]);
  return {
    learners: read('learners'),
    evaluations: read('evaluations'),
    observations: read('observations'),
    badges: read('badges'),
    passports: read('passports'),
  };
}

const sum = (list: Expected[]): Expected =>
  list.reduce(
    (a, b) => ({
      learners: a.learners + b.learners,
      evaluations: a.evaluations + b.evaluations,
      observations: a.observations + b.observations,
      badges: a.badges + b.badges,
      passports: a.passports + b.passports,
    }),
    { learners: 0, evaluations: 0, observations: 0, badges: 0, passports: 0 },
  );

beforeAll(async () => {
  h = await createHarness();
  structureB = await createStructure(h, 'Structure Bis');
  const mediatorA = await createUser(h, h.boot.structure!.id, 'mediator');
  const mediatorB = await createUser(h, structureB.id, 'mediator');
  hubAdmin = await signedInClient(h, await createUser(h, h.boot.hub.id, 'hub-admin'));
  adminA = await signedInClient(h, await createUser(h, h.boot.structure!.id, 'structure-admin'));
  adminB = await signedInClient(h, await createUser(h, structureB.id, 'structure-admin'));
  const tokenA = await apiTokenFor(h, mediatorA);
  const tokenB = await apiTokenFor(h, mediatorB);
  const learner = async (token: string, slug: string, displayName: string) =>
    (
      (await (
        await api(h, token, `/api/v1/structures/${slug}/learners`, { body: { displayName, consent: true } })
      ).json()) as {
        id: string;
      }
    ).id;
  const evaluate = async (token: string, id: string, date: string, codes: string[], level = 'autonome') =>
    expect(
      (
        await api(h, token, `/api/v1/learners/${id}/evaluations`, {
          body: { method: 'observation', date, items: codes.map((code) => ({ code, level })) },
        })
      ).status,
    ).toBe(201);
  const CORE = ['S1', 'O1', 'C1', 'W1', 'N1', 'R1', 'A1', 'E1'];
  // Structure A: one person with a passport (two months), one with a badge, one erased later.
  const a1 = await learner(tokenA, 'structure-demo', 'Awa Statistiques');
  await evaluate(tokenA, a1, '2026-09-10', CORE.slice(0, 4));
  await evaluate(tokenA, a1, '2026-10-02', CORE.slice(4));
  await api(h, tokenA, `/api/v1/learners/${a1}/awards`, { body: {} });
  const a2 = await learner(tokenA, 'structure-demo', 'Bruno Statistiques');
  await evaluate(tokenA, a2, '2026-10-15', ['M1', 'J1'], 'avec-guidage');
  await evaluate(tokenA, a2, '2026-11-03', ['M1']);
  await api(h, tokenA, `/api/v1/learners/${a2}/awards`, { body: {} });
  const erased = await learner(tokenA, 'structure-demo', erasedName);
  await evaluate(tokenA, erased, '2026-09-20', ['C1', 'W1']);
  await evaluate(tokenA, erased, '2026-11-21', ['C1']);
  await api(h, tokenA, `/api/v1/learners/${erased}/awards`, { body: {} });
  toErase = { id: erased, token: tokenA };
  // Structure B: one person, one badge.
  const b1 = await learner(tokenB, structureB.slug, 'Chloé Statistiques');
  await evaluate(tokenB, b1, '2026-11-05', ['A1']);
  await api(h, tokenB, `/api/v1/learners/${b1}/awards`, { body: {} });
});
afterAll(() => h?.close());

describe('figures of a structure and of a hub', () => {
  it('the page and the CSV say what the database says, and erasing a person changes no figure', async () => {
    const before = await fromDatabase();
    const idA = h.boot.structure!.id;
    const expectedA = sum([...before].filter(([k]) => k.startsWith(`${idA}|`)).map(([, v]) => v));
    expect(expectedA.passports).toBe(1);
    expect(expectedA.badges).toBeGreaterThan(8);
    expect((await api(h, toErase.token, `/api/v1/learners/${toErase.id}`, { method: 'DELETE' })).status).toBe(204);
    // The raw tables lost the erased person's sessions; the figures must not.
    const liveAfter = sum([...(await fromDatabase())].filter(([k]) => k.startsWith(`${idA}|`)).map(([, v]) => v));
    expect(liveAfter.evaluations).toBe(expectedA.evaluations - 2);

    const page = await (await adminA.get('/organisations/structure-demo/chiffres')).text();
    expect(totalsOf(page)).toEqual(expectedA);
    expect(page).toContain('<svg');
    expect(page).not.toContain('Statistiques'); // no name, only aggregates

    const res = await adminA.get('/organisations/structure-demo/chiffres.csv');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const [header, ...rows] = await csvRows(res);
    expect(header!.slice(0, 7)).toEqual([
      'Mois',
      'Structure',
      'Personnes accompagnées (nouvelles)',
      'Évaluations',
      'Compétences observées',
      'Badges délivrés',
      'Passeports délivrés',
    ]);
    for (const [key, want] of before) {
      if (!key.startsWith(`${idA}|`)) continue;
      const month = key.split('|')[1]!;
      const row = rows.find((r) => r[0] === month && r[1] === 'Structure de démonstration');
      expect(row, month).toBeDefined();
      expect(row!.slice(2, 7).map(Number), month).toEqual([
        want.learners,
        want.evaluations,
        want.observations,
        want.badges,
        want.passports,
      ]);
    }
    // Badges by letter add up to the badges.
    const letters = header!.map((c, i) => [c, i] as const).filter(([c]) => c.startsWith('Badges lettre '));
    const byLetter = rows.reduce((n, r) => n + letters.reduce((m, [, i]) => m + Number(r[i]), 0), 0);
    expect(byLetter).toBe(expectedA.badges);
  });

  it('a hub admin sees every structure of the hub; a structure sees only its own', async () => {
    const all = sum([...(await fromDatabase()).values()]);
    const hubPage = await (await hubAdmin.get(`/organisations/${h.boot.hub.slug}/chiffres`)).text();
    const hubTotals = totalsOf(hubPage);
    // Live rows plus the erased person's two sessions and three observations, kept as counts.
    expect(hubTotals).toEqual({ ...all, evaluations: all.evaluations + 2, observations: all.observations + 3 });
    expect(hubPage).toContain('Structure Bis');
    const csv = await csvRows(await hubAdmin.get(`/organisations/${h.boot.hub.slug}/chiffres.csv`));
    expect(new Set(csv.slice(1).map((r) => r[1]))).toEqual(new Set(['Structure de démonstration', 'Structure Bis']));
    expect((await hubAdmin.get(`/organisations/${structureB.slug}/chiffres`)).status).toBe(200);
    expect((await adminB.get('/organisations/structure-demo/chiffres')).status).toBe(403);
    expect((await adminB.get(`/organisations/${h.boot.hub.slug}/chiffres.csv`)).status).toBe(403);
    const own = totalsOf(await (await adminB.get(`/organisations/${structureB.slug}/chiffres`)).text());
    expect(own).toEqual({ learners: 1, evaluations: 1, observations: 1, badges: 1, passports: 0 });
  });
});

describe('figures as a JSON operation', () => {
  it('narrows to one structure and a period, with the figures the database gives for them', async () => {
    const cellB = (await fromDatabase()).get(`${structureB.id}|2026-11`);
    const res = await hubAdmin.get(
      `/api/v1/organisations/${h.boot.hub.slug}/statistics?structure=${structureB.slug}&from=2026-11&to=2026-11`,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { total: Expected; byStructure: { structure: { slug: string } }[] };
    expect(body.total).toEqual(sum(cellB ? [cellB] : []));
    expect(body.byStructure.map((s) => s.structure.slug)).toEqual([structureB.slug]);
    const before = await hubAdmin.get(`/api/v1/organisations/${structureB.slug}/statistics?to=2026-10`);
    expect(((await before.json()) as { total: Expected }).total.evaluations).toBe(0);
  });

  it('refuses a reversed period and a structure outside the hub, and keeps other structures out', async () => {
    const reversed = await hubAdmin.get(`/api/v1/organisations/${h.boot.hub.slug}/statistics?from=2026-11&to=2026-09`);
    expect(reversed.status).toBe(422);
    expect(((await reversed.json()) as { code: string }).code).toBe('validation_failed');
    const outside = await hubAdmin.get(`/api/v1/organisations/${h.boot.hub.slug}/statistics?structure=ailleurs`);
    expect(outside.status).toBe(404);
    expect((await adminB.get('/api/v1/organisations/structure-demo/statistics.csv')).status).toBe(403);
  });
});
