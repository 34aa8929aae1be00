import { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { achievementRoutes } from './achievement-routes.js';
import { credentialRoutes } from './credential-routes.js';
import { issuerRoutes } from './issuer-routes.js';
import { keyRoutes } from './key-routes.js';
import { registerRoutes } from './register-routes.js';

/**
 * Every route of issuing, one file per area: an issuer's identity, what a badge attests, the
 * credentials (public and API), an organisation's register, its signing keys. Each
 * `<area>-routes.tsx` renders the `<area>-views.tsx` of the same area. The Data Integrity forms
 * (`ldp-routes.ts`) are mounted on their own, before these.
 */
export function issuingRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // In this order, the API keeps the order of paths the OpenAPI document has always had.
  issuerRoutes(app);
  achievementRoutes(app);
  credentialRoutes(app);
  registerRoutes(app);
  keyRoutes(app);
  return app;
}
