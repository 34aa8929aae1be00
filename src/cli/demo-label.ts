/**
 * The demo structure is labelled through the real services, as a hub would do it: its admin fills
 * the place's details and applies with evidence per criterion, two committee members approve, and
 * the hub issues the label credential. A structure already labelled keeps its label (the demo may
 * run again on the same database).
 */
import { findUserByEmail, insertMembership, insertUser, membershipsOf } from '../auth/store.js';
import type { AppDeps, Principal } from '../context.js';
import type { Role } from '../db/schema.js';
import { saveApplication, startApplication, openApplicationOf } from '../label/applications.js';
import { reviewApplication } from '../label/committee.js';
import { saveDetails, structureDetailsSchema } from '../label/details.js';
import { getProgramme } from '../label/programme.js';
import { labelStatusOf } from '../label/service.js';
import { findLabel } from '../label/store.js';
import { issuerDid } from '../ob3/did.js';
import type { OrganisationRow } from '../organisations/store.js';

/** A demo account with one role (no password: it can never sign in). */
export async function demoUser(
  deps: AppDeps,
  email: string,
  displayName: string,
  org: OrganisationRow,
  role: Role,
): Promise<Principal> {
  const db = deps.database.db;
  let user = await findUserByEmail(db, email);
  if (!user) {
    const now = deps.clock().toISOString();
    user = { id: crypto.randomUUID(), email, displayName, passwordHash: '!', createdAt: now, disabledAt: null };
    await deps.database.batch([
      insertUser(db, user),
      insertMembership(db, { userId: user.id, orgId: org.id, role, createdAt: now }),
    ]);
  }
  return { userId: user.id, email, displayName, memberships: await membershipsOf(db, user.id), via: 'token' };
}

/** The shipped programme, whose criteria the evidence below answers. */
const PROGRAMME = 'label-regional';

/** The demo place's evidence per criterion (the browser tests review the same application). */
export const DEMO_LABEL_EVIDENCE: Record<string, string> = {
  'acces-gratuit':
    'Accompagnement gratuit et sans adhésion pour les démarches et les usages essentiels, affiché à l’entrée.',
  horaires:
    'Du lundi au vendredi, 9 h – 12 h et 14 h – 17 h (35 heures par semaine), publiés sur la cartographie nationale.',
  accessibilite: 'Lieu de plain-pied, fiche Acceslibre à jour ; rendez-vous à domicile possible.',
  'donnees-personnelles':
    'Charte adoptée en conseil d’administration, affichée et signée par chaque membre de l’équipe.',
  'partenariat-social': 'Convention avec le CCAS et la maison France Services : fiche d’orientation partagée.',
  'suivi-competences': 'Positionnement avec l’abécédaire, badges et passeport remis avec Jalon.',
};

export interface DemoLabel {
  structureIssuer: string;
  credentialId: string;
}

export async function labelDemoStructure(
  deps: AppDeps,
  hub: OrganisationRow,
  structure: OrganisationRow,
): Promise<DemoLabel> {
  const db = deps.database.db;
  const current = await labelStatusOf(deps, structure.id, PROGRAMME);
  let labelId = current.state === 'active' ? current.label?.id : undefined;
  if (!labelId) {
    const admin = await demoUser(
      deps,
      'admin.structure.demo@jalon.invalid',
      'Responsable de démonstration',
      structure,
      'structure-admin',
    );
    await saveDetails(
      deps,
      admin,
      structure,
      structureDetailsSchema.parse({
        pivot: '73282932000074',
        adresse: '12 rue de la Liberté',
        codePostal: '21000',
        commune: 'Dijon',
        codeInsee: '21231',
        horaires: 'Mo-Fr 09:00-12:00,14:00-17:00',
        services: [
          'Aide aux démarches administratives',
          'Maîtrise des outils numériques du quotidien',
          'Utilisation sécurisée du numérique',
        ],
        fraisACharge: ['Gratuit'],
      }),
    );
    const open = await openApplicationOf(deps, structure, PROGRAMME);
    const app = open
      ? await saveApplication(deps, admin, open.id, { answers: DEMO_LABEL_EVIDENCE, submit: open.state === 'draft' })
      : await startApplication(deps, admin, structure.slug, PROGRAMME, DEMO_LABEL_EVIDENCE, true);
    const programme = await getProgramme(db, PROGRAMME);
    const review = {
      vote: 'approve' as const,
      items: programme.criteria.map((c) => ({ code: c.code, decision: 'accept' as const })),
    };
    for (const n of [1, 2]) {
      const member = await demoUser(deps, `comite${n}.demo@jalon.invalid`, `Membre du comité ${n}`, hub, 'committee');
      const result = await reviewApplication(deps, member, app.id, review);
      labelId = result.labelId ?? labelId;
    }
  }
  const label = labelId ? await findLabel(db, labelId) : undefined;
  if (!label) throw new Error('demo label not granted');
  return {
    structureIssuer: issuerDid(deps.config.publicUrl, structure.slug),
    credentialId: `urn:uuid:${label.credentialId}`,
  };
}
