import { z } from 'zod';
import { EVALUATION_METHODS } from '../db/schema.js';
import { humanName } from '../lib/inputs.js';
import { CREDENTIAL_STATES } from '../issuing/schemas.js';
import { emptyAsAbsent, opaque, optionalFormInteger } from '../openapi/json-schema.js';
import { slugParam } from '../web/params.js';
import type { Earned } from './rules.js';

/** Requests and answers of the learner routes: validated by the routes, documented in OpenAPI. */

export const learnerParam = slugParam.extend({ id: z.string().uuid('identifiant invalide') });
export const holderParam = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'lien invalide') });

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
  })
  .meta({
    id: 'EvaluationRequest',
    description:
      'Positionnement ou évaluation : un niveau par compétence observée. / One level per observed competence.',
  });

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
export const holderLinkSchema = z.object({ url: z.url() });
export const learnerExportSchema = z
  .record(z.string(), z.unknown())
  .meta({ id: 'LearnerExport', description: 'Toutes les données de la personne (RGPD).' });
