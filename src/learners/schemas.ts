import { z } from 'zod';
import { EVALUATION_METHODS } from '../db/schema.js';
import { humanName } from '../lib/inputs.js';
import { CREDENTIAL_STATES } from '../issuing/schemas.js';
import { emptyAsAbsent, opaque, optionalFormInteger } from '../openapi/json-schema.js';
import { slugParam } from '../web/params.js';
import { reasonField } from '../web/schemas.js';
import type { Earned } from './rules.js';

/** Requests and answers of the learner routes: validated by the routes, documented in OpenAPI. */

export const learnerParam = slugParam.extend({ id: z.string().uuid('identifiant invalide') });
export const holderParam = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'lien invalide') });

/**
 * The key a phone's outbox makes for a form kept offline: the same key sent twice creates one
 * thing (the second send answers the first result). Empty = none (a form sent without the script).
 */
const deviceKey = emptyAsAbsent(
  z.string().uuid('clé d’envoi invalide').meta({
    description:
      'Clé d’envoi unique (UUID) : renvoyer la même clé ne crée rien de plus. / Idempotency key (UUID): sending it again creates nothing more.',
  }),
);

const currentYear = () => new Date().getUTCFullYear();
export const newLearnerSchema = z
  .object({
    displayName: humanName(120, 'indiquez le nom de la personne'),
    /** The name in Latin letters as on the person's papers (for a name in another script); empty = none. */
    latinName: z.string().trim().max(120, '120 caractères au plus').optional(),
    email: emptyAsAbsent(z.string().trim().email('adresse e-mail invalide').max(254)),
    birthYear: optionalFormInteger(
      z.number().int('année invalide').min(1900, 'année invalide').max(currentYear(), 'année invalide'),
      '^[0-9]{4}$',
      'Année de naissance ; chaîne vide = absente. / Birth year; an empty string means absent.',
    ),
    consent: z.literal(['oui', true], 'l’accord de la personne est nécessaire'),
    deviceKey,
  })
  .meta({
    id: 'CreateLearnerRequest',
    description: 'Le minimum : un nom et l’accord de la personne (`consent`). / A name and the person’s consent.',
  });

export const dateSchema = z.iso.date('date attendue au format AAAA-MM-JJ');
export const evaluationSchema = z
  .object({
    method: z.enum(EVALUATION_METHODS),
    date: dateSchema,
    themes: z.array(z.string().max(80)).max(40).optional(),
    items: z
      .array(
        z.object({
          code: z.string().max(40),
          level: z.string().max(64),
          method: z.enum(EVALUATION_METHODS).optional(),
          evidenceNote: z.string().max(2000).optional(),
        }),
      )
      .max(200),
    deviceKey,
  })
  .meta({
    id: 'EvaluationRequest',
    description:
      'Positionnement ou évaluation : un niveau par compétence observée. / One level per observed competence.',
  });

export const evaluationParam = learnerParam.extend({ eid: z.string().uuid('identifiant de séance invalide') });
export const evaluationApiParam = z.object({
  id: z.string().uuid('identifiant invalide'),
  eid: z.string().uuid('identifiant de séance invalide'),
});

/** Correcting a recorded session: its new content (all of it) and why. */
export const evaluationEditSchema = evaluationSchema
  .omit({ themes: true, deviceKey: true })
  .extend({ reason: reasonField })
  .meta({
    id: 'EvaluationEditRequest',
    description:
      'Le contenu corrigé de la séance (il remplace l’ancien) et la raison. / The corrected session (replaces the former content) and the reason.',
  });

/** Correcting a person's details: every field as at registration (without the consent), and why. */
export const learnerCorrectionSchema = newLearnerSchema
  .omit({ consent: true, deviceKey: true })
  .extend({ reason: reasonField })
  .meta({
    id: 'LearnerCorrectionRequest',
    description:
      'Les informations corrigées (elles remplacent les anciennes) et la raison. / The corrected details (they replace the former ones) and the reason.',
  });

export const withdrawFormSchema = z.object({
  reason: reasonField,
  confirm: z.literal('oui', 'cochez la case pour confirmer le retrait'),
});

export const credentialParam = learnerParam.extend({ cid: z.string().uuid('identifiant de badge invalide') });

/** A repeated query parameter: one value arrives as a string, several as an array (pages only, not the API). */
function oneOrManyStrings(max: number, count = 60) {
  return z
    .union([z.string().max(max), z.array(z.string().max(max)).max(count, `${count} au plus`)])
    .default([])
    .transform((v) => (Array.isArray(v) ? v : [v]));
}
const oneOrMany = (max: number) => oneOrManyStrings(max);

