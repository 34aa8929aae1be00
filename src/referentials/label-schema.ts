import '../lib/zod-fr.js';
import { z } from 'zod';
import { reviewersSchema } from './rules-schema.js';
import { SEMVER_PATTERN } from '../lib/semver.js';
import { SLUG_PATTERN } from '../lib/slug.js';

/**
 * The label programme file format (`referentials/label/<slug>/<version>.yaml`): the hub's label criteria
 * with the evidence each expects, and the committee's decision rules. Like referentials, a published
 * version is immutable (content hash) and validated here on every path that stores one.
 */

const slug = z
  .string()
  .regex(SLUG_PATTERN, 'identifiant attendu : minuscules, chiffres et tirets (ex. « label-regional »)');
const semver = z.string().regex(SEMVER_PATTERN, 'version attendue au format x.y.z (ex. « 1.0.0 »)');
const text = z.string().trim().min(1, 'texte vide');

/** How a structure answers a criterion: counted by Jalon (certified mediators) or written evidence. */
export const labelAnswerSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('certified-mediators'), min: z.number().int().min(1).max(100) }),
  z.strictObject({ type: z.literal('text') }),
]);

export const labelCriterionSchema = z.strictObject({
  code: slug,
  title: text,
  description: text,
  required: z.boolean(),
  answer: labelAnswerSchema,
  evidence: z.array(text).min(1, 'indiquer au moins une preuve attendue'),
});

export const MAJORITIES = ['simple', 'deux-tiers', 'unanimite'] as const;
export type Majority = (typeof MAJORITIES)[number];

export const labelDecisionSchema = z.strictObject({
  optionalCriteriaMin: z.number().int().min(0),
  quorum: z.number().int().min(1).max(50),
  majority: z.enum(MAJORITIES),
  /** Roles of the hub whose members vote; absent: the committee alone. */
  reviewers: reviewersSchema,
  validityMonths: z.number().int().min(1).max(120),
  renewalNoticeDays: z.number().int().min(0).max(365),
});

/**
 * No longer read: the hub sets its label's open-data value in Jalon (src/label/opendata.ts), since one
 * programme file serves every hub of a deployment and most values of the vocabulary name a region.
 * Still accepted so that version 1.0.0, published with it, keeps its content hash.
 */
export const labelOpenDataSchema = z
  .strictObject({
    /** A value of the national schema's `formations_labels` vocabulary. */
    formationsLabels: text.optional(),
    /** Free text for `autres_formations_labels` when the label is not in that vocabulary. */
    autresFormationsLabels: text.optional(),
  })
  .refine((o) => Boolean(o.formationsLabels) !== Boolean(o.autresFormationsLabels), {
    message: 'indiquer soit formationsLabels soit autresFormationsLabels (un seul des deux)',
  });

export const labelProgrammeSchema = z
  .strictObject({
    slug,
    version: semver,
    title: text,
    description: text,
    language: z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'code de langue attendu (ex. « fr »)'),
    openData: labelOpenDataSchema.optional(),
    criteria: z.array(labelCriterionSchema).min(1, 'au moins un critère'),
    decision: labelDecisionSchema,
  })
  .superRefine((p, ctx) => {
    const seen = new Set<string>();
    p.criteria.forEach((c, i) => {
      if (seen.has(c.code))
        ctx.addIssue({ code: 'custom', path: ['criteria', i, 'code'], message: `code « ${c.code} » déjà utilisé` });
      seen.add(c.code);
    });
    const optional = p.criteria.filter((c) => !c.required).length;
    if (p.decision.optionalCriteriaMin > optional)
      ctx.addIssue({
        code: 'custom',
        path: ['decision', 'optionalCriteriaMin'],
        message: `${p.decision.optionalCriteriaMin} critères facultatifs exigés sur ${optional} listés`,
      });
  });

export type LabelProgramme = z.infer<typeof labelProgrammeSchema>;
