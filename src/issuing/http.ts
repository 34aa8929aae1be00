import { principalOf, roles } from '../auth/access.js';
import { notFound } from '../errors.js';
import { scope } from '../web/route.js';
import { manageableCredential } from './credential-status.js';
import { keyAdminOrg } from './requests.js';

/** What the issuing route files share: who issues and manages, who administers keys, the path's resource. */

export const ISSUING_ROLES = roles('mediator', 'structure-admin', 'hub-admin', 'committee');
export const KEY_ADMINS = roles('hub-admin', 'structure-admin');

// Scoping of the path's resource, before any body is read (someone who may not see it gets 403/404).
export const managedCredentialInPath = scope('credential', async (c) => {
  const found = await manageableCredential(c.var.deps, principalOf(c), c.req.param('id') ?? '');
  // A register page's form names its organisation: a credential of another register is not there.
  const slug = c.req.param('slug');
  if (slug !== undefined && found.org.slug !== slug) throw notFound();
  return found;
});
export const keyAdminInPath = scope('issuer', (c) =>
  keyAdminOrg(c.var.deps, principalOf(c), c.req.param('slug') ?? ''),
);
