/**
 * JSON from outside, bounded in size and nesting before anything walks it. JSON.parse itself
 * copes with deep nesting, but what runs after it (schema validation, canonical comparison,
 * zod) recurses and would overflow the stack on a few hundred kilobytes of `[[[[…`.
 */

export class JsonLimitError extends Error {
  override name = 'JsonLimitError';
}

export interface JsonLimits {
  maxChars: number;
  maxDepth: number;
}

/**
 * Deepest nesting of arrays and objects in JSON text, in one pass; stops past `limit`. A string is
 * skipped in one jump to its closing quote (indexOf, native): most of a credential is text, and
 * reading it character by character cost more than JSON.parse itself.
 */
export function jsonTextDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // The closing quote is the next one not escaped, i.e. not after an odd run of backslashes.
      for (;;) {
        i = text.indexOf('"', i + 1);
        if (i < 0) return deepest;
        let b = i - 1;
        while (text.charCodeAt(b) === 0x5c /* \ */) b--;
        if ((i - 1 - b) % 2 === 0) break;
      }
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return deepest;
}

/** JSON.parse after the size and depth checks; throws JsonLimitError, or SyntaxError for bad JSON. */
export function parseJsonBounded(text: string, limits: JsonLimits): unknown {
  if (text.length > limits.maxChars) throw new JsonLimitError(`JSON longer than ${limits.maxChars} characters`);
  if (jsonTextDepth(text, limits.maxDepth) > limits.maxDepth)
    throw new JsonLimitError(`JSON nested deeper than ${limits.maxDepth}`);
  return JSON.parse(text);
}

/**
 * Whether an already-parsed value stays within a depth and a node count (iterative: a hostile
 * value cannot overflow the stack here).
 */
export function withinJsonLimits(value: unknown, maxDepth: number, maxNodes = 200_000): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  let nodes = 0;
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (++nodes > maxNodes) return false;
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > maxDepth) return false;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return true;
}

/** Structural equality of JSON values (key order ignored, array order kept). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => jsonEqual(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => Object.hasOwn(bo, k) && jsonEqual(ao[k], bo[k]));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Freezes a value and everything it holds (shared values that must never change once built). */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
