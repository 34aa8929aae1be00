/**
 * Bulk set-up for the "grown database" rows: copies of a real credential row (same 10 KB JWT, so
 * rows have their real size on disk) with distinct random status indexes, and sealed audit events.
 * Plain SQL in one statement each, never timed. Column lists are read from the schema so that new
 * nullable columns added by migrations do not break the benchmark.
 */
import type { BenchEnv } from './env.js';

async function columns(env: BenchEnv, table: string): Promise<string[]> {
  const info = await env.opened.client.execute(`PRAGMA table_info(${table})`);
  return info.rows.map((r) => String(r.name));
}

/** Distinct random integers in [0, size). */
export function randomDistinct(count: number, size: number, exclude: ReadonlySet<number> = new Set()): number[] {
  const picked = new Set<number>();
  while (picked.size < count) {
    const [n] = crypto.getRandomValues(new Uint32Array(1));
    const v = n! % size;
    if (!exclude.has(v)) picked.add(v);
  }
  return [...picked];
}

/** Inserts one credential per index, copying `templateId` into status list `listId`. */
export async function cloneCredentials(
  env: BenchEnv,
  templateId: string,
  listId: string,
  indexes: readonly number[],
): Promise<void> {
  const cols = await columns(env, 'credentials');
  const value = (c: string): string => {
    switch (c) {
      case 'id':
        return `lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-8' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))`;
      case 'status_list_id':
        return '?1';
      case 'status_index':
        return 'CAST(j.value AS INTEGER)';
      case 'idempotency_key':
      case 'revoked_at':
      case 'revocation_reason':
      case 'suspended_at':
      case 'suspension_reason':
      case 'superseded_by':
        return 'NULL';
      default:
        return `c.${c}`;
    }
  };
  const list = cols.map((c) => `"${c}"`).join(', ');
  const chunk = 2000;
  for (let i = 0; i < indexes.length; i += chunk) {
    await env.opened.client.execute({
      sql: `INSERT INTO credentials (${list}) SELECT ${cols.map(value).join(', ')} FROM credentials c, json_each(?2) j WHERE c.id = ?3`,
      args: [listId, JSON.stringify(indexes.slice(i, i + chunk)), templateId],
    });
  }
}

/** Marks `count` credentials of a list revoked (as changeStatus would, without the audit events). */
export async function revokeInList(env: BenchEnv, listId: string, count: number): Promise<void> {
  await env.opened.client.execute({
    sql: `UPDATE credentials SET revoked_at = ?1, revocation_reason = 'bench' WHERE id IN (SELECT id FROM credentials WHERE status_list_id = ?2 AND revoked_at IS NULL ORDER BY random() LIMIT ?3)`,
    args: [new Date().toISOString(), listId, count],
  });
}

/** Appends `count` already sealed audit events (as a busy instance accumulates). */
export async function growAuditLog(env: BenchEnv, count: number): Promise<void> {
  const hash = 'a'.repeat(64);
  await env.opened.client.execute({
    sql: `INSERT INTO audit_events (id, at, action, target_type, target_id, data, entry_hash, chain_hash)
          WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
          SELECT lower(hex(randomblob(16))), ?2, 'credential.issued', 'credential', lower(hex(randomblob(16))), '{"achievement":"abecedaire/1.0.0/competences/A1","kind":"competence"}', ?3, ?3 FROM n`,
    args: [count, new Date().toISOString(), hash],
  });
}

export async function countRows(env: BenchEnv, table: 'credentials' | 'audit_events'): Promise<number> {
  const r = await env.opened.client.execute(`SELECT count(*) AS n FROM ${table}`);
  return Number(r.rows[0]!.n);
}
