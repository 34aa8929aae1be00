import { z } from 'zod';
import { ROLES } from '../db/schema.js';
import { httpUrl, humanName, publishedUrl } from '../lib/inputs.js';
import { SLUG_PATTERN } from '../lib/slug.js';
import { emptyAsAbsent } from '../openapi/json-schema.js';
import { slugParam } from '../web/params.js';

/** Requests and answers of the organisation routes: validated by the routes, documented in OpenAPI. */

const optionalUrl = emptyAsAbsent(httpUrl(500));
const optionalEmail = emptyAsAbsent(z.string().trim().email('adresse e-mail invalide').max(254));

export const newStructureSchema = z
  .object({
    hub: z.string().regex(SLUG_PATTERN).optional(),
    name: humanName(160, 'indiquez un nom', 2),
    slug: z.string().regex(SLUG_PATTERN, 'identifiant invalide').max(48).optional(),
    url: optionalUrl,
    email: optionalEmail,
  })
  .meta({
    id: 'CreateStructureRequest',
    description: 'Nouvelle structure ; `hub` si l’on administre plusieurs hubs. / New structure.',
  });

export const invitationSchema = z.object({ role: z.enum(ROLES), email: optionalEmail });
export const apiInvitationSchema = invitationSchema.extend({ organisation: z.string().regex(SLUG_PATTERN) }).meta({
  id: 'CreateInvitationRequest',
  description: 'Invitation ; `email` la réserve à une adresse. / Invitation, optionally bound to an address.',
});
export const removeSchema = z.object({ userId: z.string().uuid(), role: z.enum(ROLES) });
export const invitationParam = slugParam.extend({ id: z.string().uuid('identifiant invalide') });

export const organisationSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['hub', 'structure']),
    slug: z.string(),
    name: z.string(),
    url: z.string().nullable(),
    hubId: z.string().nullable(),
  })
  .meta({ id: 'Organisation' });
export type Organisation = z.infer<typeof organisationSchema>;

export const memberSchema = z
  .object({
    userId: z.string(),
    displayName: z.string(),
    email: z.string(),
    role: z.enum(ROLES),
    since: z.string(),
  })
  .meta({ id: 'Member' });
export type Member = z.infer<typeof memberSchema>;

export const invitationCreatedSchema = z
  .object({
    id: z.string(),
    url: z.url().meta({ description: 'Lien à usage unique (7 jours).' }),
    expiresAt: z.string(),
    organisation: z.string(),
    role: z.enum(ROLES),
  })
  .meta({ id: 'Invitation' });
export type InvitationCreated = z.infer<typeof invitationCreatedSchema>;

/** The public face of an organisation row. */
export function toOrganisation(o: Organisation): Organisation {
  // A website stored before only http(s) was accepted is not handed out.
  return { id: o.id, kind: o.kind, slug: o.slug, name: o.name, url: publishedUrl(o.url) ?? null, hubId: o.hubId };
}
