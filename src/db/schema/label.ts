import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { organisations, users } from './accounts.js';
import { createdAt } from './columns.js';
import { credentials } from './issuing.js';

/**
 * The regional label (owned by label/): programme versions, structure details for open data, public
 * listing consent of mediators, labels granted.
 */

export const labelProgrammes = sqliteTable(
  'label_programmes',
  {
    slug: text('slug').notNull(),
    version: text('version').notNull(),
    title: text('title').notNull(),
    /** Canonical JSON of the validated file. */
    content: text('content').notNull(),
    /** SHA-256 of the content: a known version loaded again with other content is refused. */
    contentHash: text('content_hash').notNull(),
    sortKey: text('sort_key').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.slug, t.version] })],
);
/**
 * What the national open-data schema of mediation places (LaMednum/standard-mediation-num) needs
 * about a structure beyond its name. Public data about a place, never about a person.
 */
export const structureProfiles = sqliteTable('structure_profiles', {
  orgId: text('org_id')
    .primaryKey()
    .references(() => organisations.id, { onDelete: 'cascade' }),
  /** SIRET (14 digits) or RNA (W + 9 digits). */
  pivot: text('pivot'),
  adresse: text('adresse'),
  complementAdresse: text('complement_adresse'),
  commune: text('commune'),
  codePostal: text('code_postal'),
  codeInsee: text('code_insee'),
  /** International format without spaces (+33…), as the schema wants. */
  telephone: text('telephone'),
  courriel: text('courriel'),
  siteWeb: text('site_web'),
  /** OpenStreetMap opening_hours syntax, or plain text. */
  horaires: text('horaires'),
  presentationResume: text('presentation_resume'),
  /** JSON array of values of the schema's `services` vocabulary. */
  services: text('services').notNull().default('[]'),
  /** JSON array of values of the schema's `frais_a_charge` vocabulary. */
  fraisACharge: text('frais_a_charge').notNull().default('[]'),
  ficheAccesLibre: text('fiche_acces_libre'),
  priseRdv: text('prise_rdv'),
  updatedAt: text('updated_at').notNull(),
});
/**
 * How a hub's labelled places name their label in the national open-data export: a value of the
 * schema's `formations_labels` vocabulary, or free text for `autres_formations_labels` (one of the two).
 * Set by the hub, never by the shared programme file: one deployment may serve hubs of several regions.
 */
export const hubOpenDataLabels = sqliteTable(
  'hub_open_data_labels',
  {
    hubId: text('hub_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    programmeSlug: text('programme_slug').notNull(),
    formationsLabels: text('formations_labels'),
    autresFormationsLabels: text('autres_formations_labels'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.hubId, t.programmeSlug] })],
);
/** A mediator agreed to have their name shown on the public page of a structure. */
export const publicListingConsents = sqliteTable(
  'public_listing_consents',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    orgId: text('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    consentAt: text('consent_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.orgId] })],
);
/**
 * A label granted by a hub to a structure. Its state lives on its credential row (suspended /
 * revoked = withdrawn) so that the status list, the registry and verification read one truth.
 */
export const labels = sqliteTable(
  'labels',
  {
    id: text('id').primaryKey(),
    structureId: text('structure_id')
      .notNull()
      .references(() => organisations.id),
    hubId: text('hub_id')
      .notNull()
      .references(() => organisations.id),
    programmeSlug: text('programme_slug').notNull(),
    programmeVersion: text('programme_version').notNull(),
    /** The application the committee decided on (null for a label granted outside an application). */
    applicationId: text('application_id'),
    credentialId: text('credential_id')
      .notNull()
      .references(() => credentials.id),
    /** The hub's EndorsementCredential of the structure's profile (compact JWT), shown while valid. */
    endorsementId: text('endorsement_id').notNull(),
    endorsementJwt: text('endorsement_jwt').notNull(),
    grantedAt: text('granted_at').notNull(),
    grantedBy: text('granted_by'),
    validFrom: text('valid_from').notNull(),
    validUntil: text('valid_until').notNull(),
    /** Certified mediators counted by Jalon when the label was granted. */
    certifiedMediators: integer('certified_mediators').notNull(),
    /** The label this one renews (an unbroken chain gives "labellisée depuis…"). */
    renewalOf: text('renewal_of'),
  },
  (t) => [
    index('labels_structure').on(t.structureId, t.grantedAt),
    uniqueIndex('labels_credential').on(t.credentialId),
  ],
);
