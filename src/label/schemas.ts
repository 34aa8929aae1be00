import { z } from 'zod';
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