/** The search of a page (learner list, competence search). */
export const searchQuery = z.object({ q: z.string().trim().max(120).default('') });

/** The competence finder of the evaluation and positioning pages: a search and picked codes or themes. */
export const finderQuery = z.object({
  q: z.string().trim().max(120).default(''),
  codes: oneOrManyStrings(40, 100),
  themes: oneOrManyStrings(80, 40),
});

/** A form with nothing but its CSRF token (one button). */
export const emptyForm = z.object({});

const WORKSHOP_METHODS = ['observation', 'exercise', 'self-assessment'] as const;

/** The workshop page's choices, from its GET form (who is present, which competences, a search). */
export const workshopQuerySchema = z.object({
  personnes: oneOrMany(64),
  codes: oneOrMany(40),
  q: z.string().trim().max(120).default(''),
  /** Which of the form's two buttons was pressed: « Rechercher » or « Préparer la feuille ». */
  etape: z.enum(['chercher', 'feuille']).optional(),
});

/** The workshop sheet as sent: `niveau.<person>.<code>` fields gathered per person. */
export const workshopFormSchema = z.object({
  personnes: z
    .array(z.string().uuid('personne inconnue'))
    .min(1, 'choisissez entre 1 et 60 personnes présentes')
    .max(60, 'choisissez entre 1 et 60 personnes présentes'),
  method: z.enum(WORKSHOP_METHODS, 'choisissez une façon d’évaluer'),
  date: dateSchema,
  levels: z.record(z.string(), z.record(z.string(), z.string().max(64))),
  codes: z.array(z.string().max(40)).max(60),
  deviceKey,
});

/** A group session over the API: one evaluation for each person present who has something noted. */
export const workshopSchema = z
  .object({
    method: z.enum(WORKSHOP_METHODS),
    date: dateSchema,
    people: z
      .array(
        z.object({
          learner: z.string().uuid('identifiant invalide'),
          items: z
            .array(
              z.object({
                code: z.string().max(40),
                level: z.string().max(64),
                evidenceNote: z.string().max(2000).optional(),
              }),
            )
            .max(200),
        }),
      )
      .min(1)
      .max(60),
    deviceKey,
  })
  .meta({
    id: 'WorkshopRequest',
    description:
      'Une séance de groupe : une évaluation par personne présente (tout ou rien). / A group session: one evaluation per person present (all or nothing).',
  });
export const workshopRecordedSchema = z
  .object({
    id: z
      .string()
      .meta({ description: 'La séance de groupe, pour délivrer ses badges. / The session, to issue its badges.' }),
    recorded: z.number().int(),
    issued: z.number().int(),
  })
  .meta({ id: 'WorkshopRecorded' });
export type WorkshopRecorded = z.infer<typeof workshopRecordedSchema>;

export const learnerCorrectedSchema = z
  .object({ id: z.string(), nameChanged: z.boolean(), staleCredentials: z.number().int() })
  .meta({ id: 'LearnerCorrected' });
export type LearnerCorrected = z.infer<typeof learnerCorrectedSchema>;

export const settingsFormSchema = z.object({ autoIssue: z.string().max(10).optional() });
export const eraseFormSchema = z.object({ confirm: z.literal('oui', 'cochez la case pour confirmer') });

export const learnerSummarySchema = z
  .object({ id: z.string(), publicId: z.string(), displayName: z.string().nullable(), createdAt: z.string() })
  .meta({ id: 'LearnerSummary' });
export type LearnerSummary = z.infer<typeof learnerSummarySchema>;

export const learnerCreatedSchema = z.object({ id: z.string(), publicId: z.string() });
export type LearnerCreated = z.infer<typeof learnerCreatedSchema>;

