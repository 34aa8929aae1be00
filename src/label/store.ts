import { and, asc, desc, eq, inArray, like, sql } from 'drizzle-orm';
import type { Db, Statement } from '../db/client.js';
import { builtOnce } from '../db/prepared.js';
import {
  credentials,
  hubOpenDataLabels,
  labelProgrammes,
  labels,
  memberships,
  publicListingConsents,
  reviewApplications,
  structureProfiles,
  users,
} from '../db/schema.js';
import type { ApplicationRow } from '../review/service.js';

export type LabelProgrammeRow = typeof labelProgrammes.$inferSelect;
export type StructureProfileRow = typeof structureProfiles.$inferSelect;
export type LabelRow = typeof labels.$inferSelect;
export type HubOpenDataLabelRow = typeof hubOpenDataLabels.$inferSelect;

// --- programme versions

export async function findProgramme(db: Db, slug: string, version: string): Promise<LabelProgrammeRow | undefined> {
  const rows = await db
    .select()
    .from(labelProgrammes)
    .where(and(eq(labelProgrammes.slug, slug), eq(labelProgrammes.version, version)))
    .limit(1);
  return rows[0];
}

/** A programme version's title alone (a verification names the label; its content is not needed). */
export async function findProgrammeTitle(db: Db, slug: string, version: string): Promise<string | undefined> {
  const rows = await db
    .select({ title: labelProgrammes.title })
    .from(labelProgrammes)
    .where(and(eq(labelProgrammes.slug, slug), eq(labelProgrammes.version, version)))
    .limit(1);
  return rows[0]?.title;
}

/** The latest version of one programme. */
export async function latestProgramme(db: Db, slug: string): Promise<LabelProgrammeRow | undefined> {
  const rows = await db
    .select()
    .from(labelProgrammes)
    .where(eq(labelProgrammes.slug, slug))
    .orderBy(desc(labelProgrammes.sortKey), desc(labelProgrammes.createdAt))
    .limit(1);
  return rows[0];
}

/** Every published version of every programme: by slug, each programme's latest version first. */
export async function programmeVersions(db: Db): Promise<LabelProgrammeRow[]> {
  return db
    .select()
    .from(labelProgrammes)
    .orderBy(asc(labelProgrammes.slug), desc(labelProgrammes.sortKey), desc(labelProgrammes.createdAt));
}

export function insertProgramme(db: Db, row: LabelProgrammeRow): Statement {
  return db.insert(labelProgrammes).values(row);
}

// --- the hub's open-data value of its label

export async function hubOpenDataLabelsOf(db: Db, hubIds: string[]): Promise<HubOpenDataLabelRow[]> {
  if (hubIds.length === 0) return [];
  return db.select().from(hubOpenDataLabels).where(inArray(hubOpenDataLabels.hubId, hubIds));
}

export function upsertHubOpenDataLabel(db: Db, row: HubOpenDataLabelRow): Statement {
  return db
    .insert(hubOpenDataLabels)
    .values(row)
    .onConflictDoUpdate({
      target: [hubOpenDataLabels.hubId, hubOpenDataLabels.programmeSlug],
      set: {
        formationsLabels: row.formationsLabels,
        autresFormationsLabels: row.autresFormationsLabels,
        updatedAt: row.updatedAt,
      },
    });
}

// --- structure details (open data)

export async function findProfile(db: Db, orgId: string): Promise<StructureProfileRow | undefined> {
  const rows = await db.select().from(structureProfiles).where(eq(structureProfiles.orgId, orgId)).limit(1);
  return rows[0];
}

export async function profilesOf(db: Db, orgIds: string[]): Promise<StructureProfileRow[]> {
  if (orgIds.length === 0) return [];
  return db.select().from(structureProfiles).where(inArray(structureProfiles.orgId, orgIds));
}

export function upsertProfile(db: Db, row: StructureProfileRow): Statement {
  const { orgId: _orgId, ...patch } = row;
  return db.insert(structureProfiles).values(row).onConflictDoUpdate({ target: structureProfiles.orgId, set: patch });
}

// --- public listing consent of mediators

export function setConsent(db: Db, userId: string, orgId: string, at: string): Statement {
  return db.insert(publicListingConsents).values({ userId, orgId, consentAt: at }).onConflictDoNothing();
}

export function clearConsent(db: Db, userId: string, orgId: string): Statement {
  return db
    .delete(publicListingConsents)
    .where(and(eq(publicListingConsents.userId, userId), eq(publicListingConsents.orgId, orgId)));
}

export async function hasConsent(db: Db, userId: string, orgId: string): Promise<boolean> {
  const rows = await db
    .select({ userId: publicListingConsents.userId })
    .from(publicListingConsents)
    .where(and(eq(publicListingConsents.userId, userId), eq(publicListingConsents.orgId, orgId)))
    .limit(1);
  return rows.length > 0;
}

