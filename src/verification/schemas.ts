import { z } from 'zod';
import { openBadgeCredentialSchema } from '../issuing/schemas.js';
import type { CheckId } from '../ob3/verify.js';

/** Requests and answers of the verification routes: validated by the routes, documented in OpenAPI. */

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

/** The upload form of the API (`multipart/form-data`), documented beside the JSON body. */
export const VERIFY_MULTIPART = {
  schema: {
    type: 'object' as const,
    properties: {
      file: {
        type: 'string' as const,
        format: 'binary',
        contentMediaType: 'application/octet-stream',
        description:
          'PDF du passeport, PNG ou SVG « cuit », JSON ou JWT. / Passport PDF, baked PNG or SVG, JSON or JWT.',
      },
      holderName: {
        type: 'string' as const,
        description: 'Nom du titulaire à contrôler (facultatif). / Holder name to check.',
      },
    },
    required: ['file'],
  },
  encoding: {
    file: {
      contentType: 'application/pdf, image/png, image/svg+xml, application/json, text/plain, application/octet-stream',
    },
  },
};

export const verifyQuery = z.object({
  credential: z.string().max(2000).optional(),
  url: z.string().max(2000).optional(),
  /** Public id of a digital passport (its QR code): verifies all its current credentials. */
  passeport: z
    .string()
    .regex(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/, 'identifiant de passeport invalide')
    .optional(),
  /** Holder's name to check against the passport's hashed identifiers. */
  nom: z.string().trim().max(200).optional(),
});

/** Every check of a verification, in order (`satisfies` fails to compile if one is missing or unknown). */
const CHECK_IDS = Object.keys({
  parse: 0,
  schema: 0,
  signature: 0,
  issuer: 0,
  status: 0,
  validity: 0,
  recipient: 0,
} satisfies Record<CheckId, 0>) as [CheckId, ...CheckId[]];

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
    verified: z.boolean(),
    checks: z.array(verificationCheckSchema),
    summary: z.string().meta({ description: 'Une phrase en français.' }),
    summaryEn: z.string().meta({ description: 'One sentence in English.' }),
    credential: openBadgeCredentialSchema.optional(),
    jwt: z.string().optional().meta({ description: 'Le VC-JWT vérifié.' }),
    format: z.enum(['jwt', 'json', 'unknown']),
    get credentials() {
      return z
        .array(verificationResultSchema)
        .optional()
        .meta({ description: 'Un résultat par badge, pour un passeport PDF qui en contient plusieurs.' });
    },
  })
  .meta({ id: 'VerificationResult' });
export type VerifyAnswer = z.infer<typeof verificationResultSchema>;
