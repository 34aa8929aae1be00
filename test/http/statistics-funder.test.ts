/**
 * The figures a funder reads (/organisations/<hub>/chiffres): a period picker whose parameters are
 * validated, one definition per figure, labelled places and certified mediators at the end of the
 * period with their trend (a real label, a real certification through the committee, suspended
 * then reinstated), people who progressed by a level counted from real evaluations (and counted
 * here again from the raw tables), the CSV of the same figures, small counts withheld.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { principalFromApiToken } from '../../src/auth/service.js';
import { parseCsv } from '../../src/lib/csv.js';
import { grantLabel } from '../../src/label/service.js';
import { getProgramme } from '../../src/label/programme.js';
import type { OrganisationRow } from '../../src/organisations/store.js';
import {
  api,
  apiTokenFor,
  type Client,
  createHarness,
  createStructure,
  createUser,
  type Harness,
  json,
  signedInClient,
} from '../helpers/harness.js';

let h: Harness;
let structureB: OrganisationRow;
let hubAdmin: Client;
let adminA: Client;
let hubSlug: string;
let hubToken: string;

interface Headline {
  value: string;
  trend: string | null;
  definition: string;
}

/** The figures of the page: `data-headline` blocks, with their value, trend and definition. */
function headlinesOf(html: string): Map<string, Headline> {
  const out = new Map<string, Headline>();
  for (const block of html.split('<div data-headline="').slice(1)) {
    const key = block.slice(0, block.indexOf('"'));
    const value = /<strong data-value="?[^>]*>([^<]*)<\/strong>/.exec(block)![1]!;
    const trend = /<span class="trend" data-trend[^>]*>([\s\S]*?)<\/span>/.exec(block)?.[1] ?? null;
    const definition = /data-definition[^>]*>([^<]*)</.exec(block)![1]!;
    out.set(key, { value, trend: trend?.replace(/\s+/g, ' ').trim() ?? null, definition });
  }
  return out;
}

async function page(client: Client, path: string): Promise<Map<string, Headline>> {
  const res = await client.get(path);
  expect(res.status, path).toBe(200);
  return headlinesOf(await res.text());
}

/** People who progressed in [from, to] (months), computed here from the raw evaluations. */
async function progressedFromDatabase(structureIds: string[], from: string, to: string): Promise<number> {
  const rows = (
    await h.opened.client.execute(
      `select e.learner_id l, e.structure_id s, e.date d, e.created_at c, i.competence_code k, i.level v
       from evaluation_items i join evaluations e on e.id = i.evaluation_id order by e.date, e.created_at`,
    )
  ).rows;
  const rank = (v: unknown) => ['avec-guidage', 'autonome-si-besoin', 'autonome'].indexOf(String(v));
  const last = new Map<string, number>();
  const people = new Set<string>();
  for (const r of rows) {
    const key = `${r.l}|${r.k}`;
    const month = String(r.d).slice(0, 7);
    const before = last.get(key);
    if (
      before !== undefined &&
      rank(r.v) > before &&
      month >= from &&
      month <= to &&
      structureIds.includes(String(r.s))
    )
      people.add(String(r.l));
    last.set(key, rank(r.v));
  }
  return people.size;
}

