import type { AppDeps } from '../context.js';
import { csvText } from '../lib/csv.js';
import { publishedUrl } from '../lib/inputs.js';
import { issuerDid } from '../ob3/did.js';
import { notFound } from '../errors.js';
import { findOrganisation, findOrganisationBySlug, type OrganisationRow } from '../organisations/lookup.js';
import type { LabelProgramme } from '../referentials/label-schema.js';
import { detailsOfRow, getDetails, type StructureDetailsView } from './details.js';
import { certifiedMediatorsOf } from './mediators.js';
import { COLUMNS, type OpenDataLabel, openDataChoicesOf, openDataLabelOf, SEPARATOR, type Column } from './opendata.js';
import { findProgrammeOrNull } from './programme.js';
import { structureStatus, type StructureLabelStatus } from './state.js';
import { labelStatusOf } from './service.js';
import * as store from './store.js';

/**
 * The public registry of labelled places: every structure whose label holds now, with what the
 * national open-data schema of mediation places needs. Read by the registry page, the JSON API and
 * the CSV export; a withdrawn, suspended or expired label drops the place from it.
 */

export interface RegistryEntry {
  issuer: string;
  slug: string;
  name: string;
  pageUrl: string;
  commune: string | null;
  codePostal: string | null;
  services: string[];
  label: {
    status: 'active';
    since: string;
    validFrom: string;
    validUntil: string;
    programme: { slug: string; version: string; title: string };
    credentialId: string;
  };
  certifiedMediators: number;
}

interface Row {
  entry: RegistryEntry;
  org: OrganisationRow;
  details: StructureDetailsView;
  programme: LabelProgramme;
  hubName: string;
  /** The label's cell in the national export, as the hub chose it. */
  openData: OpenDataLabel;
  grantedAt: string;
}

/** Lower case without accents, so that « eveque » finds « Évêque ». */
export function searchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

async function rows(deps: AppDeps, query?: string): Promise<Row[]> {
  const db = deps.database.db;
  const now = deps.clock();
  const byStructure = new Map<string, store.LabelWithState[]>();
  for (const l of await store.labelsOf(db))
    byStructure.set(l.structureId, [...(byStructure.get(l.structureId) ?? []), l]);
  const held = new Map<string, StructureLabelStatus>();
  for (const [id, list] of byStructure) {
    const status = structureStatus(list, now);
    if (status.state === 'active') held.set(id, status);
  }
  const ids = [...held.keys()];
  const [profiles, mediators] = await Promise.all([store.profilesOf(db, ids), certifiedMediatorsOf(deps, ids)]);
  const profileOf = new Map(profiles.map((p) => [p.orgId, p]));
  const choices = await openDataChoicesOf(deps, [...new Set([...byStructure.values()].flat().map((l) => l.hubId))]);
  const programmes = new Map<string, LabelProgramme | null>();
  const hubs = new Map<string, string>();
  const out: Row[] = [];
  for (const id of ids) {
    const org = await findOrganisation(db, id);
    const status = held.get(id)!;
    const label = byStructure.get(id)!.find((l) => l.id === status.label!.id)!;
    if (!org) continue;
    const key = `${label.programmeSlug}@${label.programmeVersion}`;
    if (!programmes.has(key))
      programmes.set(key, await findProgrammeOrNull(db, label.programmeSlug, label.programmeVersion));
    const programme = programmes.get(key);
    if (!programme) continue;
    if (!hubs.has(label.hubId)) hubs.set(label.hubId, (await findOrganisation(db, label.hubId))?.name ?? '');
    const details = detailsOfRow(profileOf.get(id));
    const entry: RegistryEntry = {
      issuer: issuerDid(deps.config.publicUrl, org.slug),
      slug: org.slug,
      name: org.name,
      pageUrl: `${deps.config.publicUrl}/lieux/${org.slug}`,
      commune: details.commune ?? null,
      codePostal: details.codePostal ?? null,
      services: details.services ?? [],
      label: {
        status: 'active',
        since: status.since!,
        validFrom: label.validFrom,
        validUntil: label.validUntil,
        programme: { slug: programme.slug, version: programme.version, title: programme.title },
        credentialId: `urn:uuid:${label.credentialId}`,
      },
      certifiedMediators: mediators.get(id)?.length ?? 0,
    };
    const hubName = hubs.get(label.hubId)!;
    const openData = openDataLabelOf(choices.get(`${label.hubId} ${label.programmeSlug}`), programme, hubName);
    out.push({ entry, org, details, programme, hubName, openData, grantedAt: label.grantedAt });
  }
  const q = query ? searchKey(query) : '';
  return out
    .filter((r) => !q || searchKey(`${r.entry.name} ${r.entry.commune ?? ''} ${r.entry.codePostal ?? ''}`).includes(q))
    .sort((a, b) => a.entry.name.localeCompare(b.entry.name, 'fr'));
}

