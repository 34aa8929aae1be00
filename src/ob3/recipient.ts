import { randomBytes, toHex } from '../lib/bytes.js';
import { sha256Hex } from '../lib/crypto.js';
import { normaliseEmail } from '../lib/text.js';
import type { IdentityObject, IdentityType } from './types.js';

/**
 * Recipient identifiers: the holder's name (to compare with a printed passport) and e-mail, hashed
 * with a per-identifier salt so that the credential does not disclose them (OB 3.0 IdentityHash).
 * The spec defines no normalisation; ours is documented here and must never change silently,
 * since every issued hash depends on it.
 *
 * Two name forms exist. Which one a `name` identifier was hashed on is written in its salt (the only
 * free slot: IdentityObject allows no extra member in the official schema):
 * - form 2 (`nameKey`, since issue 11): the salt starts with `nom-v2.`; spelling-tolerant;
 * - form 1 (`normaliseName`, credentials issued before): any other salt.
 */

/** Salt prefix of a name identifier hashed on form 2. */
export const NAME_FORM_2_SALT_PREFIX = 'nom-v2.';

/**
 * Name form 1 (credentials issued before form 2; kept to verify them): NFC, trim, inner whitespace
 * runs collapsed to one space, lower-cased without locale rules. Accents are kept.
 */
export function normaliseName(name: string): string {
  // NFC again after lower-casing: a few mappings (e.g. U+0130) produce combining sequences.
  return name.normalize('NFC').trim().replace(/\s+/gu, ' ').toLowerCase().normalize('NFC');
}

/**
 * Combining marks that are diacritics (dropped): the combining diacritical blocks (Latin, Greek,
 * Cyrillic accents), Arabic harakat and superscript alef, Hebrew points and cantillation. Marks
 * that are letters of their script (Devanagari vowel signs…) are kept: dropping them would merge
 * different names.
 */
const DIACRITICS =
  /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u064b-\u065f\u0670\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7]/gu;

/**
 * Ignored characters: every space or separator, every dash, apostrophes and look-alikes
 * (' ’ ‘ ʼ ʻ ` ´ ′ ＇), dots and middle dots (. · ‧ ・ ․), Arabic tatweel, invisible format characters
 * (soft hyphen, zero-width joiners, direction marks).
 */
const IGNORED = /[\s\p{Z}\p{Pd}\p{Cf}'\u2018\u2019\u02bc\u02bb`\u00b4\u2032\uff07.\u00b7\u2027\u30fb\u2024\u0640]/gu;

/** Latin letters that compatibility decomposition leaves whole, written as people type them without the key. */
const LETTERS: Record<string, string> = {
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  ħ: 'h',
  ı: 'i',
  þ: 'th',
  ŧ: 't',
  ς: 'σ',
};
const LETTER_RE = new RegExp(`[${Object.keys(LETTERS).join('')}]`, 'gu');

/**
 * Name form 2, the key two spellings of the same name share: Unicode compatibility decomposition
 * (NFKD), diacritics dropped, lower-cased (Unicode default mapping, no locale), the letters above
 * spelled out (ß → ss, œ → oe, final ς → σ…), then every space, apostrophe, hyphen and dot removed,
 * NFC. "Hélène Lefèvre-N’Diaye", "HELENE LEFEVRE N DIAYE" and "helene lefevre ndiaye" all give
 * "helenelefevrendiaye"; letters of other scripts are kept (case-folded where the script has case).
 */
export function nameKey(name: string): string {
  return name
    .normalize('NFKD')
    .toLowerCase()
    .normalize('NFKD')
    .replace(DIACRITICS, '')
    .replace(LETTER_RE, (ch) => LETTERS[ch] ?? ch)
    .replace(IGNORED, '')
    .normalize('NFC');
}

/**
 * `sha256$<hex>` of UTF-8(value + salt), as the spec's IdentityHash. The value must already be
 * normalised. Hashed in JavaScript: for a few dozen bytes a WebCrypto digest costs ten times more
 * in its job and promise than the hash itself (two per credential, a thousand per batch).
 */
export async function hashIdentity(normalisedValue: string, salt: string): Promise<string> {
  return `sha256$${sha256Hex(normalisedValue + salt)}`;
}

/** Random bytes for salts, drawn 4 KB at a time: one call to the system's generator per 256 salts, not per salt. */
let saltBytes = new Uint8Array(0);
let saltBytesUsed = 0;

/** 16 random bytes as hex: a fresh salt per identifier and per credential (no cross-credential linking). */
export function randomSalt(): string {
  if (saltBytesUsed + 16 > saltBytes.length) {
    saltBytes = randomBytes(4096);
    saltBytesUsed = 0;
  }
  const salt = toHex(saltBytes.subarray(saltBytesUsed, saltBytesUsed + 16));
  saltBytesUsed += 16;
  return salt;
}

export interface RecipientInput {
  name: string;
  /** The name in Latin letters as on the person's papers, for a name written in another script. */
  latinName?: string | null;
  email?: string | null;
}

/**
 * Hashed IdentityObjects for a recipient: the name (form 2), the Latin-letter name when given and
 * different, the e-mail when known. Every identifier has its own salt.
 */
export async function buildIdentifiers(
  recipient: RecipientInput,
  saltFor: () => string = randomSalt,
): Promise<IdentityObject[]> {
  const name = nameKey(recipient.name);
  if (!name) throw new Error('recipient name is empty');
  const wanted: [IdentityType, string, string][] = [['name', name, NAME_FORM_2_SALT_PREFIX]];
  const latin = recipient.latinName ? nameKey(recipient.latinName) : '';
  if (latin && latin !== name) wanted.push(['name', latin, NAME_FORM_2_SALT_PREFIX]);
  const email = recipient.email ? normaliseEmail(recipient.email) : '';
  if (email) wanted.push(['emailAddress', email, '']);
  return Promise.all(
    wanted.map(async ([identityType, value, prefix]) => {
      const salt = prefix + saltFor();
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

/** The clear value as the identifier was hashed: for names, the form its salt names. */
function normaliseFor(identityType: string, value: string, salt: string): string {
  if (identityType === 'name') return salt.startsWith(NAME_FORM_2_SALT_PREFIX) ? nameKey(value) : normaliseName(value);
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
  let checkable = false;
  for (const id of identifiers ?? []) {
    if (id.identityType !== identityType || typeof id.identityHash !== 'string') continue;
    const salt = typeof id.salt === 'string' ? id.salt : '';
    if (!id.hashed) {
      checkable = true;
      // A clear identifier was never salted: compare on the tolerant form for names.
      if (
        normaliseFor(identityType, id.identityHash, NAME_FORM_2_SALT_PREFIX) ===
        normaliseFor(identityType, clearValue, NAME_FORM_2_SALT_PREFIX)
      )
        return true;
      continue;
    }
    const [alg, hex] = id.identityHash.split('$');
    if (alg?.toLowerCase() !== 'sha256' || !hex) continue;
    checkable = true;
    const expected = await hashIdentity(normaliseFor(identityType, clearValue, salt), salt);
    if (expected === `sha256$${hex.toLowerCase()}`) return true;
  }
  return checkable ? false : null;
}
