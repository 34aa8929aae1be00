import type { AchievementKind, Role } from '../db/schema.js';

export type { AchievementKind };

/**
 * What each kind of achievement means to the rest of Jalon, in one closed table: a kind added to
 * ACHIEVEMENT_KINDS (src/db/schema.ts, the column's type) fails to compile until its policy is
 * written here, instead of falling into whatever default a `switch` somewhere happened to have.
 */
export interface KindPolicy {
  /** The kind of organisation that issues it. */
  issuer: 'hub' | 'structure';
  /** Roles in that organisation that may issue it and change its status. */
  roles: readonly Role[];
  /** Can be suspended (and reinstated); otherwise only revoked. */
  suspendable: boolean;
  /**
   * Why `POST /api/v1/credentials` refuses it, when only its own process issues it (the passport
   * from a learner's evaluations, the label from the committee's decision); null when it may be requested.
   */
  notOnRequest: { fr: string; en: string } | null;
  /** Its name on pages (register, credential page, a learner's list). */
  name: { fr: string; en: string };
  /** How the verifier's `label` check names one credential of this kind in a sentence (« Ce label… »). */
  this: { fr: string; en: string };
}

const LEARNER_ISSUERS = ['mediator', 'structure-admin'] as const satisfies readonly Role[];
const HUB_DECIDERS = ['hub-admin', 'committee'] as const satisfies readonly Role[];

export const KIND_POLICY: { readonly [K in AchievementKind]: KindPolicy } = {
  competence: {
    issuer: 'structure',
    roles: LEARNER_ISSUERS,
    suspendable: false,
    notOnRequest: null,
    name: { fr: 'Badge de compétence', en: 'Competence badge' },
    this: { fr: 'Ce badge de compétence', en: 'This competence badge' },
  },
  passport: {
    issuer: 'structure',
    roles: LEARNER_ISSUERS,
    suspendable: false,
    notOnRequest: {
      fr: 'Le passeport est délivré à partir des évaluations d’une personne accompagnée, pas directement.',
      en: 'The passport is issued from a learner’s evaluations, not directly.',
    },
    name: { fr: 'Passeport numérique', en: 'Digital passport' },
    this: { fr: 'Ce passeport numérique', en: 'This digital passport' },
  },
  block: {
    issuer: 'hub',
    roles: HUB_DECIDERS,
    suspendable: true,
    notOnRequest: null,
    name: { fr: 'Bloc de compétences de médiateur', en: 'Mediator skill block' },
    this: { fr: 'Cette certification de médiateur', en: 'This mediator certification' },
  },
  certification: {
    issuer: 'hub',
    roles: HUB_DECIDERS,
    suspendable: true,
    notOnRequest: null,
    name: { fr: 'Médiateur numérique certifié', en: 'Certified digital mediator' },
    this: { fr: 'Cette certification de médiateur', en: 'This mediator certification' },
  },
  label: {
    issuer: 'hub',
    roles: HUB_DECIDERS,
    suspendable: true,
    notOnRequest: {
      fr: 'Le label est délivré par la décision du comité sur la demande du lieu, pas directement.',
      en: 'The label is issued by the committee’s decision on the place’s application, not directly.',
    },
    name: { fr: 'Label régional', en: 'Regional label' },
    this: { fr: 'Ce label', en: 'This label' },
  },
};
