import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/db/audit.js';
import { auditEvents, credentials, evaluationItems, evaluations } from '../../src/db/schema.js';
import { learnerReferential } from '../../src/learners/service.js';
import { matchIdentifier } from '../../src/ob3/recipient.js';
import type { IdentityObject } from '../../src/ob3/types.js';
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
import { decodePart } from '../helpers/standards.js';

let h: Harness;
let client: Client;
let outsider: Client;
let learnerPath = '';
let learnerId = '';
let evaluationId = '';
const titles = new Map<string, string>();

async function pdfText(bytes: Uint8Array): Promise<string> {
  const doc = await getDocument({ data: bytes.slice(), useSystemFonts: false, isEvalSupported: false }).promise;
  let text = '';
  for (let p = 1; p <= doc.numPages; p++) {
    const content = await (await doc.getPage(p)).getTextContent();
    text += `${content.items.map((i) => ('str' in i ? i.str + (i.hasEOL ? ' ' : '') : '')).join('')} `;
  }
  await doc.destroy();
  return text.replace(/\s+/g, ' ');
}

const itemsOf = async (id: string) =>
  (await h.deps.database.db.select().from(evaluationItems).where(eq(evaluationItems.evaluationId, id)))
    .map((i) => `${i.competenceCode}:${i.level}:${i.evidenceNote ?? ''}`)
    .sort();

beforeAll(async () => {
  h = await createHarness();
  client = await signedInClient(h, await createUser(h, h.boot.structure!.id, 'mediator'));
  const other = await createStructure(h, 'Tiers-lieu voisin');
  outsider = await signedInClient(h, await createUser(h, other.id, 'mediator'));
  const ref = (await learnerReferential(h.deps)).referential;
  for (const e of ref.entries) for (const c of e.competences) titles.set(c.code, c.title);
  await client.get('/structures/structure-demo/apprenants');
  const res = await client.postForm('/structures/structure-demo/apprenants', {
    displayName: 'Awa Diallo',
    consent: 'oui',
  });
  learnerPath = res.headers.get('location')!;
  learnerId = learnerPath.split('/').pop()!;
  await client.postForm(`${learnerPath}/evaluation`, {
    date: '2026-09-15',
    method: 'observation',
    'niveau.A1': 'autonome',
    'note.A1': 'Adresse créée seule',
    'niveau.M1': 'autonome',
  });
  await client.postForm(`${learnerPath}/attribuer`, {});
  const [row] = await h.deps.database.db.select().from(evaluations).where(eq(evaluations.learnerId, learnerId));
  evaluationId = row!.id;
});
afterAll(() => h.close());

