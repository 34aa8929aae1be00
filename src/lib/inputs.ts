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

/**
 * Only http(s) addresses: a `javascript:`, `data:` or `vbscript:` URL would be signed into
 * credentials, linked on public pages and published in the open data. The scheme is read by the
 * WHATWG URL parser, as a browser reads an `href` (case-insensitive, surrounding spaces and
 * controls ignored, tabs and line breaks inside dropped).
 */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

const HTTP_URL_MESSAGE = 'adresse web invalide : elle doit commencer par https:// (ou http://)';

/** Why a typed web address is refused (French), or null. */
export function urlProblem(value: string): string | null {
  if (!isHttpUrl(value)) return HTTP_URL_MESSAGE;
  // The parser drops tabs and line breaks inside an address; what is stored and published stays clean.
  if (CONTROL.test(value)) return 'l’adresse contient un caractère invisible (tabulation, retour à la ligne…)';
  return null;
}

/** Every web address people type (websites, booking and accessibility pages, evidence links). */
export function httpUrl(max = 500) {
  return z
    .string()
    .trim()
    .max(max, `${max} caractères au plus`)
    .superRefine((value, ctx) => {
      const problem = urlProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .meta({
      // What the check accepts, for the API document (the check itself parses the address).
      pattern: '^\\s*[Hh][Tt][Tt][Pp][Ss]?://',
      description: 'Adresse web http:// ou https:// ; tout autre schéma est refusé. / An http(s) address only.',
    });
}

/**
 * A stored address as it may be published (pages, registry, open data): only http(s), whatever
 * was stored before the check existed; anything else is published as absent.
 */
export function publishedUrl(value: string | null | undefined): string | undefined {
  return value && isHttpUrl(value) ? value.trim() : undefined;
}
