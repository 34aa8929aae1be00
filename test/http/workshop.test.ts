/**
 * A group session that ends with the badges (issue 19): after the sheet is saved, one action issues
 * every person's earned badges, a second one issues nothing, the list marks who still has badges to
 * issue, and the competence search matches words of titles and themes, not of descriptions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/db/audit.js';
import { learnerReferential } from '../../src/learners/service.js';
import { extractPdfAttachments } from '../../src/passport/extract.js';
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

/** Every SQL batch (one transaction each) the real libSQL client runs while `during` runs, as SQL texts. */
async function batchesDuring(during: () => Promise<unknown>): Promise<string[][]> {
  const client = h.opened.client;
  const batch = client.batch.bind(client);
  const seen: string[][] = [];
  client.batch = ((statements, mode) => {
    seen.push(statements.map((s) => (typeof s === 'string' ? s : Array.isArray(s) ? s[0] : s.sql)));
    return batch(statements, mode);
  }) as typeof client.batch;
  try {
    await during();
  } finally {
    client.batch = batch;
  }
  return seen;
}

/** The session page's people, in the order it lists (and issues) them. */
async function namesOnPage(page: string, names: string[]): Promise<string[]> {
  const html = await (await client.get(page)).text();
  return [...names].sort((a, b) => html.indexOf(a) - html.indexOf(b));
}

describe('« Délivrer les badges du groupe » issues the group in one batch (issue 20)', () => {
  it('writes every badge of the group in one transaction: one badge refused by the database, none issued', async () => {
    const names = ['Lot Un', 'Lot Deux', 'Lot Trois'];
    const ids = await Promise.all(names.map(register));
    const page = await saveSheet(ids, Object.fromEntries(ids.map((id) => [id, { A1: 'autonome', C1: 'autonome' }])));
    // The database refuses the badges of the person issued last (the page lists the group in issuing
    // order): one person after another would have written the others' badges before that refusal.
    const last = ids[names.indexOf((await namesOnPage(page, names)).at(-1)!)]!;
    await h.opened.client.execute(
      `create trigger refuse_one_badge before insert on credentials when new.learner_id = '${last}'
       begin select raise(abort, 'badge refused for this test'); end`,
    );
    const events = async () =>
      (await h.opened.client.execute("select count(*) as n from audit_events where action = 'credential.issued'"))
        .rows[0]!.n;
    const eventsBefore = await events();
    try {
      const refused = await client.postForm(`${page}/delivrer`, {});
      expect(refused.status).toBe(500);
    } finally {
      await h.opened.client.execute('drop trigger refuse_one_badge');
    }
    for (const id of ids) expect(await credentialsOf(id)).toEqual([]);
    expect(await events()).toBe(eventsBefore);

    // Pressed again once the database accepts them: the six badges, in one transaction.
    const batches = await batchesDuring(async () => {
      expect((await client.postForm(`${page}/delivrer`, {})).status).toBe(303);
    });
    for (const id of ids)
      expect(await credentialsOf(id)).toEqual([
        { code: 'A1', kind: 'competence' },
        { code: 'C1', kind: 'competence' },
      ]);
    const writingCredentials = batches.filter((b) => b.some((sql) => /^insert into "credentials"/i.test(sql)));
    expect(writingCredentials).toHaveLength(1);
    // Multi-row INSERTs: the six credentials in fewer statements than badges.
    expect(writingCredentials[0]!.filter((sql) => /^insert into "credentials"/i.test(sql)).length).toBeLessThan(6);
    expect(await events()).toBe(Number(eventsBefore) + 6);
    expect(await verifyAuditChain(h.deps.database.db)).toMatchObject({ ok: true, unsealed: 0 });
  });

  it('marks the badges it replaces in the same transaction: that mark refused, nothing is issued', async () => {
    const [id] = await Promise.all(['Remplace Un'].map(register));
    const early = await api(h, token, `/api/v1/learners/${id}/evaluations`, {
      body: { method: 'observation', date: '2026-10-01', items: [{ code: 'A1', level: 'autonome-si-besoin' }] },
    });
    expect(early.status).toBe(201);
    expect((await api(h, token, `/api/v1/learners/${id}/awards`, { body: {} })).status).toBe(201);
    const page = await saveSheet([id!], { [id!]: { A1: 'autonome', C1: 'autonome' } });
    await h.opened.client.execute(
      `create trigger refuse_replacing before update of superseded_by on credentials
       begin select raise(abort, 'replacing refused for this test'); end`,
    );
    try {
      expect((await client.postForm(`${page}/delivrer`, {})).status).toBe(500);
    } finally {
      await h.opened.client.execute('drop trigger refuse_replacing');
    }
    expect(await credentialsOf(id!)).toEqual([{ code: 'A1', kind: 'competence' }]);
    expect((await client.postForm(`${page}/delivrer`, {})).status).toBe(303);
    const rows = await h.opened.client.execute({
      sql: 'select competence_code, level, superseded_by from credentials where learner_id = ? order by issued_at, competence_code',
      args: [id!],
    });
    expect(rows.rows.map((r) => [r.competence_code, r.level, r.superseded_by !== null])).toEqual([
      ['A1', 'autonome-si-besoin', true],
      ['A1', 'autonome', false],
      ['C1', 'autonome', false],
    ]);
  });

  it('two presses at once, a third one and a reload of the page issue each badge once', async () => {
    const names = ['Double Un', 'Double Deux', 'Double Trois', 'Double Quatre'];
    const ids = await Promise.all(names.map(register));
    const page = await saveSheet(ids, Object.fromEntries(ids.map((id) => [id, { A1: 'autonome', C1: 'autonome' }])));
    const other = await signedInClient(h, await createUser(h, h.boot.structure!.id, 'mediator'));
    await other.get(page);
    const [mine, theirs] = await Promise.all([
      client.postForm(`${page}/delivrer`, {}),
      other.postForm(`${page}/delivrer`, {}),
    ]);
    expect([mine.status, theirs.status]).toEqual([303, 303]);
    const again = await client.postForm(`${page}/delivrer`, {});
    expect(again.status).toBe(303);
    expect(await (await client.get(page)).text()).toContain('Rien de nouveau à délivrer.');
    expect((await client.get(page)).status).toBe(200);
    for (const id of ids)
      expect(await credentialsOf(id)).toEqual([
        { code: 'A1', kind: 'competence' },
        { code: 'C1', kind: 'competence' },
      ]);
    const issuedEvents = await h.opened.client.execute({
      sql: `select count(*) as n from audit_events a join credentials c on c.id = a.target_id
            where a.action = 'credential.issued' and c.learner_id in (?, ?, ?, ?)`,
      args: ids,
    });
    expect(issuedEvents.rows[0]!.n).toBe(8);
  });

  it('issues the passport credential with the badges, replaces a lower badge, and each passport PDF holds them', async () => {
    const core = ['S1', 'O1', 'C1', 'W1', 'N1', 'R1', 'A1', 'E1'];
    const ids = await Promise.all(['Passeport Un', 'Passeport Deux'].map(register));
    // The first person already holds A1 at a lower level, issued on their own page.
    const early = await api(h, token, `/api/v1/learners/${ids[0]}/evaluations`, {
      body: { method: 'observation', date: '2026-10-01', items: [{ code: 'A1', level: 'autonome-si-besoin' }] },
    });
    expect(early.status).toBe(201);
    expect((await api(h, token, `/api/v1/learners/${ids[0]}/awards`, { body: {} })).status).toBe(201);
    const page = await saveSheet(
      ids,
      Object.fromEntries(ids.map((id) => [id, Object.fromEntries(core.map((code) => [code, 'autonome']))])),
    );
    expect((await client.postForm(`${page}/delivrer`, {})).status).toBe(303);
    expect(await (await client.get(page)).text()).toContain('18 badges délivrés à 2 personnes.');
    for (const id of ids) {
      const held = await credentialsOf(id);
      expect(held.filter((c) => c.kind === 'passport')).toHaveLength(1);
      expect(held.filter((c) => c.kind === 'competence').map((c) => c.code)).toEqual(
        id === ids[0] ? ['A1', 'A1', 'C1', 'E1', 'N1', 'O1', 'R1', 'S1', 'W1'] : [...core].sort(),
      );
      const pdf = await api(h, token, `/api/v1/learners/${id}/passport.pdf`, {
        headers: { accept: 'application/pdf' },
      });
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-disposition')).toMatch(/filename="passeport-numerique-/);
      // The PDF carries the current credentials: the eight badges (the lower A1 replaced) and the passport.
      const files = (await extractPdfAttachments(new Uint8Array(await pdf.arrayBuffer()))).map((f) => f.filename);
      expect(files.sort()).toEqual([...core.map((code) => `badge-${code}.jwt`), 'passeport-numerique.jwt'].sort());
    }
  });
});

