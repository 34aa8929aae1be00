/**
 * Bulk verification for label committees: a mixed batch sorted item by item (one result per
 * input, in order, never a 500) and filed under valide / suspendu / retiré / invalide / illisible,
 * what each badge is and whose it is, a CSV of links with an optional name column, limits, the
 * report CSV and the page without JS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKeyPair, importSigningKey } from '../../src/ob3/keys.js';
import { signCredential } from '../../src/ob3/jwt.js';
import type { OpenBadgeCredential } from '../../src/ob3/types.js';
import { BULK_LIMITS } from '../../src/verification/bulk.js';
import { passportLearner, type PassportLearner } from '../helpers/passports.js';
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
  standing: string;
  credentials: number;
  title?: string;
  holderName?: string;
  printedName?: string;
  expectedName?: string;
  nameCheck?: string;
}
interface Report {
  items: Item[];
  totals: {
    items: number;
    verified: number;
    failed: number;
    problems: Record<string, number>;
    standings: Record<string, number>;
  };
}

let h: Harness;
let mediator: string;
let hubAdmin: string;
let committee: string;
const batch: {
  name: string;
  bytes: Uint8Array;
  expect: { verified: boolean; problem?: string; standing: string };
}[] = [];
let valid: Issued;
let revoked: Issued;
let suspended: Issued;
let helene: PassportLearner;
const HELENE = 'Hélène Lefèvre-N’Diaye';

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
  suspended = await issue(hubAdmin, {
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
    { name: 'valide.jwt', bytes: text(valid.jwt), expect: { verified: true, standing: 'valid' } },
    {
      name: 'revoque.jwt',
      bytes: text(revoked.jwt),
      expect: { verified: false, problem: 'status', standing: 'revoked' },
    },
    // A suspension sets the revocation bit on the list; the issuer's account files it as suspended.
    {
      name: 'suspendu.jwt',
      bytes: text(suspended.jwt),
      expect: { verified: false, problem: 'label', standing: 'suspended' },
    },
    {
      name: 'modifie.jwt',
      bytes: text(tampered),
      expect: { verified: false, problem: 'signature', standing: 'invalid' },
    },
    {
      name: 'inconnu.jwt',
      bytes: text(foreign),
      expect: { verified: false, problem: 'signature', standing: 'invalid' },
    },
    {
      name: 'charabia.txt',
      bytes: text('bonjour, ceci n’est pas un badge'),
      expect: { verified: false, problem: 'parse', standing: 'unreadable' },
    },
    {
      name: 'abime.pdf',
      bytes: text('%PDF-1.7\n1 0 obj << /Type /Catalog >>\ntrailer garbage'),
      expect: { verified: false, problem: 'parse', standing: 'unreadable' },
    },
  );
  helene = await passportLearner(h, mediator, { name: HELENE });
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
      expect(item.standing, item.name).toBe(want.standing);
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
      standings: { valid: 1, suspended: 1, revoked: 1, invalid: 2, unreadable: 2 },
    });
  });

  it('files a suspended certification under « suspendu » and a revoked one under « retiré »', async () => {
    const certification = await issue(hubAdmin, {
      achievement: 'mediateurs/1.0.0/blocs/M1',
      recipient: { name: 'Dominique' },
      level: 'maitrise',
    });
    await api(h, hubAdmin, `/api/v1/credentials/${certification.id.slice(9)}/revoke`, { body: { reason: 'fraude' } });
    const report = await json<Report>(
      await bulk(
        committee,
        multipart([
          { name: 'suspendue.jwt', bytes: text(suspended.jwt) },
          { name: 'retiree.jwt', bytes: text(certification.jwt) },
          { name: 'badge-revoque.jwt', bytes: text(revoked.jwt) },
        ]),
      ),
    );
    expect(report.items.map((i) => [i.name, i.standing])).toEqual([
      ['suspendue.jwt', 'suspended'],
      ['retiree.jwt', 'revoked'],
      ['badge-revoque.jwt', 'revoked'],
    ]);
  });

  it('says what each badge is and whose it is: its title, and the name a passport PDF prints', async () => {
    const report = await json<Report>(
      await bulk(
        committee,
        multipart([
          { name: 'valide.jwt', bytes: text(valid.jwt) },
          { name: 'passeport.pdf', bytes: helene.pdf },
          { name: 'modifie.jwt', bytes: batch[3]!.bytes },
        ]),
      ),
    );
    const [badge, passport, forged] = report.items;
    expect(badge!.title).toBe(valid.credential.credentialSubject.achievement.name);
    expect(badge!.holderName).toBeUndefined();
    expect(passport!.standing).toBe('valid');
    expect(passport!.credentials).toBe(helene.credentials.length);
    expect(passport!.title).toMatch(/passeport/i);
    expect(passport!).toMatchObject({ holderName: HELENE, printedName: 'match' });
    // What a forged badge claims to be is not repeated.
    expect(forged!.title).toBeUndefined();
  });

  it('checks the name column of a CSV of links like /verifier, line by line', async () => {
    const csv = [
      'lien;nom du titulaire',
      `${valid.url};ana`,
      `${valid.url};Zoé Martin`,
      `${revoked.url};Bo`,
      `${valid.url};`,
    ].join('\r\n');
    const report = await json<Report>(await bulk(committee, multipart([], csv)));
    expect(report.items.map((i) => [i.expectedName, i.nameCheck, i.standing])).toEqual([
      ['ana', 'match', 'valid'],
      ['Zoé Martin', 'mismatch', 'valid'],
      ['Bo', 'match', 'revoked'],
      [undefined, undefined, 'valid'],
    ]);
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
    expect(lines[0]).toBe('element,statut,badge,nom_imprime,nom_saisi,controle_nom,probleme,resume,details');
    expect(lines[1]).toMatch(/^suspendu\.jwt,suspendu,/);
    expect(lines[2]).toMatch(/^revoque\.jwt,retiré,.+,,,,status,/);
    expect(lines[lines.length - 1]).toMatch(/^valide\.jwt,valide,/);
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
    expect(html).toContain('6 éléments sur 7 posent problème ; 1 est authentique et valide.');
    const order = [
      'suspendu.jwt',
      'revoque.jwt',
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
    // Each heading holds its own items: the suspended certification is not filed with the revoked badge.
    const section = (id: string) => {
      const from = html.indexOf(`<section aria-labelledby="${id}-title">`);
      const to = html.indexOf('</section>', from);
      return from < 0 ? '' : html.slice(from, to);
    };
    expect(section('suspended')).toContain('Suspendus (1)');
    expect(section('suspended')).toContain('<td>suspendu.jwt</td>');
    expect(section('revoked')).toContain('Retirés (1)');
    expect(section('revoked')).toContain('<td>revoque.jwt</td>');
    expect(section('revoked')).not.toContain('suspendu.jwt');
    expect(section('invalid')).toContain('Invalides (2)');
    expect(section('unreadable')).toContain('Illisibles (2)');
    expect(section('valid')).toContain(valid.credential.credentialSubject.achievement.name);
    const none = multipartWithCsrf(client.csrf);
    const again = await client.request('/comite/verification', { method: 'POST', body: none });
    expect(again.status).toBe(422);
    expect(await again.text()).toContain('Joignez des fichiers de badges');
  });
});

describe('the page shows whose each badge is', () => {
  it('prints the passport’s holder name and the CSV’s name check, line by line', async () => {
    const client = await signedInClient(h, await createUser(h, h.boot.hub.id, 'committee'));
    const form = multipart(
      [{ name: 'passeport.pdf', bytes: helene.pdf }],
      ['nom,lien', `Ana,${valid.url}`, `Zoé Martin,${valid.url}`].join('\n'),
    );
    form.append('_csrf', client.csrf);
    const html = await (await client.request('/comite/verification', { method: 'POST', body: form })).text();
    expect(html).toContain('Nom imprimé : Hélène Lefèvre-N’Diaye');
    expect(html).toMatch(/Ana :\s*<strong class="badge-status ok">nom conforme<\/strong>/);
    expect(html).toMatch(/Zoé Martin :\s*<strong class="badge-status bad">nom différent<\/strong>/);
  });
});

function multipartWithCsrf(csrf: string): FormData {
  const form = new FormData();
  form.append('_csrf', csrf);
  return form;
}
