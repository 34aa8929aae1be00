import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import achievementCredentialSchema from '../../../src/ob3/schemas/ob_v3p0_achievementcredential_schema.json' with {
  type: 'json',
};
import { resultFor } from '../../../src/issuing/derive-achievements.js';
import { buildCredential } from '../../../src/ob3/credential.js';
import { buildIdentifiers } from '../../../src/ob3/recipient.js';
import { validateAchievementCredential, validateProfile } from '../../../src/ob3/schema.js';
import type { OpenBadgeCredential } from '../../../src/ob3/types.js';
import {
  competenceAchievement,
  competenceCredential,
  makeIssuer,
  passportAchievement,
  REVOCATION_LIST,
  SUSPENDABLE_LIST,
} from './helpers.js';

// ajv compiles code (fine in tests, forbidden on Workers): an independent check of our output.
const ajv = new Ajv2019({ strict: false, allErrors: true });
addFormats(ajv);
const ajvValidate = ajv.compile(achievementCredentialSchema);

function expectValidEverywhere(credential: unknown): void {
  const ok = ajvValidate(credential);
  expect(ajvValidate.errors ?? [], 'ajv').toEqual([]);
  expect(ok).toBe(true);
  expect(validateAchievementCredential(credential), 'cfworker').toEqual({ valid: true, errors: [] });
}

function expectInvalidEverywhere(credential: unknown): string[] {
  expect(ajvValidate(credential)).toBe(false);
  const result = validateAchievementCredential(credential);
  expect(result.valid).toBe(false);
  return result.errors;
}

/** No undefined members, no empty arrays, anywhere. */
function expectClean(value: unknown, path = '$'): void {
  if (Array.isArray(value)) {
    expect(value.length, `${path} is an empty array`).toBeGreaterThan(0);
    for (const [i, v] of value.entries()) expectClean(v, `${path}[${i}]`);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      expect(v, `${path}.${k} is undefined`).not.toBeUndefined();
      expectClean(v, `${path}.${k}`);
    }
  }
}

