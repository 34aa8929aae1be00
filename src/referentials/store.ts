import { and, asc, desc, eq, lt } from 'drizzle-orm';
import type { Db, Statement } from '../db/client.js';
import { referentialVersions } from '../db/schema.js';

export type ReferentialRow = typeof referentialVersions.$inferSelect;

export async function listReferentialVersions(
  db: Db,
): Promise<Pick<ReferentialRow, 'slug' | 'version' | 'kind' | 'title' | 'createdAt'>[]> {
  return db
    .select({
      slug: referentialVersions.slug,
      version: referentialVersions.version,
      kind: referentialVersions.kind,
      title: referentialVersions.title,
      createdAt: referentialVersions.createdAt,
    })
    .from(referentialVersions)
    .orderBy(asc(referentialVersions.slug), desc(referentialVersions.sortKey));
}

export async function findReferentialVersion(
  db: Db,
  slug: string,
  version: string,
): Promise<ReferentialRow | undefined> {
  const rows = await db
    .select()
    .from(referentialVersions)
    .where(and(eq(referentialVersions.slug, slug), eq(referentialVersions.version, version)))
    .limit(1);
  return rows[0];
}

export async function findLatestReferential(db: Db, slug: string): Promise<ReferentialRow | undefined> {
  const rows = await db
    .select()
    .from(referentialVersions)
    .where(eq(referentialVersions.slug, slug))
    .orderBy(desc(referentialVersions.sortKey))
    .limit(1);
  return rows[0];
}

/** The highest version below `sortKey` (the one a new version succeeds). */
export async function findPreviousReferential(
  db: Db,
  slug: string,
  sortKey: string,
): Promise<ReferentialRow | undefined> {
  const rows = await db
    .select()
    .from(referentialVersions)
    .where(and(eq(referentialVersions.slug, slug), lt(referentialVersions.sortKey, sortKey)))
    .orderBy(desc(referentialVersions.sortKey))
    .limit(1);
  return rows[0];
}

export function insertReferentialVersion(db: Db, row: typeof referentialVersions.$inferInsert): Statement {
  return db.insert(referentialVersions).values(row);
}

/** Identity of a version (without its content): enough to key caches of immutable derived data. */
export async function findReferentialIdentity(
  db: Db,
  slug: string,
  version?: string,
): Promise<Pick<ReferentialRow, 'slug' | 'version' | 'contentHash'> | undefined> {
  const columns = {
    slug: referentialVersions.slug,
    version: referentialVersions.version,
    contentHash: referentialVersions.contentHash,
  };
  const rows = version
    ? await db
        .select(columns)
        .from(referentialVersions)
        .where(and(eq(referentialVersions.slug, slug), eq(referentialVersions.version, version)))
        .limit(1)
    : await db
        .select(columns)
        .from(referentialVersions)
        .where(eq(referentialVersions.slug, slug))
        .orderBy(desc(referentialVersions.sortKey))
        .limit(1);
  return rows[0];
}
