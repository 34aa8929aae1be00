import { CompactSign } from 'jose';
import { describe, expect, it } from 'vitest';
import { base64urlDecode, base64urlEncode, utf8Decode, utf8Encode } from '../../../src/lib/bytes.js';
import { buildCredential } from '../../../src/ob3/credential.js';
import { buildIdentifiers, hashIdentity, normaliseName, randomSalt } from '../../../src/ob3/recipient.js';
import type { IdentityObject } from '../../../src/ob3/types.js';
import { jwtPayloadFor, signCredential } from '../../../src/ob3/jwt.js';
import { buildStatusListCredential, encodeStatusList, STATUS_VALUE } from '../../../src/ob3/status-list.js';
import { verifyCredential, type CheckId, type VerificationResult } from '../../../src/ob3/verify.js';
import {
  competenceAchievement,
  competenceCredential,
  makeIssuer,
  makeKey,
  publishRevocationList,
  publishSuspendableList,
  Registry,
  REVOCATION_LIST,
  SUSPENDABLE_LIST,
} from './helpers.js';

const IDS: CheckId[] = ['parse', 'schema', 'signature', 'issuer', 'status', 'validity'];

function byId(result: VerificationResult, id: CheckId) {
  const check = result.checks.find((c) => c.id === id);
  if (!check) throw new Error(`no check ${id}`);
  return check;
}

function failing(result: VerificationResult): CheckId[] {
  return result.checks.filter((c) => !c.ok).map((c) => c.id);
}

function decodePart(jwt: string, i: number): Record<string, unknown> {
  return JSON.parse(utf8Decode(base64urlDecode(jwt.split('.')[i]!)));
}

function encodePart(value: unknown): string {
  return base64urlEncode(utf8Encode(JSON.stringify(value)));
}

/** Changes the payload and keeps the original signature. */
// biome-ignore lint/suspicious/noExplicitAny: the tests poke at arbitrary nested members of a decoded payload, like an attacker would.
function tamperPayload(jwt: string, change: (payload: Record<string, any>) => void): string {
  const [h, , s] = jwt.split('.') as [string, string, string];
  const payload = decodePart(jwt, 1);
  change(payload);
  return `${h}.${encodePart(payload)}.${s}`;
}

/** Signs any header and payload with a real key (for crafted-but-signed tokens). */
async function signRaw(header: Record<string, unknown>, payload: unknown, key: CryptoKey): Promise<string> {
  return new CompactSign(utf8Encode(JSON.stringify(payload))).setProtectedHeader(header as { alg: string }).sign(key);
}