describe('correcting a recorded session, with a reason and a trail', () => {
  it('shows the session filled in as recorded, with a required reason, from a "Corriger" link on the person’s page', async () => {
    const page = await (await client.get(learnerPath)).text();
    expect(page).toContain(`${learnerPath}/seances/${evaluationId}/modifier`);
    const form = await (await client.get(`${learnerPath}/seances/${evaluationId}/modifier`)).text();
    expect(form).toContain('Corriger une séance');
    expect(form).toMatch(/name="niveau\.A1" value="autonome" checked/);
    expect(form).toContain('Adresse créée seule');
    expect(form).toMatch(/<textarea id="reason" name="reason"[^>]*required/);
  });

  it('refuses a correction without a reason and gives the form back with what was typed, changing nothing', async () => {
    const res = await client.postForm(`${learnerPath}/seances/${evaluationId}/modifier`, {
      date: '2026-09-15',
      method: 'observation',
      'niveau.A1': 'avec-guidage',
      'niveau.M1': 'autonome',
      reason: '',
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('indiquez la raison en quelques mots');
    expect(html).toMatch(/name="niveau\.A1" value="avec-guidage" checked/);
    expect(await itemsOf(evaluationId)).toEqual(['A1:autonome:Adresse créée seule', 'M1:autonome:']);
  });

  it('refuses a future date or an unknown level with the form again, and nobody else’s structure may correct', async () => {
    const future = await client.postForm(`${learnerPath}/seances/${evaluationId}/modifier`, {
      date: '2999-01-01',
      method: 'observation',
      'niveau.A1': 'autonome',
      reason: 'date',
    });
    expect(future.status).toBe(422);
    expect(await future.text()).toContain('la date ne peut pas être dans le futur');
    const unknown = await client.postForm(
      `${learnerPath}/seances/${evaluationId}/modifier`,
      { date: '2026-09-15', method: 'observation', 'niveau.A1': 'expert', reason: 'erreur de saisie' },
      { accept: 'application/json' },
    );
    expect(unknown.status).toBe(422);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    await outsider.get('/compte');
    const foreign = await outsider.postForm(`${learnerPath}/seances/${evaluationId}/modifier`, {
      date: '2026-09-15',
      method: 'observation',
      'niveau.A1': 'avec-guidage',
      reason: 'pas à moi',
    });
    expect([403, 404]).toContain(foreign.status);
    expect(await itemsOf(evaluationId)).toEqual(['A1:autonome:Adresse créée seule', 'M1:autonome:']);
  });

  it('saves a lowered level with its reason in the hash-chained log, then redirects with a confirmation and offers to withdraw the badge it no longer supports', async () => {
    const res = await client.postForm(`${learnerPath}/seances/${evaluationId}/modifier`, {
      date: '2026-09-14',
      method: 'exercise',
      'niveau.A1': 'avec-guidage',
      'note.A1': 'Adresse créée avec aide',
      'niveau.M1': 'autonome',
      reason: 'niveau noté sur la mauvaise ligne',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${learnerPath}#badges-a-revoir`);
    expect(await itemsOf(evaluationId)).toEqual(['A1:avec-guidage:Adresse créée avec aide', 'M1:autonome:']);
    const [row] = await h.deps.database.db.select().from(evaluations).where(eq(evaluations.id, evaluationId));
    expect({ date: row!.date, method: row!.method }).toEqual({ date: '2026-09-14', method: 'exercise' });
    const [event] = await h.deps.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'evaluation.corrected'), eq(auditEvents.targetId, learnerId)));
    const data = JSON.parse(event!.data as unknown as string) as Record<string, unknown>;
    expect(data).toMatchObject({
      evaluation: evaluationId,
      reason: 'niveau noté sur la mauvaise ligne',
      levels: [{ code: 'A1', from: 'autonome', to: 'avec-guidage' }],
      date: { from: '2026-09-15', to: '2026-09-14' },
    });
    // The note's text is personal enough to stay out of the log.
    expect(JSON.stringify(data)).not.toContain('avec aide');
    expect((await verifyAuditChain(h.deps.database.db)).ok).toBe(true);

    const page = await (await client.get(learnerPath)).text();
    expect(page).toContain('Séance corrigée.');
    expect(page).toContain('Badges que les séances ne justifient plus');
    const withdraw = /href="([^"]+\/badges\/[0-9a-f-]{36}\/retirer)"/.exec(
      page.slice(page.indexOf('badges-a-revoir')),
    )![1]!;
    // Still valid until the mediator decides: the PDF still lists it.
    const before = await pdfText(
      new Uint8Array(await (await client.get(`${learnerPath}/passeport.pdf`)).arrayBuffer()),
    );
    expect(before).toContain(titles.get('A1')!);
    // A reload of the page after the redirect does nothing twice.
    expect(await (await client.get(learnerPath)).text()).not.toContain('Séance corrigée.');

    await client.get(withdraw);
    const done = await client.postForm(withdraw, { reason: 'séance corrigée', confirm: 'oui' });
    expect(done.status).toBe(303);
    const after = await (await client.get(learnerPath)).text();
    expect(after).not.toContain('Badges que les séances ne justifient plus');
    const pdf = await pdfText(new Uint8Array(await (await client.get(`${learnerPath}/passeport.pdf`)).arrayBuffer()));
    expect(pdf).not.toContain(titles.get('A1')!);
    expect(pdf).toContain(titles.get('M1')!);
  });

  it('offers a badge that a raised level now earns, and says so when nothing changed', async () => {
    expect(await (await client.get(learnerPath)).text()).not.toContain('Nouveaux badges obtenus');
    const raised = await client.postForm(`${learnerPath}/seances/${evaluationId}/modifier`, {
      date: '2026-09-14',
      method: 'exercise',
      'niveau.A1': 'avec-guidage',
      'note.A1': 'Adresse créée avec aide',
      'niveau.M1': 'autonome',
      'niveau.E1': 'autonome-si-besoin',
      reason: 'compétence oubliée',
    });
    expect(raised.status).toBe(303);
    const page = await (await client.get(learnerPath)).text();
    expect(page).toContain('Nouveaux badges obtenus');
    expect(page).toContain(titles.get('E1')!);
    const same = await client.postForm(`${learnerPath}/seances/${evaluationId}/modifier`, {
      date: '2026-09-14',
      method: 'exercise',
      'niveau.A1': 'avec-guidage',
      'note.A1': 'Adresse créée avec aide',
      'niveau.M1': 'autonome',
      'niveau.E1': 'autonome-si-besoin',
      reason: 'rien',
    });
    expect(same.status).toBe(303);
    expect(await (await client.get(learnerPath)).text()).toContain('Rien n’a changé.');
    const corrections = await h.deps.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'evaluation.corrected'));
    expect(corrections).toHaveLength(2);
  });
});