beforeAll(async () => {
  h = await createHarness({ now: '2026-10-15T09:00:00Z' });
  hubSlug = h.boot.hub.slug;
  structureB = await createStructure(h, 'Tiers-lieu Financeurs');
  const mediatorA = await createUser(h, h.boot.structure!.id, 'mediator');
  const mediatorB = await createUser(h, structureB.id, 'mediator');
  const hubAdminUser = await createUser(h, h.boot.hub.id, 'hub-admin');
  const adminAUser = await createUser(h, h.boot.structure!.id, 'structure-admin');
  const tokenA = await apiTokenFor(h, mediatorA);
  const tokenB = await apiTokenFor(h, mediatorB);
  hubToken = await apiTokenFor(h, hubAdminUser);
  const committee = [
    await apiTokenFor(h, await createUser(h, h.boot.hub.id, 'committee')),
    await apiTokenFor(h, await createUser(h, h.boot.hub.id, 'committee')),
  ];

  // 15 October: mediator A is certified by the committee (5 blocks with the required ones, two approvals).
  const status = await json<{ portfolio: { code: string; block: string }[] }>(
    await api(h, tokenA, '/api/v1/certification'),
  );
  const blocks = ['M1', 'M2', 'M3', 'M4', 'M5'];
  const codes = status.portfolio.filter((c) => blocks.includes(c.block)).map((c) => c.code);
  const levels = Object.fromEntries(codes.map((c) => [c, 'maitrise']));
  expect((await api(h, tokenA, '/api/v1/certification/levels', { body: { levels } })).status).toBe(200);
  for (const code of codes)
    expect(
      (
        await api(h, tokenA, '/api/v1/certification/evidence', {
          body: { code, kind: 'text', text: `Récit réflexif pour ${code}.` },
        })
      ).status,
    ).toBe(201);
  const app = await json<{ id: string; items: { code: string }[] }>(
    await api(h, tokenA, '/api/v1/certification/applications', { body: { blocks } }),
  );
  const approve = { vote: 'approve', items: app.items.map((i) => ({ code: i.code, decision: 'accept' })) };
  let issued: { id: string; kind: string }[] = [];
  for (const token of committee) {
    const res = await api(h, token, `/api/v1/certification/applications/${app.id}/reviews`, { body: approve });
    expect(res.status).toBe(201);
    issued = (await json<{ issued: { id: string; kind: string }[] }>(res)).issued;
  }
  const certification = issued.find((c) => c.kind === 'certification')!;
  expect(certification).toBeDefined();

  // 20 October: structure A is labelled (it has its certified mediator).
  h.setNow('2026-10-20T09:00:00Z');
  await grantLabel(h.deps, (await principalFromApiToken(h.deps, hubToken))!, {
    hub: h.boot.hub,
    structure: h.boot.structure!,
    programme: await getProgramme(h.deps.database.db, 'label-regional'),
    certifiedMediators: 1,
  });

  // 20 November: the certification is suspended; 2 December: reinstated (a fresh credential).
  h.setNow('2026-11-20T09:00:00Z');
  const id = certification.id.slice(9);
  expect((await api(h, hubToken, `/api/v1/credentials/${id}/suspend`, { body: { reason: 'Examen' } })).status).toBe(
    200,
  );
  h.setNow('2026-12-02T09:00:00Z');
  expect(
    (await api(h, committee[0]!, `/api/v1/credentials/${id}/reinstate`, { body: { reason: 'Sans suite' } })).status,
  ).toBe(200);

  // Evaluations: progressions in October (B) and November (A, two people), a regression, a single session.
  h.setNow('2026-12-03T10:00:00Z');
  const learner = async (token: string, slug: string, displayName: string) =>
    (
      await json<{ id: string }>(
        await api(h, token, `/api/v1/structures/${slug}/learners`, { body: { displayName, consent: true } }),
      )
    ).id;
  const evaluate = async (token: string, id: string, date: string, items: [string, string][]) =>
    expect(
      (
        await api(h, token, `/api/v1/learners/${id}/evaluations`, {
          body: { method: 'observation', date, items: items.map(([code, level]) => ({ code, level })) },
        })
      ).status,
    ).toBe(201);
  const a1 = await learner(tokenA, 'structure-demo', 'Awa Progrès');
  await evaluate(tokenA, a1, '2026-10-05', [
    ['A1', 'avec-guidage'],
    ['A2', 'avec-guidage'],
  ]);
  // Two competences up in one session: one person.
  await evaluate(tokenA, a1, '2026-11-10', [
    ['A1', 'autonome'],
    ['A2', 'autonome-si-besoin'],
  ]);
  const a2 = await learner(tokenA, 'structure-demo', 'Bruno Progrès');
  await evaluate(tokenA, a2, '2026-11-12', [['B1', 'avec-guidage']]);
  await evaluate(tokenA, a2, '2026-11-20', [['B1', 'autonome-si-besoin']]);
  const a3 = await learner(tokenA, 'structure-demo', 'Chloé Recul');
  await evaluate(tokenA, a3, '2026-11-02', [['C1', 'autonome']]);
  await evaluate(tokenA, a3, '2026-11-25', [['C1', 'avec-guidage']]);
  const a4 = await learner(tokenA, 'structure-demo', 'Dina Une Séance');
  await evaluate(tokenA, a4, '2026-11-15', [['D1', 'autonome']]);
  const b1 = await learner(tokenB, structureB.slug, 'Élie Progrès');
  await evaluate(tokenB, b1, '2026-10-01', [['A1', 'avec-guidage']]);
  await evaluate(tokenB, b1, '2026-10-20', [['A1', 'autonome']]);
  // Signed in on the last day (sessions opened on 15 October would have expired).
  hubAdmin = await signedInClient(h, hubAdminUser);
  adminA = await signedInClient(h, adminAUser);
}, 120_000);
afterAll(() => h?.close());

