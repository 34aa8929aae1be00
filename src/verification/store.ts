import { inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { credentials } from '../db/schema.js';

/** D1 binds at most 100 parameters per query. */
const CHUNK = 90;

/** Signed JWTs of many credentials at once (bulk verification of links), by id. */
export async function jwtsByIds(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = await db
      .select({ id: credentials.id, jwt: credentials.jwt })
      .from(credentials)
      .where(inArray(credentials.id, unique.slice(i, i + CHUNK)));
    for (const r of rows) out.set(r.id, r.jwt);
  }
  return out;
}
