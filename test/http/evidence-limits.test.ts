/**
 * Limits on a mediator's evidence that hold under concurrency: 10 pieces per competence and a
 * storage quota per person (EVIDENCE_QUOTA_MB), enforced by the database write itself, with no
 * file left behind in storage when a piece is refused.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/config.js';
import { ConfigError } from '../../src/errors.js';
import { verifyAuditChain } from '../../src/db/audit.js';
import { auditEvents } from '../../src/db/schema.js';
import {
  apiTokenFor,
  createHarness,
  createStructure,
  createUser,
  type Harness,
  signedInClient,
} from '../helpers/harness.js';

const PDF_HEAD = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const MiB = 1024 * 1024;

/** A PDF (by its first bytes) of exactly `size` bytes. */
function pdfOf(size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  bytes.set(PDF_HEAD);
  return bytes;
}

function uploadForm(code: string, bytes: Uint8Array<ArrayBuffer>, name = 'preuve.pdf'): FormData {
  const form = new FormData();
  form.set('code', code);
  form.set('file', new File([bytes], name, { type: 'application/pdf' }));
  return form;
}

let h: Harness;
let structure: { id: string };

const upload = (token: string, code: string, bytes: Uint8Array<ArrayBuffer>) =>
  h.app.request('/api/v1/certification/evidence', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    body: uploadForm(code, bytes),
  });

const status = async (token: string) =>
  (await (
    await h.app.request('/api/v1/certification', {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    })
  ).json()) as { portfolio: { code: string; evidence: { id: string; fileSize: number | null }[] }[] };

const evidenceOf = async (token: string, code: string) =>
  (await status(token)).portfolio.find((c) => c.code === code)!.evidence;

/** Files in the blob folder (each file is stored with a `.type` companion). */
const storedFiles = () => {
  try {
    return readdirSync(join(h.dir, 'evidence')).filter((f) => !f.endsWith('.type')).length;
  } catch {
    return 0;
  }
};

beforeAll(async () => {
  // A small quota so that the test fills it with a few files.
  h = await createHarness({ now: '2026-03-02T09:00:00Z', evidenceQuotaMb: 3 });
  structure = await createStructure(h, 'Médiathèque des limites');
});
afterAll(() => h.close());

describe('evidence limits under concurrency', () => {
  it('20 parallel uploads for one competence store at most 10 pieces, and no file beyond them', async () => {
    const user = await createUser(h, structure.id, 'mediator');
    const token = await apiTokenFor(h, user);
    const before = storedFiles();
    const answers = await Promise.all(Array.from({ length: 20 }, () => upload(token, 'M7.1', pdfOf(1000))));
    const codes = answers.map((r) => r.status);
    expect(codes.filter((s) => s === 201).length).toBe(10);
    expect(codes.filter((s) => s !== 201).every((s) => s === 409)).toBe(true);
    expect((await evidenceOf(token, 'M7.1')).length).toBe(10);
    // A refused upload leaves no file behind in storage.
    expect(storedFiles() - before).toBe(10);
    const refused = answers.find((r) => r.status === 409)!;
    expect(((await refused.json()) as { detail: string }).detail).toContain('10 preuves au plus par compétence');
    // One audit event per stored piece, none for a refused one; the chain still verifies.
    const added = await h.deps.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, user.id), eq(auditEvents.action, 'portfolio.evidence.added')));
    expect(added.length).toBe(10);
    expect((await verifyAuditChain(h.deps.database.db)).ok).toBe(true);
  });

  it('parallel text evidence is held to the same limit', async () => {
    const token = await apiTokenFor(h, await createUser(h, structure.id, 'mediator'));
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        h.app.request('/api/v1/certification/evidence', {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, accept: 'application/json', 'content-type': 'application/json' },
          body: JSON.stringify({ code: 'M7.2', kind: 'text', text: `Récit ${i}` }),
        }),
      ),
    );
    expect(answers.filter((r) => r.status === 201).length).toBe(10);
    expect((await evidenceOf(token, 'M7.2')).length).toBe(10);
  });
});

describe('storage quota per mediator', () => {
  it('is 50 MiB unless EVIDENCE_QUOTA_MB says otherwise; a bad value names the variable', () => {
    expect(parseEnv({}).EVIDENCE_QUOTA_MB).toBe(50);
    expect(parseEnv({ EVIDENCE_QUOTA_MB: '200' }).EVIDENCE_QUOTA_MB).toBe(200);
    expect(() => parseEnv({ EVIDENCE_QUOTA_MB: '0' })).toThrow(ConfigError);
    expect(() => parseEnv({ EVIDENCE_QUOTA_MB: 'beaucoup' })).toThrow(/EVIDENCE_QUOTA_MB/);
  });

  it('refuses a file that would go past the quota with a clear message, in French and English', async () => {
    const token = await apiTokenFor(h, await createUser(h, structure.id, 'mediator'));
    // 3 MiB quota: 1.5 + 1.4 MiB fit, 0.2 MiB more does not; other competences count too.
    expect((await upload(token, 'M7.1', pdfOf(1.5 * MiB))).status).toBe(201);
    expect((await upload(token, 'M7.2', pdfOf(1.4 * MiB))).status).toBe(201);
    const before = storedFiles();
    const over = await upload(token, 'M7.3', pdfOf(0.2 * MiB));
    expect(over.status).toBe(409);
    expect(over.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await over.json()) as { detail: string };
    expect(problem.detail).toContain('Votre espace de pièces justificatives est plein (3 Mo)');
    expect(problem.detail).toContain('retirez une pièce avant d’en ajouter');
    const en = await h.app.request('/api/v1/certification/evidence', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', 'accept-language': 'en' },
      body: uploadForm('M7.3', pdfOf(0.2 * MiB)),
    });
    expect(((await en.json()) as { detail: string }).detail).toContain('Your evidence storage is full (3 MB)');
    expect(storedFiles()).toBe(before);
    // Text and links take no file space: still accepted.
    const text = await h.app.request('/api/v1/certification/evidence', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'M7.3', kind: 'text', text: 'Récit.' }),
    });
    expect(text.status).toBe(201);
  });

  it('holds under parallel uploads: the files stored never exceed the quota', async () => {
    const token = await apiTokenFor(h, await createUser(h, structure.id, 'mediator'));
    const before = storedFiles();
    // Eight files of 1 MiB over four competences at once; the 3 MiB quota admits three.
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => upload(token, `M7.${(i % 4) + 1}`, pdfOf(MiB))),
    );
    expect(answers.filter((r) => r.status === 201).length).toBe(3);
    const used = (await status(token)).portfolio.flatMap((c) => c.evidence).reduce((s, e) => s + (e.fileSize ?? 0), 0);
    expect(used).toBe(3 * MiB);
    expect(storedFiles() - before).toBe(3);
  });

  it('the page form shows the same message beside the form, and keeps the page', async () => {
    const user = await createUser(h, structure.id, 'mediator');
    const token = await apiTokenFor(h, user);
    expect((await upload(token, 'M7.1', pdfOf(2.9 * MiB))).status).toBe(201);
    const client = await signedInClient(h, user);
    await client.get('/certification/blocs/M7');
    const form = uploadForm('M7.2', pdfOf(0.2 * MiB));
    form.set('kind', 'file');
    form.set('_csrf', client.csrf);
    const res = await client.request('/certification/preuves', { method: 'POST', body: form });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain('Votre espace de pièces justificatives est plein (3 Mo)');
    // The block's page again, with its evidence forms, not a bare error page.
    expect(html).toContain('action="/certification/preuves"');
    expect(html).toContain('M7.2');
  });
});
