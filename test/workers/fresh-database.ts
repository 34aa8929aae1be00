import { applyD1Migrations, createExecutionContext, env } from 'cloudflare:test';
import worker from '../../src/worker.js';

/**
 * An empty database with the shipped migrations, for one feature's tests. The workers project runs as one
 * test file (workerd.test.ts) because starting workerd and loading the app costs ~17 s of CPU per file and
 * the tests themselves ~3 s; each feature still starts from nothing: every table (and the migration
 * record) is dropped, then the migrations applied, then the Worker made to bootstrap again.
 */
type Table = { name: string; sql: string };

export async function freshDatabase(): Promise<void> {
  const listed = await env.DB.prepare(
    "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
  ).all<Table>();
  const tables: Table[] = listed.results;
  // D1 refuses pragma_foreign_key_list(); the REFERENCES clauses of each table's SQL say the same.
  const references = tables.flatMap(({ name, sql }) =>
    [...sql.matchAll(/REFERENCES\s+[`"]?(\w+)/gi)].map((m) => ({ child: name, parent: m[1]! })),
  );

  // Children before their parents: D1 keeps foreign keys on, and dropping a table deletes its rows.
  const remaining = new Set(tables.map((t) => t.name));
  const order: string[] = [];
  while (remaining.size > 0) {
    const leaves = [...remaining].filter(
      (name) => !references.some((r) => r.parent === name && r.child !== name && remaining.has(r.child)),
    );
    const next = leaves.length > 0 ? leaves : [...remaining];
    for (const name of next) {
      order.push(name);
      remaining.delete(name);
    }
  }
  if (order.length > 0) {
    await env.DB.batch(order.map((name) => env.DB.prepare(`DROP TABLE "${name.replaceAll('"', '""')}"`)));
  }
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);

  // The Worker keeps one app per bindings object. One request served with a copy of the bindings makes the
  // next request (with the test bindings) build a fresh app, whose bootstrap fills the empty database.
  await worker.fetch(new Request('https://jalon.example.org/healthz'), { ...env }, createExecutionContext());
}
