import { z } from 'zod';
import { codeSchema } from './schema.js';

/**
 * Award rules, stored beside a learner referential version (`<version>.rules.yaml`): data, not code,
 * so that a hub can tune them per referential without a release.
 */
export const awardRulesSchema = z.strictObject({
  referential: z.string().min(1),
  version: z.string().min(1),
  /** A competence badge is earned from this level up (a level id of the referential's scale). */
  competenceBadge: z.strictObject({
    minLevel: z.string().min(1),
  }),
  /** The passport is earned when at least `minCount` of the `core` competences reach `minLevel`. */
  passport: z.strictObject({
    minLevel: z.string().min(1),
    minCount: z.number().int().min(1),
    core: z.array(codeSchema).min(1),
  }),
});

export type AwardRules = z.infer<typeof awardRulesSchema>;
