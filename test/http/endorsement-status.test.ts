/**
 * The hub's endorsement of a labelled place can be withdrawn (issue 18): it shares the status slot of
 * the label credential, so a copy taken from the place's profile reads revoked — to an independent W3C
 * reader (@digitalbazaar/vc-bitstring-status-list, the list checked with jose) and to Jalon's verifier —
 * as soon as the label is suspended or withdrawn. A reinstated label carries a new endorsement on its
 * new slot. The endorsement is never valid longer than the label.
 */
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certifiedMediator } from '../helpers/certify.js';
import { labelDemoStructure } from '../../src/cli/demo-label.js';
import { findCredential } from '../../src/issuing/store.js';
import { api, apiTokenFor, createHarness, createUser, type Harness, json } from '../helpers/harness.js';
import { decodePart, officialEndorsementErrors } from '../helpers/standards.js';

let h: Harness;
let hubAdmin: string;
let labelId: string;
let labelCredentialId: string;

interface Verdict {
  verified: boolean;
  checks: { id: string; ok: boolean; message: string }[];
}
type Entry = { statusListCredential: string; statusListIndex: string; statusPurpose: string };

beforeAll(async () => {
  h = await createHarness();
  // A label needs the programme's minimum of certified mediators (a criterion Jalon counts).
  await certifiedMediator(h, h.boot.structure!.id);
  const label = await labelDemoStructure(h.deps, h.boot.hub, h.boot.structure!);
  labelCredentialId = label.credentialId.slice('urn:uuid:'.length);
  const row = await h.opened.client.execute({
    sql: 'select id from labels where credential_id = ?',
    args: [labelCredentialId],
  });
  labelId = String(row.rows[0]!.id);
  hubAdmin = await apiTokenFor(h, await createUser(h, h.boot.hub.id, 'hub-admin'));
}, 60_000);
afterAll(() => h.close());

async function profileEndorsements(): Promise<string[] | undefined> {
  const res = await h.app.request('/issuers/structure-demo', { headers: { accept: 'application/json' } });
  return (await json<{ endorsementJwt?: string[] }>(res)).endorsementJwt;
}

/** The credential inside a VC-JWT, without the JWT claims. */
function credentialOf(jwt: string): Record<string, unknown> & { credentialStatus?: Entry; validUntil?: string } {
  const { iss: _i, jti: _j, nbf: _n, exp: _e, sub: _s, ...credential } = decodePart(jwt, 1);
  return credential;
}

/** A loader that fetches the list over HTTP and accepts it only if jose verifies it against the DID document. */
async function documentLoader(url: string): Promise<{ document: unknown }> {
  const res = await h.app.request(new URL(url).pathname);
  if (res.status !== 200) throw new Error(`status list ${res.status}`);
  const jwt = (await res.text()).trim();
  const kid = decodeProtectedHeader(jwt).kid!;
  const did = await json<{ verificationMethod: { id: string; publicKeyJwk?: Record<string, string> }[] }>(
    await h.app.request(`/issuers/${kid.split(':issuers:')[1]!.split('#')[0]}/did.json`),
  );
  const method = did.verificationMethod.find((m) => m.id === kid)!;
  const { payload } = await jwtVerify(jwt, await importJWK(method.publicKeyJwk!, 'ES256'));
  return { document: payload };
}

/** True when an independent W3C reader finds the endorsement's status bit set. */
async function revokedForReader(jwt: string): Promise<boolean> {
  const result = (await checkStatus({
    credential: credentialOf(jwt),
    documentLoader,
    verifyBitstringStatusListCredential: false, // a VC-JWT list: verified above with jose
    verifyMatchingIssuers: true,
  })) as { verified: boolean; error?: Error; results?: { status: boolean }[] };
  if (!result.verified) throw result.error ?? new Error('status not checked');
  return result.results![0]!.status;
}

async function jalonVerifies(jwt: string): Promise<Verdict> {
  return json<Verdict>(await api(h, null, '/api/v1/verify', { body: { credential: jwt } }));
}

/** The status check of Jalon's verifier, in French. */
async function statusMessage(jwt: string): Promise<string> {
  return (await jalonVerifies(jwt)).checks.find((c) => c.id === 'status')!.message;
}

