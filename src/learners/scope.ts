import { createMiddleware } from 'hono/factory';
import { principalOf } from '../auth/access.js';
import type { AppEnv } from '../context.js';
import { notFound } from '../errors.js';
import type { OrganisationRow } from '../organisations/lookup.js';
import { slugParam } from '../web/params.js';
import { check } from '../web/route.js';
import { learnerParam } from './schemas.js';
import * as service from './service.js';

/**
 * Organisation scoping, run before any body or form is validated: someone who may not see a
 * structure or a person gets 403/404, never the validation details of a form they should not have.
 */

/**
 * The learner pages (`/structures/:slug/apprenants/:id/...`): sets the person and the address of
 * their page.
 */
export type LearnerScoped = { Variables: AppEnv['Variables'] & { learner: service.LearnerContext; base: string } };

export const learnerInPath = createMiddleware<LearnerScoped>(async (c, next) => {
  const { slug, id } = check(learnerParam, { slug: c.req.param('slug'), id: c.req.param('id') });
  const ctx = await service.learnerFor(c.var.deps, principalOf(c), id);
  if (ctx.org.slug !== slug) throw notFound();
  c.set('learner', ctx);
  c.set('base', `/structures/${slug}/apprenants/${id}`);
  await next();
});

export type StructureScoped = { Variables: AppEnv['Variables'] & { structure: OrganisationRow } };

/** The structure of a page path (`/structures/:slug/...`), one of the caller's (else 403/404). */
export const structureInPath = createMiddleware<StructureScoped>(async (c, next) => {
  const { slug } = check(slugParam, { slug: c.req.param('slug') });
  c.set('structure', await service.structureFor(c.var.deps, principalOf(c), slug));
  await next();
});

type Scoped<V> = { Variables: AppEnv['Variables'] & V };

/** The structure of an API path (`/api/v1/structures/:slug/...`), after `params(slugParam)`. */
export const inStructure = createMiddleware<Scoped<{ structure: OrganisationRow }>>(async (c, next) => {
  c.set('structure', await service.structureFor(c.var.deps, principalOf(c), c.req.param('slug') ?? ''));
  await next();
});

/** The learner of an API path (`/api/v1/learners/:id`), in one of the caller's structures. */
export const apiLearner = createMiddleware<Scoped<{ learner: service.LearnerContext }>>(async (c, next) => {
  c.set('learner', await service.learnerFor(c.var.deps, principalOf(c), c.req.param('id') ?? ''));
  await next();
});
