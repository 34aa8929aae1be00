/**
 * Bulk verification for label committees: a mixed batch sorted item by item (one result per
 * input, in order, never a 500), a CSV of links, limits, the report CSV and the page without JS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKeyPair, importSigningKey } from '../../src/ob3/keys.js';
import { signCredential } from '../../src/ob3/jwt.js';
import type { OpenBadgeCredential } from '../../src/ob3/types.js';
import { BULK_LIMITS } from '../../src/verification/bulk.js';
import {
  api,
  apiTokenFor,
  bearer,
  createHarness,
  createUser,
  json,
  signedInClient,
  type Harness,
} from '../helpers/harness.js';

interface Issued {
  id: string;
  url: string;
  jwt: string;
  credential: OpenBadgeCredential;
}
interface Item {
  name: string;
  verified: boolean;
  checks: { id: string; ok: boolean; message: string }[];
  summary: string;
}
interface Report {
  items: Item[];
  totals: { items: number; verified: number; failed: number; problems: Record<string, number> };
}

let h: Harness;
let mediator: string;
let hubAdmin: string;
let committee: string;
const batch: { name: string; bytes: Uint8Array; expect: { verified: boolean; problem?: string } }[] = [];
let valid: Issued;
let revoked: Issued;

async function issue(token: string, body: Record<string, unknown>): Promise<Issued> {
  const res = await api(h, token, '/api/v1/credentials', { body });
  if (res.status !== 201) throw new Error(`${res.status} ${await res.text()}`);
  return json<Issued>(res);
}

const text = (s: string) => new TextEncoder().encode(s);

function multipart(files: { name: string; bytes: Uint8Array; type?: string }[], csv?: string): FormData {
  const form = new FormData();
  for (const f of files)
    form.append(
      'file',
      new File([f.bytes as Uint8Array<ArrayBuffer>], f.name, { type: f.type ?? 'application/octet-stream' }),
    );
  if (csv !== undefined) form.append('csv', new File([csv], 'liens.csv', { type: 'text/csv' }));
  return form;
}

async function bulk(token: string | null, form: FormData, query = ''): Promise<Response> {
  return h.app.request(`/api/v1/verify/bulk${query}`, {
    method: 'POST',
    body: form,
    headers: { accept: 'application/json', ...(token ? bearer(token) : {}) },
  });
}

beforeAll(async () => {
  h = await createHarness();
  mediator = await apiTokenFor(h, await createUser(h, h.boot.structure!.id, 'mediator'));
  hubAdmin = await apiTokenFor(h, await createUser(h, h.boot.hub.id, 'hub-admin'));
  committee = await apiTokenFor(h, await createUser(h, h.boot.hub.id, 'committee'));
  valid = await issue(mediator, { achievement: 'abecedaire/1.0.0/competences/A1', recipient: { name: 'Ana' } });
  revoked = await issue(mediator, { achievement: 'abecedaire/1.0.0/competences/B1', recipient: { name: 'Bo' } });
  await api(h, mediator, `/api/v1/credentials/${revoked.id.slice(9)}/revoke`, { body: { reason: 'erreur de saisie' } });
  const suspended = await issue(hubAdmin, {
    achievement: 'mediateurs/1.0.0/blocs/M1',
    recipient: { name: 'Camille' },
    level: 'maitrise',
  });
  await api(h, hubAdmin, `/api/v1/credentials/${suspended.id.slice(9)}/suspend`, { body: { reason: 'enquête' } });
  const [head, payload, sig] = valid.jwt.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  claims.name = 'Badge modifié';
  const tampered = `${head}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${sig}`;
  const pair = await generateSigningKeyPair();
  const foreign = await signCredential(
    {
      ...valid.credential,
      issuer: { id: 'did:web:ailleurs.example:issuers:x', type: ['Profile'], name: 'Ailleurs' },
    } as OpenBadgeCredential,
    { privateKey: await importSigningKey(pair.privateJwk), kid: 'did:web:ailleurs.example:issuers:x#k1' },
  );
  batch.push(
    { name: 'valide.jwt', bytes: text(valid.jwt), expect: { verified: true } },
    { name: 'revoque.jwt', bytes: text(revoked.jwt), expect: { verified: false, problem: 'status' } },
    { name: 'suspendu.jwt', bytes: text(suspended.jwt), expect: { verified: false, problem: 'label' } },
    { name: 'modifie.jwt', bytes: text(tampered), expect: { verified: false, problem: 'signature' } },
    { name: 'inconnu.jwt', bytes: text(foreign), expect: { verified: false, problem: 'signature' } },
    {
      name: 'charabia.txt',
      bytes: text('bonjour, ceci n’est pas un badge'),
      expect: { verified: false, problem: 'parse' },
    },
    {
      name: 'abime.pdf',
      bytes: text('%PDF-1.7\n1 0 obj << /Type /Catalog >>\ntrailer garbage'),
      expect: { verified: false, problem: 'parse' },
    },
  );
});
afterAll(() => h.close());

describe('POST /api/v1/verify/bulk', () => {
  it('sorts a mixed batch: one result per item, in order, with the problem of each', async () => {
    const res = await bulk(committee, multipart(batch));
    expect(res.status).toBe(200);
    const report = await json<Report>(res);
    expect(report.items.map((i) => i.name)).toEqual(batch.map((b) => b.name));
    report.items.forEach((item, k) => {
      const want = batch[k]!.expect;
      expect(item.verified, item.name).toBe(want.verified);
      if (want.problem) expect(item.checks.find((c) => !c.ok)?.id, item.name).toBe(want.problem);
      expect(item.summary.length, item.name).toBeGreaterThan(10);
    });
    expect(report.items[1]!.summary).toMatch(/révoqué/);
    expect(report.items[2]!.summary).toMatch(/suspendu/);
    expect(report.items[4]!.checks.find((c) => c.id === 'issuer')!.message).toMatch(/inconnu/i);
    // Unreadable, or read as a PDF holding no badge (the reader is lenient): one failed item either way.
    expect(report.items[6]!.summary).toMatch(
      /^Ce (fichier PDF est illisible ou abîmé|PDF ne contient aucun badge signé)/,
    );
    expect(report.totals).toEqual({
      items: 7,
      verified: 1,
      failed: 6,
      problems: { status: 1, label: 1, signature: 2, parse: 2 },
    });
  });

  it('reads a CSV of links (French spreadsheet, semicolons) and JWTs, one item per row', async () => {
    const csv = [
      'nom;lien',
      `Ana;${valid.url}`,
      `Bo;${revoked.id}`,
      'Ailleurs;https://ailleurs.example/credentials/1',
      `Collé;${valid.jwt}`,
      `Inconnu;http://jalon.test/credentials/00000000-0000-4000-8000-000000000000`,
    ].join('\r\n');
    const report = await json<Report>(
      await bulk(committee, multipart([{ name: 'a.jwt', bytes: text(valid.jwt) }], csv)),
    );
    expect(report.items.map((i) => [i.name, i.verified])).toEqual([
      ['a.jwt', true],
      ['liens.csv — ligne 2', true],
      ['liens.csv — ligne 3', false],
      ['liens.csv — ligne 4', false],
      ['liens.csv — ligne 5', true],
      ['liens.csv — ligne 6', false],
    ]);
    expect(report.items[3]!.summary).toMatch(/pas un badge de ce service/);
    expect(report.items[5]!.summary).toMatch(/inconnu de ce service/);
  });

  it('gives the report as CSV, problems first, with formulas neutralised', async () => {
    const res = await bulk(
      committee,
      multipart([...batch, { name: '=HYPERLINK("x").jwt', bytes: text('x') }]),
      '?format=csv',
    );
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('element,verifie,probleme,resume,details');
    expect(lines[1]).toMatch(/^revoque\.jwt,non,status,/);
    expect(lines[lines.length - 1]).toMatch(/^valide\.jwt,oui,,/);
    expect(lines.some((l) => l.startsWith(`"'=HYPERLINK`))).toBe(true);
  });

  it('refuses a batch above the limit and a request without input, with problem+json', async () => {
    const many = Array.from({ length: BULK_LIMITS.items + 1 }, (_, i) => ({ name: `${i}.txt`, bytes: text('x') }));
    const tooMany = await bulk(committee, multipart(many));
    expect(tooMany.status).toBe(422);
    expect(tooMany.headers.get('content-type')).toContain('application/problem+json');
    const csvTooLong = await bulk(
      committee,
      multipart([], ['lien', ...Array.from({ length: 1001 }, () => valid.url)].join('\n')),
    );
    expect(csvTooLong.status).toBe(422);
    const empty = await bulk(committee, new FormData());
    expect(empty.status).toBe(422);
    const notMultipart = await api(h, committee, '/api/v1/verify/bulk', { body: { file: 'x' } });
    expect(notMultipart.status).toBe(415);
  });

  it('is for the hub’s committee and admins only', async () => {
    expect((await bulk(null, multipart(batch.slice(0, 1)))).status).toBe(401);
    expect((await bulk(mediator, multipart(batch.slice(0, 1)))).status).toBe(403);
    expect((await bulk(hubAdmin, multipart(batch.slice(0, 1)))).status).toBe(200);
  });
});

describe('committee page /comite/verification (without JavaScript)', () => {
  it('takes the dropped files and shows a report listing the problems first, with its CSV', async () => {
    const client = await signedInClient(h, await createUser(h, h.boot.hub.id, 'committee'));
    const page = await client.get('/comite/verification');
    expect(page.status).toBe(200);
    const form = multipart(batch);
    form.append('_csrf', client.csrf);
    const res = await client.request('/comite/verification', { method: 'POST', body: form });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('6 élément(s) sur 7 posent problème ; 1 sont authentiques et valides.');
    const order = [
      'revoque.jwt',
      'suspendu.jwt',
      'modifie.jwt',
      'inconnu.jwt',
      'charabia.txt',
      'abime.pdf',
      'valide.jwt',
    ];
    const positions = order.map((n) => html.indexOf(`<td>${n}</td>`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(html).toContain('download="rapport-verification.csv"');
    const none = multipartWithCsrf(client.csrf);
    const again = await client.request('/comite/verification', { method: 'POST', body: none });
    expect(again.status).toBe(422);
    expect(await again.text()).toContain('Joignez des fichiers de badges');
  });
});

function multipartWithCsrf(csrf: string): FormData {
  const form = new FormData();
  form.append('_csrf', csrf);
  return form;
}
