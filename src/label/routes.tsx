import { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { applicationRoutes } from './application-routes.js';
import { committeeRoutes } from './committee-routes.js';
import { detailsRoutes } from './details-routes.js';
import { openDataRoutes } from './opendata-routes.js';
import { registryRoutes } from './registry-routes.js';

/**
 * Every route of the label, one file per area: a place's details, the public registry, a structure's
 * application, the committee. Each `<area>-routes.tsx` renders the `<area>-views.tsx` of the same area.
 */
export function labelRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // In this order, the API keeps the order of paths the OpenAPI document has always had.
  detailsRoutes(app);
  registryRoutes(app);
  applicationRoutes(app);
  committeeRoutes(app);
  openDataRoutes(app);
  return app;
}