describe('OpenBadgeCredential builder', async () => {
  const issuer = await makeIssuer('hub', 'Hub de test');

  it('builds a competence credential with its result that validates against the official schema (ajv and cfworker)', async () => {
    const credential = await competenceCredential(issuer);
    expectValidEverywhere(credential);
    expectClean(credential);
    expect(credential['@context']).toEqual([
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json',
    ]);
    expect(credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(credential.name).toBe(credential.credentialSubject.achievement.name);
    expect(credential.validFrom).toBe('2026-03-12T09:30:00Z');
    expect(credential.credentialSchema).toEqual([
      {
        id: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json',
        type: '1EdTechJsonSchemaValidator2019',
      },
    ]);
    expect(credential.credentialStatus).toEqual({
      id: `${REVOCATION_LIST}#42`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '42',
      statusListCredential: REVOCATION_LIST,
    });
    expect(Object.keys(credential.credentialSubject)).toEqual(['type', 'identifier', 'achievement', 'result']);
    expect(validateProfile(credential.issuer).valid).toBe(true);
  });

  it('embeds a frozen (derived) achievement pruned once and shared, with the same bytes as a copy built afresh', async () => {
    const issuer = await makeIssuer('hub', 'Hub de test');
    const frozen = competenceAchievement('A1');
    expect(Object.isFrozen(frozen)).toBe(true);
    const input = {
      id: 'urn:uuid:00000000-0000-4000-8000-000000000abc',
      issuer: issuer.profile,
      identifiers: await buildIdentifiers({ name: 'Awa Diallo' }),
      results: [resultFor(frozen, 'autonome')],
      validFrom: '2026-03-12T09:30:00Z',
      status: { listUrl: REVOCATION_LIST, index: 7 },
    };
    const a = buildCredential({ ...input, achievement: frozen });
    const b = buildCredential({ ...input, achievement: frozen });
    const fresh = buildCredential({ ...input, achievement: structuredClone(frozen) });
    expect(JSON.stringify(a)).toBe(JSON.stringify(fresh));
    expect(a.credentialSubject.achievement).toBe(b.credentialSubject.achievement);
    expect(Object.isFrozen(a.credentialSubject.achievement)).toBe(true);
    expect(fresh.credentialSubject.achievement).not.toBe(a.credentialSubject.achievement);
    expectValidEverywhere(a);
  });

  it('builds a passport with many results, evidence, validUntil and a suspendable status entry, still valid', async () => {
    const passport = passportAchievement();
    const credential = buildCredential({
      id: 'urn:uuid:6a3b0c55-1f5e-4f0a-9d3e-0b8b3a6f4c21',
      issuer: issuer.profile,
      achievement: passport,
      identifiers: await buildIdentifiers({ name: 'Awa Diallo' }),
      subjectId: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
      results: [
        resultFor(passport, 'autonome', 'A1'),
        resultFor(passport, 'autonome', 'F1'),
        resultFor(passport, 'autonome-si-besoin', 'H1'),
      ],
      evidence: [
        {
          type: ['Evidence'],
          narrative: 'Observé en atelier le 3 mars 2026 : la personne a envoyé un e-mail avec une pièce jointe.',
          name: 'Observation en atelier',
        },
        {
          type: ['Evidence'],
          id: 'https://badges.example.org/evidence/123',
          name: 'Compte rendu',
          genre: 'Observation',
        },
      ],
      validFrom: new Date('2026-03-12T09:30:00.456Z'),
      validUntil: '2029-03-12T09:30:00+01:00',
      awardedDate: '2026-03-01T00:00:00Z',
      status: { listUrl: SUSPENDABLE_LIST, index: 7, suspendable: true },
    });
    expectValidEverywhere(credential);
    expectClean(credential);
    expect(credential.credentialSubject.result).toHaveLength(3);
    expect(credential.credentialSubject.id).toBe('did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK');
    expect(credential.validUntil).toBe('2029-03-12T08:30:00Z');
    expect(credential.credentialStatus).toMatchObject({
      type: 'BitstringStatusListEntry',
      statusPurpose: 'message',
      statusSize: 2,
      statusListIndex: '7',
    });
  });

  it('documents why a credential never carries two status entries: the official schema rejects an array', async () => {
    const credential = await competenceCredential(issuer);
    const twoEntries = {
      ...credential,
      credentialStatus: [
        credential.credentialStatus,
        { ...(credential.credentialStatus as object), statusPurpose: 'suspension' },
      ],
    };
    expect(expectInvalidEverywhere(twoEntries)).toContain(
      'credentialStatus: type "array" is invalid. Expected "object".',
    );
  });

  it('rejects broken credentials in both validators, with readable paths', async () => {
    const credential = await competenceCredential(issuer);
    const typeAsString = { ...credential, type: 'OpenBadgeCredential' };
    expect(expectInvalidEverywhere(typeAsString)[0]).toMatch(/^type: /);
    const { criteria: _criteria, ...achievement } = credential.credentialSubject.achievement;
    const noCriteria = { ...credential, credentialSubject: { ...credential.credentialSubject, achievement } };
    expect(expectInvalidEverywhere(noCriteria)).toContain(
      'credentialSubject.achievement: does not have required property "criteria".',
    );
    const badIdentity = structuredClone(credential) as OpenBadgeCredential;
    (badIdentity.credentialSubject.identifier![0] as { identityType: string }).identityType = 'email';
    expect(expectInvalidEverywhere(badIdentity).join('\n')).toContain('credentialSubject.identifier[0].identityType');
    expectInvalidEverywhere({ ...credential, validFrom: '12/03/2026' });
  });

  it('refuses inconsistent input instead of producing an invalid credential', async () => {
    const achievement = competenceAchievement('A1');
    const base = {
      id: 'urn:uuid:1',
      issuer: issuer.profile,
      achievement,
      validFrom: '2026-01-01T00:00:00Z',
      status: { listUrl: REVOCATION_LIST, index: 1 },
    };
    expect(() => buildCredential(base)).toThrow(/identifiers or an id/);
    expect(() => buildCredential({ ...base, subjectId: 'did:example:1', validUntil: '2025-01-01T00:00:00Z' })).toThrow(
      /validUntil/,
    );
    expect(() => buildCredential({ ...base, subjectId: 'did:example:1', validFrom: 'yesterday' })).toThrow(
      /invalid date/,
    );
    const passport = passportAchievement();
    expect(() =>
      buildCredential({ ...base, subjectId: 'did:example:1', results: [resultFor(passport, 'autonome', 'A1')] }),
    ).toThrow(/unknown resultDescription/);
  });

  it('leaves the (frozen, shared) achievement untouched: the copy credentials share is frozen too', async () => {
    const credential = await competenceCredential(issuer);
    expect(() => {
      credential.credentialSubject.achievement.name = 'changed';
    }).toThrow(TypeError);
    expect(competenceAchievement('A1').name).not.toBe('changed');
    expect((await competenceCredential(issuer)).credentialSubject.achievement.name).not.toBe('changed');
  });
});

describe('credentials from the shipped referentials (when present)', async () => {
  const { existsSync, readFileSync } = await import('node:fs');
  const { parse } = await import('yaml');
  const { referentialSchema } = await import('../../../src/referentials/schema.js');
  const { awardRulesSchema } = await import('../../../src/referentials/rules-schema.js');
  const { deriveAchievements } = await import('../../../src/issuing/derive-achievements.js');
  const root = new URL('../../../referentials/', import.meta.url);
  const files = ['abecedaire/1.0.0.yaml', 'abecedaire/1.0.0.rules.yaml', 'mediateurs/1.0.0.yaml'].map(
    (f) => new URL(f, root),
  );
  const present = files.every((f) => existsSync(f));
  const load = (u: URL) => parse(readFileSync(u, 'utf8')) as unknown;

  it.skipIf(!present)('every achievement of the shipped referentials makes a schema-valid credential', async () => {
    const issuer = await makeIssuer('hub', 'Hub de test');
    const learner = referentialSchema.parse(load(files[0]!));
    const rules = awardRulesSchema.parse(load(files[1]!));
    const mediator = referentialSchema.parse(load(files[2]!));
    const identifiers = await buildIdentifiers({ name: 'Awa Diallo' });
    const all = [
      ...deriveAchievements(learner, { baseUrl: 'https://badges.example.org', rules }),
      ...deriveAchievements(mediator, { baseUrl: 'https://badges.example.org' }),
    ];
    for (const d of all) {
      const results =
        d.kind === 'competence'
          ? [resultFor(d.achievement, rules.competenceBadge.minLevel)]
          : (d.achievement.resultDescription ?? []).map((rd) =>
              resultFor(
                d.achievement,
                (d.kind === 'passport' ? learner : mediator).scale.levels.at(-1)!.id,
                rd.id.split('#')[1],
              ),
            );
      const credential = buildCredential({
        id: `urn:uuid:${crypto.randomUUID()}`,
        issuer: issuer.profile,
        achievement: d.achievement,
        identifiers,
        results,
        validFrom: '2026-03-12T09:30:00Z',
        status: { listUrl: SUSPENDABLE_LIST, index: 1, suspendable: d.kind === 'block' || d.kind === 'certification' },
      });
      expectValidEverywhere(credential);
    }
  });
});
