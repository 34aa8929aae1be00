import { z } from 'zod';

/** Request shapes that several features share, so that each has one OpenAPI component. */

/** Why a decision is taken (withdrawal, suspension, correction, erasure): kept in the audit log. */
export const reasonField = z
  .string()
  .trim()
  .min(3, 'indiquez la raison en quelques mots')
  .max(500, '500 caractères au plus')
  .meta({ description: 'Pourquoi (gardé dans le journal). / Why (kept in the audit log).' });

export const reasonSchema = z.object({ reason: reasonField }).meta({
  id: 'ReasonRequest',
  description: 'Une raison, gardée dans le journal. / A reason, kept in the audit log.',
});
