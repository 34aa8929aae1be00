import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PNG } from 'pngjs';
import { credentials } from '../../src/db/schema.js';
import { extractFromPng, extractFromSvg } from '../../src/ob3/baking.js';
import { generateSigningKeyPair, importSigningKey } from '../../src/ob3/keys.js';
import { signCredential } from '../../src/ob3/jwt.js';
import { decodeStatusList, isSet } from '../../src/ob3/status-list.js';
import type { OpenBadgeCredential } from '../../src/ob3/types.js';
import {
  api,
  apiTokenFor,
  createHarness,
  createStructure,
  createUser,
  json,
  type Harness,
} from '../helpers/harness.js';
import { decodePart, officialProfileErrors, officialSchemaErrors, webCryptoVerify } from '../helpers/standards.js';

let h: Harness;
let mediator: string;
let mediatorB: string;
let hubAdmin: string;
let structureAdmin: string;

interface IssuedBody {
  id: string;
  url: string;
  status: string;
  jwt: string;
  credential: OpenBadgeCredential;
}
interface VerifyBody {
  verified: boolean;
  checks: { id: string; ok: boolean; message: string; messageEn: string }[];
  summary: string;
  credentials?: VerifyBody[];
}

const COMPETENCE = 'abecedaire/1.0.0/competences/A1';
const BLOCK = 'mediateurs/1.0.0/blocs/M1';

