/** Issuing: issueCredential (sequential, 16 and 64 in flight) and POST /api/v1/credentials. */
import type { Principal } from '../../src/context.js';
import { sealAuditChain } from '../../src/db/audit.js';
import { findAchievement } from '../../src/issuing/achievements.js';
import { issueCredential, type IssueInput, type Issued } from '../../src/issuing/service.js';
import { resultFor } from '../../src/issuing/derive-achievements.js';
import type { OrganisationRow } from '../../src/organisations/store.js';
import { countRows, growAuditLog } from '../lib/bulk.js';
import type { BenchEnv } from '../lib/env.js';
import { measure, measureConcurrent, type Profile, type Row } from '../lib/measure.js';
import { countStatements } from '../lib/statements.js';

const SECTION = 'Issuing';
export const COMPETENCE = 'abecedaire/1.0.0/competences/A1';

/** A typical learner badge: name and e-mail (both hashed into identifiers), one level result. */
export async function issueInput(
  env: BenchEnv,
  org: OrganisationRow,
  actor: Principal | null,
  key = COMPETENCE,
): Promise<(i: number) => IssueInput> {
  const { set, achievement } = await findAchievement(env.deps, key);
  const results = [resultFor(achievement.achievement, 'autonome')];
  return (i) => ({
    org,
    actor,
    achievement,
    referential: { slug: set.referential.slug, version: set.referential.version },
    recipient: { name: `Personne ${i} Dupont`, email: `personne${i}@example.org` },
    results,
    level: 'autonome',
    competenceCode: achievement.kind === 'competence' ? achievement.code : undefined,
  });
}

export interface IssuingOutput {
  rows: Row[];
  notes: string[];
  /** Some credentials issued along the way, for the verification suite. */
  sample: Issued[];
}

export async function issuingSuite(
  env: BenchEnv,
  p: Profile,
  who: { principal: Principal; token: string },
): Promise<IssuingOutput> {
  const org = env.boot.structure;
  const input = await issueInput(env, org, who.principal);
  const sample: Issued[] = [];
  const keep = (issued: Issued) => {
    if (sample.length < 64) sample.push(issued);
    return issued;
  };
  const rows: Row[] = [];

  rows.push(
    await measure(
      { section: SECTION, name: 'issueCredential, sequential', throughput: true, ...p.row({ warmup: 50 }) },
      async (i) => keep(await issueCredential(env.deps, input(i))),
    ),
  );
  for (const concurrency of [16, 64]) {
    rows.push(
      await measureConcurrent(
        {
          section: SECTION,
          name: `issueCredential, ${concurrency} in flight`,
          concurrency,
          ...p.row({
            warmup: concurrency,
            minRuns: concurrency * (concurrency > 16 ? 3 : 6),
            maxRuns: concurrency * 80,
          }),
        },
        (i) => issueCredential(env.deps, input(100_000 * concurrency + i)),
      ),
    );
  }

  const body = (i: number) =>
    JSON.stringify({
      achievement: COMPETENCE,
      recipient: { name: `Personne ${i} Martin`, email: `martin${i}@example.org` },
      level: 'autonome',
    });
  rows.push(
    await measure(
      { section: SECTION, name: 'POST /api/v1/credentials (bearer)', throughput: true, ...p.row() },
      async (i) => {
        const res = await env.app.request('/api/v1/credentials', {
          method: 'POST',
          headers: {
            authorization: `Bearer ${who.token}`,
            'content-type': 'application/json',
            accept: 'application/json',
          },
          body: body(i),
        });
        if (res.status !== 201) throw new Error(`POST /api/v1/credentials: ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
      },
    ),
  );
  rows.push(
    await measure(
      {
        section: SECTION,
        name: '↳ findAchievement (referential lookup; derived achievements cached)',
        ...p.row({ budgetMs: 800 }),
      },
      () => findAchievement(env.deps, COMPETENCE),
    ),
  );
  // Not timed: how many statements one credential costs, alone and with 64 in flight.
  const one = await countStatements(env, () => issueCredential(env.deps, input(7_000_000)));
  const k = 64;
  const many = await countStatements(env, () =>
    Promise.all(Array.from({ length: k }, (_, i) => issueCredential(env.deps, input(7_000_001 + i)))),
  );
  const notes = [
    `SQL statements per issued credential (counted outside the timed runs): ${one.total} one at a time (${one.updates} UPDATE), ${(many.total / k).toFixed(1)} with ${k} in flight (${(many.updates / k).toFixed(1)} UPDATE from audit sealing, of which ${(many.updatedRows / k).toFixed(1)} changed a row).`,
  ];
  return { rows, sample, notes };
}

/**
 * Issuing again on a grown database: an issuer whose current status list already holds many
 * credentials (its fill is a counter the list keeps, not counted at each issuance), then after the audit log has grown by
 * `auditEvents` sealed events (sealing looks for unsealed events on each issuance).
 */
export async function grownIssuingRows(
  env: BenchEnv,
  p: Profile,
  org: OrganisationRow,
  inList: number,
  auditEvents: number,
): Promise<{ rows: Row[]; notes: string[] }> {
  const section = 'Issuing, grown database';
  const rows: Row[] = [];
  const notes: string[] = [];
  const db = env.deps.database.db;
  const input = await issueInput(env, org, null);
  const before = await countRows(env, 'audit_events');
  rows.push(
    await measure(
      {
        section,
        name: `issueCredential, sequential, list holding ${inList.toLocaleString('en')} credentials`,
        throughput: true,
        ...p.row(),
      },
      (i) => issueCredential(env.deps, input(900_000 + i)),
    ),
  );
  const t0 = performance.now();
  await growAuditLog(env, auditEvents);
  notes.push(
    `Grown database: ${auditEvents.toLocaleString('en')} sealed audit events appended in ${((performance.now() - t0) / 1000).toFixed(1)} s (not timed) to the ${before.toLocaleString('en')} the run had written.`,
  );
  rows.push(
    await measure(
      {
        section,
        name: `issueCredential, sequential, same list, audit log +${auditEvents.toLocaleString('en')} events`,
        throughput: true,
        ...p.row(),
      },
      (i) => issueCredential(env.deps, input(950_000 + i)),
    ),
  );
  const plan = await env.opened.client.execute(
    'EXPLAIN QUERY PLAN SELECT * FROM audit_events WHERE chain_hash IS NULL ORDER BY seq LIMIT 1000',
  );
  notes.push(
    `Query plan of sealAuditChain's first query (\`… WHERE chain_hash IS NULL ORDER BY seq LIMIT 1000\`): ${plan.rows.map((r) => String(r.detail)).join('; ')}.`,
  );
  rows.push(
    await measure(
      {
        section,
        name: `↳ sealAuditChain with nothing to seal, audit log +${auditEvents.toLocaleString('en')} events`,
        ...p.row({ budgetMs: 1200 }),
      },
      () => sealAuditChain(db),
    ),
  );
  return { rows, notes };
}
