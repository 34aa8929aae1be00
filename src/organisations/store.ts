import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db, Statement } from '../db/client.js';
import { builtOnce } from '../db/prepared.js';
import { organisations } from '../db/schema.js';

export type OrganisationRow = typeof organisations.$inferSelect;

/** Built once: every verification and public document reads an issuer by its slug. */
export async function findOrganisationBySlug(db: Db, slug: string): Promise<OrganisationRow | undefined> {
  const query = builtOnce(db, 'organisationBySlug', () =>
    db
      .select()
      .from(organisations)
      .where(eq(organisations.slug, sql.placeholder('slug')))
      .limit(1)
      .prepare(),
  );
  const rows = await query.all({ slug });
  return rows[0];
}

export async function findOrganisation(db: Db, id: string): Promise<OrganisationRow | undefined> {
  const rows = await db.select().from(organisations).where(eq(organisations.id, id)).limit(1);
  return rows[0];
}

export async function listOrganisations(
  db: Db,
  filter: { kind?: 'hub' | 'structure'; hubId?: string } = {},
): Promise<OrganisationRow[]> {
  const conds = [];
  if (filter.kind) conds.push(eq(organisations.kind, filter.kind));
  if (filter.hubId) conds.push(eq(organisations.hubId, filter.hubId));
  return db
    .select()
    .from(organisations)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(asc(organisations.kind), asc(organisations.name));
}

export async function firstHub(db: Db): Promise<OrganisationRow | undefined> {
  const rows = await db
    .select()
    .from(organisations)
    .where(eq(organisations.kind, 'hub'))
    .orderBy(asc(organisations.createdAt))
    .limit(1);
  return rows[0];
}

export function insertOrganisation(db: Db, row: typeof organisations.$inferInsert): Statement {
  return db.insert(organisations).values(row);
}

export function updateOrganisation(
  db: Db,
  id: string,
  patch: Partial<Pick<OrganisationRow, 'name' | 'url' | 'description' | 'email' | 'autoIssue'>>,
): Statement {
  return db.update(organisations).set(patch).where(eq(organisations.id, id));
}