describe('deleting a session', () => {
  it('offers to withdraw the badges that only the deleted session supported', async () => {
    await client.postForm(`${learnerPath}/evaluation`, {
      date: '2026-09-20',
      method: 'observation',
      'niveau.C1': 'autonome',
    });
    await client.postForm(`${learnerPath}/attribuer`, {});
    const rows = await h.deps.database.db.select().from(evaluations).where(eq(evaluations.learnerId, learnerId));
    const latest = rows.find((r) => r.date === '2026-09-20')!;
    expect(await (await client.get(learnerPath)).text()).not.toContain('Badges que les séances ne justifient plus');
    const res = await client.postForm(`${learnerPath}/seances/${latest.id}/supprimer`, { reason: 'mauvaise personne' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${learnerPath}#badges-a-revoir`);
    const page = await (await client.get(learnerPath)).text();
    const start = page.indexOf('id="badges-a-revoir"');
    const offer = page.slice(start, page.indexOf('</section>', start));
    expect(offer).toContain(titles.get('C1')!);
  });
});

describe('correcting the name in Latin letters', () => {
  it('a change of the Latin-letter name offers to issue the badges again, which then carry the new spelling', async () => {
    const res = await client.postForm('/structures/structure-demo/apprenants', {
      displayName: 'Мария Иванова',
      latinName: 'Maria Ivanova',
      consent: 'oui',
    });
    const path = res.headers.get('location')!;
    const id = path.split('/').pop()!;
    await client.postForm(`${path}/evaluation`, { date: '2026-09-15', method: 'observation', 'niveau.A1': 'autonome' });
    await client.postForm(`${path}/attribuer`, {});
    const form = await (await client.get(`${path}/modifier`)).text();
    expect(form).toMatch(/name="latinName" type="text" value="Maria Ivanova"/);
    const bad = await client.postForm(`${path}/modifier`, {
      displayName: 'Мария Иванова',
      latinName: 'Mariya Ivanova',
      reason: '',
    });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toMatch(/name="latinName" type="text" value="Mariya Ivanova"/);
    const done = await client.postForm(`${path}/modifier`, {
      displayName: 'Мария Иванова',
      latinName: 'Mariya Ivanova',
      reason: 'orthographe du passeport',
    });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`${path}#nom-corrige`);
    expect(await (await client.get(path)).text()).toContain('Badges avec l’ancien nom');
    const again = await client.postForm(`${path}/redelivrer`, {});
    expect(again.status).toBe(303);
    expect(await (await client.get(path)).text()).not.toContain('Badges avec l’ancien nom');
    const rows = (await h.deps.database.db.select().from(credentials).where(eq(credentials.learnerId, id))).filter(
      (r) => !r.revokedAt,
    );
    expect(rows).toHaveLength(1);
    const ids = decodePart<{ credentialSubject: { identifier: IdentityObject[] } }>(rows[0]!.jwt, 1).credentialSubject
      .identifier;
    expect(await matchIdentifier(ids, 'name', 'Mariya Ivanova')).toBe(true);
    expect(await matchIdentifier(ids, 'name', 'Maria Ivanova')).toBe(false);
    expect(await matchIdentifier(ids, 'name', 'Мария Иванова')).toBe(true);
  });

  it('removing the Latin-letter name also offers re-issuance (the badges still carry it)', async () => {
    const res = await client.postForm('/structures/structure-demo/apprenants', {
      displayName: 'Олег Петров',
      latinName: 'Oleg Petrov',
      consent: 'oui',
    });
    const path = res.headers.get('location')!;
    await client.postForm(`${path}/evaluation`, { date: '2026-09-15', method: 'observation', 'niveau.A1': 'autonome' });
    await client.postForm(`${path}/attribuer`, {});
    const done = await client.postForm(`${path}/modifier`, {
      displayName: 'Олег Петров',
      latinName: '',
      reason: 'nom latin saisi par erreur',
    });
    expect(done.headers.get('location')).toBe(`${path}#nom-corrige`);
    expect(await (await client.get(path)).text()).toContain('Badges avec l’ancien nom');
  });
});

describe('the workshop form', () => {
  it('comes back with what was typed when the date is missing, and records nothing', async () => {
    const before = (await h.deps.database.db.select().from(evaluations)).length;
    const res = await client.postForm('/structures/structure-demo/atelier', {
      personnes: [learnerId],
      codes: ['C1'],
      method: 'exercise',
      date: '',
      [`niveau.${learnerId}.C1`]: 'autonome-si-besoin',
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('AAAA-MM-JJ');
    expect(html).toMatch(
      new RegExp(`<input type="radio" name="niveau\\.${learnerId}\\.C1" value="autonome-si-besoin" checked`),
    );
    expect((await h.deps.database.db.select().from(evaluations)).length).toBe(before);
  });
});

describe('corrections over the JSON API', () => {
  it('a corrected evaluation answers with the badges it no longer supports; a deleted one is gone and logged', async () => {
    const token = await apiTokenFor(h, await createUser(h, h.boot.structure!.id, 'mediator'));
    const created = await api(h, token, '/api/v1/structures/structure-demo/learners', {
      body: { displayName: 'Inès Api', consent: true },
    });
    const { id } = (await created.json()) as { id: string };
    const recorded = await api(h, token, `/api/v1/learners/${id}/evaluations`, {
      body: { method: 'observation', date: '2026-10-01', items: [{ code: 'A1', level: 'autonome' }] },
    });
    const evaluation = ((await recorded.json()) as { id: string }).id;
    const issued = (await (await api(h, token, `/api/v1/learners/${id}/awards`, { body: {} })).json()) as {
      issued: { id: string }[];
    };
    const corrected = await api(h, token, `/api/v1/learners/${id}/evaluations/${evaluation}`, {
      method: 'PUT',
      body: {
        method: 'observation',
        date: '2026-10-01',
        items: [{ code: 'A1', level: 'avec-guidage' }],
        reason: 'erreur',
      },
    });
    expect(corrected.status).toBe(200);
    const body = (await corrected.json()) as { changed: boolean; unsupported: string[] };
    expect(body.changed).toBe(true);
    expect(body.unsupported).toHaveLength(1);
    const [row] = await h.deps.database.db.select().from(credentials).where(eq(credentials.id, body.unsupported[0]!));
    expect(row!.competenceCode).toBe('A1');
    expect(issued.issued.length).toBeGreaterThan(0);
    const deleted = await api(h, token, `/api/v1/learners/${id}/evaluations/${evaluation}`, {
      method: 'DELETE',
      body: { reason: 'mauvaise personne' },
    });
    expect(deleted.status).toBe(204);
    expect(await h.deps.database.db.select().from(evaluations).where(eq(evaluations.id, evaluation))).toHaveLength(0);
    const events = await h.deps.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'evaluation.deleted'), eq(auditEvents.targetId, id)));
    expect(events).toHaveLength(1);
  });

  it('a workshop with someone of another structure records nobody', async () => {
    const token = await apiTokenFor(h, await createUser(h, h.boot.structure!.id, 'mediator'));
    const other = await createStructure(h, 'Encore une autre');
    const otherToken = await apiTokenFor(h, await createUser(h, other.id, 'mediator'));
    const theirs = (await (
      await api(h, otherToken, `/api/v1/structures/${other.slug}/learners`, {
        body: { displayName: 'Personne Ailleurs', consent: true },
      })
    ).json()) as { id: string };
    const before = (await h.deps.database.db.select().from(evaluations)).length;
    const res = await api(h, token, '/api/v1/structures/structure-demo/workshops', {
      body: {
        method: 'exercise',
        date: '2026-10-02',
        people: [
          { learner: learnerId, items: [{ code: 'C1', level: 'autonome' }] },
          { learner: theirs.id, items: [{ code: 'C1', level: 'autonome' }] },
        ],
      },
    });
    expect(res.status).toBe(404);
    expect((await h.deps.database.db.select().from(evaluations)).length).toBe(before);
  });
});