describe('the figures page of a hub, for a funder', () => {
  it('gives each figure its one-line definition, and the period picker on the page', async () => {
    const res = await hubAdmin.get(`/organisations/${hubSlug}/chiffres?periode=2026-T4`);
    const html = await res.text();
    const figures = headlinesOf(html);
    expect([...figures.keys()]).toEqual([
      'labelledPlaces',
      'certifiedMediators',
      'progressed',
      'learners',
      'evaluations',
      'observations',
      'badges',
      'passports',
    ]);
    for (const [key, f] of figures) expect(f.definition.length, key).toBeGreaterThan(30);
    expect(html).toMatch(/<form method="get" class="period-picker no-print"/);
    expect(html).toMatch(/<option value="2026-T4" selected="">4e trimestre 2026<\/option>/);
    expect(html).toContain('<input type="month" id="from" name="from"');
    expect(html).toContain('Les chiffres : 4e trimestre 2026');
    // The chart: an SVG image with a title, and its numbers in a table.
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="chart-title chart-desc"/);
    expect(html).toContain('href="#par-mois-caption"');
    expect(html).toContain('id="par-mois-caption"');
  });

  it('counts labelled places and certified mediators at the end of the period, with their trend', async () => {
    const october = await page(hubAdmin, `/organisations/${hubSlug}/chiffres?periode=2026-10`);
    expect(october.get('labelledPlaces')).toMatchObject({ value: '1' });
    expect(october.get('labelledPlaces')!.trend).toBe('+1 depuis la fin de la période précédente (0)');
    expect(october.get('certifiedMediators')).toMatchObject({ value: '1' });
    expect(october.get('certifiedMediators')!.trend).toBe('+1 depuis la fin de la période précédente (0)');
    // Suspended on 20 November: not certified at the end of November.
    const november = await page(hubAdmin, `/organisations/${hubSlug}/chiffres?periode=2026-11`);
    expect(november.get('labelledPlaces')!.trend).toBe('0 depuis la fin de la période précédente (1)');
    expect(november.get('certifiedMediators')).toMatchObject({ value: '0' });
    expect(november.get('certifiedMediators')!.trend).toBe('−1 depuis la fin de la période précédente (1)');
    // Reinstated on 2 December: the fresh credential counts (December is not over: read now).
    const december = await page(hubAdmin, `/organisations/${hubSlug}/chiffres?periode=2026-12`);
    expect(december.get('certifiedMediators')).toMatchObject({ value: '1' });
    // Since the start: no previous period, no trend.
    const all = await page(hubAdmin, `/organisations/${hubSlug}/chiffres`);
    expect(all.get('labelledPlaces')).toMatchObject({ value: '1', trend: null });
    const answer = await json<Record<string, unknown>>(
      await api(h, hubToken, `/api/v1/organisations/${hubSlug}/statistics?periode=2026-11`),
    );
    expect(answer).toMatchObject({
      period: { value: '2026-11', label: 'novembre 2026', previous: { from: '2026-10', to: '2026-10' } },
      labelledPlaces: { value: 1, previous: 1 },
      certifiedMediators: { value: 0, previous: 1 },
    });
  });

  it('counts the people who progressed by a level on a competence, from the real evaluations', async () => {
    const ids = [h.boot.structure!.id, structureB.id];
    const expected = {
      '2026-10': await progressedFromDatabase(ids, '2026-10', '2026-10'),
      '2026-11': await progressedFromDatabase(ids, '2026-11', '2026-11'),
      '2026-T4': await progressedFromDatabase(ids, '2026-10', '2026-12'),
    };
    expect(expected).toEqual({ '2026-10': 1, '2026-11': 2, '2026-T4': 3 });
    for (const [periode, n] of Object.entries(expected)) {
      const figures = await page(hubAdmin, `/organisations/${hubSlug}/chiffres?periode=${periode}`);
      expect(figures.get('progressed')!.value, periode).toBe(String(n));
    }
    const custom = await page(hubAdmin, `/organisations/${hubSlug}/chiffres?periode=libre&from=2026-10&to=2026-11`);
    expect(custom.get('progressed')!.value).toBe('3');
  });

  it('withholds a small count of one structure in one month (« moins de 5 »), the hub’s total stays exact', async () => {
    // Structure A alone: 2 people progressed, all in November.
    const own = await page(adminA, '/organisations/structure-demo/chiffres?periode=2026-T4');
    expect(own.get('progressed')!.value).toBe('moins de 5');
    const narrowed = await page(
      hubAdmin,
      `/organisations/${hubSlug}/chiffres?periode=2026-11&structure=structure-demo`,
    );
    expect(narrowed.get('progressed')!.value).toBe('moins de 5');
    const hub = await page(hubAdmin, `/organisations/${hubSlug}/chiffres?periode=2026-11`);
    expect(hub.get('progressed')!.value).toBe('2');
  });

  it('gives the same figures as CSV, line by line', async () => {
    const query = '?periode=2026-11';
    const figures = await page(hubAdmin, `/organisations/${hubSlug}/chiffres${query}`);
    const res = await hubAdmin.get(`/organisations/${hubSlug}/chiffres/synthese.csv${query}`);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = parseCsv(await res.text(), { maxRows: 100, maxCell: 1000 }).filter((l) => l.join('') !== '');
    expect(lines[0]).toEqual([
      'Indicateur',
      'Période',
      'Valeur',
      'Fin de la période précédente',
      'Évolution',
      'Définition',
    ]);
    expect(lines).toHaveLength(1 + figures.size);
    const csvValue = (v: string) => (v === '<5' ? 'moins de 5' : v);
    [...figures.values()].forEach((f, i) => {
      const line = lines[i + 1]!;
      expect(line[1]).toBe('novembre 2026');
      expect(csvValue(line[2]!)).toBe(f.value);
      expect(line[5]).toBe(f.definition);
      if (f.trend) expect(f.trend.startsWith(line[4]!)).toBe(true);
    });
  });

  it('refuses a bad period with a 422 problem', async () => {
    for (const q of [
      'periode=libre&from=2026-11&to=2026-09',
      'periode=libre&from=2026-11',
      'periode=2026-T5',
      'periode=2026-13',
      'periode=hier',
      'from=2026-11&to=2026-01',
    ]) {
      const res = await api(h, hubToken, `/api/v1/organisations/${hubSlug}/statistics?${q}`);
      expect(res.status, q).toBe(422);
      expect(res.headers.get('content-type'), q).toContain('application/problem+json');
      const page = await hubAdmin.get(`/organisations/${hubSlug}/chiffres?${q}`);
      expect(page.status, q).toBe(422);
    }
  });

  it('is linked from the hub admin’s and the structure admin’s space', async () => {
    expect(await (await hubAdmin.get('/espace')).text()).toContain(`href="/organisations/${hubSlug}/chiffres"`);
    expect(await (await adminA.get('/espace')).text()).toContain('href="/organisations/structure-demo/chiffres"');
  });
});
