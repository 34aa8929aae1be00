import { z } from 'zod';
import { SLUG_PATTERN } from '../lib/slug.js';
import { emptyAsAbsent } from '../openapi/json-schema.js';

/** Requests and answers of the figures (page, CSV and JSON): validated by the routes, documented in OpenAPI. */

// `from`/`to`: months included (YYYY-MM); `structure`: one structure of a hub only.
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'un mois au format AAAA-MM');

export const statisticsQuery = z
  .object({
    from: emptyAsAbsent(month),
    to: emptyAsAbsent(month),
    structure: emptyAsAbsent(z.string().regex(SLUG_PATTERN, 'identifiant invalide').max(64)),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: 'le premier mois vient après le dernier',
    path: ['to'],
  });
export type StatisticsFilter = z.output<typeof statisticsQuery>;

const figuresSchema = z
  .object({
    learners: z.number().int().min(0),
    evaluations: z.number().int().min(0),
    observations: z.number().int().min(0),
    badges: z.number().int().min(0),
    passports: z.number().int().min(0),
  })
  .meta({ id: 'Figures', description: 'Des totaux, sans donnée personnelle. / Totals, no personal data.' });

const orgRef = z.object({ slug: z.string(), name: z.string(), kind: z.enum(['hub', 'structure']) });

export const statisticsSchema = z
  .object({
    scope: orgRef,
    from: z.string().nullable(),
    to: z.string().nullable(),
    total: figuresSchema,
    byMonth: z.array(z.object({ month: z.string(), figures: figuresSchema })),
    byStructure: z.array(z.object({ structure: orgRef, figures: figuresSchema })),
    byLetter: z.array(z.object({ letter: z.string(), observations: z.number().int(), badges: z.number().int() })),
  })
  .meta({
    id: 'Statistics',
    description:
      'Chiffres d’un hub ou d’une structure ; les personnes effacées restent comptées. / Figures of a hub or a structure; erased people are still counted.',
  });
export type StatisticsAnswer = z.infer<typeof statisticsSchema>;
