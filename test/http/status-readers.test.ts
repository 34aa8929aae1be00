/**
 * A committee's decision must hold wherever a credential is checked: suspended and withdrawn
 * mediator credentials read as not valid to a third-party W3C Bitstring Status List reader
 * (@digitalbazaar/vc-bitstring-status-list), the list itself checked with jose against the issuer's
 * DID document, not with Jalon's code. Credentials issued on the former 2-bit `message` lists keep
 * verifying, suspending and reinstating as before.
 */
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import { importJWK, jwtVerify, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveAchievements } from '../../src/issuing/derive-achievements.js';
import { buildCredential } from '../../src/ob3/credential.js';
import { signCredential } from '../../src/ob3/jwt.js';
import { buildIdentifiers } from '../../src/ob3/recipient.js';
import { signingKeyFor } from '../../src/issuing/keys.js';
import { issuerProfile } from '../../src/issuing/profile.js';
import { currentStatusList, statusListUrl } from '../../src/issuing/status.js';
import { insertCredential } from '../../src/issuing/store.js';
import { getReferential } from '../../src/referentials/service.js';
import { api, apiTokenFor, createHarness, createUser, json, type Harness } from '../helpers/harness.js';
import { decodePart } from '../helpers/standards.js';

let h: Harness;
let hubAdmin: string;
const BLOCK = 'mediateurs/1.0.0/blocs/M2';

interface Issued {
  id: string;
  jwt: string;
}

async function issueBlock(name: string): Promise<Issued> {
  const res = await api(h, hubAdmin, '/api/v1/credentials', {
    body: { achievement: BLOCK, recipient: { name }, level: 'maitrise' },
  });
  expect(res.status).toBe(201);
  return json<Issued>(res);
}

/** A document loader that fetches the list over HTTP and accepts it only if jose verifies its JWT. */
async function documentLoader(url: string): Promise<{ document: unknown }> {
  const res = await h.app.request(new URL(url).pathname);
  if (res.status !== 200) throw new Error(`status list ${res.status}`);
  const jwt = (await res.text()).trim();
  const kid = decodeProtectedHeader(jwt).kid!;
  const didPath = `/issuers/${kid.split(':issuers:')[1]!.split('#')[0]}/did.json`;
  const did = (await (await h.app.request(didPath)).json()) as {
    verificationMethod: { id: string; publicKeyJwk: Record<string, string> }[];
  };
  const method = did.verificationMethod.find((m) => m.id === kid)!;
  const { payload } = await jwtVerify(jwt, await importJWK(method.publicKeyJwk, 'ES256'));
  return { document: payload.vc ?? payload };
}

/** What a verifier that knows only W3C Bitstring Status List says: true = revoked/suspended bit set. */
async function thirdPartyReads(jwt: string): Promise<boolean> {
  const credential = decodePart(jwt, 1);
  const result = (await checkStatus({
    credential: (credential.vc as Record<string, unknown>) ?? credential,
    documentLoader,
    verifyBitstringStatusListCredential: false, // the list is a VC-JWT: verified above with jose
    verifyMatchingIssuers: true,
  })) as {
    verified: boolean;
    results?: { status: boolean; credentialStatus: { statusPurpose: string } }[];
    error?: Error;
  };
  if (!result.verified) throw result.error ?? new Error('status not checked');
  expect(result.results?.[0]?.credentialStatus.statusPurpose).toBe('revocation');
  return result.results![0]!.status;
}

async function jalonVerifies(jwt: string): Promise<{ verified: boolean; status: string }> {
  const res = await api(h, null, '/api/v1/verify', { body: { credential: jwt } });
  const body = await json<{ verified: boolean; checks: { id: string; message: string }[] }>(res);
  return { verified: body.verified, status: body.checks.find((c) => c.id === 'status')!.message };
}

beforeAll(async () => {
  h = await createHarness();
  hubAdmin = await apiTokenFor(h, await createUser(h, h.boot.hub.id, 'hub-admin'));
});
afterAll(() => h.close());

