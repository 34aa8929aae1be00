/**
 * Mediators certify their skills through the hub's committee: portfolio → application → reviews →
 * credentials, over HTTP with real accounts, a real libSQL file, real signatures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenBadgeCredential } from '../../src/ob3/types.js';
import {
  addRole,
  api,
  apiTokenFor,
  createHarness,
  createStructure,
  createUser,
  type Harness,
  signedInClient,
  type TestUser,
} from '../helpers/harness.js';
import { decodePart, officialSchemaErrors } from '../helpers/standards.js';

let h: Harness;
let structureA: { id: string };
let structureB: { id: string };
const tokens: Record<string, string> = {};
const users: Record<string, TestUser> = {};

interface Competence {
  code: string;
  block: string;
}
interface Status {
  certified: boolean;
  expiresAt: string | null;
  renewalOpen: boolean;
  credentials: { id: string; kind: string; block: string | null; status: string; validUntil: string }[];
  portfolio: (Competence & { level: string | null; evidence: { id: string }[] })[];
  applications: { id: string; state: string }[];
}
interface Application {
  id: string;
  state: string;
  round: number;
  items: { code: string; claim: { level: string }; outcome: string | null; response: string | null }[];
  reviews: { round: number; reviewer: string | null; vote: string; comment: string | null; items: unknown[] }[];
  credentials: { id: string; url: string; kind: string }[];
}
interface ReviewResult {
  state: string;
  issued: { id: string; url: string; kind: string; jwt: string }[];
}

const call = async <T = unknown>(who: string, path: string, body?: unknown, method?: string) => {
  const res = await api(h, tokens[who]!, path, {
    ...(body === undefined ? {} : { body }),
    ...(method ? { method } : {}),
  });
  return {
    status: res.status,
    body: (res.headers.get('content-type')?.includes('json') ? await res.json() : null) as T,
  };
};

/** Levels and one text piece of evidence for every competence of the blocks. */
async function fillPortfolio(who: string, blocks: string[], level = 'maitrise') {
  const status = (await call<Status>(who, '/api/v1/certification')).body;
  const codes = status.portfolio.filter((c) => blocks.includes(c.block)).map((c) => c.code);
  const levels = Object.fromEntries(codes.map((c) => [c, level]));
  expect((await call(who, '/api/v1/certification/levels', { levels })).status).toBe(200);
  for (const code of codes) {
    const r = await call(who, '/api/v1/certification/evidence', {
      code,
      kind: 'text',
      text: `Récit réflexif anonymisé pour ${code}.`,
    });
    expect(r.status).toBe(201);
  }
  return codes;
}

function acceptAll(app: Application) {
  return { vote: 'approve', items: app.items.map((i) => ({ code: i.code, decision: 'accept' })) };
}

