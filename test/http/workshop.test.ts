/**
 * A group session that ends with the badges (issue 19): after the sheet is saved, one action issues
 * every person's earned badges, a second one issues nothing, the list marks who still has badges to
 * issue, and the competence search matches words of titles and themes, not of descriptions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { learnerReferential } from '../../src/learners/service.js';
import { matchesSearch } from '../../src/learners/search.js';
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
let client: Client;
let token: string;
let outsiderToken: string;
let outsider: Client;
const SLUG = 'structure-demo';

async function register(name: string): Promise<string> {
  const res = await api(h, token, `/api/v1/structures/${SLUG}/learners`, {
    body: { displayName: name, consent: true },
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

async function credentialsOf(id: string): Promise<{ code: string | null; kind: string }[]> {
  const rs = await h.opened.client.execute({
    sql: 'select competence_code, achievement_kind from credentials where learner_id = ? order by competence_code',
    args: [id],
  });
  return rs.rows.map((r) => ({ code: r.competence_code as string | null, kind: String(r.achievement_kind) }));
}

/** Saves a sheet through the page: three people, two competences; returns the session's page. */
async function saveSheet(ids: string[], levels: Record<string, Record<string, string>>): Promise<string> {
  const fields: Record<string, string | string[]> = {
    personnes: ids,
    codes: ['A1', 'C1'],
    method: 'observation',
    date: '2026-10-05',
  };
  for (const [id, byCode] of Object.entries(levels))
    for (const [code, level] of Object.entries(byCode)) fields[`niveau.${id}.${code}`] = level;
  const res = await client.postForm(`/structures/${SLUG}/atelier`, fields);
  expect(res.status).toBe(303);
  const location = res.headers.get('location')!;
  expect(location).toMatch(new RegExp(`^/structures/${SLUG}/atelier/[0-9a-f-]{36}$`));
  return location;
}

beforeAll(async () => {
  h = await createHarness();
  const mediator = await createUser(h, h.boot.structure!.id, 'mediator');
  client = await signedInClient(h, mediator);
  token = await apiTokenFor(h, mediator);
  const other = await createStructure(h, 'Tiers-lieu voisin');
  const stranger = await createUser(h, other.id, 'mediator');
  outsider = await signedInClient(h, stranger);
  outsiderToken = await apiTokenFor(h, stranger);
  await client.get(`/structures/${SLUG}/apprenants`);
});
afterAll(() => h?.close());

describe('the workshop page issues the whole group’s badges in one action', () => {
  it('shows what each person earned, issues all of it with one POST, and a second POST issues nothing', async () => {
    const ids = await Promise.all(['Groupe Un', 'Groupe Deux', 'Groupe Trois'].map(register));
    const page = await saveSheet(ids, {
      [ids[0]!]: { A1: 'autonome', C1: 'autonome' },
      [ids[1]!]: { A1: 'autonome-si-besoin' },
      [ids[2]!]: { C1: 'avec-guidage' },
    });
    // Saving issued nothing: the list marks the two people who have badges waiting.
    for (const id of ids) expect(await credentialsOf(id)).toEqual([]);
    const list = await (await client.get(`/structures/${SLUG}/apprenants?q=groupe`)).text();
    expect(list.match(/badges à délivrer/g)?.length).toBe(2);
    const before = await (await client.get(page)).text();
    expect(before).toContain('Délivrer les badges du groupe');
    expect(before.match(/Délivrer les badges du groupe/g)?.length).toBe(1);
    expect(before).toContain('3 badges obtenus, à délivrer');

    const issued = await client.postForm(`${page}/delivrer`, {});
    expect(issued.status).toBe(303);
    expect(issued.headers.get('location')).toBe(page);
    expect(await credentialsOf(ids[0]!)).toEqual([
      { code: 'A1', kind: 'competence' },
      { code: 'C1', kind: 'competence' },
    ]);
    expect(await credentialsOf(ids[1]!)).toEqual([{ code: 'A1', kind: 'competence' }]);
    expect(await credentialsOf(ids[2]!)).toEqual([]);
    // The page after the redirect is the summary: per person, the titles issued; no button any more.
    const after = await client.get(page);
    const summary = await after.text();
    expect(summary).toContain('3 badges délivrés à 2 personnes.');
    expect(summary).not.toContain('Délivrer les badges du groupe');
    const ref = (await learnerReferential(h.deps)).referential;
    const a1 = ref.entries.flatMap((e) => e.competences).find((c) => c.code === 'A1')!.title;
    expect(summary.split('Groupe Deux')[1]!.split('Groupe Trois')[0]).toContain(a1);

    // A reload of the form's POST (or a second mediator) issues nothing twice.
    const again = await client.postForm(`${page}/delivrer`, {});
    expect(again.status).toBe(303);
    expect(await (await client.get(page)).text()).toContain('Rien de nouveau à délivrer.');
    expect((await credentialsOf(ids[0]!)).length).toBe(2);
    expect((await credentialsOf(ids[1]!)).length).toBe(1);
    const listAfter = await (await client.get(`/structures/${SLUG}/apprenants?q=groupe`)).text();
    expect(listAfter).not.toContain('badges à délivrer');
  });

  it('is hidden from another structure’s mediator (page and issuing), who issues nothing', async () => {
    const id = await register('Groupe Caché');
    const page = await saveSheet([id], { [id]: { C1: 'autonome' } });
    expect([403, 404]).toContain((await outsider.get(page)).status);
    expect([403, 404]).toContain((await outsider.postForm(`${page}/delivrer`, {})).status);
    expect(await credentialsOf(id)).toEqual([]);
  });
});