async function issue(
  token: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<IssuedBody> {
  const res = await api(h, token, '/api/v1/credentials', { body, headers });
  if (res.status !== 201 && res.status !== 200) throw new Error(`${res.status} ${await res.text()}`);
  return json<IssuedBody>(res);
}

async function verifyJwt(jwt: string, expected?: { name?: string }): Promise<VerifyBody> {
  const res = await api(h, null, '/api/v1/verify', { body: { credential: jwt, ...(expected ? { expected } : {}) } });
  expect(res.status).toBe(200);
  return json<VerifyBody>(res);
}

function check(body: VerifyBody, id: string) {
  return body.checks.find((c) => c.id === id)!;
}

beforeAll(async () => {
  h = await createHarness();
  const structureB = await createStructure(h, 'Médiathèque B');
  mediator = await apiTokenFor(h, await createUser(h, h.boot.structure!.id, 'mediator'));
  structureAdmin = await apiTokenFor(h, await createUser(h, h.boot.structure!.id, 'structure-admin'));
  mediatorB = await apiTokenFor(h, await createUser(h, structureB.id, 'mediator'));
  hubAdmin = await apiTokenFor(h, await createUser(h, h.boot.hub.id, 'hub-admin'));
});
afterAll(() => h.close());

describe('issuing an Open Badges 3.0 credential', () => {
  it('issues a competence badge that validates against the official AchievementCredential schema', async () => {
    const issued = await issue(mediator, {
      achievement: COMPETENCE,
      recipient: { name: 'Awa Diallo', email: 'awa@example.org' },
      level: 'autonome',
    });
    expect(issued.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(officialSchemaErrors(issued.credential)).toEqual([]);
    const payload = decodePart(issued.jwt, 1);
    expect(officialSchemaErrors({ ...payload, iss: undefined, jti: undefined, nbf: undefined })).toEqual([]);
    expect(issued.credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(issued.credential.credentialSubject.result?.[0]?.value).toBe('Autonome');
  });

  it('signs with ES256, a header of exactly alg, kid (a DID URL) and typ, and the JWT claims of the spec', async () => {
    const issued = await issue(mediator, { achievement: COMPETENCE, recipient: { name: 'Awa Diallo' } });
    const header = decodePart(issued.jwt, 0);
    expect(Object.keys(header).sort()).toEqual(['alg', 'kid', 'typ']);
    expect(header).toMatchObject({ alg: 'ES256', typ: 'JWT' });
    expect(header.kid).toMatch(/^did:web:jalon\.test:issuers:structure-demo#key-[A-Za-z0-9_-]{16}$/);
    const payload = decodePart(issued.jwt, 1);
    expect(payload.iss).toBe('did:web:jalon.test:issuers:structure-demo');
    expect(payload.jti).toBe(issued.id);
    expect(payload.nbf).toBe(Date.parse(issued.credential.validFrom) / 1000);
    expect(payload).not.toHaveProperty('sub');
    expect(payload).not.toHaveProperty('exp');
  });

  it('verifies with WebCrypto alone, using the public key read from the DID document served over HTTP', async () => {
    const issued = await issue(mediator, { achievement: COMPETENCE, recipient: { name: 'Awa Diallo' } });
    const kid = decodePart<{ kid: string }>(issued.jwt, 0).kid;
    const res = await h.app.request('/issuers/structure-demo/did.json');
    expect(res.headers.get('content-type')).toBe('application/did+json');
    const doc = (await res.json()) as {
      id: string;
      assertionMethod: string[];
      verificationMethod: { id: string; controller: string; publicKeyJwk: JsonWebKey }[];
    };
    expect(doc.id).toBe('did:web:jalon.test:issuers:structure-demo');
    expect(doc.assertionMethod).toContain(kid);
    const method = doc.verificationMethod.find((m) => m.id === kid)!;
    expect(method.controller).toBe(doc.id);
    expect(method.publicKeyJwk).not.toHaveProperty('d');
    expect(await webCryptoVerify(issued.jwt, method.publicKeyJwk)).toBe(true);
    const tampered = issued.jwt.replace(/\.([^.]+)\./, (_m, p: string) => `.${p.slice(0, -4)}AAAA.`);
    expect(await webCryptoVerify(tampered, method.publicKeyJwk)).toBe(false);
  });

  it('puts no personal data in clear in the credential: name and e-mail are salted hashes', async () => {
    const issued = await issue(mediator, {
      achievement: COMPETENCE,
      recipient: { name: 'Awa Diallo', email: 'awa@example.org' },
    });
    const text = JSON.stringify(decodePart(issued.jwt, 1)).toLowerCase();
    expect(text).not.toContain('awa');
    expect(text).not.toContain('diallo');
    const ids = issued.credential.credentialSubject.identifier!;
    expect(ids.map((i) => i.identityType).sort()).toEqual(['emailAddress', 'name']);
    for (const i of ids) {
      expect(i.hashed).toBe(true);
      expect(i.identityHash).toMatch(/^sha256\$[0-9a-f]{64}$/);
      expect(i.salt!.length).toBeGreaterThanOrEqual(32);
    }
    const other = await issue(mediator, {
      achievement: COMPETENCE,
      recipient: { name: 'Awa Diallo', email: 'awa@example.org' },
    });
    expect(other.credential.credentialSubject.identifier![0]!.identityHash).not.toBe(ids[0]!.identityHash);
  });

  it('returns the same credential for a repeated Idempotency-Key', async () => {
    const body = { achievement: COMPETENCE, recipient: { name: 'Léa Martin' } };
    const first = await api(h, mediator, '/api/v1/credentials', { body, headers: { 'idempotency-key': 'import-42' } });
    const second = await api(h, mediator, '/api/v1/credentials', { body, headers: { 'idempotency-key': 'import-42' } });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect((await json<IssuedBody>(second)).id).toBe((await json<IssuedBody>(first)).id);
  });

  it('lets only the right organisations issue: structures for learners, the hub for mediators', async () => {
    const wrong = await api(h, hubAdmin, '/api/v1/credentials', {
      body: { achievement: COMPETENCE, recipient: { name: 'X' } },
    });
    expect(wrong.status).toBe(403);
    const wrong2 = await api(h, mediator, '/api/v1/credentials', {
      body: { achievement: BLOCK, recipient: { name: 'X' } },
    });
    expect(wrong2.status).toBe(403);
    const unknown = await api(h, mediator, '/api/v1/credentials', {
      body: { achievement: 'abecedaire/1.0.0/competences/ZZ9', recipient: { name: 'X' } },
    });
    expect(unknown.status).toBe(404);
    const badLevel = await api(h, mediator, '/api/v1/credentials', {
      body: { achievement: COMPETENCE, recipient: { name: 'X' }, level: 'expert' },
    });
    expect(badLevel.status).toBe(422);
  });

  it('serves the issuer Profile as JSON-LD valid against the official Profile schema, and a French page', async () => {
    const res = await h.app.request('/issuers/structure-demo', { headers: { accept: 'application/ld+json' } });
    expect(res.headers.get('content-type')).toContain('application/ld+json');
    const profile = (await res.json()) as Record<string, unknown>;
    expect(officialProfileErrors(profile)).toEqual([]);
    expect(profile).toMatchObject({
      id: 'did:web:jalon.test:issuers:structure-demo',
      name: 'Structure de démonstration',
      parentOrg: { name: 'Hub de démonstration' },
    });
    const page = await h.app.request('/issuers/structure-demo', { headers: { accept: 'text/html' } });
    expect(await page.text()).toContain('Lieu de médiation numérique');
    const jwks = (await (await h.app.request('/issuers/structure-demo/jwks.json')).json()) as {
      keys: { kid: string; alg: string }[];
    };
    expect(jwks.keys[0]).toMatchObject({ alg: 'ES256' });
    expect(jwks.keys[0]!.kid).toMatch(/^did:web:jalon\.test:issuers:structure-demo#/);
  });

  it('gives 200 concurrent issuances for one issuer 200 credentials with 200 distinct status indexes', async () => {
    const before = (await h.deps.database.db.select().from(credentials)).length;
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        api(h, mediator, '/api/v1/credentials', {
          body: { achievement: COMPETENCE, recipient: { name: `Personne ${i}` } },
        }),
      ),
    );
    expect(results.map((r) => r.status).filter((s) => s !== 201)).toEqual([]);
    const rows = (await h.deps.database.db.select().from(credentials)).slice(before);
    expect(rows).toHaveLength(200);
    expect(new Set(rows.map((r) => `${r.statusListId}#${r.statusIndex}`)).size).toBe(200);
    const bodies = await Promise.all(results.map((r) => json<IssuedBody>(r)));
    const sample = await verifyJwt(bodies[137]!.jwt);
    expect(sample.verified).toBe(true);
  });

  it('draws another status slot when the random one is taken: one credential, one audit event, a sealed chain', async () => {
    const first = await issue(mediator, { achievement: COMPETENCE, recipient: { name: 'Première' } });
    const taken = (await h.deps.database.db.select().from(credentials)).find(
      (r) => `urn:uuid:${r.id}` === first.id,
    )!.statusIndex;
    // The next draw of a status index (one 32-bit value) lands on the taken slot; later draws are random.
    const draw = crypto.getRandomValues.bind(crypto);
    let forced = 0;
    const spy = vi.spyOn(crypto, 'getRandomValues').mockImplementation((a) => {
      if (a instanceof Uint32Array && a.length === 1 && forced === 0) {
        forced++;
        a[0] = taken;
        return a;
      }
      return draw(a);
    });
    let second: IssuedBody;
    try {
      second = await issue(mediator, { achievement: COMPETENCE, recipient: { name: 'Seconde' } });
    } finally {
      spy.mockRestore();
    }
    expect(forced).toBe(1);
    const id = second.id.slice('urn:uuid:'.length);
    const row = (await h.deps.database.db.select().from(credentials)).find((r) => r.id === id)!;
    expect(row.statusIndex).not.toBe(taken);
    expect(second.credential.credentialStatus).toMatchObject({ statusListIndex: String(row.statusIndex) });
    const events = await h.opened.client.execute({
      sql: "select chain_hash from audit_events where action = 'credential.issued' and target_id = ?",
      args: [id],
    });
    expect(events.rows).toHaveLength(1);
    expect(events.rows[0]!.chain_hash).not.toBeNull();
    expect((await verifyJwt(second.jwt)).verified).toBe(true);
  });
});

describe('verifying', () => {
  let issued: IssuedBody;
  beforeAll(async () => {
    issued = await issue(mediator, {
      achievement: COMPETENCE,
      recipient: { name: 'Jean-Pierre Ngô' },
      level: 'autonome-si-besoin',
    });
  });

  it('verifies a JWT with the stable checks in order', async () => {
    const body = await verifyJwt(issued.jwt);
    expect(body.verified).toBe(true);
    expect(body.checks.map((c) => c.id)).toEqual([
      'parse',
      'schema',
      'signature',
      'issuer',
      'label',
      'status',
      'validity',
    ]);
    expect(body.checks.every((c) => c.ok && c.message && c.messageEn)).toBe(true);
    // Informative: the demo structure is not labelled, and its badge stays valid.
    expect(body.checks.find((c) => c.id === 'label')!.message).toMatch(
      /n’est pas un lieu labellisé.*ne change pas la validité/,
    );
    expect(body.summary).toMatch(/authentique/);
  });

  it('verifies the JSON credential, the credential URL and the urn', async () => {
    const asJson = await (await h.app.request(`${new URL(issued.url).pathname}.json`)).json();
    const byJson = await json<VerifyBody>(await api(h, null, '/api/v1/verify', { body: { credential: asJson } }));
    expect(byJson.verified).toBe(true);
    const byUrl = await json<VerifyBody>(await api(h, null, '/api/v1/verify', { body: { url: issued.url } }));
    expect(byUrl.verified).toBe(true);
    const byUrn = await json<VerifyBody>(await api(h, null, '/api/v1/verify', { body: { credential: issued.id } }));
    expect(byUrn.verified).toBe(true);
  });

  it('refuses a JSON copy whose content differs from what was signed', async () => {
    const asJson = (await (await h.app.request(`${new URL(issued.url).pathname}.json`)).json()) as OpenBadgeCredential;
    asJson.credentialSubject.achievement.name = 'Expert en tout';
    const body = await json<VerifyBody>(await api(h, null, '/api/v1/verify', { body: { credential: asJson } }));
    expect(body.verified).toBe(false);
    expect(check(body, 'signature').ok).toBe(false);
  });

  it('round-trips baked PNG and SVG: extraction gives the exact JWT, and uploading the file verifies', async () => {
    const path = new URL(issued.url).pathname;
    const png = new Uint8Array(await (await h.app.request(`${path}.png`)).arrayBuffer());
    expect(extractFromPng(png)).toBe(issued.jwt);
    const decoded = PNG.sync.read(Buffer.from(png));
    expect([decoded.width, decoded.height]).toEqual([512, 512]);
    const svg = await (await h.app.request(`${path}.svg`)).text();
    expect(extractFromSvg(svg)).toBe(issued.jwt);
    for (const [bytes, name, type] of [
      [png, 'badge.png', 'image/png'],
      [new TextEncoder().encode(svg), 'badge.svg', 'image/svg+xml'],
      [new TextEncoder().encode(issued.jwt), 'badge.jwt', 'text/plain'],
    ] as const) {
      const form = new FormData();
      form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], name, { type }));
      const res = await h.app.request('/api/v1/verify', { method: 'POST', body: form });
      const body = await json<VerifyBody>(res);
      expect(body.verified, name).toBe(true);
    }
  });

  it('checks the holder name against the hashed identifier when asked', async () => {
    const ok = await verifyJwt(issued.jwt, { name: '  jean-pierre   NGÔ ' });
    expect(check(ok, 'recipient').ok).toBe(true);
    const wrong = await verifyJwt(issued.jwt, { name: 'Jean-Paul Ngô' });
    expect(wrong.verified).toBe(false);
    expect(check(wrong, 'recipient').ok).toBe(false);
  });

  it('answers garbage with verified: false and a reason, never a 500', async () => {
    for (const credential of ['abc', 'a.b.c', '{"type":"x"}', 'x'.repeat(50_000)]) {
      const body = await json<VerifyBody>(await api(h, null, '/api/v1/verify', { body: { credential } }));
      expect(body.verified).toBe(false);
      expect(body.checks[0]!.id).toBe('parse');
    }
    const form = new FormData();
    form.set('file', new File([crypto.getRandomValues(new Uint8Array(3000))], 'noise.bin'));
    const noise = await json<VerifyBody>(await h.app.request('/api/v1/verify', { method: 'POST', body: form }));
    expect(noise.verified).toBe(false);
    const notPng = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4, 5]);
    const form2 = new FormData();
    form2.set('file', new File([notPng], 'broken.png'));
    const broken = await json<VerifyBody>(await h.app.request('/api/v1/verify', { method: 'POST', body: form2 }));
    expect(broken.verified).toBe(false);
    expect(broken.summary).toContain('PNG');
    const bad = await api(h, null, '/api/v1/verify', { body: '{"credential": ' });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    const foreignUrl = await json<VerifyBody>(
      await api(h, null, '/api/v1/verify', { body: { url: 'https://evil.example/credentials/x' } }),
    );
    expect(foreignUrl.verified).toBe(false);
  });

  it('reports a credential signed by an unknown issuer as not verified, with the issuer check failing', async () => {
    const pair = await generateSigningKeyPair();
    const forged = {
      ...issued.credential,
      issuer: { id: 'did:web:elsewhere.example:issuers:x', type: ['Profile'], name: 'Ailleurs' },
    };
    const jwt = await signCredential(forged as OpenBadgeCredential, {
      privateKey: await importSigningKey(pair.privateJwk),
      kid: 'did:web:elsewhere.example:issuers:x#k1',
    });
    const body = await verifyJwt(jwt);
    expect(body.verified).toBe(false);
    expect(check(body, 'issuer').ok).toBe(false);
  });

  it('rejects a credential re-signed by another issuer of this instance while claiming the first', async () => {
    const hubKeyIssued = await issue(hubAdmin, { achievement: BLOCK, recipient: { name: 'Med' } });
    const hubKid = decodePart<{ kid: string }>(hubKeyIssued.jwt, 0).kid;
    const [h0, p0] = issued.jwt.split('.');
    const forgedHeader = btoa(JSON.stringify({ alg: 'ES256', kid: hubKid, typ: 'JWT' }))
      .replace(/=+$/, '')
      .replace(/\+/g, '-')
      .replace(/\//g, '_');
    const body = await verifyJwt(`${forgedHeader}.${p0}.${issued.jwt.split('.')[2]}`);
    expect(body.verified).toBe(false);
    expect(h0).not.toBe(forgedHeader);
  });
});

