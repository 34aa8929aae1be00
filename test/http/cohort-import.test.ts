import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/db/audit.js';
import { auditEvents, credentials, learners } from '../../src/db/schema.js';
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
import { decodePart, officialSchemaErrors, webCryptoVerify } from '../helpers/standards.js';

/**
 * The cohort import over HTTP: a 500-line file with 3 bad lines is previewed (errors by line,
 * nothing written), confirmed (497 badges, real signatures, a sealed audit chain), and imported
 * again without issuing anything twice.
 */

let h: Harness;
let admin: Client;
let adminToken: string;
let mediatorToken: string;
let otherAdminToken: string;
let hubToken: string;
const SLUG = 'structure-demo';

const CODES = ['A1', 'S1', 'O1', 'C1', 'W1'];
const BAD = new Map([
  [13, 'ligne 13 : compétence inconnue « Z9 »'],
  [100, 'ligne 100 : niveau inconnu « expert »'],
  [250, 'ligne 250 : adresse e-mail invalide « pas-une-adresse »'],
]);

/** 500 lines (header on line 1): 100 people × 5 competences, three of them wrong. */
function cohortCsv(): string {
  const lines = ['nom;e-mail;année de naissance;compétence;niveau'];
  for (let n = 0; n < 500; n++) {
    const line = n + 2;
    const person = Math.floor(n / 5);
    const code = CODES[n % 5]!;
    const email = line === 250 ? 'pas-une-adresse' : person % 2 ? `personne${person}@example.org` : '';
    const year = person % 2 ? '' : String(1950 + (person % 50));
    lines.push(
      [
        `Personne ${person} Dupré`,
        email,
        year,
        line === 13 ? 'Z9' : code,
        line === 100 ? 'expert' : n % 3 ? 'autonome' : 'autonome-si-besoin',
      ].join(';'),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

function upload(client: Client, path: string, csv: string, fields: Record<string, string> = {}) {
  const form = new FormData();
  form.append('_csrf', client.csrf);
  form.append('fichier', new File([csv], 'cohorte.csv', { type: 'text/csv' }));
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return client.request(path, { method: 'POST', body: form });
}

const countOf = async (table: typeof credentials | typeof learners | typeof auditEvents) =>
  (await h.deps.database.db.select().from(table)).length;

beforeAll(async () => {
  h = await createHarness();
  const structure = h.boot.structure!;
  const adminUser = await createUser(h, structure.id, 'structure-admin');
  admin = await signedInClient(h, adminUser);
  adminToken = await apiTokenFor(h, adminUser);
  mediatorToken = await apiTokenFor(h, await createUser(h, structure.id, 'mediator'));
  hubToken = await apiTokenFor(h, await createUser(h, h.boot.hub.id, 'hub-admin'));
  const other = await createStructure(h, 'Tiers-lieu voisin');
  otherAdminToken = await apiTokenFor(h, await createUser(h, other.id, 'structure-admin'));
});
afterAll(() => h.close());

describe('a cohort of 500 lines imported from the page, then again through the API', () => {
  const csv = cohortCsv();
  let resultPath = '';

  it('previews the file: each bad line named by its number in plain French, the rest counted, nothing written', async () => {
    const before = [await countOf(credentials), await countOf(learners)];
    await admin.get(`/structures/${SLUG}/import`);
    const res = await upload(admin, `/structures/${SLUG}/import`, csv);
    expect(res.status).toBe(200);
    const page = await res.text();
    for (const message of BAD.values()) expect(page).toContain(message.replace(/’/g, '’'));
    expect(page).toContain('500 lignes lues : 497 badges seront délivrés');
    expect(page).toContain('100 nouvelles personnes seront inscrites');
    // Each line in words: the competence's title beside its code, the level's name, not their ids.
    expect(page).toContain('A1 — Créer une adresse e-mail et ouvrir sa boîte de réception');
    expect(page).toContain('Autonome avec guidage en cas de besoin');
    expect(page).not.toMatch(/<\/span>autonome-si-besoin</);
    expect([await countOf(credentials), await countOf(learners)]).toEqual(before);
  });

  it('refuses to register new people without the attestation of their consent', async () => {
    const before = await countOf(credentials);
    const res = await admin.postForm(`/structures/${SLUG}/import/confirmer`, { csv });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('attestez qu’elles ont donné leur accord');
    expect(await countOf(credentials)).toBe(before);
  });

  it('issues the 497 good lines once, with real signatures, and keeps the audit chain sealed', async () => {
    const earlier = new Set((await h.deps.database.db.select().from(credentials)).map((r) => r.id));
    const before = earlier.size;
    const started = performance.now();
    const res = await admin.postForm(`/structures/${SLUG}/import/confirmer`, { csv, accord: 'oui' });
    const ms = performance.now() - started;
    expect(res.status).toBe(303);
    resultPath = res.headers.get('location')!;
    expect(resultPath).toMatch(/^\/structures\/structure-demo\/import\/[0-9a-f-]{36}$/);
    console.info(`cohort import, 500 lines confirmed: ${ms.toFixed(0)} ms`);
    expect(await countOf(credentials)).toBe(before + 497);

    const rows = (await h.deps.database.db.select().from(credentials)).filter((r) => !earlier.has(r.id));
    expect(rows.length).toBe(497);
    const jwks = (await (await h.app.request(`/issuers/${SLUG}/jwks.json`)).json()) as {
      keys: (JsonWebKey & { kid: string })[];
    };
    for (const row of rows) {
      const { kid } = decodePart<{ kid: string }>(row.jwt, 0);
      const key = jwks.keys.find((k) => k.kid === kid)!;
      expect(await webCryptoVerify(row.jwt, key)).toBe(true);
    }
    expect(new Set(rows.map((r) => r.statusIndex)).size).toBe(497);
    expect(officialSchemaErrors(decodePart<{ vc?: unknown }>(rows[0]!.jwt, 1))).toEqual([]);

    const sample = rows[7]!;
    const verified = await json<{ verified: boolean }>(
      await api(h, null, '/api/v1/verify', { body: { credential: sample.jwt } }),
    );
    expect(verified.verified).toBe(true);

    const chain = await verifyAuditChain(h.deps.database.db);
    expect(chain).toMatchObject({ ok: true, unsealed: 0 });
    const events = await h.deps.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'credential.issued'));
    expect(events.filter((e) => rows.some((r) => r.id === e.targetId)).length).toBe(497);
  });

  it('shows the result with each badge’s link, and gives it as CSV', async () => {
    const page = await (await admin.get(resultPath)).text();
    expect(page).toContain('497 badges délivrés');
    expect(page).toContain('100 personnes inscrites');
    expect(page).toContain('A1 — Créer une adresse e-mail et ouvrir sa boîte de réception');
    expect(page).toContain('Autonome avec guidage en cas de besoin');
    const res = await admin.get(`${resultPath}/resultat.csv`);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines).toHaveLength(498);
    expect(lines[1]).toMatch(
      /^2;Personne 0 Dupré;A1;autonome-si-besoin;http:\/\/jalon\.test\/credentials\/[0-9a-f-]{36};délivré$/,
    );
  });

  it('issues nothing when the same file comes again (through the API, as CSV)', async () => {
    const before = [await countOf(credentials), await countOf(learners)];
    const res = await api(h, adminToken, `/api/v1/structures/${SLUG}/credentials/batch`, {
      body: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.status).toBe(200);
    const body = await json<{ issued: number; held: number; newLearners: number; errors: { line: number }[] }>(res);
    expect(body).toMatchObject({ issued: 0, held: 497, newLearners: 0 });
    expect(body.errors.map((e) => e.line)).toEqual([...BAD.keys()]);
    expect([await countOf(credentials), await countOf(learners)]).toEqual(before);
  });
});

describe('who may import', () => {
  const item = { name: 'Awa Diallo', birthYear: 1968, achievement: 'A1', level: 'autonome' };

  it('lets the hub’s admins check a list for a structure of their hub', async () => {
    const res = await api(h, hubToken, `/api/v1/structures/${SLUG}/credentials/batch?dryRun=1`, {
      body: { items: [item, { ...item, achievement: 'ZZ' }] },
    });
    expect(res.status).toBe(200);
    const body = await json<{ dryRun: boolean; errors: { message: string }[]; items: unknown[] }>(res);
    expect(body.dryRun).toBe(true);
    expect(body.errors).toEqual([{ line: 2, message: 'élément 2 : compétence inconnue « ZZ »' }]);
    expect(body.items).toHaveLength(1);
  });

  it('refuses a mediator and another structure’s admin (403), before reading the body', async () => {
    for (const token of [mediatorToken, otherAdminToken]) {
      const res = await api(h, token, `/api/v1/structures/${SLUG}/credentials/batch`, { body: { items: [item] } });
      expect(res.status).toBe(403);
    }
  });
});
