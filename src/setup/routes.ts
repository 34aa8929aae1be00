import { Hono } from 'hono';
import { z } from 'zod';
import { SETUP_TOKEN } from '../auth/access.js';
import { adminInvitationIfNeeded, bootstrap } from '../bootstrap.js';
import type { AppEnv } from '../context.js';
import { AppError, notFound } from '../errors.js';
import { constantTimeEqual } from '../lib/crypto.js';
import type { ReferentialFile } from '../referentials/files-types.js';
import { json, route } from '../web/route.js';

export const SETUP_HEADER = 'x-jalon-setup-token';

const setupResultSchema = z.object({
  hub: z.object({ slug: z.string(), name: z.string() }),
  referentials: z.array(z.object({ slug: z.string(), version: z.string(), outcome: z.enum(['created', 'unchanged']) })),
  invitationUrl: z.string().nullable().meta({ description: 'null quand un administrateur du hub existe déjà.' }),
});
type SetupResult = z.infer<typeof setupResultSchema>;

/**
 * First set-up of a deployment without a console (Workers): with the JALON_SETUP_TOKEN secret,
 * bootstraps the database and returns a one-time hub-admin invitation while none exists.
 * Without a configured token the route does not exist.
 */
export function setupRoutes(shipped: ReferentialFile[]): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post(
    '/api/v1/setup',
    route({
      access: SETUP_TOKEN,
      operationId: 'setUp',
      summary: 'Première installation : invitation du premier administrateur',
      description:
        'Existe seulement si JALON_SETUP_TOKEN est défini (404 sinon). Charge les référentiels livrés, crée le hub, et renvoie un lien d’invitation tant qu’aucun administrateur n’existe. / Only when JALON_SETUP_TOKEN is set.',
      tag: 'Installation',
      responses: { 200: json('Installation faite (idempotente).', setupResultSchema) },
    }),
    async (c) => {
      const deps = c.var.deps;
      const expected = deps.config.setupToken;
      if (!expected) throw notFound();
      const given = c.req.header(SETUP_HEADER) ?? '';
      if (!given || !constantTimeEqual(given, expected)) {
        throw new AppError('unauthenticated', {
          fr: 'Jeton d’installation manquant ou incorrect.',
          en: 'Missing or wrong setup token.',
        });
      }
      const result = await bootstrap(deps, shipped);
      const invitationUrl = await adminInvitationIfNeeded(deps, result.hub);
      c.header('cache-control', 'no-store');
      return c.json({
        hub: { slug: result.hub.slug, name: result.hub.name },
        referentials: result.referentials,
        invitationUrl,
      } satisfies SetupResult);
    },
  );
  return app;
}
