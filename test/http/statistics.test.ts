/**
 * The figures page and its CSV: counts computed here, independently, with SQL on the raw tables,
 * must be what the page and the CSV say — except that a count of 1 to 4 from one structure in one
 * month never appears (« moins de 5 », `<5`, `null`), nor can it be worked out from the hub's exact
 * total; erasing a person changes none of them; only aggregates leave (no name); each structure
 * sees its own, the hub's admins see all of theirs.
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
const KEYS = ['learners', 'evaluations', 'observations', 'badges', 'passports'] as const;
/** What the page shows for a count: the number, or the words for a withheld one. */
type Shown = number | 'moins de 5' | 'masqué';

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

/** The rows of a figures table of the page (`totaux`, `par-mois`, `par-structure`): label → shown counts. */
function tableOf(html: string, id: string): Map<string, Record<(typeof KEYS)[number], Shown>> {
  const start = html.indexOf(`id="${id}-caption"`);
  const table = html.slice(start, html.indexOf('</table>', start));
  const out = new Map<string, Record<(typeof KEYS)[number], Shown>>();
  for (const row of table.split('<tr>').slice(2)) {
    const label = /<th scope="row">([^<]*)</.exec(row)![1]!;
    const read = (key: string): Shown => {
      const text = new RegExp(`data-figure="${key}"><span[^>]*>[^<]*</span>([^<]+)<`).exec(row)![1]!;
      return /^\d+$/.test(text) ? Number(text) : (text as Shown);
    };
    out.set(label, Object.fromEntries(KEYS.map((k) => [k, read(k)])) as Record<(typeof KEYS)[number], Shown>);
  }
  return out;
}

/** The totals row of the page: data-figure cells of the first table. */
function totalsOf(html: string): Record<(typeof KEYS)[number], Shown> {
  return tableOf(html, 'totaux').get('Total')!;
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
  // A fixed day: people registered and badges issued this month, sessions in the three months before.
  h = await createHarness({ now: '2026-12-03T10:00:00Z' });
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
    // Three people registered and one passport, all this month: one structure in one month, so
    // « moins de 5 »; the sessions and observations span three months and are exact.
    expect(totalsOf(page)).toEqual({ ...expectedA, learners: 'moins de 5', passports: 'moins de 5' });
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
    // Each line is one structure in one month: a count of 1 to 4 reads `<5`; a larger one is exact,
    // or `masqué` when it would let a `<5` be worked out by subtraction.
    for (const [key, want] of before) {
      if (!key.startsWith(`${idA}|`)) continue;
      const month = key.split('|')[1]!;
      const row = rows.find((r) => r[0] === month && r[1] === 'Structure de démonstration');
      expect(row, month).toBeDefined();
      KEYS.forEach((k, i) => {
        const cell = row![2 + i]!;
        if (want[k] > 0 && want[k] < 5) expect(cell, `${month} ${k}`).toBe('<5');
        else expect([String(want[k]), 'masqué'], `${month} ${k}`).toContain(cell);
      });
    }
    // The letters reached in a month are no exception: never a count of 1 to 4.
    const letters = header!.map((c, i) => [c, i] as const).filter(([c]) => c.startsWith('Badges lettre '));
    const letterCells = rows.flatMap((r) => letters.map(([, i]) => r[i]!));
    expect(letterCells).toContain('<5');
    for (const cell of letterCells)
      expect(cell === '<5' || cell === 'masqué' || Number(cell) === 0 || Number(cell) >= 5).toBe(true);
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
    // Structure B's figures are one person in one month each: withheld, even from its own page.
    const own = totalsOf(await (await adminB.get(`/organisations/${structureB.slug}/chiffres`)).text());
    expect(own).toEqual({
      learners: 'moins de 5',
      evaluations: 'moins de 5',
      observations: 'moins de 5',
      badges: 'moins de 5',
      passports: 0,
    });
  });

  it('the hub’s page never shows one structure’s month of 1 to 4, nor lets it be worked out from the exact total', async () => {
    const db = await fromDatabase();
    const hubPage = await (await hubAdmin.get(`/organisations/${h.boot.hub.slug}/chiffres`)).text();
    const byStructure = tableOf(hubPage, 'par-structure');
    const b = byStructure.get('Structure Bis')!;
    const a = byStructure.get('Structure de démonstration')!;
    // Structure B: one person, one session, one badge, in one month each.
    expect(b).toEqual({
      learners: 'moins de 5',
      evaluations: 'moins de 5',
      observations: 'moins de 5',
      badges: 'moins de 5',
      passports: 0,
    });
    // The hub's total is exact, so A's exact figure would give B's by subtraction: A's is masked too.
    const evaluationsA = sum([...db].filter(([k]) => k.startsWith(`${h.boot.structure!.id}|`)).map(([, v]) => v));
    expect(evaluationsA.evaluations + 2).toBeGreaterThanOrEqual(5);
    expect([a.evaluations, a.observations, a.badges]).toEqual(['masqué', 'masqué', 'masqué']);
    // Both people registered this month, one in each structure: two « moins de 5 » under an exact 4.
    expect(a.learners).toBe('moins de 5');
    // In each column, a total minus the exact rows never leaves a single withheld row. (Not the
    // passports: the hub's one passport is A's; the hub's total stays exact, so nothing hides it.)
    for (const k of KEYS.filter((k) => k !== 'passports')) {
      expect([...byStructure.values()].filter((r) => typeof r[k] !== 'number').length, k).not.toBe(1);
    }
    // The month of November: structure A's sessions and B's single one, each withheld in the CSV.
    const csv = await csvRows(await hubAdmin.get(`/organisations/${h.boot.hub.slug}/chiffres.csv`));
    const november = csv.filter((r) => r[0] === '2026-11').map((r) => [r[1], r[3]]);
    expect(november.sort()).toEqual([
      ['Structure Bis', '<5'],
      ['Structure de démonstration', '<5'],
    ]);
    for (const row of csv.slice(1))
      for (const cell of row.slice(2)) expect(/^[1-4]$/.test(cell), `${row[0]} ${row[1]}: ${cell}`).toBe(false);
  });
});

describe('figures as a JSON operation', () => {
  it('narrows to one structure and a period, with the figures the database gives for them', async () => {
    const cellB = (await fromDatabase()).get(`${structureB.id}|2026-11`);
    const res = await hubAdmin.get(
      `/api/v1/organisations/${h.boot.hub.slug}/statistics?structure=${structureB.slug}&from=2026-11&to=2026-11`,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      total: Record<string, number | boolean | null>;
      byMonth: { figures: Record<string, number | boolean | null> }[];
      byStructure: { structure: { slug: string } }[];
    };
    // One structure in one month: its single session and observation are withheld (`null`), zeros stay.
    const exact = sum(cellB ? [cellB] : []);
    expect(exact.evaluations).toBe(1);
    const withheld = Object.fromEntries(KEYS.map((k) => [k, exact[k] > 0 && exact[k] < 5 ? null : exact[k]]));
    expect(body.total).toEqual({ ...withheld, suppressed: true });
    expect(body.byMonth.map((m) => m.figures)).toEqual([{ ...withheld, suppressed: true }]);
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
