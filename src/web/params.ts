import { z } from 'zod';
import { SLUG_PATTERN } from '../lib/slug.js';

/** Path parameters every feature uses: an organisation or referential slug, a UUID. */
export const slugParam = z.object({ slug: z.string().regex(SLUG_PATTERN, 'identifiant invalide').max(64) });
export const idParam = z.object({ id: z.string().uuid('identifiant invalide') });