describe('a structure that issues automatically', () => {
  it('issues the group’s badges with the saved sheet, in one transaction', async () => {
    const place = await createStructure(h, 'Atelier automatique');
    const admin = await signedInClient(h, await createUser(h, place.id, 'structure-admin'));
    await admin.get(`/structures/${place.slug}/apprenants`);
    expect((await admin.postForm(`/structures/${place.slug}/reglages`, { autoIssue: 'oui' })).status).toBe(303);
    const placeToken = await apiTokenFor(h, await createUser(h, place.id, 'mediator'));
    const ids: string[] = [];
    for (const name of ['Auto Un', 'Auto Deux', 'Auto Trois']) {
      const res = await api(h, placeToken, `/api/v1/structures/${place.slug}/learners`, {
        body: { displayName: name, consent: true },
      });
      ids.push(((await res.json()) as { id: string }).id);
    }
    let answer: { recorded: number; issued: number } | undefined;
    const batches = await batchesDuring(async () => {
      const res = await api(h, placeToken, `/api/v1/structures/${place.slug}/workshops`, {
        body: {
          method: 'observation',
          date: '2026-10-07',
          people: ids.map((learner) => ({
            learner,
            items: [
              { code: 'A1', level: 'autonome' },
              { code: 'C1', level: 'autonome' },
            ],
          })),
        },
      });
      expect(res.status).toBe(201);
      answer = (await res.json()) as { recorded: number; issued: number };
    });
    expect(answer).toMatchObject({ recorded: 3, issued: 6 });
    for (const id of ids)
      expect(await credentialsOf(id)).toEqual([
        { code: 'A1', kind: 'competence' },
        { code: 'C1', kind: 'competence' },
      ]);
    expect(batches.filter((b) => b.some((sql) => /^insert into "credentials"/i.test(sql)))).toHaveLength(1);
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