export const learnerSchema = z
  .object({
    id: z.string(),
    publicId: z.string().meta({ description: 'Identifiant du passeport (QR code).' }),
    displayName: z.string().nullable().meta({ description: 'null après effacement (RGPD).' }),
    referential: z.object({ slug: z.string(), version: z.string() }),
    standings: z.array(
      z.object({
        code: z.string(),
        level: z.string(),
        date: z.string(),
        first: z.object({ level: z.string(), date: z.string() }),
      }),
    ),
    earned: opaque<Earned>('Earned', {
      type: 'object',
      description: 'Ce que les règles d’attribution accordent (compétences, passeport).',
    }),
    credentials: z.array(
      z.object({
        id: z.string(),
        url: z.url(),
        kind: z.string(),
        competence: z.string().nullable(),
        level: z.string().nullable(),
        status: z.enum(CREDENTIAL_STATES),
        supersededBy: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'Learner' });
export type Learner = z.infer<typeof learnerSchema>;

export const issuedSummarySchema = z
  .object({ id: z.string(), url: z.url(), achievement: z.string(), kind: z.string(), level: z.string().nullable() })
  .meta({ id: 'IssuedSummary' });
export type IssuedSummary = z.infer<typeof issuedSummarySchema>;

export const evaluationRecordedSchema = z.object({ id: z.string(), issued: z.array(issuedSummarySchema) });
export type EvaluationRecorded = z.infer<typeof evaluationRecordedSchema>;
export const awardsSchema = z.object({ issued: z.array(issuedSummarySchema) });
export type Awards = z.infer<typeof awardsSchema>;
/** A workshop's badges issued in one call: per person present, what was issued now. */
export const workshopAwardsSchema = z
  .object({
    id: z.string(),
    people: z.array(z.object({ learner: z.string(), issued: z.array(issuedSummarySchema) })),
  })
  .meta({ id: 'WorkshopAwards' });
export type WorkshopAwards = z.infer<typeof workshopAwardsSchema>;
export const workshopApiParam = z.object({
  slug: slugParam.shape.slug,
  id: z.string().uuid('identifiant de séance invalide'),
});
/** The page of a recorded workshop (`/structures/:slug/atelier/:workshop`). */
export const workshopPageParam = z.object({
  slug: slugParam.shape.slug,
  workshop: z.string().uuid('identifiant de séance invalide'),
});
export const holderLinkSchema = z.object({ url: z.url() });
export const learnerExportSchema = z
  .record(z.string(), z.unknown())
  .meta({ id: 'LearnerExport', description: 'Toutes les données de la personne (RGPD).' });

export const evaluationEditedSchema = z
  .object({
    id: z.string(),
    changed: z.boolean(),
    issued: z.array(issuedSummarySchema),
    unsupported: z.array(z.string()),
  })
  .meta({
    id: 'EvaluationEdited',
    description:
      'unsupported : badges valables que plus aucune séance ne justifie (à retirer). / Valid badges no session supports any more.',
  });
export type EvaluationEdited = z.infer<typeof evaluationEditedSchema>;

// --- cohort import

const flag = z
  .enum(['1', '0', 'true', 'false', 'oui', 'non'])
  .optional()
  .transform((v) => v === '1' || v === 'true' || v === 'oui');

/** `?dryRun=1`: check and answer what would be issued, write nothing; `?consent=1` for a CSV body. */
export const cohortQuerySchema = z.object({ dryRun: flag, consent: flag });

export const cohortRequestSchema = z
  .object({
    items: z
      .array(
        z.object({
          name: z.string().max(200),
          email: z.string().max(254).optional(),
          birthYear: z.number().int().optional(),
          achievement: z.string().max(40).describe('Code de la compétence (abécédaire), par exemple « A1 ».'),
          level: z.string().max(64).describe('Niveau : `avec-guidage`, `autonome-si-besoin` ou `autonome`.'),
        }),
      )
      .min(1, 'au moins une ligne')
      .max(5000, '5 000 lignes au plus'),
    consent: z
      .boolean()
      .optional()
      .describe(
        'Vous attestez que les nouvelles personnes ont donné leur accord (nécessaire si la liste en inscrit). / You attest that new people consented.',
      ),
  })
  .meta({
    id: 'CohortImportRequest',
    description:
      'Des badges de compétence pour un groupe : une ligne par personne et par compétence. / Competence badges for a cohort.',
  });

export const cohortResultSchema = z
  .object({
    dryRun: z.boolean(),
    lines: z.number().int(),
    errors: z.array(z.object({ line: z.number().int(), message: z.string() })),
    newLearners: z.number().int(),
    held: z.number().int().describe('Badges déjà détenus à ce niveau ou plus. / Already held.'),
    issued: z.number().int(),
    importId: z.string().nullable(),
    resultUrl: z.string().nullable().describe('Le résultat en CSV (liens des badges). / The result as CSV.'),
    items: z.array(
      z.object({
        line: z.number().int(),
        achievement: z.string(),
        level: z.string(),
        learnerId: z.string(),
        newLearner: z.boolean(),
        status: z.enum(['planned', 'issued', 'held']),
        credential: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'CohortImportResult', description: 'Erreurs par ligne et badges. / Errors by line and badges.' });
export type CohortResult = z.infer<typeof cohortResultSchema>;
