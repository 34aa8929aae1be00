import { parseDateTime, toNumericDate } from './dates.js';
import { parseDidUrl } from './did.js';
import { isRecord, JsonLimitError, jsonEqual, parseJsonBounded, withinJsonLimits } from '../lib/json.js';
import {
  credentialFromJwtPayload,
  decodeJwt,
  MAX_JWT_CHARS,
  headerProblem,
  looksLikeJwt,
  verifyEs256,
  type DecodedJwt,
  type HeaderProblem,
} from './jwt.js';
import { importVerifyingKey } from './keys.js';
import { t, type ResolvedKey, type Text, type VerificationResult, type VerifyContext } from './verify-context.js';

/** Reading the input and checking its signature: the first steps of verifyCredential. */

/** Larger inputs are refused before parsing (a passport credential is a few dozen KB). */
export const MAX_INPUT_CHARS = 1_000_000;

export type Parsed =
  | { ok: true; format: 'jwt'; credential: Record<string, unknown>; jwt: string; decoded: DecodedJwt }
  | { ok: true; format: 'json'; credential: Record<string, unknown> }
  | { ok: false; format: VerificationResult['format']; text: Text };

/** A credential is a few levels deep (subject → achievement → alignment …); 32 leaves ample room. */
export const MAX_JSON_DEPTH = 32;

function tooComplex(): Parsed {
  return {
    ok: false,
    format: 'json',
    text: t(
      `Le document est trop imbriqué pour être un badge (plus de ${MAX_JSON_DEPTH} niveaux).`,
      `The document is nested too deeply to be a badge (over ${MAX_JSON_DEPTH} levels).`,
    ),
  };
}

function notJwt(): Parsed {
  return {
    ok: false,
    format: 'unknown',
    text: t(
      'Ce document n’est ni un badge au format JSON ni un jeton JWT.',
      'This document is neither a JSON badge nor a JWT.',
    ),
  };
}

export function parseInput(input: unknown): Parsed {
  if (typeof input === 'string') {
    if (input.length > MAX_INPUT_CHARS) {
      return {
        ok: false,
        format: 'unknown',
        text: t(
          'Le document est trop volumineux pour être un badge (plus d’un million de caractères).',
          'The document is too large to be a badge (over one million characters).',
        ),
      };
    }
    const text = input.trim();
    if (!text) return { ok: false, format: 'unknown', text: t('Le document est vide.', 'The document is empty.') };
    if (text.startsWith('{')) {
      let value: unknown;
      try {
        value = parseJsonBounded(text, { maxChars: MAX_INPUT_CHARS, maxDepth: MAX_JSON_DEPTH });
      } catch (err) {
        if (err instanceof JsonLimitError) return tooComplex();
        return {
          ok: false,
          format: 'json',
          text: t('Le document n’est pas un JSON lisible.', 'The document is not readable JSON.'),
        };
      }
      return parseInput(value);
    }
    if (text.length > MAX_JWT_CHARS)
      return looksLikeJwt(text)
        ? {
            ok: false,
            format: 'jwt',
            text: t('Le jeton JWT est trop long pour être un badge.', 'The JWT is too long to be a badge.'),
          }
        : notJwt();
    // Decoded first: a token that decodes has the compact shape, so the shape's regular expression
    // (a pass over 10 KB) only runs to word the refusal of one that does not.
    try {
      const decoded = decodeJwt(text);
      return { ok: true, format: 'jwt', credential: credentialFromJwtPayload(decoded.payload), jwt: text, decoded };
    } catch {
      if (!looksLikeJwt(text)) return notJwt();
      return {
        ok: false,
        format: 'jwt',
        text: t(
          'Le jeton JWT est illisible : son en-tête ou son contenu n’est pas un JSON valide.',
          'The JWT is unreadable: its header or payload is not valid JSON.',
        ),
      };
    }
  }
  if (input instanceof ArrayBuffer || ArrayBuffer.isView(input)) {
    // Bytes of a file: baked images go through extractFromPng/extractFromSvg first.
    return {
      ok: false,
      format: 'unknown',
      text: t(
        'Ce fichier n’est pas un badge lisible : déposez une image de badge (PNG ou SVG), un fichier JSON ou un jeton JWT.',
        'This file is not a readable badge: give a badge image (PNG or SVG), a JSON file or a JWT.',
      ),
    };
  }
  if (isRecord(input)) {
    if (!withinJsonLimits(input, MAX_JSON_DEPTH)) return tooComplex();
    return { ok: true, format: 'json', credential: input };
  }
  return { ok: false, format: 'unknown', text: t('Ce document n’est pas un badge.', 'This document is not a badge.') };
}

