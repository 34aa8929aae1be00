import { Hono } from 'hono';
import { allow, SETUP_TOKEN } from '../auth/access.js';
import { adminInvitationIfNeeded, bootstrap } from '../bootstrap.js';
import type { AppEnv } from '../context.js';
import { AppError, notFound } from '../errors.js';
import { constantTimeEqual } from '../lib/crypto.js';
import type { ReferentialFile } from '../referentials/files-types.js';

export const SETUP_HEADER = 'x-jalon-setup-token';

/**
 * First set-up of a deployment without a console (Workers): with the JALON_SETUP_TOKEN secret,
 * bootstraps the database and returns a one-time hub-admin invitation while none exists.
 * Without a configured token the route does not exist.
 */
export function setupRoutes(shipped: ReferentialFile[]): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/api/v1/setup', allow(SETUP_TOKEN), async (c) => {
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
    });
  });
  return app;
}
