import { describe, expect, it } from 'vitest';
import {
  buildIdentifiers,
  hashIdentity,
  matchIdentifier,
  nameKey,
  normaliseName,
  randomSalt,
} from '../../../src/ob3/recipient.js';
import type { IdentityObject } from '../../../src/ob3/types.js';
import { normaliseEmail } from '../../../src/lib/text.js';

describe('recipient identifiers', () => {
  it('reproduces the IdentityHash example of the OB 3.0 specification', async () => {
    expect(await hashIdentity('a@example.com', 'Kosher')).toBe(
      'sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399',
    );
  });

  it('keeps name form 1 (credentials issued before form 2): NFC, trimmed, spaces collapsed, lower case, accents kept', () => {
    const nfd = 'He\u0301le\u0300ne'; // e + combining acute, e + combining grave
    expect(normaliseName(`  ${nfd}\u00a0  N'Diaye-MARTIN \t`)).toBe("hélène n'diaye-martin");
    expect(normaliseName('HÉLÈNE')).toBe(normaliseName('hélène'));
    expect(normaliseName('Hélène')).not.toBe(normaliseName('Helene'));
  });

  it('name form 2 gives one key to the ways people write the same name', () => {
    const key = nameKey('Hélène Lefèvre-N’Diaye');
    expect(key).toBe('helenelefevrendiaye');
    for (const spelling of [
      "Helene Lefevre-N'Diaye",
      'HELENE LEFEVRE N DIAYE',
      'helene lefevre ndiaye',
      'He\u0301le\u0300ne Lefe\u0300vre Nʼ Diaye', // decomposed accents, modifier-letter apostrophe
      'Hélène\u00a0Lefèvre\u2011N‘Diaye', // no-break space, non-breaking hyphen, left quote
      'Ｈéｌèｎｅ Lefèvre–N’Diaye', // full-width letters, en dash
    ])
      expect(nameKey(spelling), spelling).toBe(key);
    expect(nameKey('Jean-Luc Dupont')).toBe(nameKey('JEAN LUC DUPONT'));
    expect(nameKey('J. R. R. Tolkien')).toBe(nameKey('JRR Tolkien'));
    expect(nameKey('Lætitia Strauß')).toBe(nameKey('Laetitia Strauss'));
    expect(nameKey('Œdipe Ørsted')).toBe(nameKey('oedipe orsted'));
    expect(nameKey('İbrahim Çelik')).toBe(nameKey('ibrahim celik'));
    expect(nameKey('Анна Ёлкина')).toBe(nameKey('АННА ЕЛКИНА'));
    expect(nameKey('ΣΙΣΥΦΟΣ')).toBe(nameKey('Σίσυφος'));
    expect(nameKey('Marie\u00adClaire')).toBe(nameKey('Marie-Claire')); // soft hyphen
  });

  it('name form 2 keeps different names different, in every script', () => {
    expect(nameKey('Hélène Lefèvre')).not.toBe(nameKey('Hélène Lefèbre'));
    expect(nameKey('Awa Diallo')).not.toBe(nameKey('Awa Diallo Ba'));
    expect(nameKey('Анна')).not.toBe(nameKey('Анма'));
    // Devanagari vowel signs are letters, not accents: राम (Rām) and रम (Ram) stay apart.
    expect(nameKey('राम')).not.toBe(nameKey('रम'));
    expect(nameKey('محمد')).toBe('محمد');
    expect(nameKey('مُحَمَّد')).toBe('محمد'); // Arabic short-vowel marks are optional in writing
  });

  it('normalises e-mail addresses by trimming and lower-casing', () => {
    expect(normaliseEmail('  Awa.Diallo@Example.ORG ')).toBe('awa.diallo@example.org');
  });

  it('builds a hashed name identifier (form 2, marked in its salt) and an e-mail identifier, each with its own fresh salt', async () => {
    const ids = await buildIdentifiers({ name: 'Awa Diallo', email: 'awa@example.org' });
    expect(ids.map((i) => i.identityType)).toEqual(['name', 'emailAddress']);
    for (const id of ids) {
      expect(id).toMatchObject({ type: 'IdentityObject', hashed: true });
      expect(id.identityHash).toMatch(/^sha256\$[0-9a-f]{64}$/);
    }
    expect(ids[0]!.salt).toMatch(/^nom-v2\.[0-9a-f]{32}$/);
    expect(ids[1]!.salt).toMatch(/^[0-9a-f]{32}$/);
    expect(ids[0]!.identityHash).toBe(await hashIdentity('awadiallo', ids[0]!.salt!));
    expect(ids[0]!.salt).not.toBe(ids[1]!.salt);
    const again = await buildIdentifiers({ name: 'Awa Diallo' });
    expect(again).toHaveLength(1);
    expect(again[0]!.identityHash).not.toBe(ids[0]!.identityHash);
    expect(randomSalt()).not.toBe(randomSalt());
  });

  it('draws every salt fresh, 16 random bytes in hex, across refills of its pool', () => {
    const salts = Array.from({ length: 1000 }, () => randomSalt());
    for (const salt of salts) expect(salt).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(salts).size).toBe(salts.length);
  });

  it('uses the salt function it is given', async () => {
    const [, id] = await buildIdentifiers({ name: 'A', email: 'a@example.com' }, () => 'Kosher');
    expect(id!.identityHash).toBe('sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399');
  });

  it('matches a clear name whatever its Unicode form, spacing and case', async () => {
    const ids = await buildIdentifiers({ name: 'Hélène  Müller' });
    expect(await matchIdentifier(ids, 'name', 'HE\u0301LE\u0300NE MU\u0308LLER ')).toBe(true);
    expect(await matchIdentifier(ids, 'name', ' hélène\tmüller')).toBe(true);
  });

  it('matches the same name written with or without accents, apostrophes, hyphens and capitals', async () => {
    const ids = await buildIdentifiers({ name: 'Hélène Lefèvre-N’Diaye' });
    for (const typed of [
      "Helene Lefevre-N'Diaye",
      'HELENE LEFEVRE N DIAYE',
      'helene lefevre ndiaye',
      'Hélène Lefèvre N’Diaye',
    ])
      expect(await matchIdentifier(ids, 'name', typed), typed).toBe(true);
    expect(await matchIdentifier(ids, 'name', 'Hélène Lefèvre')).toBe(false);
    expect(await matchIdentifier(ids, 'name', 'Irène Lefèvre-N’Diaye')).toBe(false);
  });

  it('carries a second name identifier for the Latin-letter name, and matches either', async () => {
    const ids = await buildIdentifiers({ name: 'Мария Иванова', latinName: 'Mariia Ivanova', email: 'm@example.org' });
    expect(ids.map((i) => i.identityType)).toEqual(['name', 'name', 'emailAddress']);
    expect(ids[0]!.salt).not.toBe(ids[1]!.salt);
    expect(await matchIdentifier(ids, 'name', 'мария иванова')).toBe(true);
    expect(await matchIdentifier(ids, 'name', 'MARIIA IVANOVA')).toBe(true);
    expect(await matchIdentifier(ids, 'name', 'Maria Ivanova')).toBe(false);
    // The same name twice gives one identifier.
    expect(await buildIdentifiers({ name: 'Awa Diallo', latinName: 'AWA DIALLO' })).toHaveLength(1);
  });

  it('still matches an identifier hashed on form 1 (before form 2), on form 1', async () => {
    const salt = randomSalt();
    const old: IdentityObject[] = [
      {
        type: 'IdentityObject',
        identityType: 'name',
        hashed: true,
        identityHash: await hashIdentity(normaliseName('Hélène Lefèvre-N’Diaye'), salt),
        salt,
      },
    ];
    expect(await matchIdentifier(old, 'name', ' HÉLÈNE  lefèvre-n’diaye')).toBe(true);
    expect(await matchIdentifier(old, 'name', 'Hélène Martin')).toBe(false);
  });

  it('rejects another name, and says null when there is no identifier of that type', async () => {
    const ids = await buildIdentifiers({ name: 'Hélène Müller' });
    expect(await matchIdentifier(ids, 'name', 'Hélène Mahler')).toBe(false);
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
