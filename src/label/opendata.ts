import '../lib/zod-fr.js';
import { z } from 'zod';
import type { AppDeps, Principal } from '../context.js';
import { commitAudited } from '../db/audit.js';
import { notFound } from '../errors.js';
import { emptyAsAbsent } from '../openapi/json-schema.js';
import { findOrganisationBySlug, type OrganisationRow } from '../organisations/lookup.js';
import type { LabelProgramme } from '../referentials/label-schema.js';
import { publishedProgrammes } from './programme.js';
import * as store from './store.js';

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

/**
 * `formations_labels` vocabulary of the schema (v1.0.2). Most values name one region's network: a hub
 * chooses one only for its own label, never by default.
 */
export const FORMATIONS_LABELS = [
  'Formé à « Mon Espace Santé »',
  'Formé à « DUPLEX » (illettrisme)',
  'Arnia/MedNum BFC (Bourgogne-Franche-Comté)',
  'Collectif ressources et acteurs réemploi (Normandie)',
  'Étapes numériques(La Poste)',
  'Fabriques de Territoire',
  'Les Éclaireurs du numérique (Drôme)',
  'Mes Papiers (Métropole de Lyon)',
  'ORDI 3.0',
  'SUD LABS (PACA)',
] as const;

// --- the hub's open-data value of its label

/** What a hub says: a value of the vocabulary, or its label's own name (one of the two). */
export const openDataLabelSchema = z
  .object({
    formationsLabels: emptyAsAbsent(z.enum(FORMATIONS_LABELS, 'choisissez une valeur de la liste')),
    autresFormationsLabels: emptyAsAbsent(
      z.string().trim().min(2, 'indiquez un nom').max(200, '200 caractères au plus'),
    ),
  })
  .refine((v) => Boolean(v.formationsLabels) !== Boolean(v.autresFormationsLabels), {
    path: ['autresFormationsLabels'],
    message: 'choisissez une valeur de la liste, ou écrivez le nom de votre label — un seul des deux',
  })
  .meta({ id: 'HubOpenDataLabel', description: 'Nom du label dans les données ouvertes. / The label in open data.' });
export type OpenDataLabelInput = z.infer<typeof openDataLabelSchema>;

export interface OpenDataLabel {
  field: 'formations_labels' | 'autres_formations_labels';
  value: string;
}

/**
 * The label's cell in the national export. Only the hub's own choice may use `formations_labels`
 * (whose values name regions); a hub that has not chosen publishes its places under
 * `autres_formations_labels`, with the programme's title and the hub's name — never another region's.
 */
export function openDataLabelOf(
  chosen: Pick<store.HubOpenDataLabelRow, 'formationsLabels' | 'autresFormationsLabels'> | undefined,
  programme: Pick<LabelProgramme, 'title'>,
  hubName: string,
): OpenDataLabel {
  if (chosen?.formationsLabels) return { field: 'formations_labels', value: chosen.formationsLabels };
  if (chosen?.autresFormationsLabels)
    return { field: 'autres_formations_labels', value: chosen.autresFormationsLabels };
  return { field: 'autres_formations_labels', value: hubName ? `${programme.title} (${hubName})` : programme.title };
}

/** The hubs' choices, by `<hub id> <programme slug>`. */
export async function openDataChoicesOf(
  deps: AppDeps,
  hubIds: string[],
): Promise<Map<string, store.HubOpenDataLabelRow>> {
  const rows = await store.hubOpenDataLabelsOf(deps.database.db, hubIds);
  return new Map(rows.map((r) => [`${r.hubId} ${r.programmeSlug}`, r]));
}

/** A hub its admin runs, by slug (anyone else: 404). */
export async function adminHub(deps: AppDeps, actor: Principal, slug: string): Promise<OrganisationRow> {
  const org = await findOrganisationBySlug(deps.database.db, slug);
  if (org?.kind !== 'hub' || !actor.memberships.some((m) => m.orgId === org.id && m.role === 'hub-admin'))
    throw notFound({ fr: 'Ce hub n’existe pas ou vous ne l’administrez pas.', en: 'No such hub among those you run.' });
  return org;
}

/** Each programme published here, with the hub's choice for it and what the export publishes now. */
export async function hubOpenDataLabels(deps: AppDeps, hub: OrganisationRow) {
  const choices = await openDataChoicesOf(deps, [hub.id]);
  return (await publishedProgrammes(deps.database.db)).map((programme) => {
    const chosen = choices.get(`${hub.id} ${programme.slug}`);
    return { programme, chosen, published: openDataLabelOf(chosen, programme, hub.name) };
  });
}

/** The hubs (among those given) that have not yet set the value of every programme published here. */
export async function hubsWithoutOpenDataLabel(deps: AppDeps, hubs: OrganisationRow[]): Promise<Set<string>> {
  const [programmes, choices] = await Promise.all([
    publishedProgrammes(deps.database.db),
    openDataChoicesOf(
      deps,
      hubs.map((h) => h.id),
    ),
  ]);
  return new Set(hubs.filter((h) => programmes.some((p) => !choices.has(`${h.id} ${p.slug}`))).map((h) => h.id));
}

export async function setHubOpenDataLabel(
  deps: AppDeps,
  actor: Principal,
  hub: OrganisationRow,
  programmeSlug: string,
  input: OpenDataLabelInput,
): Promise<void> {
  if (!(await publishedProgrammes(deps.database.db)).some((p) => p.slug === programmeSlug))
    throw notFound({ fr: 'Ce programme de label n’existe pas.', en: 'This label programme does not exist.' });
  const at = deps.clock();
  await commitAudited(
    deps,
    actor,
    [
      store.upsertHubOpenDataLabel(deps.database.db, {
        hubId: hub.id,
        programmeSlug,
        formationsLabels: input.formationsLabels ?? null,
        autresFormationsLabels: input.autresFormationsLabels ?? null,
        updatedAt: at.toISOString(),
      }),
    ],
    {
      action: 'label.open-data-label-set',
      orgId: hub.id,
      targetType: 'organisation',
      targetId: hub.id,
      data: { programme: programmeSlug, ...input },
    },
    at,
  );
}