describe('revocation, suspension and validity over HTTP', () => {
  it('revokes a learner badge: the signed status list sets its bit and verification says why', async () => {
    const issued = await issue(mediator, { achievement: COMPETENCE, recipient: { name: 'Rémi' } });
    const id = issued.id.slice(9);
    const res = await api(h, mediator, `/api/v1/credentials/${id}/revoke`, { body: { reason: 'Délivré par erreur' } });
    expect(res.status).toBe(200);
    expect((await json<{ status: string }>(res)).status).toBe('revoked');
    const entry = issued.credential.credentialStatus as unknown as {
      statusListCredential: string;
      statusListIndex: string;
      statusPurpose: string;
    };
    expect(entry.statusPurpose).toBe('revocation');
    const list = await h.app.request(new URL(entry.statusListCredential).pathname);
    expect(list.headers.get('content-type')).toBe('application/vc+jwt');
    expect(list.headers.get('cache-control')).toBe('public, max-age=60');
    const listJwt = await list.text();
    const subject = decodePart<{ credentialSubject: { encodedList: string; statusPurpose: string } }>(
      listJwt,
      1,
    ).credentialSubject;
    expect(subject.statusPurpose).toBe('revocation');
    expect(isSet(await decodeStatusList(subject.encodedList), Number(entry.statusListIndex))).toBe(true);
    const body = await verifyJwt(issued.jwt);
    expect(body.verified).toBe(false);
    expect(check(body, 'status').ok).toBe(false);
    expect(check(body, 'status').message).toContain('Délivré par erreur');
    const page = await (await h.app.request(new URL(issued.url).pathname, { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('Révoqué');
    const again = await api(h, mediator, `/api/v1/credentials/${id}/revoke`, { body: { reason: 'encore' } });
    expect(again.status).toBe(409);
  });

  it('refuses to suspend a learner badge (revocation only)', async () => {
    const issued = await issue(mediator, { achievement: COMPETENCE, recipient: { name: 'Rémi' } });
    const res = await api(h, mediator, `/api/v1/credentials/${issued.id.slice(9)}/suspend`, {
      body: { reason: 'test' },
    });
    expect(res.status).toBe(409);
  });

  it('suspends a mediator badge by setting its revocation bit, and reinstates it as a fresh badge', async () => {
    const issued = await issue(hubAdmin, {
      achievement: BLOCK,
      recipient: { name: 'Camille Médiatrice' },
      level: 'maitrise',
    });
    const entry = issued.credential.credentialStatus as unknown as {
      statusListCredential: string;
      statusListIndex: string;
      statusPurpose: string;
      statusSize?: number;
    };
    // One 1-bit revocation entry, like learner badges: every Bitstring Status List reader understands it.
    expect(entry.statusPurpose).toBe('revocation');
    expect(entry.statusSize).toBeUndefined();
    const id = issued.id.slice(9);
    expect(
      (await api(h, hubAdmin, `/api/v1/credentials/${id}/suspend`, { body: { reason: 'Enquête en cours' } })).status,
    ).toBe(200);
    const suspended = await verifyJwt(issued.jwt);
    expect(suspended.verified).toBe(false);
    expect(check(suspended, 'status').message).toMatch(/^Ce badge est suspendu .* : Enquête en cours\.$/);
    const listJwt = await (await h.app.request(new URL(entry.statusListCredential).pathname)).text();
    const bits = await decodeStatusList(
      decodePart<{ credentialSubject: { encodedList: string } }>(listJwt, 1).credentialSubject.encodedList,
    );
    expect(isSet(bits, Number(entry.statusListIndex))).toBe(true);

    const reinstated = await api(h, hubAdmin, `/api/v1/credentials/${id}/reinstate`, {
      body: { reason: 'Enquête close' },
    });
    expect(reinstated.status).toBe(200);
    const body = (await reinstated.json()) as { status: string; replacedBy: { id: string; url: string; jwt: string } };
    expect(body.status).toBe('suspended');
    // The suspended badge stays refused for good, and says what replaced it.
    const old = await verifyJwt(issued.jwt);
    expect(old.verified).toBe(false);
    expect(check(old, 'status').message).toContain(`un nouveau badge le remplace (${body.replacedBy.url})`);
    const fresh = await verifyJwt(body.replacedBy.jwt, { name: 'Camille Médiatrice' });
    expect(fresh.verified).toBe(true);
    const freshCredential = decodePart<OpenBadgeCredential & { awardedDate: string }>(body.replacedBy.jwt, 1);
    expect(freshCredential.credentialSubject.result).toEqual(issued.credential.credentialSubject.result);
    expect(freshCredential.awardedDate).toBe(issued.credential.validFrom);
    expect(officialSchemaErrors(freshCredential)).toEqual([]);
    // Reinstating twice is refused; the replacement is suspended and revoked like any other.
    expect((await api(h, hubAdmin, `/api/v1/credentials/${id}/reinstate`, { body: { reason: 'encore' } })).status).toBe(
      409,
    );
    const freshId = body.replacedBy.id.slice(9);
    expect(
      (await api(h, hubAdmin, `/api/v1/credentials/${freshId}/revoke`, { body: { reason: 'Retrait du label' } }))
        .status,
    ).toBe(200);
    const revoked = await verifyJwt(body.replacedBy.jwt);
    expect(check(revoked, 'status').message).toMatch(/révoqué/);
    expect(
      (await api(h, hubAdmin, `/api/v1/credentials/${freshId}/reinstate`, { body: { reason: 'non' } })).status,
    ).toBe(409);
  });

  it('hides another structure’s badge from a mediator who tries to revoke it', async () => {
    const issued = await issue(mediator, { achievement: COMPETENCE, recipient: { name: 'Rémi' } });
    const res = await api(h, mediatorB, `/api/v1/credentials/${issued.id.slice(9)}/revoke`, {
      body: { reason: 'malveillance' },
    });
    expect(res.status).toBe(404);
    expect((await verifyJwt(issued.jwt)).verified).toBe(true);
  });

  it('reports an expired credential and a not-yet-valid one', async () => {
    const start = new Date('2030-01-01T10:00:00Z');
    h.setNow(start);
    try {
      const expiring = await issue(mediator, {
        achievement: COMPETENCE,
        recipient: { name: 'Zoé' },
        validUntil: '2030-06-30T00:00:00Z',
      });
      expect(expiring.credential.validUntil).toBe('2030-06-30T00:00:00Z');
      expect(decodePart(expiring.jwt, 1).exp).toBe(Date.parse('2030-06-30T00:00:00Z') / 1000);
      h.setNow('2030-07-01T00:00:00Z');
      const expired = await verifyJwt(expiring.jwt);
      expect(expired.verified).toBe(false);
      expect(check(expired, 'validity').ok).toBe(false);
      expect(check(expired, 'validity').message).toContain('2030');
      h.setNow('2029-12-01T00:00:00Z');
      const early = await verifyJwt(expiring.jwt);
      expect(early.verified).toBe(false);
      expect(check(early, 'validity').ok).toBe(false);
    } finally {
      h.setNow(new Date());
    }
  });

  it('keeps credentials signed before a key rotation verifiable, and signs new ones with the new key', async () => {
    const before = await issue(structureAdmin, { achievement: COMPETENCE, recipient: { name: 'Avant' } });
    const rotate = await api(h, structureAdmin, '/api/v1/issuers/structure-demo/keys/rotate', { method: 'POST' });
    expect(rotate.status).toBe(201);
    const after = await issue(structureAdmin, { achievement: COMPETENCE, recipient: { name: 'Après' } });
    const kidBefore = decodePart<{ kid: string }>(before.jwt, 0).kid;
    const kidAfter = decodePart<{ kid: string }>(after.jwt, 0).kid;
    expect(kidAfter).not.toBe(kidBefore);
    expect((await verifyJwt(before.jwt)).verified).toBe(true);
    expect((await verifyJwt(after.jwt)).verified).toBe(true);
    const doc = (await (await h.app.request('/issuers/structure-demo/did.json')).json()) as {
      assertionMethod: string[];
    };
    expect(doc.assertionMethod).toEqual(expect.arrayContaining([kidBefore, kidAfter]));
  });

  it('makes what a compromised key signed fail the issuer check, removes it from the DID document, and keeps issuing', async () => {
    const victim = await issue(structureAdmin, { achievement: COMPETENCE, recipient: { name: 'Victime' } });
    const kid = decodePart<{ kid: string }>(victim.jwt, 0).kid;
    const fragment = kid.split('#')[1]!;
    const denied = await api(h, mediator, `/api/v1/issuers/structure-demo/keys/${fragment}/compromised`, {
      body: { reason: 'ordinateur volé' },
    });
    expect(denied.status).toBe(403);
    const res = await api(h, structureAdmin, `/api/v1/issuers/structure-demo/keys/${fragment}/compromised`, {
      body: { reason: 'Ordinateur volé' },
    });
    expect(res.status).toBe(200);
    const body = await verifyJwt(victim.jwt);
    expect(body.verified).toBe(false);
    expect(check(body, 'issuer').ok).toBe(false);
    expect(check(body, 'issuer').message).toMatch(/compromise/);
    const doc = (await (await h.app.request('/issuers/structure-demo/did.json')).json()) as {
      assertionMethod: string[];
    };
    expect(doc.assertionMethod).not.toContain(kid);
    const fresh = await issue(structureAdmin, { achievement: COMPETENCE, recipient: { name: 'Nouveau' } });
    expect(decodePart<{ kid: string }>(fresh.jwt, 0).kid).not.toBe(kid);
    expect((await verifyJwt(fresh.jwt)).verified).toBe(true);
  });
});

describe('achievements', () => {
  it('serves each achievement as JSON, an accessible SVG and a PNG, at stable URLs', async () => {
    const json = (await (await h.app.request('/achievements/abecedaire/1.0.0/competences/A1.json')).json()) as Record<
      string,
      unknown
    >;
    expect(json.id).toBe('http://jalon.test/achievements/abecedaire/1.0.0/competences/A1');
    expect(json.type).toEqual(['Achievement']);
    expect((json.alignment as { targetFramework: string }[]).map((a) => a.targetFramework)).toEqual(
      expect.arrayContaining([expect.stringContaining('CRCN')]),
    );
    const svg = await (await h.app.request('/achievements/abecedaire/1.0.0/competences/A1.svg')).text();
    expect(svg).toMatch(/<title[^>]*>[^<]+<\/title>/);
    expect(svg).toContain('role="img"');
    const png = await h.app.request('/achievements/mediateurs/1.0.0/certification.png');
    expect(png.headers.get('content-type')).toBe('image/png');
    const page = await (
      await h.app.request('/achievements/abecedaire/1.0.0/passeport', { headers: { accept: 'text/html' } })
    ).text();
    expect(page).toContain('Passeport');
  });
});
