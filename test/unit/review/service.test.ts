import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEventsAbout, verifyAuditChain } from '../../../src/db/audit.js';
import { AppError } from '../../../src/errors.js';
import type { ReviewPolicy } from '../../../src/review/rules.js';
import * as review from '../../../src/review/service.js';
import { createHarness, createStructure, createUser, type Harness } from '../../helpers/harness.js';

const policy: ReviewPolicy = { quorum: 2, majority: { share: 0.5, strict: true } };

describe('review core over a real database', () => {
  let h: Harness;
  let hubId: string;
  let structureA: string;
  const ids = { applicant: '', c1: '', c2: '', c3: '' };

  beforeAll(async () => {
    h = await createHarness();
    hubId = h.boot.hub.id;
    structureA = (await createStructure(h, 'Structure A')).id;
    ids.applicant = (await createUser(h, structureA, 'structure-admin')).id;
    ids.c1 = (await createUser(h, hubId, 'committee')).id;
    ids.c2 = (await createUser(h, hubId, 'committee')).id;
    ids.c3 = (await createUser(h, hubId, 'committee')).id;
  });
  afterAll(() => h.close());

  const applicant = () => ({ userId: ids.applicant, orgIds: [structureA] });
  const newApp = () =>
    review.createApplication(h.deps, {
      kind: 'structure-label',
      deciderOrgId: hubId,
      applicantUserId: ids.applicant,
      applicantOrgId: structureA,
      subjectRef: 'label@1',
      items: [
        { code: 'C1', claim: { text: 'accueil' } },
        { code: 'C2', claim: {} },
      ],
    });
  const cast = async (
    appId: string,
    reviewer: string,
    vote: 'approve' | 'changes' | 'reject',
    decisions: string[],
    orgIds = [hubId],
    as: { roles?: string[]; policy?: ReviewPolicy } = {},
  ) =>
    review.castReview(h.deps, {
      app: await review.getApplication(h.deps, appId),
      reviewer: { userId: reviewer, orgIds },
      reviewerRoles: as.roles ?? ['committee'],
      applicant: applicant(),
      neutralOrgIds: [hubId],
      policy: as.policy ?? policy,
      review: {
        vote,
        comment: vote === 'approve' ? undefined : 'motif',
        items: ['C1', 'C2'].map((code, i) => ({
          code,
          decision: decisions[i] as 'accept' | 'more' | 'reject',
          ...(decisions[i] === 'accept' ? {} : { comment: 'préciser' }),
        })),
      },
    });

  it('decides once the quorum is reached, with item outcomes, every step audited', async () => {
    const app = await newApp();
    await expect(cast(app.id, ids.c1, 'approve', ['accept', 'accept'])).rejects.toThrow(AppError); // still a draft
    await review.submit(h.deps, app, ids.applicant);
    const first = await cast(app.id, ids.c1, 'approve', ['accept', 'accept']);
    expect(first.tally.outcome).toBe('pending');
    const second = await cast(app.id, ids.c2, 'approve', ['accept', 'reject']);
    expect(second.state).toBe('approved');
    const decided = await review.getApplication(h.deps, app.id);
    expect(decided.state).toBe('approved');
    expect(decided.decidedAt).not.toBeNull();
    const { itemsOf } = await import('../../../src/review/store.js');
    const items = await itemsOf(h.deps.database.db, app.id);
    // C2: one accept, one reject: neither reaches a strict majority → "more" (not certified).
    expect(items.map((i) => [i.code, i.outcome])).toEqual([
      ['C1', 'accept'],
      ['C2', 'more'],
    ]);
    await expect(cast(app.id, ids.c3, 'approve', ['accept', 'accept'])).rejects.toMatchObject({ code: 'conflict' });
    const events = await h.opened.client.execute({
      sql: 'select action from audit_events where target_id = ? order by seq',
      args: [app.id],
    });
    expect(events.rows.map((r) => r.action)).toEqual([
      'review.created',
      'review.submitted',
      'review.reviewed',
      'review.reviewed',
      'review.decided',
    ]);
    expect((await verifyAuditChain(h.deps.database.db)).ok).toBe(true);
  });

  it('sends the application back on "ask for more", then runs a new round on resubmission', async () => {
    const app = await newApp();
    await review.submit(h.deps, app, ids.applicant);
    await cast(app.id, ids.c1, 'changes', ['more', 'accept']);
    expect((await cast(app.id, ids.c2, 'changes', ['more', 'accept'])).state).toBe('changes-requested');
    const back = await review.getApplication(h.deps, app.id);
    await review.replaceItems(h.deps, back, ids.applicant, [
      { code: 'C1', claim: { text: 'accueil détaillé' }, response: 'J’ai ajouté la trame.' },
      { code: 'C2', claim: {} },
    ]);
    expect(await review.submit(h.deps, await review.getApplication(h.deps, app.id), ids.applicant)).toBe('resubmitted');
    // The same reviewers may review the new round.
    await cast(app.id, ids.c1, 'approve', ['accept', 'accept']);
    expect((await cast(app.id, ids.c2, 'approve', ['accept', 'accept'])).state).toBe('approved');
    expect((await review.getApplication(h.deps, app.id)).round).toBe(2);
  });

  it('refuses self-review and a reviewer of the applicant’s organisation, and audits the refusal', async () => {
    const app = await newApp();
    await review.submit(h.deps, app, ids.applicant);
    await expect(cast(app.id, ids.applicant, 'approve', ['accept', 'accept'])).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(cast(app.id, ids.c3, 'approve', ['accept', 'accept'], [hubId, structureA])).rejects.toMatchObject({
      code: 'forbidden',
    });
    const refused = await h.opened.client.execute({
      sql: "select data from audit_events where target_id = ? and action = 'review.refused'",
      args: [app.id],
    });
    expect(refused.rows.map((r) => JSON.parse(String(r.data)).reason)).toEqual(['self', 'same-organisation']);
  });

  it('lets only the roles the policy names vote: a hub admin outside the committee is refused, audited, not counted', async () => {
    const app = await newApp();
    await review.submit(h.deps, app, ids.applicant);
    const admin = (await createUser(h, hubId, 'hub-admin')).id;
    await expect(
      cast(app.id, admin, 'approve', ['accept', 'accept'], [hubId], { roles: ['hub-admin'] }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const { reviewsOf } = await import('../../../src/review/store.js');
    expect(await reviewsOf(h.deps.database.db, app.id)).toEqual([]);
    const refused = await h.opened.client.execute({
      sql: "select actor_user_id, data from audit_events where target_id = ? and action = 'review.refused'",
      args: [app.id],
    });
    expect(refused.rows.map((r) => [r.actor_user_id, JSON.parse(String(r.data)).reason])).toEqual([
      [admin, 'not-a-reviewer'],
    ]);
    // The quorum still needs two committee votes: the refused one did not count.
    expect((await cast(app.id, ids.c1, 'approve', ['accept', 'accept'])).tally.outcome).toBe('pending');
    // A programme that names the hub's admins among those who vote counts them.
    const withAdmins: ReviewPolicy = { ...policy, reviewers: ['committee', 'hub-admin'] };
    const counted = await cast(app.id, admin, 'approve', ['accept', 'accept'], [hubId], {
      roles: ['hub-admin'],
      policy: withAdmins,
    });
    expect(counted.state).toBe('approved');
    expect((await verifyAuditChain(h.deps.database.db)).ok).toBe(true);
  });

  it('refuses a second review by the same reviewer in a round and edits under review', async () => {
    const app = await newApp();
    await review.submit(h.deps, app, ids.applicant);
    await cast(app.id, ids.c1, 'reject', ['reject', 'reject']);
    await expect(cast(app.id, ids.c1, 'reject', ['reject', 'reject'])).rejects.toMatchObject({ code: 'conflict' });
    await expect(
      review.replaceItems(h.deps, await review.getApplication(h.deps, app.id), ids.applicant, [
        { code: 'C1', claim: {} },
      ]),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect((await cast(app.id, ids.c2, 'reject', ['reject', 'reject'])).state).toBe('rejected');
    await expect(
      review.withdraw(h.deps, await review.getApplication(h.deps, app.id), ids.applicant, 'x'),
    ).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('refuses a stale write (someone changed the application since it was read)', async () => {
    const app = await newApp();
    await review.submit(h.deps, app, ids.applicant);
    await expect(review.withdraw(h.deps, app, ids.applicant, 'stale')).rejects.toMatchObject({ code: 'conflict' });
    await review.withdraw(h.deps, await review.getApplication(h.deps, app.id), ids.applicant, 'fresh');
    expect((await review.getApplication(h.deps, app.id)).state).toBe('withdrawn');
  });

  it('writes nothing of a stale change: no items replaced, no audit event, the chain intact', async () => {
    const app = await newApp();
    const events = async () =>
      (await auditEventsAbout(h.deps.database.db, 'review-application', app.id)).map((e) => e.action);
    const before = await events();
    // Someone else edits first: the application's revision moves on.
    await review.replaceItems(h.deps, app, ids.applicant, [{ code: 'C1', claim: { text: 'première version' } }]);
    const after = await events();
    await expect(
      review.replaceItems(h.deps, app, ids.applicant, [{ code: 'C9', claim: { text: 'version périmée' } }]),
    ).rejects.toMatchObject({ code: 'conflict' });
    await expect(review.submit(h.deps, app, ids.applicant)).rejects.toMatchObject({ code: 'conflict' });
    const items = await review.itemsOf(h.deps.database.db, app.id);
    expect(items.map((i) => i.code)).toEqual(['C1']);
    expect(await events()).toEqual(after);
    expect(after.length).toBe(before.length + 1);
    expect((await review.getApplication(h.deps, app.id)).state).toBe('draft');
    expect((await verifyAuditChain(h.deps.database.db)).ok).toBe(true);
  });
});