/** What the signature step learnt, for the steps after it. */
export interface Proof {
  /** The JWT whose signature was checked (input or signed original). */
  jwt?: string;
  decoded?: DecodedJwt;
  kid?: string;
  /** Resolution outcome: undefined = not attempted. */
  key?: ResolvedKey | null;
  keyError?: boolean;
  signatureValid?: boolean;
}

function headerText(problem: HeaderProblem): Text {
  switch (problem.kind) {
    case 'alg':
      return problem.alg === 'none'
        ? t(
            'Signature refusée : le jeton déclare l’algorithme « none », c’est-à-dire aucune signature.',
            'Signature refused: the token declares algorithm "none", i.e. no signature.',
          )
        : t(
            `Signature refusée : l’algorithme « ${problem.alg} » n’est pas accepté (seul ES256 l’est).`,
            `Signature refused: algorithm "${problem.alg}" is not accepted (only ES256 is).`,
          );
    case 'member':
      return t(
        `Signature refusée : l’en-tête du jeton contient un champ non autorisé (« ${problem.member} »).`,
        `Signature refused: the token header has a member that is not allowed ("${problem.member}").`,
      );
    case 'typ':
      return t(
        `Signature refusée : type de jeton « ${problem.typ} » inattendu (JWT attendu).`,
        `Signature refused: unexpected token type "${problem.typ}" (JWT expected).`,
      );
    case 'kid':
      return t(
        'Signature refusée : le jeton n’indique pas la clé qui l’a signé.',
        'Signature refused: the token does not name the key that signed it.',
      );
  }
}

/** Claims must bind the JWT to exactly this credential (OB 3.0 §8.2.4). `iss` is checked with the issuer. */
function claimMismatch(payload: Record<string, unknown>, credential: Record<string, unknown>): string | null {
  if (payload.jti !== credential.id) return 'jti';
  const validFrom = typeof credential.validFrom === 'string' ? parseDateTime(credential.validFrom) : null;
  if (!validFrom || payload.nbf !== toNumericDate(credential.validFrom as string)) return 'nbf';
  if (credential.validUntil !== undefined) {
    if (
      typeof credential.validUntil !== 'string' ||
      !parseDateTime(credential.validUntil) ||
      payload.exp !== toNumericDate(credential.validUntil)
    )
      return 'exp';
  } else if (payload.exp !== undefined) return 'exp';
  const subject = credential.credentialSubject;
  const subjectId = isRecord(subject) ? subject.id : undefined;
  if (subjectId !== undefined ? payload.sub !== subjectId : payload.sub !== undefined) return 'sub';
  return null;
}

