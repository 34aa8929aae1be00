import { describe, expect, it } from 'vitest';
import { escapeXml, normaliseEmail, plural } from '../../../src/lib/text.js';
import { buildIdentifiers, hashIdentity, matchIdentifier } from '../../../src/ob3/recipient.js';

describe('normaliseEmail: one form for accounts and for hashed badge recipients', () => {
  it('trims, lower-cases and composes (NFC) the address', () => {
    expect(normaliseEmail('  Awa.Diallo@Example.ORG ')).toBe('awa.diallo@example.org');
    // « é » typed as e + combining acute (as some keyboards send it) is the composed « é ».
    expect(normaliseEmail('He\u0301le\u0300ne@Exemple.fr')).toBe('h\u00e9l\u00e8ne@exemple.fr');
  });

  it('changes nothing for an ASCII address that accounts stored before (trim + lower case only)', () => {
    for (const typed of ['  Awa.Diallo@Example.ORG ', 'jean-luc+jalon@mediation.example', 'X_Y@A.B.CO'])
      expect(normaliseEmail(typed)).toBe(typed.trim().toLowerCase());
  });

  it('matches a badge hashed on an account’s address, whatever form the verifier types', async () => {
    const account = normaliseEmail('He\u0301le\u0300ne@Exemple.fr');
    const ids = await buildIdentifiers({ name: 'Hélène', email: account });
    expect(await matchIdentifier(ids, 'emailAddress', 'HÉLÈNE@exemple.fr ')).toBe(true);
    expect(await matchIdentifier(ids, 'emailAddress', 'He\u0301le\u0300ne@exemple.fr')).toBe(true);
    // A badge issued earlier was hashed on the same form: its hash is reproduced exactly.
    const [, email] = await buildIdentifiers({ name: 'A', email: ' A@Example.com' }, () => 'Kosher');
    expect(email!.identityHash).toBe(await hashIdentity('a@example.com', 'Kosher'));
  });
});

describe('escapeXml', () => {
  it('writes the five markup characters as the XML predefined entities, and nothing else', () => {
    expect(escapeXml(`Tom & Jerry <script>"x"</script> l’atelier d'Awa`)).toBe(
      'Tom &amp; Jerry &lt;script&gt;&quot;x&quot;&lt;/script&gt; l’atelier d&apos;Awa',
    );
    expect(escapeXml('Hélène Ⅻ 🙂')).toBe('Hélène Ⅻ 🙂');
  });
});

describe('plural', () => {
  it('counts 0 and 1 as singular, as French does, and writes the number for #', () => {
    expect(plural(0, '# badge délivré', '# badges délivrés')).toBe('0 badge délivré');
    expect(plural(1, '# badge délivré', '# badges délivrés')).toBe('1 badge délivré');
    expect(plural(2, '# badge délivré', '# badges délivrés')).toBe('2 badges délivrés');
    expect(plural(3, 'il a été délivré', 'ils ont été délivrés')).toBe('ils ont été délivrés');
  });
});
