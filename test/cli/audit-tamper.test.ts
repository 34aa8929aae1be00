/**
 * The audit log holds every step of a certification; editing one row in the database afterwards is
 * reported by `npm run jalon -- audit verify`, run as a real process on the same database file.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply } from '../../src/certification/applications.js';
import { reviewApplication } from '../../src/certification/issuance.js';
import { addEvidence, portfolioOf, setLevels } from '../../src/certification/portfolio.js';
import { membershipsOf } from '../../src/auth/store.js';
import type { Principal } from '../../src/context.js';
import { createHarness, createStructure, createUser, type Harness } from '../helpers/harness.js';

let h: Harness;

async function principal(userId: string): Promise<Principal> {
  return {
    userId,
    email: '',
    displayName: '',
    memberships: await membershipsOf(h.deps.database.db, userId),
    via: 'token',
  };
}

function auditVerify(): { status: number | null; out: string } {
  const tsx = join(import.meta.dirname, '../../node_modules/.bin/tsx');
  const main = join(import.meta.dirname, '../../src/cli/main.ts');
  const r = spawnSync(tsx, [main, 'audit', 'verify'], {
    env: {
      ...process.env,
      DATABASE_URL: `file:${join(h.dir, 'jalon.db')}`,
      PUBLIC_URL: 'http://jalon.test',
      LOG_LEVEL: 'silent',
      JALON_MASTER_KEY: 'A'.repeat(43),
    },
    encoding: 'utf8',
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('audit log of a certification', () => {
  it('records each step, and `audit verify` reports a row edited afterwards', async () => {
    const structure = await createStructure(h, 'Structure audit');
    const mediator = await principal((await createUser(h, structure.id, 'mediator')).id);
    const c1 = await principal((await createUser(h, h.boot.hub.id, 'committee')).id);
    const c2 = await principal((await createUser(h, h.boot.hub.id, 'committee')).id);
    const s = await portfolioOf(h.deps, mediator.userId);
    const codes = s.ref.blocks.find((b) => b.code === 'M1')!.competences.map((c) => c.code);
    await setLevels(h.deps, mediator, Object.fromEntries(codes.map((c) => [c, 'maitrise'])));
    for (const code of codes) await addEvidence(h.deps, mediator, { code, kind: 'text', text: 'récit' });
    const app = await apply(h.deps, mediator, { blocks: ['M1'] });
    const accept = { vote: 'approve' as const, items: codes.map((code) => ({ code, decision: 'accept' as const })) };
    await reviewApplication(h.deps, c1, app.id, accept);
    const { issued } = await reviewApplication(h.deps, c2, app.id, accept);
    expect(issued).toHaveLength(1);

    const actions = await h.opened.client.execute({
      sql: `select action from audit_events where target_id = ? or target_id = ? order by seq`,
      args: [app.id, issued[0]!.row.id],
    });
    expect(actions.rows.map((r) => r.action)).toEqual([
      'review.created',
      'review.submitted',
      'review.reviewed',
      'review.reviewed',
      'review.decided',
      'credential.issued',
    ]);
    const intact = auditVerify();
    expect(intact.status, intact.out).toBe(0);
    expect(intact.out).toMatch(/Chaîne d’audit intacte/);

    // Someone with database access rewrites a vote after the fact.
    const row = await h.opened.client.execute({
      sql: `select seq, data from audit_events where target_id = ? and action = 'review.reviewed' limit 1`,
      args: [app.id],
    });
    const seq = Number(row.rows[0]!.seq);
    await h.opened.client.execute({
      sql: 'update audit_events set data = ? where seq = ?',
      args: [String(row.rows[0]!.data).replace('"approve"', '"reject"'), seq],
    });
    const broken = auditVerify();
    expect(broken.status).not.toBe(0);
    expect(broken.out).toContain(`Chaîne d’audit rompue à l’événement n° ${seq}`);
  });
});
