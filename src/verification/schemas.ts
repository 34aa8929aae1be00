import { z } from 'zod';
import type { BadgeProblem, CheckId } from '../ob3/verify.js';
import { PRINTED_NAME_OUTCOMES, VERDICT_CODES } from './verdict.js';

/** Requests and answers of the verification API (house pattern: named components of the OpenAPI document). */

export const expectedSchema = z
  .object({ name: z.string().trim().min(1).max(200).optional(), email: z.string().trim().email().max(254).optional() })
  .optional();

export const verifyJsonSchema = z
  .union([
    z.strictObject({
      credential: z.union([z.string().min(1).max(1_000_000), z.record(z.string(), z.unknown())]),
      expected: expectedSchema,
    }),
    z.strictObject({ url: z.string().url().max(2000), expected: expectedSchema }),
  ])
  .meta({
    id: 'VerifyRequest',
    description:
      'Un badge (`credential`) ou le lien d’un badge de cette instance (`url`) ; `expected` pour contrôler le titulaire. / A credential or a link to one.',
  });

export const PASSPORT_ID = z
  .string()
  .regex(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/, 'identifiant de passeport invalide');

/** What a link may say: a badge or a passport, never a name (it would stay in histories and logs). */
export const verifierQuery = z.object({
  credential: z.string().max(2000).optional(),
  url: z.string().max(2000).optional(),
  /** Public id of a digital passport (its QR code): verifies all its current credentials. */
  passeport: PASSPORT_ID.optional(),
});

/** A text field of the forms, trimmed, empty when absent. */
const text = z
  .string()
  .optional()
  .transform((s) => (s ?? '').trim());
/** The name to check against the badges: longer than any name, it is cut rather than refused. */
const holderName = text.transform((s) => s.slice(0, 200));

/** The verification page's form: a passport id, a file, or a pasted badge (or link), and the name to check. */
export const verifierFormSchema = z.object({
  value: text,
  holderName,
  passeport: text.pipe(z.union([z.literal(''), PASSPORT_ID])),
  file: z.instanceof(File).optional(),
});

/** The API's upload, validated by `upload(...)` (its document is VERIFY_MULTIPART below). */
export const verifyUploadSchema = z.object({
  file: z.instanceof(File, { message: 'joignez le fichier dans le champ « file »' }),
  holderName,
});

/** The upload form of the same operation (documented as JSON Schema: a file is not a zod value). */
export const VERIFY_MULTIPART = {
  schema: {
    type: 'object',
    properties: {
      file: {
        type: 'string',
        format: 'binary',
        contentMediaType: 'application/octet-stream',
        description:
          'PDF du passeport, PNG ou SVG « cuit », JSON ou JWT. Pour un PDF, le nom qu’il porte est comparé à ses badges (`printedName`). / Passport PDF, baked PNG or SVG, JSON or JWT.',
      },
      holderName: { type: 'string', description: 'Nom du titulaire à contrôler (facultatif). / Holder name to check.' },
    },
    required: ['file'],
  },
  encoding: {
    file: {
      contentType: 'application/pdf, image/png, image/svg+xml, application/json, text/plain, application/octet-stream',
    },
  },
} as const;

/** Every check id, in order (`satisfies` fails to compile when one is added to CheckId and not here). */
const CHECK_IDS = Object.keys({
  parse: 0,
  schema: 0,
  signature: 0,
  issuer: 0,
  label: 0,
  status: 0,
  validity: 0,
  recipient: 0,
} satisfies Record<CheckId, 0>) as [CheckId, ...CheckId[]];

const BADGE_PROBLEMS = Object.keys({
  unreadable: 0,
  not_authentic: 0,
  unknown_issuer: 0,
  issuer_unchecked: 0,
  key_compromised: 0,
  revoked: 0,
  suspended: 0,
  status_unchecked: 0,
  expired: 0,
  not_yet_valid: 0,
  invalid_dates: 0,
  invalid_format: 0,
  other: 0,
} satisfies Record<BadgeProblem, 0>) as [BadgeProblem, ...BadgeProblem[]];

export const verificationCheckSchema = z
  .object({
    id: z.enum(CHECK_IDS),
    ok: z.boolean(),
    message: z.string().meta({ description: 'En français simple.' }),
    messageEn: z.string().meta({ description: 'In English.' }),
    details: z.array(z.string()).optional().meta({ description: 'Détails techniques (erreurs de schéma…).' }),
  })
  .meta({ id: 'VerificationCheck' });

export const verificationResultSchema = z
  .object({
    verified: z.boolean().meta({ description: 'Tous les contrôles sont passés. / Every check passed.' }),
    problem: z.enum(BADGE_PROBLEMS).optional().meta({
      description:
        'Pourquoi le badge n’est pas valide (la première raison) ; absent quand le badge est valide, le nom mis à part. / Why the badge is not valid.',
    }),
    holder: z
      .enum(['match', 'mismatch', 'unknown'])
      .optional()
      .meta({ description: 'Le nom ou l’e-mail attendu correspond-il au titulaire ? / Does the holder match?' }),
    checks: z.array(verificationCheckSchema),
    summary: z.string().meta({ description: 'Une phrase en français.' }),
    summaryEn: z.string().meta({ description: 'One sentence in English.' }),
    credential: z
      .record(z.string(), z.unknown())
      .optional()
      .meta({ description: 'Le badge Open Badges 3.0 lu (s’il respecte le schéma). / The credential read.' }),
    jwt: z.string().optional().meta({ description: 'Le VC-JWT vérifié.' }),
    format: z.enum(['jwt', 'json', 'unknown']),
  })
  .meta({ id: 'VerificationResult' });

export const verdictSchema = z
  .object({
    code: z.enum(VERDICT_CODES).meta({
      description:
        '`valid` ; `partially_valid` (certains badges ne le sont plus) ; `invalid` ; `name_mismatch` (badges valides, nom saisi différent) ; `printed_name_mismatch` (le nom porté par le PDF n’est pas celui des badges) ; `unreadable`.',
    }),
    title: z.string(),
    titleEn: z.string(),
    message: z.string(),
    messageEn: z.string(),
    total: z.number().int().meta({ description: 'Badges vérifiés. / Badges verified.' }),
    valid: z.number().int().meta({ description: 'Badges valides, le nom mis à part. / Valid badges.' }),
  })
  .meta({ id: 'Verdict', description: 'Le verdict d’ensemble. / The overall verdict.' });

export const printedNameSchema = z
  .object({
    outcome: z.enum(PRINTED_NAME_OUTCOMES),
    name: z.string().optional().meta({ description: 'Le nom que porte le PDF. / The name the PDF carries.' }),
    checked: z.number().int(),
    matching: z.number().int(),
    message: z.string(),
    messageEn: z.string(),
  })
  .meta({
    id: 'PrintedNameCheck',
    description:
      'Pour un passeport PDF : le nom qu’il porte, comparé à chacun de ses badges authentiques. / For a passport PDF: its holder name checked against its badges.',
  });

export const verifyResponseSchema = verificationResultSchema
  .extend({
    verdict: verdictSchema,
    printedName: printedNameSchema.optional(),
    credentials: z
      .array(verificationResultSchema)
      .optional()
      .meta({ description: 'Un résultat par badge, pour un passeport PDF qui en contient plusieurs.' }),
  })
  .meta({ id: 'VerifyResponse' });