/** What the place's public profile page says of the hub's endorsement. */
async function profilePageEndorsement(): Promise<string> {
  const html = await (await h.app.request('/issuers/structure-demo')).text();
  const dd = /<dd id="recommandation">([\s\S]*?)<\/dd>/.exec(html);
  return (dd?.[1] ?? '').replace(/<[^>]+>/g, '');
}

async function labelAction(action: 'suspend' | 'reinstate' | 'withdraw', reason: string): Promise<void> {
  const res = await api(h, hubAdmin, `/api/v1/labels/${labelId}/status`, { body: { action, reason } });
  expect(res.status).toBe(200);
}

describe('the hub’s endorsement of a labelled place', () => {
  it('shares the label credential’s status slot and validity end, holds the official schema, and verifies', async () => {
    const [jwt] = (await profileEndorsements())!;
    const endorsement = credentialOf(jwt!);
    const labelCredential = credentialOf((await findCredential(h.deps.database.db, labelCredentialId))!.jwt);
    expect(endorsement.credentialStatus).toEqual(labelCredential.credentialStatus);
    expect(endorsement.credentialStatus!.statusPurpose).toBe('revocation');
    expect(endorsement.validUntil).toBe(labelCredential.validUntil);
    expect(officialEndorsementErrors(endorsement)).toEqual([]);
    expect(await revokedForReader(jwt!)).toBe(false);
    const verdict = await jalonVerifies(jwt!);
    expect(verdict.checks.filter((c) => !c.ok)).toEqual([]);
    expect(verdict.verified).toBe(true);
    expect(await statusMessage(jwt!)).toBe(
      'Cette recommandation n’a été ni retirée ni suspendue par le hub qui l’a donnée.',
    );
    expect(await profilePageEndorsement()).toMatch(
      /^Hub de démonstration recommande ce lieu : il a son label jusqu’au /,
    );
  });

  it('reads revoked once the label is suspended; the reinstated label carries a new one, revoked in turn by a withdrawal; Jalon’s verifier and the profile page say so in French', async () => {
    const [first] = (await profileEndorsements())!;
    await labelAction('suspend', 'Contrôle en cours');
    expect(await revokedForReader(first!)).toBe(true);
    const suspended = await jalonVerifies(first!);
    expect(suspended.verified).toBe(false);
    expect(suspended.checks.find((c) => c.id === 'status')!.ok).toBe(false);
    expect(await statusMessage(first!)).toMatch(
      /^Cette recommandation est suspendue depuis le .+ : le label du lieu est suspendu : Contrôle en cours\.$/,
    );
    expect(await profilePageEndorsement()).toMatch(
      /^Recommandation suspendue depuis le .+ : le label du lieu est suspendu \(Contrôle en cours\)\.$/,
    );
    expect(await profileEndorsements()).toBeUndefined();

    await labelAction('reinstate', 'Contrôle clos');
    const [second] = (await profileEndorsements())!;
    expect(credentialOf(second!).id).not.toBe(credentialOf(first!).id);
    expect(await revokedForReader(second!)).toBe(false);
    expect(await revokedForReader(first!)).toBe(true);
    expect((await jalonVerifies(second!)).verified).toBe(true);
    const label = await h.opened.client.execute({
      sql: 'select valid_until from labels where id = ?',
      args: [labelId],
    });
    expect(Date.parse(credentialOf(second!).validUntil!)).toBe(Date.parse(String(label.rows[0]!.valid_until)));
    expect(officialEndorsementErrors(credentialOf(second!))).toEqual([]);

    await labelAction('withdraw', 'Le lieu ne respecte plus l’accès gratuit.');
    expect(await revokedForReader(second!)).toBe(true);
    expect((await jalonVerifies(second!)).verified).toBe(false);
    expect(await statusMessage(second!)).toMatch(
      /^Cette recommandation a été retirée le .+ : le label du lieu lui a été retiré : Le lieu ne respecte plus l’accès gratuit\.$/,
    );
    expect(await profilePageEndorsement()).toMatch(
      /^Recommandation retirée le .+ : le label du lieu lui a été retiré \(Le lieu ne respecte plus l’accès gratuit\)\.$/,
    );
    // The first endorsement, replaced at reinstatement, reads withdrawn too.
    expect(await statusMessage(first!)).toBe('Cette recommandation a été retirée par le hub qui l’avait donnée.');
    expect(await profileEndorsements()).toBeUndefined();
  });
});
