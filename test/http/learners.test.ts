import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials, evaluationAggregates } from '../../src/db/schema.js';
import { extractPdfAttachments } from '../../src/passport/extract.js';
import {
  api,
  apiTokenFor,
  Client,
  createHarness,
  createStructure,
  createUser,
  json,
  signedInClient,
  type Harness,
  type TestUser,
} from '../helpers/harness.js';
import { decodeQrOnFirstPage } from '../helpers/pdf.js';
import { decodePart, officialSchemaErrors } from '../helpers/standards.js';

let h: Harness;
let mediator: TestUser;
let client: Client;
let token: string;
let otherToken: string;

const NAME = 'Łucja Nguyễn-Ferreira';
const CORE = ['S1', 'O1', 'C1', 'W1', 'N1', 'R1', 'A1', 'E1', 'J1', 'M1'];

interface VerifyBody {
  verified: boolean;
  verdict: { code: string };
  printedName?: { outcome: string; name?: string; checked: number; matching: number };
  summary: string;
  checks: { id: string; ok: boolean; message: string }[];
  credentials?: VerifyBody[];
}

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

beforeAll(async () => {
  h = await createHarness();
  mediator = await createUser(h, h.boot.structure!.id, 'mediator');
  client = await signedInClient(h, mediator);
  token = await apiTokenFor(h, mediator);
  const other = await createStructure(h, 'Tiers-lieu voisin');
  otherToken = await apiTokenFor(h, await createUser(h, other.id, 'mediator'));
});
afterAll(() => h.close());

