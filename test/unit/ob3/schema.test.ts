import { readFileSync } from 'node:fs';
import { Validator, type Schema } from '@cfworker/json-schema';
import { describe, expect, it } from 'vitest';
import { COMPILED_SCHEMAS_FILE, compiledSchemaModule } from '../../../scripts/compile-schemas.js';
import { buildEndorsementCredential } from '../../../src/ob3/endorsement.js';
import * as compiled from '../../../src/ob3/schema-validators.generated.js';
import {
  validateAchievementCredential,
  validateEndorsementCredential,
  validateProfile,
} from '../../../src/ob3/schema.js';
import achievementSchema from '../../../src/ob3/schemas/ob_v3p0_achievementcredential_schema.json' with {
  type: 'json',
};
import endorsementSchema from '../../../src/ob3/schemas/ob_v3p0_endorsementcredential_schema.json' with {
  type: 'json',
};
import profileSchema from '../../../src/ob3/schemas/ob_v3p0_profile_schema.json' with { type: 'json' };
import { competenceCredential, makeIssuer, REVOCATION_LIST } from './helpers.js';

type Fast = (document: unknown) => boolean;
const interpreted = (schema: unknown) => new Validator(schema as Schema, '2019-09', false);

/** Every variant of `doc` with one member removed, or replaced by a value of another kind or a bad date. */
function mutants(doc: unknown): unknown[] {
  const out: unknown[] = [];
  const replacements: unknown[] = [null, 7, 'x', '12/03/2026', '2026-02-30T10:00:00Z', [], {}, true];
  const walk = (value: unknown, rebuild: (v: unknown) => unknown) => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        const with_ = (v: unknown) => rebuild(value.map((x, j) => (j === i ? v : x)));
        out.push(rebuild(value.filter((_, j) => j !== i)));
        for (const r of replacements) out.push(with_(r));
        walk(item, with_);
      });
    } else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        const with_ = (v: unknown) => rebuild({ ...value, [key]: v });
        const { [key]: _gone, ...rest } = value as Record<string, unknown>;
        out.push(rebuild(rest));
        for (const r of replacements) out.push(with_(r));
        walk(item, with_);
      }
      out.push(rebuild({ ...value, unexpectedMember: 1 }));
    }
  };
  walk(doc, (v) => v);
  return out;
}

describe('OB 3.0 schemas compiled at build time', async () => {
  const issuer = await makeIssuer('hub', 'Hub de test');
  const credential = await competenceCredential(issuer, { status: { listUrl: REVOCATION_LIST, index: 3 } });
  const endorsement = buildEndorsementCredential({
    id: 'urn:uuid:0b6f3c1e-8a53-4c0e-9d1f-3f1f2b1f9a10',
    name: 'Recommandation',
    issuer: issuer.profile,
    subjectId: 'did:web:badges.example.org:issuers:lieu',
    comment: 'Lieu labellisé',
    validFrom: '2026-03-01T00:00:00Z',
  });
  const cases: [name: string, document: unknown, fast: Fast, schema: unknown][] = [
    ['achievement credential', credential, compiled.achievementCredential, achievementSchema],
    ['endorsement credential', endorsement, compiled.endorsementCredential, endorsementSchema],
    ['issuer profile', issuer.profile, compiled.profile, profileSchema],
  ];

  it('are exactly what scripts/compile-schemas.ts writes from the schemas today (npm run compile:schemas)', () => {
    expect(readFileSync(COMPILED_SCHEMAS_FILE, 'utf8')).toBe(compiledSchemaModule());
  });

  for (const [name, document, fast, schema] of cases) {
    it(`give the interpreter's verdict on a valid ${name} and on each of its one-change mutants`, () => {
      const slow = interpreted(schema);
      expect(fast(document)).toBe(true);
      const all = mutants(document);
      expect(all.length).toBeGreaterThan(40);
      let refused = 0;
      for (const mutant of all) {
        const expected = slow.validate(mutant).valid;
        expect(fast(mutant), JSON.stringify(mutant).slice(0, 300)).toBe(expected);
        if (!expected) refused++;
      }
      // The corpus is worth something only if many mutants are refused.
      expect(refused).toBeGreaterThan(all.length / 4);
    });
  }

  it('still explain a refusal in readable words (the interpreter runs on refused documents)', () => {
    const { criteria: _criteria, ...achievement } = credential.credentialSubject.achievement;
    const noCriteria = { ...credential, credentialSubject: { ...credential.credentialSubject, achievement } };
    expect(validateAchievementCredential(noCriteria)).toEqual({
      valid: false,
      errors: ['credentialSubject.achievement: does not have required property "criteria".'],
    });
    expect(validateEndorsementCredential({ ...endorsement, validFrom: 'hier' }).valid).toBe(false);
    expect(validateProfile({ ...issuer.profile, type: 'Profil' }).valid).toBe(false);
    expect(validateEndorsementCredential(endorsement)).toEqual({ valid: true, errors: [] });
  });
});