export async function registry(deps: AppDeps, query?: string): Promise<RegistryEntry[]> {
  return (await rows(deps, query)).map((r) => r.entry);
}

/** A place's public page: a structure (anything else is 404), its hub, details, label status and programme, its certified mediators. */
export async function placeOf(deps: AppDeps, slug: string) {
  const db = deps.database.db;
  const org = await findOrganisationBySlug(db, slug);
  if (org?.kind !== 'structure') throw notFound({ fr: 'Ce lieu n’existe pas.', en: 'This place does not exist.' });
  const status = await labelStatusOf(deps, org.id);
  const label = status.label ? await store.findLabel(db, status.label.id) : undefined;
  return {
    org,
    hub: org.hubId ? await findOrganisation(db, org.hubId) : undefined,
    details: await getDetails(deps, org),
    status,
    programme: label ? await findProgrammeOrNull(db, label.programmeSlug, label.programmeVersion) : null,
    mediators: (await certifiedMediatorsOf(deps, [org.id])).get(org.id) ?? [],
  };
}

/** The values of one CSV row, by column of the national schema. */
function csvValues(r: Row): Record<Column, string | null> {
  const d = r.details;
  const label = r.openData;
  const updated = [d.updatedAt ?? '', r.grantedAt].sort().pop()!;
  const values = Object.fromEntries(COLUMNS.map((c) => [c, null])) as Record<Column, string | null>;
  Object.assign(values, {
    id: r.org.slug,
    pivot: d.pivot ?? null,
    nom: r.org.name,
    commune: d.commune ?? null,
    code_postal: d.codePostal ?? null,
    code_insee: d.codeInsee ?? null,
    adresse: d.adresse ?? null,
    complement_adresse: d.complementAdresse ?? null,
    telephone: d.telephone ?? null,
    courriels: d.courriel ?? r.org.email ?? null,
    site_web: d.siteWeb ?? publishedUrl(r.org.url) ?? null,
    horaires: d.horaires ?? null,
    presentation_resume: d.presentationResume ?? null,
    source: r.hubName,
    structure_parente: r.hubName,
    date_maj: updated.slice(0, 10),
    services: (d.services ?? []).join(SEPARATOR) || null,
    frais_a_charge: (d.fraisACharge ?? []).join(SEPARATOR) || null,
    [label.field]: label.value,
    fiche_acces_libre: d.ficheAccesLibre ?? null,
    prise_rdv: d.priseRdv ?? null,
  });
  return values;
}

/** Required columns of the schema: a place without them is left out of the CSV (and counted). */
const REQUIRED: Column[] = ['id', 'pivot', 'nom', 'commune', 'code_postal', 'adresse', 'date_maj'];

/** The registry as CSV in the national schema of mediation places (UTF-8, comma, CRLF). */
export async function registryCsv(deps: AppDeps, query?: string): Promise<{ csv: string; skipped: string[] }> {
  const lines: (string | null)[][] = [[...COLUMNS]];
  const skipped: string[] = [];
  for (const r of await rows(deps, query)) {
    const values = csvValues(r);
    if (REQUIRED.some((c) => !values[c])) {
      skipped.push(r.org.slug);
      continue;
    }
    lines.push(COLUMNS.map((c) => values[c]));
  }
  return { csv: csvText(lines), skipped };
}
