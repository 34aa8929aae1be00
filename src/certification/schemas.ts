import { z } from 'zod';
import { httpUrl } from '../lib/inputs.js';
import { emptyAsAbsent } from '../openapi/json-schema.js';
import { ITEM_DECISIONS, REVIEW_STATES, VOTES } from '../review/rules.js';

/** Requests and answers of the certification API: validated by the routes, documented in OpenAPI. */

const code = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'code invalide');

export const blockParam = z.object({ code });

export const levelsSchema = z
  .object({ levels: z.record(code, z.string().max(64)) })
  .meta({ id: 'PortfolioLevelsRequest', description: 'Niveau par code de compétence (vide : inchangé).' });

export const evidenceSchema = z
  .object({
    code,
    kind: z.enum(['text', 'link'], 'type de preuve : text ou link (fichier : multipart)'),
    text: z.string().max(4000, '4000 caractères au plus').optional(),
    url: emptyAsAbsent(httpUrl(2000)),
  })
  // No component id: this body is documented inline beside its multipart alternative.
  .meta({ description: 'Preuve texte ou lien (un fichier s’envoie en multipart).' });

/** The API's multipart upload (documented beside the operation, as JSON Schema: a file is not a zod value). */
export const evidenceUploadSchema = z.object({
  code,
  text: z.string().max(4000).optional(),
  file: z.instanceof(File).optional(),
});

/**
 * The page's evidence form: a text, a link or a file. The service checks what each kind needs (the
 * link with the same http(s) rule as `httpUrl`), so that its errors come back beside the form.
 */
export const evidenceFormSchema = evidenceUploadSchema.extend({
  kind: z.enum(['text', 'link', 'file']),
  url: z.string().max(2000).optional(),
});

export const applySchema = z
  .object({
    blocks: z.array(code).min(1, 'choisissez au moins un bloc').max(20),
    renews: z.string().uuid().optional(),
  })
  .meta({
    id: 'CertificationApplyRequest',
    description: 'Blocs demandés ; `renews` : la demande validée à renouveler.',
  });

export const updateSchema = z
  .object({
    responses: z.record(code, z.string().max(4000)).default({}),
    resubmit: z.boolean().default(false),
  })
  .meta({
    id: 'CertificationUpdateRequest',
    description: 'Réponses au comité par compétence ; `resubmit` pour renvoyer la demande complétée.',
  });

export const withdrawSchema = z
  .object({ reason: z.string().trim().max(500).default('') })
  .meta({ id: 'CertificationWithdrawRequest', description: 'Motif facultatif.' });

export const reviewSchema = z
  .object({
    vote: z.enum(VOTES, 'vote : approve, changes ou reject'),
    comment: z.string().max(4000).optional(),
    items: z
      .array(z.object({ code, decision: z.enum(ITEM_DECISIONS), comment: z.string().max(2000).optional() }))
      .max(100),
  })
  .meta({
    id: 'CertificationReviewRequest',
    description:
      'Une réponse par compétence (accept, more, reject ; commentaire sauf pour accept) et un vote (approve, changes, reject).',
  });

// --- answers

const evidenceItem = z.object({
  id: z.string(),
  kind: z.enum(['text', 'link', 'file']),
  text: z.string().optional(),
  url: z.string().optional(),
  fileName: z.string().optional(),
});

export const certificationStatusSchema = z
  .object({
    referential: z.object({ slug: z.string(), version: z.string() }),
    certified: z.boolean(),
    expiresAt: z.string().nullable(),
    renewalOpen: z.boolean(),
    credentials: z.array(
      z.object({
        id: z.string(),
        url: z.string(),
        kind: z.enum(['block', 'certification']),
        block: z.string().nullable(),
        status: z.enum(['active', 'suspended', 'revoked', 'expired']),
        validUntil: z.string().nullable(),
      }),
    ),
    portfolio: z.array(
      z.object({
        code: z.string(),
        block: z.string(),
        level: z.string().nullable(),
        evidence: z.array(
          z.object({
            id: z.string(),
            kind: z.enum(['text', 'link', 'file']),
            text: z.string().nullable(),
            url: z.string().nullable(),
            fileName: z.string().nullable(),
            fileType: z.string().nullable(),
            fileSize: z.number().int().nullable(),
          }),
        ),
      }),
    ),
    applications: z.array(
      z.object({ id: z.string(), state: z.enum(REVIEW_STATES), createdAt: z.string(), renews: z.string().nullable() }),
    ),
  })
  .meta({ id: 'CertificationStatus', description: 'Portfolio, demandes, badges de médiateur et échéance.' });
export type CertificationStatusJson = z.infer<typeof certificationStatusSchema>;

export const applicationSchema = z
  .object({
    id: z.string(),
    state: z.enum(REVIEW_STATES),
    round: z.number().int(),
    renews: z.string().nullable(),
    blocks: z.array(z.string()),
    createdAt: z.string(),
    submittedAt: z.string().nullable(),
    decidedAt: z.string().nullable(),
    items: z.array(
      z.object({
        code: z.string(),
        claim: z.object({ level: z.string(), evidence: z.array(evidenceItem) }),
        response: z.string().nullable(),
        outcome: z.string().nullable(),
      }),
    ),
    reviews: z.array(
      z.object({
        round: z.number().int(),
        /** Null for the applicant: they see the reasons, not who gave them. */
        reviewer: z.string().nullable(),
        vote: z.enum(VOTES),
        comment: z.string().nullable(),
        items: z.array(
          z.object({ code: z.string(), decision: z.enum(ITEM_DECISIONS), comment: z.string().optional() }),
        ),
        createdAt: z.string(),
      }),
    ),
    credentials: z.array(z.object({ id: z.string(), url: z.string(), kind: z.string() })),
  })
  .meta({ id: 'CertificationApplication', description: 'Une demande, ses avis et sa décision.' });
export type ApplicationJson = z.infer<typeof applicationSchema>;

export const evidenceCreatedSchema = z.object({
  id: z.string(),
  code: z.string(),
  kind: z.enum(['text', 'link', 'file']),
  fileType: z.string().nullable(),
  fileSize: z.number().int().nullable(),
});

export const queueSchema = z.array(
  z.object({
    id: z.string(),
    applicant: z.string(),
    state: z.enum(REVIEW_STATES),
    round: z.number().int(),
    votes: z.number().int(),
    conflict: z.enum(['self', 'same-organisation']).nullable(),
  }),
);

export const reviewResultSchema = z.object({
  state: z.enum(REVIEW_STATES),
  issued: z.array(z.object({ id: z.string(), url: z.string(), kind: z.string(), jwt: z.string() })),
});
export type ReviewResultJson = z.infer<typeof reviewResultSchema>;

/** The form of the application page that suspends, withdraws or reinstates a badge (a page only). */
export const statusFormSchema = z.object({
  action: z.enum(['revoke', 'suspend', 'reinstate'], 'choisissez une action'),
  reason: z.string().trim().min(1, 'indiquez le motif').max(500),
  application: z.string().uuid(),
});
