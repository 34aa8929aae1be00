import type { Context, Hono } from 'hono';
import { allow, principalOf, roles, wantsHtml } from '../auth/access.js';
import type { AppEnv } from '../context.js';
import { type FieldError, invalid } from '../errors.js';
import { updateIssuingSettings } from '../organisations/service.js';
import { redirectWithFlash } from '../web/flash.js';
import { tOf } from '../web/layout.js';
import { slugParam } from '../web/params.js';
import { form, formWithErrors, params, query } from '../web/route.js';
import { learnersWithBadgesToIssue } from './awards.js';
import { possibleDuplicates } from './corrections.js';
import { newLearnerSchema, searchQuery, settingsFormSchema } from './schemas.js';
import { type StructureScoped, structureInPath } from './scope.js';
import * as service from './service.js';
import type { LearnerWithPersonal } from './store.js';
import { LearnersPage } from './list-views.js';

/**
 * The structure's pages: its list of people (search, registration with a check for a namesake,
 * settings) and the group session (workshop mode) that records several people at once.
 */

type StructureCtx = Context<StructureScoped>;

const canConfigure = (c: StructureCtx) =>
  principalOf(c).memberships.some((m) => m.orgId === c.var.structure.id && m.role === 'structure-admin');

/** The list with the registration form given back (its errors, or the namesakes to confirm). */
async function listAgain(
  c: StructureCtx,
  status: 409 | 422,
  values: Record<string, string>,
  extra: { errors?: FieldError[]; duplicates?: LearnerWithPersonal[] },
) {
  const org = c.var.structure;
  const learners = await service.listLearners(c.var.deps, org);
  c.status(status);
  return c.render(
    <LearnersPage
      org={org}
      learners={learners}
      canConfigure={canConfigure(c)}
      values={values}
      toIssue={
        await learnersWithBadgesToIssue(
          c.var.deps,
          learners.map((l) => l.id),
        )
      }
      {...extra}
    />,
    { title: tOf(c)('Personnes accompagnées', 'People helped'), noindex: true },
  );
}

export function listRoutes(app: Hono<AppEnv>): void {
  const LEARNER_ACCESS = allow(roles('mediator', 'structure-admin'));

  app.get('/structures/:slug/apprenants', LEARNER_ACCESS, structureInPath, query(searchQuery), async (c) => {
    const org = c.var.structure;
    const { q } = c.req.valid('query');
    const { shown, total } = await service.searchLearners(c.var.deps, org, q);
    const toIssue = await learnersWithBadgesToIssue(
      c.var.deps,
      shown.map((l) => l.id),
    );
    return c.render(
      <LearnersPage org={org} learners={shown} total={total} q={q} canConfigure={canConfigure(c)} toIssue={toIssue} />,
      { title: tOf(c)('Personnes accompagnées', 'People helped'), noindex: true },
    );
  });

  app.post(
    '/structures/:slug/apprenants',
    LEARNER_ACCESS,
    structureInPath,
    formWithErrors(newLearnerSchema),
    async (c) => {
      const org = c.var.structure;
      const sent = c.req.valid('form');
      const values = sent.values;
      if (!sent.ok) {
        if (!wantsHtml(c)) throw invalid(sent.errors);
        return listAgain(c, 422, values, { errors: sent.errors });
      }
      // A form sent again from a phone's outbox answers its first result, not "a namesake exists".
      const resent = await service.registeredWithKey(c.var.deps, principalOf(c), sent.data.deviceKey);
      if (values.autrePersonne !== 'oui' && !resent) {
        const duplicates = await possibleDuplicates(c.var.deps, org.id, sent.data);
        if (duplicates.length) return listAgain(c, 409, values, { duplicates });
      }
      const learner = await service.registerLearner(c.var.deps, principalOf(c), org, sent.data, sent.data.deviceKey);
      return redirectWithFlash(
        c,
        `/structures/${org.slug}/apprenants/${learner.id}`,
        'Personne enregistrée.',
        'Person registered.',
      );
    },
  );

  app.post(
    '/structures/:slug/reglages',
    allow(roles('structure-admin')),
    params(slugParam),
    form(settingsFormSchema),
    async (c) => {
      const { slug } = c.req.valid('param');
      await updateIssuingSettings(c.var.deps, principalOf(c), slug, c.req.valid('form').autoIssue === 'oui');
      return redirectWithFlash(
        c,
        `/structures/${slug}/apprenants#reglages`,
        'Réglages enregistrés.',
        'Settings saved.',
      );
    },
  );
}
