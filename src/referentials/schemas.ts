import { z } from 'zod';
import { SEMVER_PATTERN } from '../lib/semver.js';
import { slugParam } from '../web/params.js';
import { FRAMEWORKS } from './frameworks.js';
import { awardRulesSchema } from './rules-schema.js';
import { referentialSchema } from './schema.js';

/** Requests and answers of the referential routes: validated by the routes, documented in OpenAPI. */

export const versionParam = slugParam.extend({
  version: z.string().regex(SEMVER_PATTERN, 'version attendue au format x.y.z'),
});
export const frameworkParam = z.object({ framework: z.enum(FRAMEWORKS, 'cadre inconnu') });

export const referentialSummarySchema = z
  .object({
    slug: z.string(),
    version: z.string(),
    kind: z.enum(['learner', 'mediator']),
    title: z.string(),
  })
  .meta({ id: 'ReferentialSummary' });
export type ReferentialSummary = z.infer<typeof referentialSummarySchema>;

export const referentialDocument = referentialSchema.meta({
  id: 'Referential',
  description: 'Référentiel (JSON canonique), généré du schéma zod des fichiers YAML.',
});
export const awardRulesDocument = awardRulesSchema.meta({
  id: 'AwardRules',
  description: 'Règles d’attribution d’un référentiel d’apprenants.',
});
