import '../lib/zod-fr.js';
import { z } from 'zod';
import type { AppDeps, Principal } from '../context.js';
import { commitAudited } from '../db/audit.js';
import { forbidden, notFound } from '../errors.js';
import { httpUrl, publishedUrl } from '../lib/inputs.js';
import { emptyAsAbsent } from '../openapi/json-schema.js';
import { findOrganisationBySlug, type OrganisationRow } from '../organisations/lookup.js';
import { FRAIS, SERVICES } from './opendata.js';
import * as store from './store.js';

/**
 * The details of a structure that the national open-data schema needs (SIRET/RNA, address,
 * services…), edited by the structure's admin. Public data about a place, never about a person.
 */

const optionalText = (max: number) => emptyAsAbsent(z.string().trim().max(max, `${max} caractères au plus`));
const optionalUrl = emptyAsAbsent(httpUrl(500));

/** SIRET: 14 digits with a valid Luhn key (La Poste's establishments excepted by INSEE). */
function validSiret(v: string): boolean {
  if (!/^\d{14}$/.test(v)) return false;
  if (v.startsWith('356000000')) return true;
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    let d = Number(v[13 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Spaces as people type them are dropped; SIRET (14 digits) or RNA (W + 9 digits). */
const pivotSchema = z
  .string()
  .max(40)
  .transform((v) => v.replace(/\s+/g, '').toUpperCase())
  .pipe(
    z
      .string()
      .refine(
        (v) => validSiret(v) || /^W\d{9}$/.test(v),
        'numéro SIRET (14 chiffres) ou RNA (W suivi de 9 chiffres) attendu',
      ),
  );

/** French numbers as people write them (03 80 …) → the schema's international form (+33380…). */
const telephoneSchema = emptyAsAbsent(
  z
    .string()
    .max(30)
    .transform((v) => {
      const compact = v.replace(/[\s.()-]/g, '');
      return /^0\d{9}$/.test(compact) ? `+33${compact.slice(1)}` : compact;
    })
    .pipe(
      z
        .string()
        .regex(
          /^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)\d{6,9}$/,
          'numéro attendu comme 03 80 12 34 56 ou +33380123456',
        ),
    ),
);

export const structureDetailsSchema = z
  .object({
    pivot: pivotSchema,
    adresse: z.string().trim().min(3, 'indiquez le numéro et la voie').max(200),
    complementAdresse: optionalText(200),
    codePostal: z
      .string()
      .trim()
      .regex(/^\d{5}$/, 'code postal à 5 chiffres'),
    commune: z.string().trim().min(1, 'indiquez la commune').max(120),
    codeInsee: emptyAsAbsent(
      z
        .string()
        .trim()
        .regex(/^([013-9]\d|2[AB1-9])\d{3}$/, 'code INSEE à 5 caractères (ex. 21231)'),
    ),
    telephone: telephoneSchema,
    courriel: emptyAsAbsent(z.string().trim().email('adresse e-mail invalide').max(254)),
    siteWeb: optionalUrl,
    horaires: optionalText(500),
    presentationResume: optionalText(280),
    services: z.array(z.enum(SERVICES)).min(1, 'choisissez au moins un service').max(SERVICES.length),
    fraisACharge: z.array(z.enum(FRAIS)).max(FRAIS.length).default([]),
    ficheAccesLibre: optionalUrl,
    priseRdv: optionalUrl,
  })
  .meta({
    id: 'StructureDetails',
    description:
      'Fiche d’un lieu pour les données ouvertes nationales (vocabulaire du schéma LaMednum/standard-mediation-num). / Place details for the national open data.',
  });

export type StructureDetails = z.output<typeof structureDetailsSchema>;

export interface StructureDetailsView extends Partial<StructureDetails> {
  updatedAt: string | null;
}

export function detailsOfRow(row: store.StructureProfileRow | undefined): StructureDetailsView {
  if (!row) return { updatedAt: null, services: [], fraisACharge: [] };
  const opt = (v: string | null) => v ?? undefined;
  return {
    pivot: opt(row.pivot),
    adresse: opt(row.adresse),
    complementAdresse: opt(row.complementAdresse),
    codePostal: opt(row.codePostal),
    commune: opt(row.commune),
    codeInsee: opt(row.codeInsee),
    telephone: opt(row.telephone),
    courriel: opt(row.courriel),
    // Addresses stored before only http(s) was accepted are never shown or published.
    siteWeb: publishedUrl(row.siteWeb),
    horaires: opt(row.horaires),
    presentationResume: opt(row.presentationResume),
    services: JSON.parse(row.services) as StructureDetails['services'],
    fraisACharge: JSON.parse(row.fraisACharge) as StructureDetails['fraisACharge'],
    ficheAccesLibre: publishedUrl(row.ficheAccesLibre),
    priseRdv: publishedUrl(row.priseRdv),
    updatedAt: row.updatedAt,
  };
}

/** Complete enough to be published in the open-data registry: a label application needs it. */
export function detailsComplete(details: StructureDetailsView): boolean {
  return Boolean(details.pivot && details.adresse && details.commune && details.codePostal && details.services?.length);
}

/** The structure whose details the actor may edit: its structure admins only. */
export async function editableStructure(deps: AppDeps, actor: Principal, slug: string): Promise<OrganisationRow> {
  const org = await findOrganisationBySlug(deps.database.db, slug);
  if (org?.kind !== 'structure')
    throw notFound({ fr: 'Cette structure n’existe pas.', en: 'This structure does not exist.' });
  if (!actor.memberships.some((m) => m.orgId === org.id && m.role === 'structure-admin')) throw forbidden();
  return org;
}

export async function getDetails(deps: AppDeps, org: OrganisationRow): Promise<StructureDetailsView> {
  return detailsOfRow(await store.findProfile(deps.database.db, org.id));
}

/** The structure's mediators, each with whether they agreed to be named on its public page. */
export async function mediatorsOfStructure(
  deps: AppDeps,
  org: OrganisationRow,
): Promise<{ userId: string; displayName: string; consent: boolean }[]> {
  const mediators = await store.mediatorsIn(deps.database.db, [org.id]);
  return mediators.map(({ userId, displayName, consent }) => ({ userId, displayName, consent }));
}

export async function saveDetails(
  deps: AppDeps,
  actor: Principal,
  org: OrganisationRow,
  details: StructureDetails,
): Promise<StructureDetailsView> {
  const at = deps.clock();
  const row: store.StructureProfileRow = {
    orgId: org.id,
    pivot: details.pivot,
    adresse: details.adresse,
    complementAdresse: details.complementAdresse ?? null,
    codePostal: details.codePostal,
    commune: details.commune,
    codeInsee: details.codeInsee ?? null,
    telephone: details.telephone ?? null,
    courriel: details.courriel ?? null,
    siteWeb: details.siteWeb ?? null,
    horaires: details.horaires ?? null,
    presentationResume: details.presentationResume ?? null,
    services: JSON.stringify(details.services),
    fraisACharge: JSON.stringify(details.fraisACharge),
    ficheAccesLibre: details.ficheAccesLibre ?? null,
    priseRdv: details.priseRdv ?? null,
    updatedAt: at.toISOString(),
  };
  await commitAudited(
    deps,
    actor,
    [store.upsertProfile(deps.database.db, row)],
    { action: 'structure.details-changed', orgId: org.id, targetType: 'organisation', targetId: org.id },
    at,
  );
  return detailsOfRow(row);
}

function notTheirMediator() {
  return notFound({
    fr: 'Vous n’êtes pas médiateur de cette structure.',
    en: 'You are not a mediator of this structure.',
  });
}

/** The structure of a slug where the actor is a mediator (anyone else: 404, the structure stays unconfirmed). */
export async function mediatorStructure(deps: AppDeps, actor: Principal, slug: string): Promise<OrganisationRow> {
  const org = await findOrganisationBySlug(deps.database.db, slug);
  if (!org || !actor.memberships.some((m) => m.orgId === org.id && m.role === 'mediator')) throw notTheirMediator();
  return org;
}

/** Whether the actor (a mediator) agreed to have their name on the structure's public page. */
export function publicListingOf(deps: AppDeps, actor: Principal, org: OrganisationRow): Promise<boolean> {
  return store.hasConsent(deps.database.db, actor.userId, org.id);
}

/** A mediator agrees (or no longer agrees) to have their name on the structure's public page. */
export async function setPublicListing(
  deps: AppDeps,
  actor: Principal,
  org: OrganisationRow,
  consent: boolean,
): Promise<OrganisationRow> {
  const db = deps.database.db;
  if (!actor.memberships.some((m) => m.orgId === org.id && m.role === 'mediator')) throw notTheirMediator();
  const at = deps.clock();
  await commitAudited(
    deps,
    actor,
    [
      consent
        ? store.setConsent(db, actor.userId, org.id, at.toISOString())
        : store.clearConsent(db, actor.userId, org.id),
    ],
    {
      action: consent ? 'mediator.public-listing-consented' : 'mediator.public-listing-withdrawn',
      orgId: org.id,
      targetType: 'user',
      targetId: actor.userId,
    },
    at,
  );
  return org;
}
