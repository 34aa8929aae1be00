import { z } from 'zod';
import { humanName } from '../lib/inputs.js';
import { SLUG_PATTERN } from '../lib/slug.js';
import { opaque } from '../openapi/json-schema.js';
import type { OpenBadgeCredential } from '../ob3/types.js';
import { slugParam } from '../web/params.js';
import { reasonSchema } from '../web/schemas.js';

/** Requests and answers of the issuing routes: validated by the routes, documented in OpenAPI. */

export const listParam = slugParam.extend({ list: z.string().regex(/^[A-Za-z0-9_-]{6,40}$/, 'liste inconnue') });
export const fileParam = z.object({
  file: z
    .string()
    .regex(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(\.(json|jwt|svg|png))?$/,
      'identifiant de badge invalide',
    ),
});
export const achievementParams = z.object({
  slug: z.string().regex(SLUG_PATTERN, 'identifiant invalide'),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'version attendue au format x.y.z'),
  path: z
    .string()
    .regex(
      /^(competences\/[A-Za-z0-9._-]+|blocs\/[A-Za-z0-9._-]+|passeport|certification)(\.(json|svg|png))?$/,
      'badge inconnu',
    ),
});
export const fragmentParam = slugParam.extend({
  fragment: z.string().regex(/^[A-Za-z0-9._~-]{1,64}$/, 'clé inconnue'),
});
export const badgeParam = slugParam.extend({ id: z.string().uuid('identifiant de badge invalide') });

export const statusFormSchema = reasonSchema.extend({
  action: z.enum(['revoke', 'suspend', 'reinstate'], 'choisissez une action'),
});
/** The key-rotation form carries only its CSRF token. */
export const emptyFormSchema = z.object({});

/** Same pattern as the check in the issuing service. */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_.:-]{1,100}$/;

export const issueSchema = z
  .object({
    /** Key (`abecedaire/1.0.0/competences/A1`) or URL of an achievement of this instance. */
    achievement: z.string().min(3).max(500),
    /** Issuing organisation (slug); optional when the caller has one organisation that may issue it. */
    issuer: z.string().regex(SLUG_PATTERN).optional(),
    recipient: z.object({
      name: humanName(200, 'nom requis'),
      /** The name in Latin letters as on the person's papers (a second hashed name identifier). */
      latinName: humanName(200).optional(),
      email: z.string().trim().email().max(254).optional(),
      id: z
        .string()
        .regex(/^did:[a-z0-9]+:.+$/, 'identifiant DID attendu')
        .max(500)
        .optional(),
    }),
    /** Level reached (a level id of the referential's scale); for a block, applies to each of its competences. */
    level: z.string().max(64).optional(),
    /** Per-competence levels, for a block badge: `[{ code: "M1.2", level: "maitrise" }]`. */
    results: z
      .array(z.object({ code: z.string().max(40), level: z.string().max(64) }))
      .max(100)
      .optional(),
    validUntil: z.iso.datetime({ offset: true }).optional(),
  })
  .meta({
    id: 'IssueCredentialRequest',
    description:
      'Badge à délivrer : `level` (un niveau de l’échelle du référentiel) ou `results` par compétence pour un bloc ; `issuer` si plusieurs organisations peuvent le délivrer. / Credential to issue.',
  });
export type IssueRequest = z.infer<typeof issueSchema>;

export const CREDENTIAL_STATES = ['active', 'revoked', 'suspended'] as const;

export const openBadgeCredentialSchema = opaque<OpenBadgeCredential>('OpenBadgeCredential', {
  type: 'object',
  description:
    'Badge Open Badges 3.0 (AchievementCredential, JSON-LD), conforme au schéma officiel de 1EdTech. / An Open Badges 3.0 credential.',
  required: ['@context', 'type', 'id', 'issuer', 'credentialSubject'],
  properties: {
    '@context': { type: 'array' },
    type: { type: 'array', items: { type: 'string' } },
    id: { type: 'string' },
    issuer: { type: 'object' },
    credentialSubject: { type: 'object' },
  },
});

export const issuedCredentialSchema = z
  .object({
    id: z.string().meta({ description: '`urn:uuid:…`' }),
    url: z.url(),
    status: z.enum(CREDENTIAL_STATES),
    jwt: z.string().meta({ description: 'VC-JWT ES256.' }),
    credential: openBadgeCredentialSchema,
  })
  .meta({ id: 'IssuedCredential' });
export type IssuedCredential = z.infer<typeof issuedCredentialSchema>;

export const credentialRecordSchema = z
  .object({
    id: z.string(),
    url: z.url(),
    status: z.enum(CREDENTIAL_STATES),
    suspendable: z.boolean(),
    issuedAt: z.string(),
    revokedAt: z.string().nullable(),
    revocationReason: z.string().nullable(),
    suspendedAt: z.string().nullable(),
    suspensionReason: z.string().nullable(),
    credential: openBadgeCredentialSchema,
  })
  .meta({ id: 'CredentialRecord' });
export type CredentialRecord = z.infer<typeof credentialRecordSchema>;

export const credentialStatusSchema = z
  .object({
    id: z.string(),
    status: z.enum(CREDENTIAL_STATES),
    // Reinstatement issues a fresh credential: the suspended one stays not valid (src/ob3/README.md).
    replacedBy: z.object({ id: z.string(), url: z.string(), jwt: z.string() }).optional(),
  })
  .meta({ id: 'CredentialStatus' });
export type CredentialStatus = z.infer<typeof credentialStatusSchema>;

export const signingKeySchema = z
  .object({
    kid: z.string().meta({ description: 'URL DID de la clé (`did:web:…#fragment`).' }),
    status: z.string(),
  })
  .meta({ id: 'SigningKey' });
export type SigningKeyAnswer = z.infer<typeof signingKeySchema>;
