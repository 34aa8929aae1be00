import { randomBytes, sha256, toHex, utf8Encode } from './bytes.js';
import type { IdentityObject, IdentityType } from './types.js';

/**
 * Recipient identifiers: the holder's name (to compare with a printed passport) and e-mail, hashed
 * with a per-identifier salt so that the credential does not disclose them (OB 3.0 IdentityHash).
 * The spec defines no normalisation; ours is documented here and must never change silently,
 * since every issued hash depends on it.
 */

/**
 * NFC, trim, inner whitespace runs (incl. no-break spaces) collapsed to one space, lower-cased
 * without locale rules (`toLowerCase` is the Unicode default mapping, the same on every runtime).
 * Accents are kept: « Hélène » and « Helene » are different names.
 */
export function normaliseName(name: string): string {
  // NFC again after lower-casing: a few mappings (e.g. U+0130) produce combining sequences.
  return name.normalize('NFC').trim().replace(/\s+/gu, ' ').toLowerCase().normalize('NFC');
}

/** Trim + lower-case (the whole address: in practice mailbox local parts are case-insensitive). */
export function normaliseEmail(email: string): string {
  return email.normalize('NFC').trim().toLowerCase();
}

/** `sha256$<hex>` of UTF-8(value + salt), as the spec's IdentityHash. The value must already be normalised. */
export async function hashIdentity(normalisedValue: string, salt: string): Promise<string> {
  return `sha256$${toHex(await sha256(utf8Encode(normalisedValue + salt)))}`;
}

/** 16 random bytes as hex: a fresh salt per identifier and per credential (no cross-credential linking). */
export function randomSalt(): string {
  return toHex(randomBytes(16));
}

export interface RecipientInput {
  name: string;
  email?: string | null;
}

/** Hashed IdentityObjects for a recipient: always the name, the e-mail when known. */
export async function buildIdentifiers(
  recipient: RecipientInput,
  saltFor: () => string = randomSalt,
): Promise<IdentityObject[]> {
  const name = normaliseName(recipient.name);
  if (!name) throw new Error('recipient name is empty');
  const wanted: [IdentityType, string][] = [['name', name]];
  const email = recipient.email ? normaliseEmail(recipient.email) : '';
  if (email) wanted.push(['emailAddress', email]);
  return Promise.all(
    wanted.map(async ([identityType, value]) => {
      const salt = saltFor();
      return {
        type: 'IdentityObject',
        identityType,
        hashed: true,
        identityHash: await hashIdentity(value, salt),
        salt,
      } as const;
    }),
  );
}

function normaliseFor(identityType: string, value: string): string {
  if (identityType === 'name') return normaliseName(value);
  if (identityType === 'emailAddress') return normaliseEmail(value);
  return value.trim();
}

/**
 * Does a clear value match one of the identifiers of that type?
 * `null` when the credential has no identifier of that type that we can check (md5 hashes are
 * not available in WebCrypto and are treated as absent).
 */
export async function matchIdentifier(
  identifiers: readonly IdentityObject[] | undefined,
  identityType: IdentityType,
  clearValue: string,
): Promise<boolean | null> {
  const value = normaliseFor(identityType, clearValue);
  let checkable = false;
  for (const id of identifiers ?? []) {
    if (id.identityType !== identityType || typeof id.identityHash !== 'string') continue;
    if (!id.hashed) {
      checkable = true;
      if (normaliseFor(identityType, id.identityHash) === value) return true;
      continue;
    }
    const [alg, hex] = id.identityHash.split('$');
    if (alg?.toLowerCase() !== 'sha256' || !hex) continue;
    checkable = true;
    const expected = await hashIdentity(value, typeof id.salt === 'string' ? id.salt : '');
    if (expected === `sha256$${hex.toLowerCase()}`) return true;
  }
  return checkable ? false : null;
}