async function applyFor(who: string, blocks: string[], renews?: string): Promise<Application> {
  const r = await call<Application>(who, '/api/v1/certification/applications', {
    blocks,
    ...(renews ? { renews } : {}),
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

async function review(who: string, app: Application, body: unknown) {
  return call<ReviewResult>(who, `/api/v1/certification/applications/${app.id}/reviews`, body);
}

beforeAll(async () => {
  h = await createHarness({ now: '2026-03-02T09:00:00Z' });
  const hub = h.boot.hub.id;
  structureA = await createStructure(h, 'Médiathèque A');
  structureB = await createStructure(h, 'Tiers-lieu B');
  users.mediator = await createUser(h, structureA.id, 'mediator');
  users.mediator2 = await createUser(h, structureB.id, 'mediator');
  users.mediator3 = await createUser(h, structureB.id, 'mediator');
  users.c1 = await createUser(h, hub, 'committee');
  users.c2 = await createUser(h, hub, 'committee');
  // A committee member who also works in structure A: conflict of interest with A's mediators.
  users.cA = await createUser(h, hub, 'committee');
  await addRole(h, users.cA, structureA.id, 'structure-admin');
  // A committee member who is also a mediator applying for their own certification.
  users.cSelf = await createUser(h, hub, 'committee');
  await addRole(h, users.cSelf, structureB.id, 'mediator');
  users.hubAdmin = await createUser(h, hub, 'hub-admin');
  for (const [k, u] of Object.entries(users)) tokens[k] = await apiTokenFor(h, u);
});
afterAll(() => h.close());

describe('mediator certification over HTTP', () => {
  let blockJwt = '';

  it('application → two reviews → approval → one credential per validated block, no personal data', async () => {
    await fillPortfolio('mediator', ['M1', 'M2']);
    const app = await applyFor('mediator', ['M1', 'M2']);
    expect(app.state).toBe('submitted');
    expect(app.items.map((i) => i.code)).toContain('M1.1');
    const first = await review('c1', app, acceptAll(app));
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ state: 'submitted', issued: [] });
    // The hub's admin is not on the committee: no vote (the rules' `reviewers`), and it does not make
    // the quorum — counted, it would have been the second approval and issued the credentials.
    const byHubAdmin = await review('hubAdmin', app, acceptAll(app));
    expect(byHubAdmin.status).toBe(403);
    const pending = (await call<Application>('c1', `/api/v1/certification/applications/${app.id}`)).body;
    expect(pending.state).toBe('submitted');
    expect(pending.reviews).toHaveLength(1);
    const t0 = performance.now();
    const second = await review('c2', app, acceptAll(app));
    const elapsed = performance.now() - t0;
    expect(second.body.state).toBe('approved');
    expect(second.body.issued.map((i) => i.kind)).toEqual(['block', 'block']);
    console.info(`deciding review + issuance of 2 block credentials: ${elapsed.toFixed(0)} ms`);

    blockJwt = second.body.issued[0]!.jwt;
    const credential = decodePart<{ vc?: OpenBadgeCredential } & OpenBadgeCredential>(blockJwt, 1);
    const vc = (credential.vc ?? credential) as OpenBadgeCredential & { evidence: { id: string }[] };
    expect(officialSchemaErrors(vc)).toEqual([]);
    expect(vc.credentialSubject.result?.length).toBeGreaterThanOrEqual(4);
    expect(vc.credentialSubject.result?.every((r) => r.achievedLevel?.endsWith('maitrise'))).toBe(true);
    expect(vc.evidence[0]!.id).toBe(`urn:uuid:${app.id}`);
    expect(vc.validUntil).toBe('2029-03-02T09:00:00Z');
    const text = JSON.stringify(vc);
    expect(text).not.toContain(users.mediator!.email);
    expect(text).not.toMatch(/Test mediator/);
    expect(
      (await call<{ verified: boolean }>('mediator', '/api/v1/verify', { credential: blockJwt })).body.verified,
    ).toBe(true);
    const status = (await call<Status>('mediator', '/api/v1/certification')).body;
    expect(status.credentials.map((c) => [c.kind, c.block, c.status])).toEqual(
      expect.arrayContaining([
        ['block', 'M1', 'active'],
        ['block', 'M2', 'active'],
      ]),
    );
    expect(status.certified).toBe(false);
    // A third review after the decision is refused.
    expect((await review('cSelf', app, acceptAll(app))).status).toBe(409);
    // Completing the issuance of a fully issued application issues nothing more.
    const again = await call<ReviewResult>('hubAdmin', `/api/v1/certification/applications/${app.id}/issue`, {});
    expect(again.status).toBe(200);
    expect(again.body.issued).toEqual([]);
    // An interrupted issuance (one credential link lost) is completed without a duplicate credential.
    await h.opened.client.execute({
      sql: 'delete from certification_credentials where credential_id = ?',
      args: [second.body.issued[1]!.id.slice(9)],
    });
    expect((await call<Status>('mediator', '/api/v1/certification')).body.credentials).toHaveLength(1);
    await call<ReviewResult>('c1', `/api/v1/certification/applications/${app.id}/issue`, {});
    const completed = (await call<Status>('mediator', '/api/v1/certification')).body.credentials;
    expect(completed.map((c) => c.id).sort()).toEqual(second.body.issued.map((i) => i.id).sort());
  });

  it('ask for more → resubmission → approval, and the certification when the rules are met', async () => {
    const blocks = ['M1', 'M2', 'M3', 'M5', 'M8'];
    await fillPortfolio('mediator2', blocks);
    const app = await applyFor('mediator2', blocks);
    const more = {
      vote: 'changes',
      comment: 'Il manque une trace concrète sur l’accueil.',
      items: app.items.map((i) =>
        i.code === 'M1.1'
          ? { code: i.code, decision: 'more', comment: 'Ajoutez une trame d’accueil.' }
          : { code: i.code, decision: 'accept' },
      ),
    };
    await review('c1', app, more);
    expect((await review('c2', app, more)).body.state).toBe('changes-requested');
    const seen = (await call<Application>('mediator2', `/api/v1/certification/applications/${app.id}`)).body;
    expect(seen.state).toBe('changes-requested');
    expect(seen.reviews[0]!.reviewer).toBeNull(); // the mediator sees the reasons, not who gave them
    expect(JSON.stringify(seen.reviews)).toContain('Ajoutez une trame d’accueil.');
    // The mediator adds evidence, answers and resubmits.
    await call('mediator2', '/api/v1/certification/evidence', {
      code: 'M1.1',
      kind: 'link',
      url: 'https://exemple.org/trame',
    });
    const resubmitted = await call<Application>('mediator2', `/api/v1/certification/applications/${app.id}/update`, {
      responses: { 'M1.1': 'Trame d’accueil ajoutée en lien.' },
      resubmit: true,
    });
    expect(resubmitted.body.state).toBe('resubmitted');
    expect(resubmitted.body.round).toBe(2);
    expect(resubmitted.body.items.find((i) => i.code === 'M1.1')!.response).toBe('Trame d’accueil ajoutée en lien.');
    await review('c1', resubmitted.body, acceptAll(resubmitted.body));
    const t0 = performance.now();
    const done = await review('c2', resubmitted.body, acceptAll(resubmitted.body));
    console.info(`full certification (5 blocks + certification) issued in ${(performance.now() - t0).toFixed(0)} ms`);
    expect(done.body.state).toBe('approved');
    expect(done.body.issued.map((i) => i.kind).sort()).toEqual([
      'block',
      'block',
      'block',
      'block',
      'block',
      'certification',
    ]);
    const status = (await call<Status>('mediator2', '/api/v1/certification')).body;
    expect(status.certified).toBe(true);
    expect(status.expiresAt).toBe('2029-03-02T09:00:00.000Z'.replace('.000Z', 'Z'));
  });

  it('rejection with reasons the mediator can read', async () => {
    await fillPortfolio('mediator3', ['M4']);
    const app = await applyFor('mediator3', ['M4']);
    const no = {
      vote: 'reject',
      comment: 'Les preuves ne montrent pas de pratique d’aller-vers.',
      items: app.items.map((i) => ({ code: i.code, decision: 'reject', comment: 'Preuve hors sujet.' })),
    };
    await review('c1', app, no);
    expect((await review('c2', app, no)).body).toEqual({ state: 'rejected', issued: [] });
    const seen = (await call<Application>('mediator3', `/api/v1/certification/applications/${app.id}`)).body;
    expect(seen.state).toBe('rejected');
    expect(seen.items.every((i) => i.outcome === 'reject')).toBe(true);
    expect(seen.reviews.map((r) => r.comment)).toContain('Les preuves ne montrent pas de pratique d’aller-vers.');
    const page = await h.app.request(`/certification/demandes/${app.id}`, {
      headers: { authorization: `Bearer ${tokens.mediator3}`, accept: 'text/html' },
    });
    expect(await page.text()).toContain('Preuve hors sujet.');
  });

  it('refuses a reviewer of the applicant’s structure, self-review, and a mediator reviewing', async () => {
    const mine = (await call<Status>('mediator', '/api/v1/certification')).body;
    expect(mine.applications[0]!.state).toBe('approved');
    // A new application by mediator (structure A) for M3.
    await fillPortfolio('mediator', ['M3']);
    const app = await applyFor('mediator', ['M3']);
    const conflict = await review('cA', app, acceptAll(app));
    expect(conflict.status).toBe(403);
    expect(JSON.stringify(conflict.body)).toContain('conflit d’intérêts');
    const asMediator = await review('mediator2', app, acceptAll(app));
    expect(asMediator.status).toBe(403);
    // cSelf applies as a mediator and tries to review their own application.
    await fillPortfolio('cSelf', ['M6']);
    const own = await applyFor('cSelf', ['M6']);
    const self = await review('cSelf', own, acceptAll(own));
    expect(self.status).toBe(403);
    expect(JSON.stringify(self.body)).toContain('propre demande');
    // The queue shows the conflict to cA.
    const queue = (await call<{ id: string; conflict: string | null }[]>('cA', '/api/v1/certification/queue')).body;
    expect(queue.find((q) => q.id === app.id)?.conflict).toBe('same-organisation');
  });

  it('suspension then reinstatement: the mediator sees it, a fresh credential replaces the suspended one', async () => {
    const status = (await call<Status>('mediator2', '/api/v1/certification')).body;
    const cert = status.credentials.find((c) => c.kind === 'certification')!;
    const id = cert.id.slice(9);
    expect(
      (await call('hubAdmin', `/api/v1/credentials/${id}/suspend`, { reason: 'Signalement en cours d’examen' })).status,
    ).toBe(200);
    const suspended = (await call<Status>('mediator2', '/api/v1/certification')).body;
    expect(suspended.certified).toBe(false);
    expect(suspended.credentials.find((c) => c.id === cert.id)?.status).toBe('suspended');
    const back = await call<{ replacedBy: { id: string } }>('c1', `/api/v1/credentials/${id}/reinstate`, {
      reason: 'Signalement sans suite',
    });
    expect(back.status).toBe(200);
    const after = (await call<Status>('mediator2', '/api/v1/certification')).body;
    expect(after.certified).toBe(true);
    expect(after.credentials.find((c) => c.kind === 'certification')!.id).toBe(back.body.replacedBy.id);
    // Withdrawal for good.
    expect(
      (await call('hubAdmin', `/api/v1/credentials/${back.body.replacedBy.id.slice(9)}/revoke`, { reason: 'Fraude' }))
        .status,
    ).toBe(200);
    expect((await call<Status>('mediator2', '/api/v1/certification')).body.certified).toBe(false);
    // A later application for another block does not bring the withdrawn certification back.
    await fillPortfolio('mediator2', ['M4']);
    const more = await applyFor('mediator2', ['M4']);
    await review('c1', more, acceptAll(more));
    const decided = await review('c2', more, acceptAll(more));
    expect(decided.body.issued.map((i) => i.kind)).toEqual(['block']);
  });

  it('the hub suspends and reinstates from the application page (form, post/redirect/get)', async () => {
    const status = (await call<Status>('mediator', '/api/v1/certification')).body;
    const block = status.credentials.find((c) => c.kind === 'block' && c.status === 'active')!;
    const app = status.applications.find((a) => a.state === 'approved')!;
    const admin = await signedInClient(h, users.hubAdmin!);
    const page = await admin.get(`/certification/demandes/${app.id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`/certification/badges/${block.id.slice(9)}/statut`);
    const res = await admin.postForm(`/certification/badges/${block.id.slice(9)}/statut`, {
      action: 'suspend',
      reason: 'Vérification d’une preuve',
      application: app.id,
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/certification/demandes/${app.id}?ok=statut`);
    const after = (await call<Status>('mediator', '/api/v1/certification')).body;
    expect(after.credentials.find((c) => c.id === block.id)?.status).toBe('suspended');
    const mine = await h.app.request('/certification', {
      headers: { authorization: `Bearer ${tokens.mediator}`, accept: 'text/html' },
    });
    expect(await mine.text()).toContain('Vérification d’une preuve');
    const back = await admin.postForm(`/certification/badges/${block.id.slice(9)}/statut`, {
      action: 'reinstate',
      reason: 'Preuve vérifiée',
      application: app.id,
    });
    expect(back.status).toBe(303);
    const again = (await call<Status>('mediator', '/api/v1/certification')).body;
    const blocks = again.credentials.filter((c) => c.kind === 'block' && c.block === block.block);
    expect(blocks.map((c) => c.status)).toEqual(['active']);
    expect(blocks[0]!.id).not.toBe(block.id);
  });

  it('expiry and renewal (clock moved): renewal opens before expiry, prefilled, and renews the credentials', async () => {
    const before = (await call<Status>('mediator', '/api/v1/certification')).body;
    const approved = before.applications.find((a) => a.state === 'approved')!;
    // The M3 application of the previous test is still open: withdraw it first.
    const open = before.applications.find((a) => a.state === 'submitted')!;
    await call('mediator', `/api/v1/certification/applications/${open.id}/withdraw`, { reason: 'plus tard' });
    // Its page then says when and why it was withdrawn, not where its review stood.
    const withdrawn = await (
      await h.app.request(`/certification/demandes/${open.id}`, {
        headers: { authorization: `Bearer ${tokens.mediator}`, accept: 'text/html' },
      })
    ).text();
    expect(withdrawn).toMatch(/demande retirée le [0-9]/);
    expect(withdrawn).toMatch(/<dt>Motif du retrait<\/dt>\s*<dd>plus tard<\/dd>/);
    expect(withdrawn).not.toContain('tour d’examen');
    expect(before.renewalOpen).toBe(false);
    const early = await call('mediator', '/api/v1/certification/applications', {
      blocks: ['M1', 'M2'],
      renews: approved.id,
    });
    expect(early.status).toBe(409);
    h.setNow('2028-10-01T09:00:00Z'); // 5 months before expiry: renewal open (6 months before)
    const due = (await call<Status>('mediator', '/api/v1/certification')).body;
    expect(due.renewalOpen).toBe(true);
    const page = await h.app.request('/certification', {
      headers: { authorization: `Bearer ${tokens.mediator}`, accept: 'text/html' },
    });
    expect(await page.text()).toContain('Demander le renouvellement');
    const renewal = await applyFor('mediator', ['M1', 'M2'], approved.id);
    // Prefilled from the last portfolio: same levels, same evidence.
    expect(renewal.items.every((i) => i.claim.level === 'maitrise')).toBe(true);
    await review('c1', renewal, acceptAll(renewal));
    const done = await review('c2', renewal, acceptAll(renewal));
    expect(done.body.issued).toHaveLength(2);
    h.setNow('2029-03-03T09:00:00Z'); // the first credentials have expired
    const later = (await call<Status>('mediator', '/api/v1/certification')).body;
    expect(later.credentials.filter((c) => c.status === 'expired')).toHaveLength(2);
    expect(later.credentials.filter((c) => c.status === 'active').map((c) => c.validUntil)).toEqual([
      '2031-10-01T09:00:00Z',
      '2031-10-01T09:00:00Z',
    ]);
    expect(
      (await call<{ verified: boolean }>('mediator', '/api/v1/verify', { credential: blockJwt })).body.verified,
    ).toBe(false);
    h.setNow('2026-03-02T09:00:00Z');
  });
});

describe('evidence files', () => {
  const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  const upload = async (who: string, bytes: Uint8Array, name: string) => {
    const form = new FormData();
    form.set('code', 'M7.1');
    form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], name, { type: 'application/pdf' }));
    return h.app.request('/api/v1/certification/evidence', {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[who]}`, accept: 'application/json' },
      body: form,
    });
  };

  it('accepts a PDF checked by its first bytes, serves it to its owner and the committee, and to no one else', async () => {
    const res = await upload('mediator3', pdf, 'trame.pdf');
    expect(res.status).toBe(201);
    const { id, fileType } = (await res.json()) as { id: string; fileType: string };
    expect(fileType).toBe('application/pdf');
    const get = (who: string | null) =>
      h.app.request(`/api/v1/certification/evidence/${id}`, {
        headers: who ? { authorization: `Bearer ${tokens[who]}` } : {},
      });
    const own = await get('mediator3');
    expect(own.status).toBe(200);
    expect(new Uint8Array(await own.arrayBuffer())).toEqual(pdf);
    expect(own.headers.get('content-disposition')).toMatch(/^attachment/);
    expect((await get('c1')).status).toBe(200); // mediator3 applied to this hub: the committee sees it
    expect((await get('mediator2')).status).toBe(404);
    expect((await get(null)).status).toBe(401);
  });

  it('refuses a file that is not a PDF, PNG or JPEG whatever its name, and a file over the limit', async () => {
    const fake = await upload('mediator3', new TextEncoder().encode('<html>not a pdf</html>'), 'preuve.pdf');
    expect(fake.status).toBe(415);
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(pdf);
    expect((await upload('mediator3', big, 'big.pdf')).status).toBe(413);
  });
});

describe('the committee’s review binds to the rules (issue 17)', () => {
  it('the review page pre-selects nothing; sent without choosing, it names each competence left out and the vote', async () => {
    const m = await createUser(h, structureB.id, 'mediator');
    tokens.m4 = await apiTokenFor(h, m);
    await fillPortfolio('m4', ['M7']);
    const app = await applyFor('m4', ['M7']);
    const c1 = await signedInClient(h, users.c1!);
    const page = await (await c1.get(`/certification/demandes/${app.id}`)).text();
    const radios = page.match(/<input type="radio"[^>]*>/g) ?? [];
    // One choice per competence, one for the whole block M7, and the vote.
    expect(radios.length).toBe(app.items.length * 3 + 3 + 3);
    expect(radios.filter((r) => /\schecked/.test(r))).toEqual([]);
    expect(page).toContain(`${app.items.length} compétences à décider`);
    const empty = await c1.postForm(`/certification/demandes/${app.id}/avis`, { comment: '' });
    expect(empty.status).toBe(422);
    const named = await empty.text();
    expect(named).toMatch(/Choisissez une réponse pour « M7\.1 — [^»]+ »\./);
    expect(named).toContain('Choisissez votre vote sur la demande.');
    expect((await call<Application>('c1', `/api/v1/certification/applications/${app.id}`)).body.reviews).toEqual([]);
  });

  it('an approval that leaves no block complete (one competence rejected) is refused: 422 naming the block, nothing issued', async () => {
    const app = (await call<Status>('m4', '/api/v1/certification')).body.applications[0]!;
    const full = (await call<Application>('c1', `/api/v1/certification/applications/${app.id}`)).body;
    const [first, ...rest] = full.items;
    const body = {
      vote: 'approve',
      items: [
        { code: first!.code, decision: 'reject', comment: 'Le récit ne montre pas la compétence.' },
        ...rest.map((i) => ({ code: i.code, decision: 'accept' })),
      ],
    };
    for (const who of ['c1', 'c2']) {
      const res = await api(h, tokens[who]!, `/api/v1/certification/applications/${app.id}/reviews`, { body });
      expect(res.status).toBe(422);
      const problem = (await res.json()) as { code: string; detail: string };
      expect(problem.code).toBe('criterion_unmet');
      expect(problem.detail).toContain(
        `Aucun bloc ne serait validé (bloc M7 : ${rest.length} compétence(s) acceptée(s) sur ${full.items.length})`,
      );
    }
    const after = (await call<Application>('c1', `/api/v1/certification/applications/${app.id}`)).body;
    expect(after.state).toBe('submitted');
    expect(after.reviews).toEqual([]);
    expect(after.credentials).toEqual([]);
  });
});
