import type { Hono } from 'hono';
import { principalOf } from '../auth/access.js';
import type { AppEnv } from '../context.js';
import { changeStatus } from '../issuing/service.js';
import { idParam } from '../web/params.js';
import { form, params } from '../web/route.js';
import { managedCredentialInPath, STAFF } from './http.js';
import { statusFormSchema } from './schemas.js';

/** The hub's staff suspends, withdraws or reinstates a mediator's badge from the application page. */
export function statusRoutes(app: Hono<AppEnv>): void {
  app.post(
    '/certification/badges/:id/statut',
    STAFF,
    params(idParam),
    managedCredentialInPath,
    form(statusFormSchema),
    async (c) => {
      const { id } = c.req.valid('param');
      const form = c.req.valid('form');
      await changeStatus(c.var.deps, principalOf(c), id, form.action, form.reason);
      return c.redirect(`/certification/demandes/${form.application}?ok=statut`, 303);
    },
  );
}
