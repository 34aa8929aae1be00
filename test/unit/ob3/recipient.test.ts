import { describe, expect, it } from 'vitest';
import {
  buildIdentifiers,
  hashIdentity,
  matchIdentifier,
  normaliseEmail,
  normaliseName,
  randomSalt,
} from '../../../src/ob3/recipient.js';
import type { IdentityObject } from '../../../src/ob3/types.js';

describe('recipient identifiers', () => {
  it('reproduces the IdentityHash example of the OB 3.0 specification', async () => {
    expect(await hashIdentity('a@example.com', 'Kosher')).toBe(
      'sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399',
    );
  });

  it('normalises names: NFC, trimmed, inner spaces collapsed, lower case, accents kept', () => {
    const nfd = 'He\u0301le\u0300ne'; // e + combining acute, e + combining grave
    expect(normaliseName(`  ${nfd}\u00a0  N'Diaye-MARTIN \t`)).toBe("hélène n'diaye-martin");
    expect(normaliseName('HÉLÈNE')).toBe(normaliseName('hélène'));
    expect(normaliseName('Hélène')).not.toBe(normaliseName('Helene'));
  });

  it('normalises e-mail addresses by trimming and lower-casing', () => {
    expect(normaliseEmail('  Awa.Diallo@Example.ORG ')).toBe('awa.diallo@example.org');
  });

  it('builds a hashed name identifier and an e-mail identifier, each with its own fresh salt', async () => {
    const ids = await buildIdentifiers({ name: 'Awa Diallo', email: 'awa@example.org' });
    expect(ids.map((i) => i.identityType)).toEqual(['name', 'emailAddress']);
    for (const id of ids) {
      expect(id).toMatchObject({ type: 'IdentityObject', hashed: true });
      expect(id.identityHash).toMatch(/^sha256\$[0-9a-f]{64}$/);
      expect(id.salt).toMatch(/^[0-9a-f]{32}$/);
    }
    expect(ids[0]!.salt).not.toBe(ids[1]!.salt);
    const again = await buildIdentifiers({ name: 'Awa Diallo' });
    expect(again).toHaveLength(1);
    expect(again[0]!.identityHash).not.toBe(ids[0]!.identityHash);
    expect(randomSalt()).not.toBe(randomSalt());
  });

  it('uses the salt function it is given', async () => {
    const [id] = await buildIdentifiers({ name: 'a@example.com' }, () => 'Kosher');
    expect(id!.identityHash).toBe('sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399');
  });

  it('matches a clear name whatever its Unicode form, spacing and case', async () => {
    const ids = await buildIdentifiers({ name: 'Hélène  Müller' });
    expect(await matchIdentifier(ids, 'name', 'HE\u0301LE\u0300NE MU\u0308LLER ')).toBe(true);
    expect(await matchIdentifier(ids, 'name', ' hélène\tmüller')).toBe(true);
  });

  it('rejects another name, and says null when there is no identifier of that type', async () => {
    const ids = await buildIdentifiers({ name: 'Hélène Müller' });
    expect(await matchIdentifier(ids, 'name', 'Helene Muller')).toBe(false);
    expect(await matchIdentifier(ids, 'emailAddress', 'helene@example.org')).toBeNull();
    expect(await matchIdentifier(undefined, 'name', 'x')).toBeNull();
  });

  it('matches plain (unhashed) identifiers and treats md5 hashes as not checkable', async () => {
    const ids: IdentityObject[] = [
      { type: 'IdentityObject', identityType: 'emailAddress', hashed: false, identityHash: 'Awa@Example.org' },
      { type: 'IdentityObject', identityType: 'name', hashed: true, identityHash: 'md5$0123', salt: 'x' },
    ];
    expect(await matchIdentifier(ids, 'emailAddress', 'awa@example.org')).toBe(true);
    expect(await matchIdentifier(ids, 'name', 'Awa')).toBeNull();
  });
});
