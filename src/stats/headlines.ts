import { type Count, FIGURE_KEYS, type FigureKey, type Statistics } from './service.js';

/** One figure a funder reads: its name, its one-line definition, its value and, for a stock, the previous one. */
export interface Headline {
  key: 'labelledPlaces' | 'certifiedMediators' | 'progressed' | FigureKey;
  name: [string, string];
  definition: [string, string];
  value: Count;
  /** The value at the end of the previous period (stocks of a bounded period only). */
  previous?: number;
}

const DEFINITIONS: Record<Headline['key'], { name: [string, string]; definition: [string, string] }> = {
  labelledPlaces: {
    name: ['Lieux labellisés', 'Labelled places'],
    definition: [
      'Structures dont le label est en vigueur à la fin de la période (ni suspendu, ni retiré, ni expiré).',
      'Structures whose label is in force at the end of the period (neither suspended, withdrawn nor expired).',
    ],
  },
  certifiedMediators: {
    name: ['Médiateurs certifiés', 'Certified mediators'],
    definition: [
      'Médiateurs de ces structures dont la certification « médiateur numérique certifié » est en vigueur à la fin de la période.',
      'Mediators of these structures whose “certified digital mediator” certification is in force at the end of the period.',
    ],
  },
  progressed: {
    name: ['Personnes qui ont progressé', 'People who progressed'],
    definition: [
      'Personnes évaluées pendant la période à un niveau plus élevé qu’à leur évaluation précédente, sur au moins une compétence (les personnes effacées n’y sont plus).',
      'People assessed during the period at a higher level than at their previous assessment, on at least one competence (erased people are no longer in it).',
    ],
  },
  learners: {
    name: ['Personnes accompagnées (nouvelles)', 'People helped (new)'],
    definition: [
      'Personnes inscrites pendant la période ; chacune compte une fois, le mois de son inscription.',
      'People registered during the period; each counts once, in the month they were registered.',
    ],
  },
  evaluations: {
    name: ['Évaluations', 'Evaluations'],
    definition: [
      'Séances d’évaluation (positionnement ou suivi) tenues pendant la période.',
      'Assessment sessions (positioning or follow-up) held during the period.',
    ],
  },
  observations: {
    name: ['Compétences observées', 'Competences observed'],
    definition: [
      'Compétences évaluées pendant ces séances : une compétence d’une séance compte pour une.',
      'Competences assessed during those sessions: one competence in one session counts as one.',
    ],
  },
  badges: {
    name: ['Badges délivrés', 'Badges issued'],
    definition: [
      'Badges de compétence délivrés aux personnes accompagnées pendant la période.',
      'Competence badges issued to the people helped during the period.',
    ],
  },
  passports: {
    name: ['Passeports délivrés', 'Passports issued'],
    definition: [
      'Passeports numériques délivrés pendant la période (10 compétences de base acquises).',
      'Digital passports issued during the period (10 core competences acquired).',
    ],
  },
};

/** The figures of the period, in the order a funder reads them: places, mediators, outcomes, activity. */
export function headlines(stats: Statistics): Headline[] {
  const stock = (key: 'labelledPlaces' | 'certifiedMediators'): Headline => ({
    key,
    ...DEFINITIONS[key],
    value: stats[key].value,
    ...(stats[key].previous === null ? {} : { previous: stats[key].previous }),
  });
  return [
    stock('labelledPlaces'),
    stock('certifiedMediators'),
    { key: 'progressed', ...DEFINITIONS.progressed, value: stats.progressed },
    ...FIGURE_KEYS.map((key) => ({ key, ...DEFINITIONS[key], value: stats.total[key] })),
  ];
}

/** A change with its sign (« +2 », « −1 », « 0 »). */
export function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0';
}