describe('mediator credential status read by a third-party W3C reader', () => {
  it('reads an active credential as valid, a suspended and a withdrawn one as not valid', async () => {
    const active = await issueBlock('Alice Active');
    const suspended = await issueBlock('Sam Suspendu');
    const withdrawn = await issueBlock('Will Retiré');
    const id = (c: Issued) => c.id.slice(9);
    expect(
      (await api(h, hubAdmin, `/api/v1/credentials/${id(suspended)}/suspend`, { body: { reason: 'Contrôle' } })).status,
    ).toBe(200);
    expect(
      (await api(h, hubAdmin, `/api/v1/credentials/${id(withdrawn)}/revoke`, { body: { reason: 'Retrait' } })).status,
    ).toBe(200);

    expect(await thirdPartyReads(active.jwt)).toBe(false);
    expect(await thirdPartyReads(suspended.jwt)).toBe(true);
    expect(await thirdPartyReads(withdrawn.jwt)).toBe(true);

    expect(await jalonVerifies(active.jwt)).toMatchObject({ verified: true });
    const s = await jalonVerifies(suspended.jwt);
    expect(s.verified).toBe(false);
    expect(s.status).toMatch(/^Ce badge est suspendu par son émetteur depuis le .* : Contrôle\.$/);
    const w = await jalonVerifies(withdrawn.jwt);
    expect(w.verified).toBe(false);
    expect(w.status).toMatch(/^Ce badge a été révoqué par son émetteur le .* : Retrait\.$/);
  });

  it('keeps the suspended credential not valid after reinstatement; the replacement reads as valid', async () => {
    const original = await issueBlock('Rita Rétablie');
    const id = original.id.slice(9);
    await api(h, hubAdmin, `/api/v1/credentials/${id}/suspend`, { body: { reason: 'Contrôle' } });
    const res = await api(h, hubAdmin, `/api/v1/credentials/${id}/reinstate`, { body: { reason: 'Contrôle clos' } });
    const { replacedBy } = await json<{ replacedBy: { jwt: string; url: string } }>(res);
    expect(await thirdPartyReads(original.jwt)).toBe(true);
    expect(await thirdPartyReads(replacedBy.jwt)).toBe(false);
    expect((await jalonVerifies(original.jwt)).status).toContain(`remplace (${replacedBy.url})`);
    expect((await jalonVerifies(replacedBy.jwt)).verified).toBe(true);
  });
});

describe('credentials issued on a former 2-bit message list', () => {
  it('still verify, and are suspended and reinstated in place', async () => {
    const db = h.deps.database.db;
    const hub = h.boot.hub;
    const { referential } = await getReferential(h.deps, 'mediateurs', '1.0.0');
    const achievement = deriveAchievements(referential, { baseUrl: h.deps.config.publicUrl }).find(
      (a) => a.kind === 'block',
    )!;
    const list = await currentStatusList(h.deps, hub, 'message');
    const key = await signingKeyFor(h.deps, hub);
    const uuid = crypto.randomUUID();
    const now = h.deps.clock();
    const credential = buildCredential({
      id: `urn:uuid:${uuid}`,
      issuer: await issuerProfile(h.deps, hub),
      achievement: achievement.achievement,
      identifiers: await buildIdentifiers({ name: 'Léa Ancienne' }),
      validFrom: now,
      status: { listUrl: statusListUrl(h.deps, hub, list.id), index: 42, suspendable: true },
    });
    const jwt = await signCredential(credential, key);
    await insertCredential(db, {
      id: uuid,
      issuerOrgId: hub.id,
      achievementId: achievement.achievement.id,
      achievementKind: 'block',
      keyId: key.keyId,
      jwt,
      issuedAt: now.toISOString(),
      validFrom: credential.validFrom,
      statusListId: list.id,
      statusIndex: 42,
      suspendable: true,
    });
    expect(await jalonVerifies(jwt)).toMatchObject({ verified: true });
    await api(h, hubAdmin, `/api/v1/credentials/${uuid}/suspend`, { body: { reason: 'Ancien contrôle' } });
    const suspended = await jalonVerifies(jwt);
    expect(suspended.verified).toBe(false);
    expect(suspended.status).toMatch(/^Ce badge est suspendu/);
    const back = await api(h, hubAdmin, `/api/v1/credentials/${uuid}/reinstate`, { body: { reason: 'Clos' } });
    expect(await json(back)).toEqual({ id: `urn:uuid:${uuid}`, status: 'active' });
    expect(await jalonVerifies(jwt)).toMatchObject({ verified: true });
  });
});
