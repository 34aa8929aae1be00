/**
 * Test fixtures for the credential core: real P-256 keys, real DID documents and real signed
 * status lists. The "registry" resolves keys from the DID documents it was given, as the
 * verification service does from the database.
 */
import { readFileSync } from 'node:fs';
import { referentialSchema, type Referential } from '../../../src/referentials/schema.js';
import { awardRulesSchema, type AwardRules } from '../../../src/referentials/rules-schema.js';
import { deriveAchievements, resultFor } from '../../../src/issuing/derive-achievements.js';
import { buildCredential, type BuildCredentialInput } from '../../../src/ob3/credential.js';
import { buildDidDocument, findAssertionKey, issuerDid, parseDidUrl } from '../../../src/ob3/did.js';
import { signCredential } from '../../../src/ob3/jwt.js';
import { generateSigningKeyPair, importSigningKey } from '../../../src/ob3/keys.js';
import { buildIdentifiers } from '../../../src/ob3/recipient.js';
import { buildStatusListCredential, encodeStatusList, encodeStatusValues } from '../../../src/ob3/status-list.js';
import type { DidDocument, EcJwk, OpenBadgeCredential, Profile } from '../../../src/ob3/types.js';
import type { KeyStatus, ResolvedKey, VerifyContext } from '../../../src/ob3/verify-context.js';

export const BASE_URL = 'https://badges.example.org';

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../../fixtures/ob3/${name}`, import.meta.url), 'utf8'));
}

export const learnerRef: Referential = referentialSchema.parse(fixture('learner-referential.json'));
export const mediatorRef: Referential = referentialSchema.parse(fixture('mediator-referential.json'));
export const learnerRules: AwardRules = awardRulesSchema.parse(fixture('learner-rules.json'));

export interface TestKey {
  kid: string;
  fragment: string;
  publicJwk: EcJwk;
  privateJwk: EcJwk;
  privateKey: CryptoKey;
}

export interface TestIssuer {
  slug: string;
  did: string;
  profile: Profile;
  keys: TestKey[];
  /** The first key. */
  key: TestKey;
  didDocument: DidDocument;
}

export async function makeKey(did: string, fragment: string): Promise<TestKey> {
  const { publicJwk, privateJwk } = await generateSigningKeyPair();
  return { kid: `${did}#${fragment}`, fragment, publicJwk, privateJwk, privateKey: await importSigningKey(privateJwk) };
}

export async function makeIssuer(slug: string, name = `Structure ${slug}`, fragments = ['key-1']): Promise<TestIssuer> {
  const did = issuerDid(BASE_URL, slug);
  const keys = await Promise.all(fragments.map((f) => makeKey(did, f)));
  return {
    slug,
    did,
    profile: { id: did, type: ['Profile'], name, url: `${BASE_URL}/issuers/${slug}` },
    keys,
    key: keys[0]!,
    didDocument: buildDidDocument(did, keys),
  };
}

/** An in-memory stand-in for the issuer directory and the published status lists. */
export class Registry {
  readonly documents = new Map<string, DidDocument>();
  readonly keyStatus = new Map<string, { status: KeyStatus; compromisedAt?: string }>();
  readonly names = new Map<string, string>();
  lists = new Map<string, string>();
  readonly originals = new Map<string, string>();
  readonly reasons = new Map<string, { reason?: string; since?: string }>();

  add(issuer: TestIssuer): this {
    this.documents.set(issuer.did, issuer.didDocument);
    if (issuer.profile.name) this.names.set(issuer.did, issuer.profile.name);
    return this;
  }

  context(extra: Partial<VerifyContext> = {}): VerifyContext {
    return {
      resolveKey: async (kid) => {
        const ref = parseDidUrl(kid);
        const doc = ref && this.documents.get(ref.did);
        const publicJwk = doc && findAssertionKey(doc, kid);
        if (!ref || !publicJwk) return null;
        const state = this.keyStatus.get(kid) ?? { status: 'active' as const };
        const resolved: ResolvedKey = { publicJwk, status: state.status };
        if (state.compromisedAt) resolved.compromisedAt = state.compromisedAt;
        const name = this.names.get(ref.did);
        if (name) resolved.issuerName = name;
        return resolved;
      },
      loadStatusList: async (url) => this.lists.get(url) ?? null,
      findSignedOriginal: async (id) => this.originals.get(id) ?? null,
      statusReason: async (id) => this.reasons.get(id) ?? null,
      now: new Date('2026-06-01T12:00:00Z'),
      ...extra,
    };
  }
}

export const REVOCATION_LIST = `${BASE_URL}/issuers/hub/status/revocation/1`;
export const SUSPENDABLE_LIST = `${BASE_URL}/issuers/hub/status/message/1`;

/** Signs and publishes a 1-bit revocation list with the given indexes set. */
export async function publishRevocationList(
  registry: Registry,
  issuer: TestIssuer,
  url: string,
  revoked: number[],
  signer: TestKey = issuer.key,
): Promise<string> {
  const list = buildStatusListCredential({
    listUrl: url,
    issuer: issuer.did,
    purpose: 'revocation',
    encodedList: await encodeStatusList(revoked),
    validFrom: '2026-01-01T00:00:00Z',
  });
  const jwt = await signCredential(list, signer);
  registry.lists.set(url, jwt);
  return jwt;
}

/** Signs and publishes a 2-bit revocation-and-suspension list. */
export async function publishSuspendableList(
  registry: Registry,
  issuer: TestIssuer,
  url: string,
  values: [number, number][],
): Promise<string> {
  const list = buildStatusListCredential({
    listUrl: url,
    issuer: issuer.did,
    purpose: 'message',
    encodedList: await encodeStatusValues(values, { statusSize: 2 }),
    validFrom: '2026-01-01T00:00:00Z',
  });
  const jwt = await signCredential(list, issuer.key);
  registry.lists.set(url, jwt);
  return jwt;
}

const learner = () => deriveAchievements(learnerRef, { baseUrl: BASE_URL, rules: learnerRules });

export function competenceAchievement(code = 'A1') {
  const found = learner().find((d) => d.kind === 'competence' && d.code === code);
  if (!found) throw new Error(`no competence ${code}`);
  return found.achievement;
}

export function passportAchievement() {
  return learner().find((d) => d.kind === 'passport')!.achievement;
}

let counter = 0;

/** A competence credential for « Awa Diallo », revocation index 42 unless told otherwise. */
export async function competenceCredential(
  issuer: TestIssuer,
  overrides: Partial<BuildCredentialInput> = {},
): Promise<OpenBadgeCredential> {
  const achievement = competenceAchievement('A1');
  counter += 1;
  return buildCredential({
    id: `urn:uuid:00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    issuer: issuer.profile,
    achievement,
    identifiers: await buildIdentifiers({ name: 'Awa Diallo', email: 'awa.diallo@example.org' }),
    results: [resultFor(achievement, 'autonome')],
    validFrom: '2026-03-12T09:30:00Z',
    status: { listUrl: REVOCATION_LIST, index: 42 },
    ...overrides,
  });
}
