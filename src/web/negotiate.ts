import type { Context } from 'hono';
import { accepts } from 'hono/accepts';

/**
 * Content negotiation, one way for the whole app (hono's `accepts`, q-values honoured): what the
 * client prefers among what a route can answer. `*\/*` or no Accept header gets the route's default.
 */
export function preferredType<T extends string>(c: Context, supported: readonly T[], fallback: T): T {
  return accepts(c, { header: 'Accept', supports: [...supported], default: fallback }) as T;
}

/** A person's browser asking for a page (never under /api/, which always answers JSON). */
export function wantsHtml(c: Context): boolean {
  if (c.req.path.startsWith('/api/')) return false;
  return (
    preferredType(c, ['text/html', 'application/json', 'application/problem+json'], 'application/json') === 'text/html'
  );
}

/** JSON-LD, plain JSON or a page: the public documents (issuer profiles, achievements, credentials). */
export function documentType(c: Context): 'text/html' | 'application/json' | 'application/ld+json' {
  return preferredType(c, ['text/html', 'application/ld+json', 'application/json'], 'text/html');
}