/** Mediators of these structures, by name, with whether each agreed to be named publicly on that structure's page. */
export async function mediatorsIn(
  db: Db,
  orgIds: readonly string[],
): Promise<{ orgId: string; userId: string; displayName: string; consent: boolean }[]> {
  if (orgIds.length === 0) return [];
  const rows = await db
    .select({
      orgId: memberships.orgId,
      userId: users.id,
      displayName: users.displayName,
      consentAt: publicListingConsents.consentAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(
      publicListingConsents,
      and(eq(publicListingConsents.userId, memberships.userId), eq(publicListingConsents.orgId, memberships.orgId)),
    )
    .where(and(inArray(memberships.orgId, [...orgIds]), eq(memberships.role, 'mediator')))
    .orderBy(asc(users.displayName));
  return rows.map((r) => ({
    orgId: r.orgId,
    userId: r.userId,
    displayName: r.displayName,
    consent: r.consentAt !== null,
  }));
}

// --- labels

export type LabelWithState = LabelRow & {
  revokedAt: string | null;
  revocationReason: string | null;
  suspendedAt: string | null;
  suspensionReason: string | null;
};

const labelColumns = {
  id: labels.id,
  structureId: labels.structureId,
  hubId: labels.hubId,
  programmeSlug: labels.programmeSlug,
  programmeVersion: labels.programmeVersion,
  applicationId: labels.applicationId,
  credentialId: labels.credentialId,
  endorsementId: labels.endorsementId,
  endorsementJwt: labels.endorsementJwt,
  grantedAt: labels.grantedAt,
  grantedBy: labels.grantedBy,
  validFrom: labels.validFrom,
  validUntil: labels.validUntil,
  certifiedMediators: labels.certifiedMediators,
  renewalOf: labels.renewalOf,
  revokedAt: credentials.revokedAt,
  revocationReason: credentials.revocationReason,
  suspendedAt: credentials.suspendedAt,
  suspensionReason: credentials.suspensionReason,
};

export function insertLabel(db: Db, row: LabelRow): Statement {
  return db.insert(labels).values(row);
}

/** Labels of the given structures (all when none given), of one programme if given, oldest first, with their credential state. */
export async function labelsOf(db: Db, structureIds?: string[], programmeSlug?: string): Promise<LabelWithState[]> {
  if (structureIds && structureIds.length === 0) return [];
  // One structure, every verification of its badges (the label check): built once (db/prepared.ts).
  if (structureIds?.length === 1 && !programmeSlug) {
    const query = builtOnce(db, 'labelsOfStructure', () =>
      db
        .select(labelColumns)
        .from(labels)
        .innerJoin(credentials, eq(credentials.id, labels.credentialId))
        .where(eq(labels.structureId, sql.placeholder('structureId')))
        .orderBy(asc(labels.grantedAt))
        .prepare(),
    );
    return query.all({ structureId: structureIds[0]! });
  }
  return db
    .select(labelColumns)
    .from(labels)
    .innerJoin(credentials, eq(credentials.id, labels.credentialId))
    .where(
      and(
        structureIds ? inArray(labels.structureId, structureIds) : undefined,
        programmeSlug ? eq(labels.programmeSlug, programmeSlug) : undefined,
      ),
    )
    .orderBy(asc(labels.structureId), asc(labels.grantedAt));
}

export async function findLabel(db: Db, id: string): Promise<LabelWithState | undefined> {
  const rows = await db
    .select(labelColumns)
    .from(labels)
    .innerJoin(credentials, eq(credentials.id, labels.credentialId))
    .where(eq(labels.id, id))
    .limit(1);
  return rows[0];
}

/** The label whose current endorsement has this id. */
export async function findLabelByEndorsement(db: Db, endorsementId: string): Promise<LabelWithState | undefined> {
  const rows = await db
    .select(labelColumns)
    .from(labels)
    .innerJoin(credentials, eq(credentials.id, labels.credentialId))
    .where(eq(labels.endorsementId, endorsementId))
    .limit(1);
  return rows[0];
}

/** Label applications of a structure to one programme (review core rows, subject `<slug>@<version>`), newest first. */
export async function labelApplicationsOf(
  db: Db,
  structureId: string,
  programmeSlug: string,
): Promise<ApplicationRow[]> {
  const rows = await db
    .select()
    .from(reviewApplications)
    .where(
      and(
        eq(reviewApplications.applicantOrgId, structureId),
        eq(reviewApplications.kind, 'structure-label'),
        // Slugs are lower-case letters, digits and hyphens: nothing LIKE would read as a wildcard.
        like(reviewApplications.subjectRef, `${programmeSlug}@%`),
      ),
    )
    .orderBy(desc(reviewApplications.createdAt));
  return rows as ApplicationRow[];
}

/** Label applications of these structures, to any programme, in one state of the review. */
export async function labelApplicationsIn(
  db: Db,
  structureIds: readonly string[],
  state: ApplicationRow['state'],
): Promise<ApplicationRow[]> {
  if (structureIds.length === 0) return [];
  const rows = await db
    .select()
    .from(reviewApplications)
    .where(
      and(
        inArray(reviewApplications.applicantOrgId, [...structureIds]),
        eq(reviewApplications.kind, 'structure-label'),
        eq(reviewApplications.state, state),
      ),
    )
    .orderBy(desc(reviewApplications.createdAt));
  return rows as ApplicationRow[];
}

export async function findLabelByApplication(db: Db, applicationId: string): Promise<LabelRow | undefined> {
  const rows = await db.select().from(labels).where(eq(labels.applicationId, applicationId)).limit(1);
  return rows[0];
}

export function setLabelCredential(db: Db, labelId: string, credentialId: string): Statement {
  return db.update(labels).set({ credentialId }).where(eq(labels.id, labelId));
}

/** A reinstated label's new endorsement (the former one shares the suspended credential's revoked slot). */
export function setLabelEndorsement(db: Db, labelId: string, endorsementId: string, endorsementJwt: string): Statement {
  return db.update(labels).set({ endorsementId, endorsementJwt }).where(eq(labels.id, labelId));
}
