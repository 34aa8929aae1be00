import type { Hono } from 'hono';
import { allow, principalOf } from '../auth/access.js';
import type { AppEnv } from '../context.js';
import { redirectWithFlash } from '../web/flash.js';
import { tOf } from '../web/layout.js';
import { slugParam } from '../web/params.js';
import { form, params } from '../web/route.js';
import { changeStatus } from './credential-status.js';
import { ISSUING_ROLES, managedCredentialInPath } from './http.js';
import { BadgesPage } from './register-views.js';
import { registerOf } from './requests.js';
import { badgeParam, statusFormSchema } from './schemas.js';

/** An organisation's register of issued badges (page), where its people change a badge's state. */
export function registerRoutes(app: Hono<AppEnv>): void {
  app.get('/organisations/:slug/badges', allow(ISSUING_ROLES), params(slugParam), async (c) => {
    const { org, rows, canManage } = await registerOf(c.var.deps, principalOf(c), c.req.valid('param').slug);
    return c.render(<BadgesPage org={org} rows={rows} canManage={canManage} />, {
      title: tOf(c)('Badges délivrés', 'Issued badges'),
      noindex: true,
    });
  });

  app.post(
    '/organisations/:slug/badges/:id/statut',
    allow(ISSUING_ROLES),
    params(badgeParam),
    managedCredentialInPath,
    form(statusFormSchema),
    async (c) => {
      const { slug, id } = c.req.valid('param');
      const { action, reason } = c.req.valid('form');
      await changeStatus(c.var.deps, principalOf(c), id, action, reason);
      const done = {
        revoke: ['Badge révoqué.', 'Badge revoked.'],
        suspend: ['Badge suspendu.', 'Badge suspended.'],
        reinstate: ['Badge rétabli.', 'Badge reinstated.'],
      }[action];
      return redirectWithFlash(c, `/organisations/${slug}/badges`, done[0]!, done[1]!);
    },
  );
}
