import { z } from 'zod';
import { DEFAULT_REVIEWERS, REVIEWER_ROLES } from '../review/rules.js';
import { codeSchema } from './schema.js';

/**
 * Who votes on an application: roles of the deciding hub (`committee`, `hub-admin`). Absent, the
 * strict rule: the committee alone (DEFAULT_REVIEWERS). The strict list itself is stored as
 * absent, so that a published version that now spells it out keeps its content and hash.
 */
export const reviewersSchema = z
  .array(z.enum(REVIEWER_ROLES, 'rôle attendu : committee ou hub-admin'))
  .min(1, 'au moins un rôle qui vote')
  .transform((list) => {
    const roles = [...new Set(list)];
    const strict = roles.length === DEFAULT_REVIEWERS.length && DEFAULT_REVIEWERS.every((r) => roles.includes(r));
    return strict ? undefined : roles;
  })
  .optional();

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

/**
 * Certification rules of a mediator referential (`<version>.rules.yaml`): how the hub's committee
 * decides and what a decision earns. Data, so that each hub sets its own.
 */
export const certificationRulesSchema = z.strictObject({
  referential: z.string().min(1),
  version: z.string().min(1),
  review: z.strictObject({
    /** Reviews needed before a round is decided. */
    quorum: z.number().int().min(1).max(20),
    /**
     * Share of the votes an outcome needs: strictly more than `share` when `strict` (absolute
     * majority: 0.5 strict), at least `share` otherwise (two thirds: 0.6667). Above one half, so
     * that two outcomes can never both have it.
     */
    majority: z
      .strictObject({ share: z.number().min(0.5).max(1), strict: z.boolean() })
      .refine((m) => m.share > 0.5 || m.strict, 'une majorité de 50 % doit être stricte (strict: true)'),
    /** Roles of the hub whose members vote; absent: the committee alone. */
    reviewers: reviewersSchema,
  }),
  /** A block is validated when every competence of it is accepted, claimed at least at `minLevel`. */
  block: z.strictObject({ minLevel: z.string().min(1) }),
  /** "Médiateur numérique certifié": these blocks, and at least `minBlocks` validated blocks in all. */
  certification: z.strictObject({
    requiredBlocks: z.array(codeSchema),
    minBlocks: z.number().int().min(1),
  }),
  /** Validity of every mediator credential, and when renewal opens before expiry. */
  validity: z.strictObject({
    months: z.number().int().min(1).max(120),
    renewalOpensMonthsBefore: z.number().int().min(0).max(24),
  }),
});

export type CertificationRules = z.infer<typeof certificationRulesSchema>;
