import { z } from 'zod';
import { SLUG_PATTERN } from '../lib/slug.js';
import { emptyAsAbsent } from '../openapi/json-schema.js';

/** Requests and answers of the figures (page, CSV and JSON): validated by the routes, documented in OpenAPI. */

// `periode`: a month (AAAA-MM), a quarter (AAAA-T1…T4), a year (AAAA), `tout` (since the start) or
// `libre` (custom: `from` and `to`, months included, both required); `from`/`to` alone are a custom
// range too, either end open. `structure`: one structure of a hub only.
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'un mois au format AAAA-MM');
export const PERIOD_PATTERN = /^(tout|libre|\d{4}|\d{4}-(0[1-9]|1[0-2])|\d{4}-T[1-4])$/;

export const statisticsQuery = z
  .object({
    periode: emptyAsAbsent(
      z
        .string()
        .regex(PERIOD_PATTERN, 'une période : AAAA-MM (mois), AAAA-T1 à T4 (trimestre), AAAA (année), tout ou libre')
        .meta({
          description:
            'Mois `AAAA-MM`, trimestre `AAAA-T1`…`T4`, année `AAAA`, `tout` (depuis le début, par défaut) ou `libre` (`from` et `to`). / Month, quarter, year, all (default) or custom.',
        }),
    ),
    from: emptyAsAbsent(month),
    to: emptyAsAbsent(month),
    structure: emptyAsAbsent(z.string().regex(SLUG_PATTERN, 'identifiant invalide').max(64)),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: 'le premier mois vient après le dernier',
    path: ['to'],
  })
  .refine((q) => q.periode !== 'libre' || (q.from && q.to), {
    message: 'indiquez le premier et le dernier mois de la période',
    path: ['from'],
  });
export type StatisticsFilter = z.output<typeof statisticsQuery>;

/**
 * A count, or `null` where it is withheld so that it does not single a person out: a count of 1 to
 * 4 that comes from one structure in one month, or another count withheld so that such a count
 * cannot be worked out by subtraction from a total. Zeros and the hub's own total stay exact.
 */
const count = z.number().int().min(0).nullable().meta({
  description:
    'Nombre, ou `null` s’il est retenu : moins de 5 pour une structure et un mois, ou masqué pour qu’un tel nombre ne se déduise pas d’un total. / Count, or `null` when withheld: fewer than 5 for one structure and one month, or masked so that such a count cannot be worked out from a total.',
});
const suppressed = z.boolean().meta({
  description:
    'Vrai si au moins un nombre de la ligne est retenu (`null`). / True when a count of the line is withheld.',
});

const figuresSchema = z
  .object({ learners: count, evaluations: count, observations: count, badges: count, passports: count, suppressed })
  .meta({
    id: 'Figures',
    description:
      'Des totaux, sans donnée personnelle ; les petits nombres d’une structure en un mois sont retenus (`null`). / Totals, no personal data; small counts of one structure in one month are withheld (`null`).',
  });

const orgRef = z.object({ slug: z.string(), name: z.string(), kind: z.enum(['hub', 'structure']) });

const stock = z
  .object({
    value: z.number().int().min(0),
    previous: z.number().int().min(0).nullable(),
  })
  .meta({
    description:
      'À la fin de la période, et à la fin de la période précédente (`null` sans période bornée). / At the end of the period, and at the end of the previous one.',
  });

export const statisticsSchema = z
  .object({
    scope: orgRef,
    from: z.string().nullable(),
    to: z.string().nullable(),
    period: z.object({
      value: z.string(),
      label: z.string(),
      previous: z.object({ from: z.string(), to: z.string() }).nullable(),
    }),
    labelledPlaces: stock,
    certifiedMediators: stock,
    progressed: count,
    total: figuresSchema,
    byMonth: z.array(z.object({ month: z.string(), figures: figuresSchema })),
    byStructure: z.array(z.object({ structure: orgRef, figures: figuresSchema })),
    byLetter: z.array(z.object({ letter: z.string(), observations: count, badges: count, suppressed })),
  })
  .meta({
    id: 'Statistics',
    description:
      'Chiffres d’un hub ou d’une structure ; les personnes effacées restent comptées. / Figures of a hub or a structure; erased people are still counted.',
  });
export type StatisticsAnswer = z.infer<typeof statisticsSchema>;
