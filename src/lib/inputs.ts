import { z } from 'zod';

/**
 * Shared checks for text people type that ends up in signed credentials and on pages: names of
 * persons and organisations, and web addresses.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused here.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const VISIBLE = /[\p{L}\p{N}]/u;

/** Why a name is refused (French, shown beside the field), or null. */
export function nameProblem(value: string): string | null {
  if (CONTROL.test(value))
    return 'le nom contient un caractère de contrôle invisible (retour à la ligne, tabulation, NUL…)';
  if (LONE_SURROGATE.test(value)) return 'le nom contient un caractère mal encodé';
  if (!VISIBLE.test(value)) return 'le nom doit contenir au moins une lettre ou un chiffre';
  return null;
}

/**
 * A person's or an organisation's name: trimmed, between `min` and `max` characters, without
 * control characters (NUL would be cut by some readers), lone surrogates (not encodable in UTF-8)
 * or only invisible characters.
 */
export function humanName(max: number, requiredMessage = 'indiquez un nom', min = 1) {
  return z
    .string()
    .trim()
    .min(min, requiredMessage)
    .max(max, `${max} caractères au plus`)
    .superRefine((value, ctx) => {
      if (value.length < min) return; // already reported by min()
      const problem = nameProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
}

/** Only http(s) addresses: a `javascript:` or `data:` URL would be signed into credentials and linked on pages. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

export function httpUrl(max = 500) {
  return z
    .string()
    .trim()
    .max(max)
    .refine(isHttpUrl, 'adresse web invalide : elle doit commencer par https:// (ou http://)');
}