describe('POST /api/v1/structures/{slug}/workshops/{id}/issue', () => {
  it('issues every earned badge of the session in one call (201), then nothing (200); refused to others', async () => {
    const ids = await Promise.all(['Api Un', 'Api Deux', 'Api Trois'].map(register));
    const recorded = await api(h, token, `/api/v1/structures/${SLUG}/workshops`, {
      body: {
        method: 'exercise',
        date: '2026-10-06',
        people: ids.map((learner) => ({ learner, items: [{ code: 'C1', level: 'autonome' }] })),
      },
    });
    expect(recorded.status).toBe(201);
    const { id: workshop } = (await recorded.json()) as { id: string };
    const path = `/api/v1/structures/${SLUG}/workshops/${workshop}/issue`;

    const refused = await api(h, outsiderToken, path, { body: {} });
    expect([403, 404]).toContain(refused.status);
    for (const id of ids) expect(await credentialsOf(id)).toEqual([]);

    const first = await api(h, token, path, { body: {} });
    expect(first.status).toBe(201);
    const body = (await first.json()) as { id: string; people: { learner: string; issued: { kind: string }[] }[] };
    expect(body.id).toBe(workshop);
    expect(body.people.map((p) => [p.learner, p.issued.length])).toEqual(ids.map((id) => [id, 1]));
    for (const id of ids) expect(await credentialsOf(id)).toEqual([{ code: 'C1', kind: 'competence' }]);

    const second = await api(h, token, path, { body: {} });
    expect(second.status).toBe(200);
    const nothing = (await second.json()) as { people: { issued: unknown[] }[] };
    expect(nothing.people.every((p) => p.issued.length === 0)).toBe(true);
    for (const id of ids) expect((await credentialsOf(id)).length).toBe(1);
  });

  it('answers 404 for a session of no structure of the caller’s', async () => {
    const res = await api(h, token, `/api/v1/structures/${SLUG}/workshops/${crypto.randomUUID()}/issue`, {
      body: {},
    });
    expect(res.status).toBe(404);
  });
});

describe('the competence search of the workshop', () => {
  it('"mail" finds the e-mail competences, not the bank nor the keyboard ones', async () => {
    const res = await client.get(`/structures/${SLUG}/atelier?q=mail&etape=chercher`);
    const html = await res.text();
    const ref = (await learnerReferential(h.deps)).referential;
    const all = ref.entries.flatMap((e) => e.competences);
    const title = (code: string) => all.find((c) => c.code === code)!.title;
    expect(html).toContain(title('A1'));
    expect(html).toContain(title('E1'));
    expect(html).not.toContain(title('B1')); // bank: "e-mail" only in an indicator
    expect(html).not.toContain(title('C1')); // keyboard: "adresse e-mail" only in an indicator
    const found = all.filter((c) => matchesSearch(c, 'mail')).map((c) => c.code);
    expect(found).not.toContain('B1');
    expect(found).not.toContain('C1');
    expect(found).toContain('J1');
  });
});
