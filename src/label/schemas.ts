import { z } from 'zod';
import { labelProgrammeSchema } from '../referentials/label-schema.js';
import { slugParam } from '../web/params.js';
import { reasonField } from '../web/schemas.js';
import { FRAIS, SERVICES } from './opendata.js';

/** Answers of the label routes (requests are in details.ts and below): documented in OpenAPI. */

export const structureDetailsViewSchema = z
  .object({
    pivot: z.string().optional(),
    adresse: z.string().optional(),
    complementAdresse: z.string().optional(),
    codePostal: z.string().optional(),
    commune: z.string().optional(),
    codeInsee: z.string().optional(),
    telephone: z.string().optional(),
    courriel: z.string().optional(),
    siteWeb: z.string().optional(),
    horaires: z.string().optional(),
    presentationResume: z.string().optional(),
    services: z.array(z.enum(SERVICES)).optional(),
    fraisACharge: z.array(z.enum(FRAIS)).optional(),
    ficheAccesLibre: z.string().optional(),
    priseRdv: z.string().optional(),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'StructureDetailsView' });

export const publicListingBodySchema = z
  .strictObject({ consent: z.boolean() })
  .meta({ id: 'PublicListing', description: 'Accord pour être nommé sur la page publique du lieu. / Consent.' });

export const registryQuerySchema = z.object({
  format: z.enum(['json', 'csv']).optional(),
  q: z.string().trim().max(100).optional().meta({ description: 'Nom ou commune (sans tenir compte des accents).' }),
});

export const registryEntrySchema = z
  .object({
    issuer: z.string().meta({ description: 'DID de l’émetteur (did:web).' }),
    slug: z.string(),
    name: z.string(),
    pageUrl: z.string(),
    commune: z.string().nullable(),
    codePostal: z.string().nullable(),
    services: z.array(z.string()),
    label: z.object({
      status: z.literal('active'),
      since: z.string(),
      validFrom: z.string(),
      validUntil: z.string(),
      programme: z.object({ slug: z.string(), version: z.string(), title: z.string() }),
      credentialId: z.string(),
    }),
    certifiedMediators: z.number().int(),
  })
  .meta({ id: 'RegistryEntry' });

export const registrySchema = z
  .object({ items: z.array(registryEntrySchema), count: z.number().int(), generatedAt: z.string() })
  .meta({ id: 'Registry' });
export type Registry = z.infer<typeof registrySchema>;
export type StructureDetailsView = z.infer<typeof structureDetailsViewSchema>;

export const labelAnswersSchema = z
  .object({
    answers: z.record(z.string().max(80), z.string().max(4000)).default({}).meta({
      description:
        'Preuve écrite par code de critère ; `reponse.<code>` répond à une demande de compléments. / Evidence by criterion code.',
    }),
    submit: z.boolean().optional().meta({ description: 'Déposer la demande (ou la redéposer). / File it.' }),
  })
  .meta({ id: 'LabelApplicationInput' });

/** A label programme addressed by its slug (`label-regional`), like an organisation. */
const programmeSlug = slugParam.shape.slug;

export const programmeParam = slugParam.extend({ programme: programmeSlug });

export const labelApplicationStartSchema = labelAnswersSchema
  .extend({
    programme: programmeSlug.optional().meta({
      description:
        'Le programme de label, par son slug ; facultatif quand le service n’en publie qu’un. / The label programme, by slug; optional when the service publishes only one.',
    }),
  })
  .meta({ id: 'LabelApplicationStart' });

export const labelProgrammeOutSchema = labelProgrammeSchema.meta({
  id: 'LabelProgramme',
  description:
    'Un programme de label tel que son fichier le décrit : critères, preuves attendues, règles de décision du comité. / A label programme: criteria, expected evidence, decision rules.',
});

export const labelApplicationSchema = z
  .object({
    id: z.string(),
    state: z.enum(['draft', 'submitted', 'changes-requested', 'resubmitted', 'approved', 'rejected', 'withdrawn']),
    round: z.number().int(),
    structure: z.string(),
    programme: z.object({ slug: z.string(), version: z.string() }),
    renewal: z.boolean(),
    items: z.array(
      z.object({
        code: z.string(),
        title: z.string(),
        required: z.boolean(),
        claim: z.object({
          text: z.string().optional(),
          certifiedMediators: z.number().int().optional(),
          min: z.number().int().optional(),
        }),
        response: z.string().nullable(),
        outcome: z.string().nullable(),
      }),
    ),
    reviews: z.array(
      z.object({
        round: z.number().int(),
        vote: z.enum(['approve', 'changes', 'reject']),
        comment: z.string().optional(),
        items: z.array(
          z.object({
            code: z.string(),
            decision: z.enum(['accept', 'more', 'reject']),
            comment: z.string().optional(),
          }),
        ),
      }),
    ),
    labelId: z.string().nullable(),
  })
  .meta({ id: 'LabelApplication' });
export type LabelApplication = z.infer<typeof labelApplicationSchema>;

export const labelReviewSchema = z
  .object({
    vote: z.enum(['approve', 'changes', 'reject']),
    comment: z.string().max(4000).optional(),
    items: z
      .array(
        z.object({
          code: z.string().max(80),
          decision: z.enum(['accept', 'more', 'reject']),
          comment: z.string().max(2000).optional(),
        }),
      )
      .max(100),
  })
  .meta({ id: 'LabelReview', description: 'Avis d’un membre du comité, critère par critère. / A committee review.' });

export const labelReviewResultSchema = z
  .object({ state: z.string(), labelId: z.string().nullable() })
  .meta({ id: 'LabelReviewResult' });

export const labelStatusBodySchema = z
  .object({
    action: z.enum(['suspend', 'reinstate', 'withdraw']),
    reason: reasonField,
  })
  .meta({ id: 'LabelStatusChange', description: 'Suspendre, rétablir ou retirer un label, avec le motif.' });

/** The change a confirmation page asks about (`?action=`). */
export const labelStatusQuerySchema = z.object({ action: z.enum(['suspend', 'reinstate', 'withdraw']) });

export const labelStateSchema = z
  .object({
    id: z.string(),
    structure: z.string(),
    state: z.enum(['active', 'suspended', 'withdrawn', 'expired', 'pending']),
    validFrom: z.string(),
    validUntil: z.string(),
    credentialId: z.string(),
    revokedAt: z.string().nullable(),
    suspendedAt: z.string().nullable(),
  })
  .meta({ id: 'Label' });
export type LabelStateOut = z.infer<typeof labelStateSchema>;