describe('verifyCredential', async () => {
  const hub = await makeIssuer('hub', 'Hub de la médiation numérique', ['key-1', 'key-0']);
  const other = await makeIssuer('autre-lieu', 'Autre lieu');
  const registry = new Registry().add(hub).add(other);
  await publishRevocationList(registry, hub, REVOCATION_LIST, [3, 99]);
  const credential = await competenceCredential(hub, { validUntil: '2027-03-12T10:00:00Z' });
  const jwt = await signCredential(credential, hub.key);
  const ctx = registry.context();

  it('accepts an authentic, valid credential and explains it in French and English', async () => {
    const result = await verifyCredential(jwt, ctx);
    expect(result.checks.map((c) => c.id)).toEqual(IDS);
    expect(failing(result)).toEqual([]);
    expect(result).toMatchObject({
      verified: true,
      format: 'jwt',
      jwt,
      summary: 'Ce badge est authentique et valide.',
      summaryEn: 'This badge is authentic and valid.',
    });
    expect(result.credential).toEqual(credential);
    expect(byId(result, 'issuer').message).toBe(`Émetteur : Hub de la médiation numérique (${hub.did}).`);
    expect(byId(result, 'validity').message).toBe('Valable depuis le 12 mars 2026, jusqu’au 12 mars 2027.');
    for (const c of result.checks) expect(c.messageEn.length).toBeGreaterThan(10);
  });

  it('accepts the JWT with surrounding whitespace', async () => {
    expect((await verifyCredential(`\n ${jwt}\n`, ctx)).verified).toBe(true);
  });

  describe('tamper matrix', () => {
    const topLevel = Object.keys(credential).filter((k) => k !== 'proof');

    it.each(topLevel)('rejects a payload whose "%s" was changed after signing (signature)', async (field) => {
      const forged = tamperPayload(jwt, (p) => {
        p[field] =
          field === '@context'
            ? [...p[field], 'https://example.org/ctx']
            : typeof p[field] === 'string'
              ? `${p[field]}x`
              : { ...p[field], extra: 1 };
      });
      const result = await verifyCredential(forged, ctx);
      expect(result.verified).toBe(false);
      expect(byId(result, 'signature').ok).toBe(false);
      expect(byId(result, 'signature').message).toContain('a été modifié');
      expect(result.summary).toBe(
        'Ce badge n’est pas authentique : il a été modifié ou n’a pas été signé par son émetteur.',
      );
    });

    it.each(['iss', 'jti', 'nbf', 'exp'])(
      'rejects a payload whose JWT claim "%s" was changed after signing (signature)',
      async (claim) => {
        const forged = tamperPayload(jwt, (p) => {
          p[claim] = typeof p[claim] === 'number' ? p[claim] + 1 : 'did:web:evil.example';
        });
        expect(failing(await verifyCredential(forged, ctx))[0]).toBe('signature');
      },
    );

    it('rejects a changed achievement name (signature)', async () => {
      const forged = tamperPayload(jwt, (p) => {
        p.credentialSubject.achievement.name = 'Expert en cybersécurité';
      });
      const result = await verifyCredential(forged, ctx);
      expect(failing(result)).toEqual(['signature', 'issuer', 'status', 'validity']);
      expect(result.problem).toBe('not_authentic');
    });

    it('rejects flipped signature bytes (signature)', async () => {
      const [h, p, s] = jwt.split('.') as [string, string, string];
      const bytes = base64urlDecode(s);
      bytes[10]! ^= 0x01;
      const result = await verifyCredential(`${h}.${p}.${base64urlEncode(bytes)}`, ctx);
      expect(failing(result)[0]).toBe('signature');
      // A truncated signature too.
      expect(failing(await verifyCredential(`${h}.${p}.${s.slice(0, 40)}`, ctx))[0]).toBe('signature');
    });

    it('rejects alg "none" and says so', async () => {
      const [, p] = jwt.split('.') as [string, string];
      const result = await verifyCredential(`${encodePart({ alg: 'none', kid: hub.key.kid, typ: 'JWT' })}.${p}.`, ctx);
      expect(failing(result)[0]).toBe('signature');
      expect(byId(result, 'signature').message).toContain('« none »');
    });

    it('rejects HS256 (a MAC keyed with public material) and RS256, naming the algorithm', async () => {
      const secret = await crypto.subtle.importKey(
        'raw',
        utf8Encode(JSON.stringify(hub.key.publicJwk)),
        { name: 'HMAC', hash: 'SHA-256' },
        false,
        ['sign'],
      );
      const hs = await new CompactSign(utf8Encode(JSON.stringify(jwtPayloadFor(credential))))
        .setProtectedHeader({ alg: 'HS256', kid: hub.key.kid, typ: 'JWT' })
        .sign(secret);
      const hsResult = await verifyCredential(hs, ctx);
      expect(failing(hsResult)[0]).toBe('signature');
      expect(byId(hsResult, 'signature').message).toContain('« HS256 » n’est pas accepté');
      const [, p, s] = jwt.split('.') as [string, string, string];
      const rs = await verifyCredential(`${encodePart({ alg: 'RS256', kid: hub.key.kid, typ: 'JWT' })}.${p}.${s}`, ctx);
      expect(byId(rs, 'signature').message).toContain('« RS256 »');
    });

    it.each([
      ['jwk', { jwk: hub.key.publicJwk }],
      ['crit', { crit: ['exp'] }],
      ['b64', { b64: true }],
    ])('rejects an extra header member "%s", even correctly signed', async (member, extra) => {
      const token = await signRaw(
        { alg: 'ES256', kid: hub.key.kid, typ: 'JWT', ...extra },
        jwtPayloadFor(credential),
        hub.key.privateKey,
      ).catch(
        // jose refuses to sign some of them: forge the header on a valid token instead.
        () =>
          `${encodePart({ alg: 'ES256', kid: hub.key.kid, typ: 'JWT', ...extra })}.${jwt.split('.').slice(1).join('.')}`,
      );
      const result = await verifyCredential(token, ctx);
      expect(failing(result)[0]).toBe('signature');
      expect(byId(result, 'signature').message).toContain(`« ${member} »`);
    });

    it('rejects a typ other than JWT and a kid that is not a DID URL', async () => {
      const payload = jwtPayloadFor(credential);
      expect(
        failing(
          await verifyCredential(
            await signRaw({ alg: 'ES256', kid: hub.key.kid, typ: 'vc+ld+json+jwt' }, payload, hub.key.privateKey),
            ctx,
          ),
        )[0],
      ).toBe('signature');
      expect(
        failing(
          await verifyCredential(
            await signRaw(
              { alg: 'ES256', kid: 'https://badges.example.org/keys/1', typ: 'JWT' },
              payload,
              hub.key.privateKey,
            ),
            ctx,
          ),
        )[0],
      ).toBe('signature');
      expect(
        failing(
          await verifyCredential(await signRaw({ alg: 'ES256', typ: 'JWT' }, payload, hub.key.privateKey), ctx),
        )[0],
      ).toBe('signature');
    });

    it('rejects a different key signing under the issuer’s kid (signature)', async () => {
      const intruder = await makeKey(hub.did, 'key-1');
      const result = await verifyCredential(await signCredential(credential, intruder), ctx);
      expect(failing(result)).toEqual(['signature', 'issuer', 'status', 'validity']);
      expect(byId(result, 'issuer').message).toContain('faute de signature valide');
    });

    it('rejects a credential re-signed by another known issuer while claiming the first (issuer)', async () => {
      // signCredential refuses to do this; an attacker would not use it.
      const result = await verifyCredential(
        await signRaw(
          { alg: 'ES256', kid: other.key.kid, typ: 'JWT' },
          jwtPayloadFor(credential),
          other.key.privateKey,
        ),
        ctx,
      );
      expect(byId(result, 'signature').ok).toBe(true);
      expect(failing(result)[0]).toBe('issuer');
      expect(byId(result, 'issuer').message).toContain(`signé par un autre émetteur (${other.did})`);
      expect(result.summary).toBe(
        'Ce badge n’a pas été signé par l’émetteur qu’il annonce : il n’est pas authentique.',
      );
    });

    it('rejects iss ≠ issuer.id even when properly signed (issuer)', async () => {
      const token = await signRaw(
        { alg: 'ES256', kid: hub.key.kid, typ: 'JWT' },
        { ...jwtPayloadFor(credential), iss: other.did },
        hub.key.privateKey,
      );
      const result = await verifyCredential(token, ctx);
      expect(byId(result, 'signature').ok).toBe(true);
      expect(failing(result)[0]).toBe('issuer');
    });

    it.each([
      ['jti ≠ id', { jti: 'urn:uuid:another' }],
      ['nbf ≠ validFrom', { nbf: 1 }],
      ['exp missing with validUntil', { exp: undefined }],
      ['sub without subject id', { sub: 'did:example:someone' }],
    ])('rejects %s even when properly signed (signature)', async (_, claims) => {
      const token = await signRaw(
        { alg: 'ES256', kid: hub.key.kid, typ: 'JWT' },
        { ...jwtPayloadFor(credential), ...claims },
        hub.key.privateKey,
      );
      const result = await verifyCredential(token, ctx);
      expect(failing(result)[0]).toBe('signature');
      expect(byId(result, 'signature').message).toContain('ne correspond pas au badge');
    });
  });

  describe('issuer keys', () => {
    it('fails the issuer check for a compromised key although the signature is valid', async () => {
      const reg = new Registry().add(hub);
      reg.lists = registry.lists;
      reg.keyStatus.set(hub.key.kid, { status: 'compromised', compromisedAt: '2026-02-03T10:00:00Z' });
      const result = await verifyCredential(jwt, reg.context());
      expect(byId(result, 'signature').ok).toBe(true);
      expect(failing(result)).toEqual(['issuer', 'status', 'validity']);
      expect(byId(result, 'issuer').message).toContain(
        'la clé de signature de cet émetteur a été déclarée compromise le 3 février 2026'.replace('la', 'La'),
      );
      expect(result.summary).toBe(byId(result, 'issuer').message);
    });

    it('accepts a retired key and says it was rotated', async () => {
      const reg = new Registry().add(hub);
      reg.lists = registry.lists;
      reg.keyStatus.set(hub.keys[1]!.kid, { status: 'retired' });
      const result = await verifyCredential(await signCredential(credential, hub.keys[1]!), reg.context());
      expect(result.verified).toBe(true);
      expect(byId(result, 'issuer').message).toContain('remplacée depuis');
    });

    it('reports an unknown issuer when no directory entry has the key', async () => {
      const stranger = await makeIssuer('inconnu');
      const result = await verifyCredential(
        await signCredential(await competenceCredential(stranger), stranger.key),
        ctx,
      );
      expect(failing(result)).toEqual(['signature', 'issuer', 'status', 'validity']);
      expect(byId(result, 'signature').message).toContain('n’appartient à aucun émetteur connu');
      expect(byId(result, 'issuer').message).toMatch(/^Émetteur inconnu/);
      expect(result.summary).toBe('L’émetteur de ce badge est inconnu : son authenticité ne peut pas être vérifiée.');
    });

    it('does not throw when the directory fails', async () => {
      const result = await verifyCredential(
        jwt,
        registry.context({
          resolveKey: async () => {
            throw new Error('database down');
          },
        }),
      );
      expect(result.verified).toBe(false);
      expect(byId(result, 'signature').message).toContain('momentanément inaccessible');
    });
  });

  describe('status', () => {
    it('reports a revoked credential with the date and reason the issuer recorded', async () => {
      const revoked = await competenceCredential(hub, { status: { listUrl: REVOCATION_LIST, index: 99 } });
      registry.reasons.set(revoked.id, { reason: 'badge délivré par erreur', since: '2026-04-02T08:00:00Z' });
      const result = await verifyCredential(await signCredential(revoked, hub.key), ctx);
      expect(failing(result)).toEqual(['status']);
      expect(byId(result, 'status').message).toBe(
        'Ce badge a été révoqué par son émetteur le 2 avril 2026 : badge délivré par erreur.',
      );
      expect(result.summary).toBe(byId(result, 'status').message);
      expect(result.summaryEn).toBe('This badge was revoked by its issuer on 2 April 2026: badge délivré par erreur.');
      expect(result.problem).toBe('revoked');
    });

    it('reads suspension and reinstatement from a 2-bit revocation-and-suspension list', async () => {
      const reg = new Registry().add(hub);
      const suspendable = await competenceCredential(hub, {
        status: { listUrl: SUSPENDABLE_LIST, index: 5, suspendable: true },
      });
      const token = await signCredential(suspendable, hub.key);
      await publishSuspendableList(reg, hub, SUSPENDABLE_LIST, [[5, STATUS_VALUE.suspended]]);
      let result = await verifyCredential(token, reg.context());
      expect(failing(result)).toEqual(['status']);
      expect(result.summary).toBe('Ce badge est suspendu par son émetteur.');
      await publishSuspendableList(reg, hub, SUSPENDABLE_LIST, [[4, STATUS_VALUE.suspended]]); // reinstated
      result = await verifyCredential(token, reg.context());
      expect(result.verified).toBe(true);
      await publishSuspendableList(reg, hub, SUSPENDABLE_LIST, [[5, STATUS_VALUE.revoked | STATUS_VALUE.suspended]]);
      result = await verifyCredential(token, reg.context());
      expect(byId(result, 'status').message).toMatch(/^Ce badge a été révoqué/);
    });

    it('reads a 1-bit suspension entry too (credentials from other issuers may carry one)', async () => {
      const reg = new Registry().add(hub);
      const url = 'https://badges.example.org/issuers/hub/status/suspension/1';
      const c = await competenceCredential(hub);
      c.credentialStatus = {
        id: `${url}#8`,
        type: 'BitstringStatusListEntry',
        statusPurpose: 'suspension',
        statusListIndex: '8',
        statusListCredential: url,
      };
      const list = buildStatusListCredential({
        listUrl: url,
        issuer: hub.did,
        purpose: 'suspension',
        encodedList: await encodeStatusList([8]),
        validFrom: '2026-01-01T00:00:00Z',
      });
      reg.lists.set(url, await signCredential(list, hub.key));
      const result = await verifyCredential(await signCredential(c, hub.key), reg.context());
      expect(byId(result, 'status').message).toMatch(/^Ce badge est suspendu/);
    });

    it('refuses a status list signed by another issuer', async () => {
      const reg = new Registry().add(hub).add(other);
      await publishRevocationList(reg, other, REVOCATION_LIST, []); // list claims issuer "other"
      let result = await verifyCredential(jwt, reg.context());
      expect(failing(result)).toEqual(['status']);
      expect(byId(result, 'status').message).toMatch(/^Statut impossible à vérifier/);
      // A list that names the hub but is signed with the other issuer's key.
      const forged = buildStatusListCredential({
        listUrl: REVOCATION_LIST,
        issuer: hub.did,
        purpose: 'revocation',
        encodedList: await encodeStatusList([]),
        validFrom: '2026-01-01T00:00:00Z',
      });
      reg.lists.set(
        REVOCATION_LIST,
        await signRaw({ alg: 'ES256', kid: other.key.kid, typ: 'JWT' }, jwtPayloadFor(forged), other.key.privateKey),
      );
      result = await verifyCredential(jwt, reg.context());
      expect(failing(result)).toEqual(['status']);
      // And a list under the hub's kid signed by a stranger's key.
      reg.lists.set(REVOCATION_LIST, await signCredential(forged, await makeKey(hub.did, 'key-1')));
      expect(failing(await verifyCredential(jwt, reg.context()))).toEqual(['status']);
    });

    it('refuses a list whose purpose differs from the entry', async () => {
      const reg = new Registry().add(hub);
      const list = buildStatusListCredential({
        listUrl: REVOCATION_LIST,
        issuer: hub.did,
        purpose: 'suspension',
        encodedList: await encodeStatusList([]),
        validFrom: '2026-01-01T00:00:00Z',
      });
      reg.lists.set(REVOCATION_LIST, await signCredential(list, hub.key));
      expect(failing(await verifyCredential(jwt, reg.context()))).toEqual(['status']);
    });

    it('says the status cannot be checked when the list is unreachable', async () => {
      const reg = new Registry().add(hub);
      const result = await verifyCredential(jwt, reg.context());
      expect(failing(result)).toEqual(['status']);
      expect(byId(result, 'status').message).toMatch(
        /^Statut impossible à vérifier : la liste de statut de l’émetteur est inaccessible/,
      );
      expect(result.summary).toBe(
        'Ce badge est authentique, mais son statut n’a pas pu être vérifié : il a peut-être été révoqué.',
      );
      const throwing = await verifyCredential(
        jwt,
        reg.context({
          loadStatusList: async () => {
            throw new Error('timeout');
          },
        }),
      );
      expect(failing(throwing)).toEqual(['status']);
    });
  });

  describe('validity', () => {
    it('reports an expired credential with a French date', async () => {
      const result = await verifyCredential(jwt, registry.context({ now: new Date('2027-06-01T00:00:00Z') }));
      expect(failing(result)).toEqual(['validity']);
      expect(byId(result, 'validity').message).toBe('Ce badge a expiré : il était valable jusqu’au 12 mars 2027.');
      expect(result.summary).toBe('Ce badge est authentique, mais il a expiré le 12 mars 2027.');
      expect(result.problem).toBe('expired');
    });

    it('reports a credential that is not valid yet', async () => {
      const result = await verifyCredential(jwt, registry.context({ now: new Date('2026-01-01T00:00:00Z') }));
      expect(failing(result)).toEqual(['validity']);
      expect(result.summary).toBe('Ce badge est authentique, mais il ne sera valable qu’à partir du 12 mars 2026.');
    });

    it('writes the first day of a month as « 1er »', async () => {
      const c = await competenceCredential(hub, { validFrom: '2026-03-01T08:00:00Z' });
      const result = await verifyCredential(await signCredential(c, hub.key), ctx);
      expect(byId(result, 'validity').message).toBe('Valable depuis le 1er mars 2026, sans date de fin.');
    });
  });

  describe('recipient', () => {
    it('matches the expected name whatever its form (NFD, spaces, case)', async () => {
      const result = await verifyCredential(jwt, registry.context({ expected: { name: '  AWA   diallo ' } }));
      expect(result.checks.map((c) => c.id)).toEqual([...IDS, 'recipient']);
      expect(result.verified).toBe(true);
      expect(byId(result, 'recipient').message).toBe('Le nom saisi correspond au titulaire du badge.');
      const both = await verifyCredential(
        jwt,
        registry.context({ expected: { name: 'Awa Diallo', email: 'AWA.DIALLO@example.org' } }),
      );
      expect(byId(both, 'recipient').message).toBe(
        'Le nom et l’adresse e-mail indiqués correspondent au titulaire du badge.',
      );
    });

    it('matches names given in decomposed Unicode', async () => {
      const c = await competenceCredential(hub, { identifiers: await buildIdentifiers({ name: 'Hélène Müller' }) });
      const result = await verifyCredential(
        await signCredential(c, hub.key),
        registry.context({ expected: { name: 'He\u0301le\u0300ne Mu\u0308ller' } }),
      );
      expect(byId(result, 'recipient').ok).toBe(true);
    });

    it('fails the recipient check for another name', async () => {
      const result = await verifyCredential(jwt, registry.context({ expected: { name: 'Awa Dialo' } }));
      expect(failing(result)).toEqual(['recipient']);
      expect(byId(result, 'recipient').message).toBe('Le nom saisi ne correspond pas au titulaire du badge.');
      expect(result.summary).toBe(
        'Ce badge est authentique et valide, mais le nom saisi ne correspond pas à celui de son titulaire.',
      );
      // A name problem, not a badge problem.
      expect(result.problem).toBeUndefined();
      expect(result.holder).toBe('mismatch');
    });

    it('matches the holder’s name typed without accents, with another apostrophe, hyphen or case', async () => {
      const c = await competenceCredential(hub, {
        identifiers: await buildIdentifiers({ name: 'Hélène Lefèvre-N’Diaye' }),
      });
      const signed = await signCredential(c, hub.key);
      for (const typed of ["Helene Lefevre-N'Diaye", 'HELENE LEFEVRE N DIAYE', 'helene lefevre ndiaye']) {
        const result = await verifyCredential(signed, registry.context({ expected: { name: typed } }));
        expect(result.verified, typed).toBe(true);
        expect(result.holder).toBe('match');
      }
      const other = await verifyCredential(signed, registry.context({ expected: { name: 'Hélène Lefèvre' } }));
      expect(other).toMatchObject({ verified: false, holder: 'mismatch' });
      expect(other.problem).toBeUndefined();
    });

    it('matches the Latin-letter name recorded at registration as well as the name in its own script', async () => {
      const c = await competenceCredential(hub, {
        identifiers: await buildIdentifiers({ name: 'Мария Иванова', latinName: 'Mariia Ivanova' }),
      });
      const signed = await signCredential(c, hub.key);
      for (const typed of ['Mariia IVANOVA', 'мария иванова'])
        expect((await verifyCredential(signed, registry.context({ expected: { name: typed } }))).holder).toBe('match');
      expect((await verifyCredential(signed, registry.context({ expected: { name: 'Maria Ivanova' } }))).holder).toBe(
        'mismatch',
      );
    });

    it('still verifies a credential issued with the earlier name form (form 1) with its holder’s name', async () => {
      // As issued before form 2: hashed on NFC/trim/collapse/lower-case, 32-hex salt without marker.
      const salt = randomSalt();
      const identifiers: IdentityObject[] = [
        {
          type: 'IdentityObject',
          identityType: 'name',
          hashed: true,
          identityHash: await hashIdentity(normaliseName('Hélène Lefèvre-N’Diaye'), salt),
          salt,
        },
      ];
      const signed = await signCredential(await competenceCredential(hub, { identifiers }), hub.key);
      const ok = await verifyCredential(signed, registry.context({ expected: { name: 'hélène  LEFÈVRE-N’DIAYE' } }));
      expect(ok).toMatchObject({ verified: true, holder: 'match' });
      const other = await verifyCredential(signed, registry.context({ expected: { name: 'Awa Diallo' } }));
      expect(other).toMatchObject({ verified: false, holder: 'mismatch' });
    });

    it('says the e-mail cannot be checked when the credential has none', async () => {
      const c = await competenceCredential(hub, { identifiers: await buildIdentifiers({ name: 'Awa Diallo' }) });
      const result = await verifyCredential(
        await signCredential(c, hub.key),
        registry.context({ expected: { email: 'awa@example.org' } }),
      );
      expect(failing(result)).toEqual(['recipient']);
      expect(byId(result, 'recipient').message).toBe(
        'L’adresse e-mail indiquée ne peut pas être vérifiée : ce badge ne contient pas d’adresse e-mail du titulaire.',
      );
    });

    it('is not run without an expected name or e-mail', async () => {
      const result = await verifyCredential(jwt, registry.context({ expected: { name: '  ' } }));
      expect(result.checks.map((c) => c.id)).toEqual(IDS);
    });
  });

  describe('JSON credentials', () => {
    it('verifies a JSON copy through the signed original when it is identical', async () => {
      registry.originals.set(credential.id, jwt);
      const result = await verifyCredential(JSON.parse(JSON.stringify(credential)), ctx);
      expect(result).toMatchObject({ verified: true, format: 'json', jwt });
      expect(byId(result, 'signature').message).toContain('identique à l’original signé');
      // As text, with the members in another order.
      const reordered = JSON.stringify(Object.fromEntries(Object.entries(credential).reverse()));
      expect((await verifyCredential(reordered, ctx)).verified).toBe(true);
    });

    it('rejects a JSON copy that differs from the signed original', async () => {
      registry.originals.set(credential.id, jwt);
      const changed = structuredClone(credential);
      changed.credentialSubject.achievement.name = 'Autre chose';
      const result = await verifyCredential(changed, ctx);
      expect(failing(result)[0]).toBe('signature');
      expect(byId(result, 'signature').message).toBe(
        'Le contenu de ce badge diffère de l’original signé par son émetteur : il a été modifié.',
      );
    });

    it('rejects a JSON credential without proof nor original', async () => {
      const unsigned = await competenceCredential(hub);
      const result = await verifyCredential(unsigned, ctx);
      expect(failing(result)).toEqual(['signature', 'issuer', 'status', 'validity']);
      expect(result.summary).toBe('Ce badge n’est pas signé : son authenticité ne peut pas être vérifiée.');
      expect(byId(result, 'status').message).toBe('Non vérifié : l’authenticité du badge n’est pas établie.');
    });
  });

  describe('garbage input', () => {
    const notJson = `${encodePart({ alg: 'ES256', kid: hub.key.kid })}.${base64urlEncode(utf8Encode('not json'))}.${jwt.split('.')[2]}`;
    const cases: [string, unknown][] = [
      ['an empty string', ''],
      ['"abc"', 'abc'],
      ['a number', 42],
      ['null', null],
      ['undefined', undefined],
      ['an array', [jwt]],
      ['a JWT with a non-JSON payload', notJson],
      ['broken JSON', '{"@context": ['],
      ['a 2 MB string', 'a'.repeat(2 * 1024 * 1024)],
      ['a 2 MB JSON-looking string', `{"x":"${'a'.repeat(2 * 1024 * 1024)}"}`],
    ];

    it.each(cases)('returns verified: false for %s, without throwing', async (_, input) => {
      const result = await verifyCredential(input, ctx);
      expect(result.verified).toBe(false);
      expect(result.checks.map((c) => c.id)).toEqual(IDS);
      expect(result.checks.every((c) => !c.ok)).toBe(true);
      expect(byId(result, 'parse').message.length).toBeGreaterThan(5);
      expect(byId(result, 'signature').message).toBe('Non vérifié : le document n’a pas pu être lu.');
      expect(result.summary).toBe('Ce document n’est pas un badge lisible.');
    });

    it('refuses raw bytes (baked images must be extracted first)', async () => {
      const result = await verifyCredential(utf8Encode(jwt), ctx);
      expect(result.verified).toBe(false);
      expect(byId(result, 'parse').message).toContain('PNG ou SVG');
    });

    it('returns verified: false for {}, failing schema and signature', async () => {
      const result = await verifyCredential({}, ctx);
      expect(result.verified).toBe(false);
      expect(failing(result)).toEqual(['schema', 'signature', 'issuer', 'status', 'validity']);
      expect(result.credential).toBeUndefined();
    });

    it('survives a hostile object', async () => {
      const hostile = {
        get id(): string {
          throw new Error('boom');
        },
      };
      const result = await verifyCredential(hostile, ctx);
      expect(result.verified).toBe(false);
    });

    it('fails the schema check of a signed but non-conformant credential', async () => {
      const c = buildCredential({
        id: 'urn:uuid:x',
        issuer: hub.profile,
        achievement: competenceAchievement('A1'),
        subjectId: 'did:example:holder',
        validFrom: '2026-01-01T00:00:00Z',
        status: { listUrl: REVOCATION_LIST, index: 1 },
      });
      const broken = { ...c, type: ['VerifiableCredential'] };
      const result = await verifyCredential(await signCredential(broken, hub.key), ctx);
      expect(failing(result)).toEqual(['schema']);
      expect(byId(result, 'schema').details!.length).toBeGreaterThan(0);
      expect(result.summary).toBe('Ce badge est authentique, mais il ne respecte pas le format Open Badges 3.0.');
    });
  });
});
