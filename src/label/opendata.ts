/**
 * The national open-data table schema of mediation places (LaMednum/standard-mediation-num,
 * https://raw.githubusercontent.com/LaMednum/standard-mediation-num/v1.0.2/schema.json, Licence
 * Ouverte 2.0): its columns in order and the vocabularies Jalon fills.
 * test/fixtures/standard-mediation-num/schema-fields.json holds the schema's field list and a test
 * validates the export against it.
 */

/** Columns of the schema, in its order (the CSV header). */
export const COLUMNS = [
  'id',
  'pivot',
  'nom',
  'commune',
  'code_postal',
  'code_insee',
  'adresse',
  'complement_adresse',
  'latitude',
  'longitude',
  'typologie',
  'telephone',
  'courriels',
  'site_web',
  'horaires',
  'presentation_resume',
  'presentation_detail',
  'source',
  'itinerance',
  'structure_parente',
  'date_maj',
  'services',
  'publics_specifiquement_adresses',
  'prise_en_charge_specifique',
  'frais_a_charge',
  'dispositif_programmes_nationaux',
  'formations_labels',
  'autres_formations_labels',
  'modalites_acces',
  'modalites_accompagnement',
  'fiche_acces_libre',
  'prise_rdv',
] as const;

export type Column = (typeof COLUMNS)[number];

/** `services` vocabulary of the schema. */
export const SERVICES = [
  'Aide aux démarches administratives',
  'Maîtrise des outils numériques du quotidien',
  'Insertion professionnelle via le numérique',
  'Utilisation sécurisée du numérique',
  'Parentalité et éducation avec le numérique',
  'Loisirs et créations numériques',
  'Compréhension du monde numérique',
  'Accès internet et matériel informatique',
  'Acquisition de matériel informatique à prix solidaire',
] as const;

/** `frais_a_charge` vocabulary of the schema. */
export const FRAIS = ['Gratuit', 'Gratuit sous condition', 'Payant'] as const;

/** Multiple values of one cell are separated by a vertical bar (schema v1). */
export const SEPARATOR = '|';