describe('the learner journey over HTTP, from registration to an offline-verifiable passport', () => {
  let learnerPath = '';
  let learnerId = '';

  it('registers a learner with the minimum and their consent, through the mediator page', async () => {
    await client.get('/structures/structure-demo/apprenants');
    const missingConsent = await client.postForm('/structures/structure-demo/apprenants', { displayName: NAME });
    expect(missingConsent.status).toBe(422);
    expect(await missingConsent.text()).toContain('l’accord de la personne est nécessaire');
    const res = await client.postForm('/structures/structure-demo/apprenants', {
      displayName: NAME,
      email: '',
      birthYear: '1961',
      consent: 'oui',
    });
    expect(res.status).toBe(303);
    learnerPath = res.headers.get('location')!;
    learnerId = learnerPath.split('/').pop()!;
    const page = await (await client.get(learnerPath)).text();
    expect(page).toContain(NAME);
    expect(page).toMatch(/Identifiant <span class="mono">[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}<\/span>/);
  });

  it('records a positioning by themes, with "pas évalué" left out', async () => {
    const form = await (
      await client.get(`${learnerPath}/positionnement?themes=E-mail&themes=Sécurité+numérique`)
    ).text();
    expect(form).toContain('Pas évalué');
    expect(form).toContain('name="niveau.A1"');
    const res = await client.postForm(`${learnerPath}/positionnement`, {
      date: '2026-09-01',
      themes: ['E-mail', 'Sécurité numérique'],
      'niveau.A1': 'avec-guidage',
      'niveau.M1': 'avec-guidage',
      'niveau.E1': '',
    });
    expect(res.status).toBe(303);
    const detail = await json<{ standings: { code: string; level: string }[] }>(
      await api(h, token, `/api/v1/learners/${learnerId}`),
    );
    expect(detail.standings.map((s) => s.code).sort()).toEqual(['A1', 'M1']);
  });

  it('records two evaluations over sessions and shows first seen → now, letter by letter', async () => {
    const first = await client.postForm(`${learnerPath}/evaluation`, {
      date: '2026-09-15',
      method: 'observation',
      'niveau.A1': 'autonome-si-besoin',
      'note.A1': 'A créé son adresse seule',
    });
    // Post/redirect/get: back to the person's page, where the confirmation is shown once.
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(learnerPath);
    const shown = await (await client.get(learnerPath)).text();
    expect(shown).toContain('Évaluation enregistrée.');
    expect(await (await client.get(learnerPath)).text()).not.toContain('Évaluation enregistrée.');
    const items = CORE.map((code) => ({ code, level: 'autonome' }));
    const second = await api(h, token, `/api/v1/learners/${learnerId}/evaluations`, {
      body: { method: 'exercise', date: '2026-10-20', items },
    });
    expect(second.status).toBe(201);
    const page = await (await client.get(learnerPath)).text();
    expect(page).toMatch(/Première observation : Avec guidage \(1er septembre 2026\) → maintenant : Autonome/);
    expect(page).toContain('Lettre A');
  });

  it('shows what is newly earned and issues it in one action: competence badges with their level, then the passport', async () => {
    const page = await (await client.get(learnerPath)).text();
    expect(page).toContain('Nouveaux badges obtenus');
    expect(page).toContain('Passeport numérique');
    const issue = await client.postForm(`${learnerPath}/attribuer`, {});
    expect(issue.status).toBe(303);
    expect(await (await client.get(learnerPath)).text()).toContain('11 badges délivrés.');
    const again = await client.postForm(`${learnerPath}/attribuer`, {});
    expect(again.status).toBe(303);
    expect(await (await client.get(learnerPath)).text()).toContain('Rien de nouveau à délivrer');
    const detail = await json<{ credentials: { kind: string; level: string | null; competence: string | null }[] }>(
      await api(h, token, `/api/v1/learners/${learnerId}`),
    );
    expect(detail.credentials.filter((c) => c.kind === 'competence')).toHaveLength(10);
    expect(detail.credentials.filter((c) => c.kind === 'passport')).toHaveLength(1);
    const rows = await h.deps.database.db.select().from(credentials);
    const passport = rows.find((r) => r.learnerId === learnerId && r.achievementKind === 'passport')!;
    const payload = decodePart<{
      credentialSubject: { result: { resultDescription: string; achievedLevel: string }[] };
      evidence: { id: string; name: string }[];
    }>(passport.jwt, 1);
    expect(officialSchemaErrors({ ...payload, iss: undefined, jti: undefined, nbf: undefined })).toEqual([]);
    expect(payload.credentialSubject.result).toHaveLength(10);
    expect(payload.credentialSubject.result[0]!.resultDescription).toMatch(/passeport#[A-Z]\d$/);
    expect(payload.evidence.every((e) => e.id.startsWith('urn:uuid:'))).toBe(true);
    expect(JSON.stringify(payload)).not.toContain('A créé son adresse seule');
    expect(JSON.stringify(payload)).not.toContain('Nguy');
  });

  it('renders the PDF passport that a verifier can read: name, competences, QR to the verification URL, signed attachments that verify', async () => {
    const res = await client.get(`${learnerPath}/passeport.pdf`);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = new Uint8Array(await res.arrayBuffer());
    const text = await pdfText(pdf);
    expect(text).toContain(NAME);
    expect(text).toContain('Structure de démonstration');
    for (const title of [
      'Créer une adresse e-mail et ouvrir sa boîte de réception',
      'Créer et protéger ses mots de passe',
    ])
      expect(text).toContain(title);
    const qr = await decodeQrOnFirstPage(pdf);
    expect(qr).toMatch(/^http:\/\/jalon\.test\/verifier\?passeport=[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const attachments = await extractPdfAttachments(pdf);
    expect(attachments).toHaveLength(11);
    for (const a of attachments) {
      const body = await json<VerifyBody>(
        await api(h, null, '/api/v1/verify', { body: { credential: new TextDecoder().decode(a.content) } }),
      );
      expect(body.verified, a.filename).toBe(true);
    }
    const form = new FormData();
    form.set('file', new File([pdf], 'passeport.pdf', { type: 'application/pdf' }));
    form.set('holderName', NAME.toUpperCase());
    const upload = await json<VerifyBody>(await h.app.request('/api/v1/verify', { method: 'POST', body: form }));
    expect(upload.verified).toBe(true);
    expect(upload.credentials).toHaveLength(11);
    expect(upload.printedName).toMatchObject({ outcome: 'match', name: NAME, checked: 11, matching: 11 });
    expect(upload.verdict.code).toBe('valid');
    expect(upload.credentials!.every((c) => c.checks.find((k) => k.id === 'recipient')?.ok)).toBe(true);
    const wrongName = new FormData();
    wrongName.set('file', new File([pdf], 'passeport.pdf', { type: 'application/pdf' }));
    wrongName.set('holderName', 'Quelqu’un d’autre');
    const wrong = await json<VerifyBody>(await h.app.request('/api/v1/verify', { method: 'POST', body: wrongName }));
    expect(wrong.verified).toBe(false);
    const qrPage = await (await new Client(h).get(new URL(qr!).pathname + new URL(qr!).search)).text();
    expect(qrPage).toContain('Vérification d’un passeport numérique');
    expect(qrPage).toContain('Les 11 badges de ce passeport sont authentiques et valides.');
    // The QR link carries no name, and the page shows none: the reader types it (sent by POST).
    expect(qrPage).not.toContain(NAME);
  });

  it('gives the holder a secret link without an account: one learner only, PDF and files; revocable and re-issuable', async () => {
    const created = await client.postForm(`${learnerPath}/lien`, {});
    expect(created.status).toBe(303);
    const html = await (await client.get(`${learnerPath}/lien`)).text();
    const url = /class="secret mono"[^>]*>(http:\/\/jalon\.test\/p\/[A-Za-z0-9_-]{43})</.exec(html)![1]!;
    expect(html).toContain('<svg');
    const holder = new Client(h);
    const page = await holder.get(new URL(url).pathname);
    expect(page.status).toBe(200);
    const body = await page.text();
    expect(body).toContain(NAME);
    expect(body).not.toContain('Zoé');
    expect(body).toContain('/passeport.pdf');
    expect(body).toMatch(/\/credentials\/[0-9a-f-]{36}\.png/);
    const pdf = await holder.get(`${new URL(url).pathname}/passeport.pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    // Shown once: a reload of the page neither shows the link again nor creates another one.
    expect(await (await client.get(`${learnerPath}/lien`)).text()).not.toContain(url);
    await client.postForm(`${learnerPath}/lien`, {});
    const renewed = await client.get(`${learnerPath}/lien`);
    const url2 = /class="secret mono"[^>]*>(http:\/\/jalon\.test\/p\/[A-Za-z0-9_-]{43})</.exec(
      await renewed.text(),
    )![1]!;
    expect((await holder.get(new URL(url).pathname)).status).toBe(404);
    expect((await holder.get(new URL(url2).pathname)).status).toBe(200);
    await client.postForm(`${learnerPath}/lien/revoquer`, {});
    expect((await holder.get(new URL(url2).pathname)).status).toBe(404);
  });

  it('issues earned badges automatically when the structure chooses it', async () => {
    const admin = await signedInClient(h, await createUser(h, h.boot.structure!.id, 'structure-admin'));
    await admin.get('/structures/structure-demo/apprenants');
    expect(
      (
        await client.postForm(
          '/structures/structure-demo/reglages',
          { autoIssue: 'oui' },
          { accept: 'application/json' },
        )
      ).status,
    ).toBe(403);
    expect((await admin.postForm('/structures/structure-demo/reglages', { autoIssue: 'oui' })).status).toBe(303);
    const res = await api(h, token, '/api/v1/structures/structure-demo/learners', {
      body: { displayName: 'Auto Matique', consent: true },
    });
    const { id } = await json<{ id: string }>(res);
    const page = await client.postForm(`/structures/structure-demo/apprenants/${id}/evaluation`, {
      date: '2026-10-02',
      method: 'observation',
      'niveau.W1': 'autonome',
    });
    expect(page.status).toBe(303);
    expect(await (await client.get(`/structures/structure-demo/apprenants/${id}`)).text()).toContain(
      '1 badge délivré automatiquement',
    );
    expect((await admin.postForm('/structures/structure-demo/reglages', {})).status).toBe(303);
    const manual = await api(h, token, `/api/v1/learners/${id}/evaluations`, {
      body: { method: 'observation', date: '2026-10-03', items: [{ code: 'C1', level: 'autonome' }] },
    });
    expect((await json<{ issued: unknown[] }>(manual)).issued).toEqual([]);
  });

  it('hides the learner from a mediator of another structure', async () => {
    expect((await api(h, otherToken, `/api/v1/learners/${learnerId}`)).status).toBe(404);
    expect((await api(h, otherToken, `/api/v1/learners/${learnerId}/passport.pdf`)).status).toBe(404);
    expect((await api(h, otherToken, '/api/v1/structures/structure-demo/learners')).status).toBe(403);
  });

  it('exports all of the learner’s data as JSON, audited', async () => {
    const res = await client.get(`${learnerPath}/export.json`);
    const data = (await res.json()) as {
      personalData: { displayName: string; birthYear: number };
      evaluations: unknown[];
      credentials: { jwt: string }[];
      history: { action: string }[];
    };
    expect(data.personalData.displayName).toBe(NAME);
    expect(data.personalData.birthYear).toBe(1961);
    expect(data.evaluations).toHaveLength(3);
    expect(data.credentials).toHaveLength(11);
    expect(data.history.map((e) => e.action)).toEqual(
      expect.arrayContaining(['learner.registered', 'evaluation.recorded', 'holder-link.created']),
    );
  });

  it('erases the learner: no table keeps their name or e-mail, evaluations become anonymous counts, credentials still verify', async () => {
    const emailLearner = await api(h, token, '/api/v1/structures/structure-demo/learners', {
      body: { displayName: 'Zoé Témoin', email: 'zoe.temoin@example.org', consent: true },
    });
    const { id } = await json<{ id: string }>(emailLearner);
    await api(h, token, `/api/v1/learners/${id}/evaluations`, {
      body: {
        method: 'observation',
        date: '2026-10-01',
        items: [{ code: 'A1', level: 'autonome', evidenceNote: 'Zoé a réussi seule' }],
      },
    });
    const awards = await json<{ issued: { id: string }[] }>(
      await api(h, token, `/api/v1/learners/${id}/awards`, { method: 'POST' }),
    );
    expect(awards.issued).toHaveLength(1);
    const jwt = (await h.deps.database.db.select().from(credentials)).find(
      (r) => `urn:uuid:${r.id}` === awards.issued[0]!.id,
    )!.jwt;
    await api(h, token, `/api/v1/learners/${id}/holder-link`, { method: 'POST' });

    const page = await client.get(`${learnerPath}/effacer`);
    expect(await page.text()).toContain('L’effacement est définitif');
    expect((await client.postForm(`${learnerPath}/effacer`, {}, { accept: 'application/json' })).status).toBe(422);
    expect((await client.postForm(`${learnerPath}/effacer`, { confirm: 'oui' })).status).toBe(303);
    expect((await api(h, token, `/api/v1/learners/${id}`, { method: 'DELETE' })).status).toBe(204);

    for (const table of (await h.opened.client.execute("select name from sqlite_master where type = 'table'")).rows.map(
      (r) => String(r.name),
    )) {
      const dump = JSON.stringify((await h.opened.client.execute(`select * from "${table}"`)).rows);
      for (const secret of [
        NAME,
        'Nguyễn',
        'Zoé Témoin',
        'zoe.temoin@example.org',
        'Zoé a réussi seule',
        'A créé son adresse seule',
      ]) {
        expect(dump.includes(secret), `${table} still holds “${secret}”`).toBe(false);
      }
    }
    const aggregates = await h.deps.database.db.select().from(evaluationAggregates);
    expect(aggregates.reduce((n, a) => n + a.count, 0)).toBe(2 + 1 + 10 + 1);
    const after = await json<VerifyBody>(
      await api(h, null, '/api/v1/verify', { body: { credential: jwt, expected: { name: 'Zoé Témoin' } } }),
    );
    expect(after.verified).toBe(true);
    expect((await api(h, token, `/api/v1/learners/${id}`)).status).toBe(404);
    const revoke = await api(h, token, `/api/v1/credentials/${awards.issued[0]!.id.slice(9)}/revoke`, {
      body: { reason: 'Effacement demandé' },
    });
    expect(revoke.status).toBe(200);
    expect((await json<VerifyBody>(await api(h, null, '/api/v1/verify', { body: { credential: jwt } }))).verified).toBe(
      false,
    );
  });
});
