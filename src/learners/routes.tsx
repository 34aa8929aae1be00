import { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { evaluationApiRoutes, holdingsApiRoutes, learnerApiRoutes } from './api-routes.js';
import { correctionRoutes } from './corrections-routes.js';
import { evaluationRoutes } from './evaluation-routes.js';
import { holderRoutes } from './holder-routes.js';
import { importRoutes } from './import-routes.js';
import { learnerPageRoutes } from './learner-routes.js';
import { listRoutes } from './list-routes.js';
import { workshopRoutes } from './workshop-routes.js';

/**
 * Every route of the people helped, one file per area: the structure's list, the group session, a
 * person's page, evaluations, corrections, the personal link and the holder's pages, the JSON API.
 * Each `<area>-routes.tsx` renders the `<area>-views.tsx` of the same area.
 */
export function learnerRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  listRoutes(app);
  workshopRoutes(app);
  learnerPageRoutes(app);
  evaluationRoutes(app);
  correctionRoutes(app);
  holderRoutes(app);
  // The API in this order keeps the paths of the OpenAPI document in the order they have always had.
  learnerApiRoutes(app);
  evaluationApiRoutes(app);
  holdingsApiRoutes(app);
  importRoutes(app);
  return app;
}
