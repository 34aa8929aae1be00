import { z } from 'zod';
import { ROLES } from '../db/schema.js';
import { humanName } from '../lib/inputs.js';

/** Requests and answers of the account routes: validated by the routes, documented in OpenAPI. */

export const signInSchema = z.object({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(1024),
  suite: z.string().max(2000).optional(),
});

export const acceptSchema = z.object({
  email: z.string().trim().email('adresse e-mail invalide').max(254),
  displayName: humanName(120),
  password: z.string().min(1, 'indiquez un mot de passe').max(1024),
});

export const tokenNameSchema = z.object({ name: z.string().trim().min(1, 'donnez un nom au jeton').max(80) }).meta({
  id: 'CreateApiTokenRequest',
  description: 'Nom du jeton, pour le reconnaître. / A name to recognise the token.',
});
export const invitationTokenParam = z.object({
  token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'lien invalide'),
});

export const meSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    displayName: z.string(),
    memberships: z.array(
      z.object({
        organisation: z.object({
          id: z.string(),
          slug: z.string(),
          name: z.string(),
          kind: z.enum(['hub', 'structure']),
        }),
        role: z.enum(ROLES),
      }),
    ),
  })
  .meta({ id: 'Me' });
export type Me = z.infer<typeof meSchema>;

export const apiTokenSchema = z
  .object({
    id: z.string(),
    token: z.string().meta({ description: 'Affiché une seule fois ; préfixe `jalon_`.' }),
  })
  .meta({ id: 'ApiToken' });
export type ApiToken = z.infer<typeof apiTokenSchema>;