async function checkJwtSignature(
  decoded: DecodedJwt,
  credential: Record<string, unknown>,
  ctx: VerifyContext,
  proof: Proof,
): Promise<{ ok: boolean; text: Text }> {
  const problem = headerProblem(decoded.header);
  if (problem) return { ok: false, text: headerText(problem) };
  const kid = decoded.header.kid as string;
  if (!parseDidUrl(kid)) {
    return {
      ok: false,
      text: t(
        'Signature refusée : la clé de signature n’est pas désignée par un identifiant DID.',
        'Signature refused: the signing key is not named by a DID URL.',
      ),
    };
  }
  proof.kid = kid;
  try {
    proof.key = await ctx.resolveKey(kid);
  } catch {
    proof.keyError = true;
    return {
      ok: false,
      text: t(
        'La signature n’a pas pu être vérifiée : l’annuaire des émetteurs est momentanément inaccessible.',
        'The signature could not be checked: the issuer directory is unavailable.',
      ),
    };
  }
  if (!proof.key) {
    return {
      ok: false,
      text: t(
        'La signature n’a pas pu être vérifiée : la clé qui a signé ce badge n’appartient à aucun émetteur connu.',
        'The signature could not be checked: the signing key belongs to no known issuer.',
      ),
    };
  }
  let valid = false;
  try {
    valid = await verifyEs256(decoded, await importVerifyingKey(proof.key.publicJwk));
  } catch {
    return {
      ok: false,
      text: t(
        'La signature n’a pas pu être vérifiée : la clé publique de l’émetteur est invalide.',
        'The signature could not be checked: the issuer’s public key is invalid.',
      ),
    };
  }
  proof.signatureValid = valid;
  if (!valid) {
    return {
      ok: false,
      text: t(
        'La signature ne correspond pas au contenu : le badge a été modifié après sa signature, ou il n’a pas été signé par cette clé.',
        'The signature does not match the content: the badge was changed after signing, or was not signed with this key.',
      ),
    };
  }
  const mismatch = claimMismatch(decoded.payload, credential);
  if (mismatch) {
    proof.signatureValid = false;
    return {
      ok: false,
      text: t(
        `Signature refusée : le jeton ne correspond pas au badge (champ « ${mismatch} »).`,
        `Signature refused: the token does not match the badge (claim "${mismatch}").`,
      ),
    };
  }
  return {
    ok: true,
    text: t(
      'La signature est valide : le badge n’a pas été modifié depuis sa signature.',
      'The signature is valid: the badge has not been changed since it was signed.',
    ),
  };
}

export async function checkSignature(
  parsed: Extract<Parsed, { ok: true }>,
  ctx: VerifyContext,
  proof: Proof,
): Promise<{ ok: boolean; text: Text }> {
  if (parsed.format === 'jwt') {
    proof.jwt = parsed.jwt;
    proof.decoded = parsed.decoded;
    return checkJwtSignature(parsed.decoded, parsed.credential, ctx, proof);
  }
  // A JSON copy: trusted only if it is exactly what the issuer signed.
  const id = parsed.credential.id;
  const original = typeof id === 'string' && ctx.findSignedOriginal ? await ctx.findSignedOriginal(id) : null;
  if (original) {
    let decoded: DecodedJwt;
    try {
      decoded = decodeJwt(original.trim());
    } catch {
      return {
        ok: false,
        text: t(
          'La signature n’a pas pu être vérifiée : l’original signé est illisible.',
          'The signature could not be checked: the signed original is unreadable.',
        ),
      };
    }
    // A copy with an embedded proof is the Data Integrity form: trusted when it is exactly the one
    // Jalon made from this JWT (same body, same key row; its status list has the same bits).
    const withProof = Array.isArray(parsed.credential.proof) || isRecord(parsed.credential.proof);
    const kept = withProof && ctx.findDataIntegrityForm ? await ctx.findDataIntegrityForm(String(id)) : null;
    const signed: unknown = kept ? JSON.parse(kept) : credentialFromJwtPayload(decoded.payload);
    if (!jsonEqual(signed, parsed.credential)) {
      return {
        ok: false,
        text: t(
          'Le contenu de ce badge diffère de l’original signé par son émetteur : il a été modifié.',
          'This badge differs from the original its issuer signed: it has been changed.',
        ),
      };
    }
    proof.jwt = original.trim();
    proof.decoded = decoded;
    const result = await checkJwtSignature(decoded, parsed.credential, ctx, proof);
    if (result.ok) {
      return {
        ok: true,
        text: t(
          'Ce badge est identique à l’original signé par son émetteur, et cette signature est valide.',
          'This badge is identical to the original signed by its issuer, and that signature is valid.',
        ),
      };
    }
    return result;
  }
  if (Array.isArray(parsed.credential.proof) || isRecord(parsed.credential.proof)) {
    return {
      ok: false,
      text: t(
        'Ce badge porte une preuve intégrée (Data Integrity) que Jalon ne sait pas encore vérifier.',
        'This badge carries an embedded (Data Integrity) proof that Jalon cannot verify yet.',
      ),
    };
  }
  return {
    ok: false,
    text: t(
      'Ce badge n’est pas signé, et son émetteur ne nous a pas transmis d’original signé : son authenticité ne peut pas être vérifiée.',
      'This badge is not signed and no signed original was found: its authenticity cannot be checked.',
    ),
  };
}
