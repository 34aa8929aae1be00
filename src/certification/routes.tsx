import { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { applicationRoutes } from './application-routes.js';
import { issuanceRoutes } from './issuance-routes.js';
import { portfolioRoutes } from './portfolio-routes.js';
import { statusRoutes } from './status-routes.js';

/**
 * Every route of the mediators' certification, one file per area: the portfolio, the applications,
 * the committee's review and what it issues, the status of a badge. Each `<area>-routes.tsx`
 * registers its pages and its JSON API, and renders the `<area>-views.tsx` of the same area.
 */
export function certificationRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // In this order, the API keeps the order of paths the OpenAPI document has always had.
  portfolioRoutes(app);
  applicationRoutes(app);
  issuanceRoutes(app);
  statusRoutes(app);
  return app;
}
