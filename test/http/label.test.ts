/**
 * The label journey over HTTP: application with evidence → committee reviews (conflict of interest
 * refused, "ask for more", resubmission) → no label while Jalon counts fewer certified mediators
 * than the programme's minimum → a mediator certified, label granted → registry (JSON and CSV) → a learner
 * credential of the place verifies with `label` ok → withdrawal: `label` says since when, the
 * registry drops the place, the endorsement leaves its profile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractFromPng, extractFromSvg } from '../../src/ob3/baking.js';
import { decodeJwt } from '../../src/ob3/jwt.js';
import {
  addRole,
  api,
  apiTokenFor,
  createHarness,
  createUser,
  json,
  type Harness,
  type TestUser,
} from '../helpers/harness.js';
import { certifiedMediator } from '../helpers/certify.js';
import { officialSchemaErrors } from '../helpers/standards.js';
import { readCsv, tableSchemaErrors } from '../helpers/table-schema.js';

let h: Harness;
let admin: string;
let reviewerA: string;
let reviewerB: string;
let conflicted: string;
let mediator: string;
let hubAdmin: string;
let applicationId: string;
let labelId: string;
let learnerJwt: string;

interface Application {
  id: string;
  state: string;
  round: number;
  items: { code: string; claim: { text?: string; certifiedMediators?: number }; outcome: string | null }[];
  reviews: { vote: string; items: { code: string; decision: string; comment?: string }[] }[];
  labelId: string | null;
}
interface VerifyBody {
  verified: boolean;
  checks: { id: string; ok: boolean; message: string }[];
}

const ANSWERS = {
  'acces-gratuit': 'Accompagnement gratuit et sans adhésion, affiché à l’entrée.',
  horaires: 'Du lundi au vendredi, 9 h – 12 h et 14 h – 17 h, publiés sur la cartographie nationale.',
  accessibilite: 'https://acceslibre.beta.gouv.fr/app/21-dijon/a/espace-numerique/erp/exemple/',
  'donnees-personnelles': 'Charte affichée et signée par l’équipe en janvier.',
  'partenariat-social': 'Convention avec le CCAS de Dijon.',
  equipement: 'Six ordinateurs et une imprimante en libre accès.',
};

function reviewBody(vote: 'approve' | 'changes', more: string[] = []) {
  const codes = [
    'mediateurs-certifies',
    'acces-gratuit',
    'horaires',
    'accessibilite',
    'donnees-personnelles',
    'partenariat-social',
    'aidants-connect',
    'equipement',
    'suivi-competences',
  ];
  return {
    vote,
    ...(vote === 'changes' ? { comment: 'Précisez le partenariat.' } : {}),
    items: codes.map((code) =>
      more.includes(code)
        ? { code, decision: 'more', comment: 'Joignez la convention ou son résumé.' }
        : { code, decision: 'accept' },
    ),
  };
}

async function verify(jwt: string): Promise<VerifyBody> {
  return json<VerifyBody>(await api(h, null, '/api/v1/verify', { body: { credential: jwt } }));
}

beforeAll(async () => {
  h = await createHarness();
  const structure = h.boot.structure!;
  admin = await apiTokenFor(h, await createUser(h, structure.id, 'structure-admin'));
  mediator = await apiTokenFor(h, await createUser(h, structure.id, 'mediator'));
  reviewerA = await apiTokenFor(h, await createUser(h, h.boot.hub.id, 'committee'));
  reviewerB = await apiTokenFor(h, await createUser(h, h.boot.hub.id, 'committee'));
  hubAdmin = await apiTokenFor(h, await createUser(h, h.boot.hub.id, 'hub-admin'));
  const both: TestUser = await createUser(h, h.boot.hub.id, 'committee');
  await addRole(h, both, structure.id, 'mediator');
  conflicted = await apiTokenFor(h, both);
  const issued = await api(h, mediator, '/api/v1/credentials', {
    body: { achievement: 'abecedaire/1.0.0/competences/A1', recipient: { name: 'Ana' } },
  });
  learnerJwt = (await json<{ jwt: string }>(issued)).jwt;
});
afterAll(() => h.close());

async function labelRow(): Promise<{ credentialId: string; credentials: number; replacedBy: unknown }> {
  const label = await h.opened.client.execute({
    sql: 'select credential_id from labels where id = ?',
    args: [labelId],
  });
  const credentialId = String(label.rows[0]!.credential_id);
  const count = await h.opened.client.execute('select count(*) as n from credentials');
  const old = await h.opened.client.execute({
    sql: 'select replaced_by from credentials where id = ?',
    args: [credentialId],
  });
  return { credentialId, credentials: Number(count.rows[0]!.n), replacedBy: old.rows[0]!.replaced_by };
}

/**
 * Reinstating a label issues a fresh credential and re-points the label to it: one batch. A trigger
 * makes the label's update fail; then neither the new credential nor the old one's `replaced_by`
 * may be written. Without the trigger, both are written and the label points to the new credential.
 */
async function reinstateWritesLabelAndCredentialTogether(): Promise<void> {
  const before = await labelRow();
  await h.opened.client.execute(
    "create trigger fail_label_update before update on labels begin select raise(abort, 'forced failure'); end",
  );
  try {
    const failed = await api(h, hubAdmin, `/api/v1/labels/${labelId}/status`, {
      body: { action: 'reinstate', reason: 'Contrôle levé' },
    });
    expect(failed.status).toBe(500);
  } finally {
    await h.opened.client.execute('drop trigger fail_label_update');
  }
  expect(await labelRow()).toEqual(before);
  const reinstated = await api(h, hubAdmin, `/api/v1/labels/${labelId}/status`, {
    body: { action: 'reinstate', reason: 'Contrôle levé' },
  });
  expect((await json<{ state: string }>(reinstated)).state).toBe('active');
  const after = await labelRow();
  expect(after.credentials).toBe(before.credentials + 1);
  expect(after.credentialId).not.toBe(before.credentialId);
  const old = await h.opened.client.execute({
    sql: 'select replaced_by from credentials where id = ?',
    args: [before.credentialId],
  });
  expect(old.rows[0]!.replaced_by).toBe(after.credentialId);
}

describe('label application and decision', () => {
  it('refuses to open an application before the place’s details are complete', async () => {
    const res = await api(h, admin, '/api/v1/structures/structure-demo/label-applications', { body: { answers: {} } });
    expect(res.status).toBe(422);
    expect((await json<{ detail: string }>(res)).detail).toMatch(/Complétez d’abord la fiche du lieu/);
  });

  it('the structure admin applies with evidence per criterion; certified mediators are counted by Jalon', async () => {
    const details = await api(h, admin, '/api/v1/structures/structure-demo/details', {
      method: 'PUT',
      body: {
        pivot: '73282932000074',
        adresse: '12 rue de la Liberté',
        codePostal: '21000',
        commune: 'Dijon',
        services: ['Aide aux démarches administratives'],
      },
    });
    expect(details.status).toBe(200);
    const incomplete = await api(h, admin, '/api/v1/structures/structure-demo/label-applications', {
      body: { answers: { horaires: 'tous les jours' }, submit: true },
    });
    expect(incomplete.status).toBe(422);
    const created = await api(h, admin, '/api/v1/structures/structure-demo/label-applications', {
      body: { answers: { ...ANSWERS, 'mediateurs-certifies': 'je déclare 12 médiateurs' } },
    });
    expect(created.status).toBe(201);
    const app = await json<Application>(created);
    applicationId = app.id;
    expect(app.state).toBe('draft');
    const counted = app.items.find((i) => i.code === 'mediateurs-certifies')!;
    expect(counted.claim).toEqual({ certifiedMediators: 0, min: 1 });
    const again = await api(h, admin, '/api/v1/structures/structure-demo/label-applications', {
      body: { answers: {} },
    });
    expect(again.status).toBe(409);
    const submitted = await api(h, admin, `/api/v1/label-applications/${applicationId}`, {
      method: 'PUT',
      body: { answers: ANSWERS, submit: true },
    });
    expect(submitted.status).toBe(200);
    expect((await json<Application>(submitted)).state).toBe('submitted');
  });

  it('refuses a committee member who works in the applying place (conflict of interest), and a mediator', async () => {
    const res = await api(h, conflicted, `/api/v1/label-applications/${applicationId}/reviews`, {
      body: reviewBody('approve'),
    });
    expect(res.status).toBe(403);
    expect((await json<{ detail: string }>(res)).detail).toMatch(/conflit d’intérêts/);
    const byMediator = await api(h, mediator, `/api/v1/label-applications/${applicationId}/reviews`, {
      body: reviewBody('approve'),
    });
    expect(byMediator.status).toBe(403);
  });

  it('asks for more with reasons; the place answers and files again', async () => {
    const noReason = await api(h, reviewerA, `/api/v1/label-applications/${applicationId}/reviews`, {
      body: {
        ...reviewBody('changes', ['partenariat-social']),
        comment: undefined,
        items: reviewBody('changes', ['mediateurs-certifies']).items.map((i) => ({ ...i, comment: undefined })),
      },
    });
    expect(noReason.status).toBe(422);
    // Jalon counts 0 certified mediators of the 1 required: that criterion cannot be accepted.
    for (const token of [reviewerA, reviewerB]) {
      const res = await api(h, token, `/api/v1/label-applications/${applicationId}/reviews`, {
        body: reviewBody('changes', ['partenariat-social', 'mediateurs-certifies']),
      });
      expect(res.status).toBe(200);
    }
    const asked = await json<Application>(await api(h, admin, `/api/v1/label-applications/${applicationId}`));
    expect(asked.state).toBe('changes-requested');
    expect(asked.reviews[0]!.items.find((i) => i.code === 'partenariat-social')!.comment).toBe(
      'Joignez la convention ou son résumé.',
    );
    const resubmitted = await api(h, admin, `/api/v1/label-applications/${applicationId}`, {
      method: 'PUT',
      body: {
        answers: {
          ...ANSWERS,
          'reponse.partenariat-social': 'Convention signée le 3 mars, fiche d’orientation jointe.',
        },
        submit: true,
      },
    });
    expect((await json<Application>(resubmitted)).state).toBe('resubmitted');
  });

  it('two approvals while Jalon counts 0 certified mediators of the 1 required: 422 naming the criterion, no label, not in the registry', async () => {
    for (const token of [reviewerA, reviewerB]) {
      const res = await api(h, token, `/api/v1/label-applications/${applicationId}/reviews`, {
        body: reviewBody('approve'),
      });
      expect(res.status).toBe(422);
      const problem = await json<{ code: string; detail: string; errors: { path: string; message: string }[] }>(res);
      expect(problem.code).toBe('criterion_unmet');
      expect(problem.detail).toContain(
        '« Au moins une médiatrice ou un médiateur certifié » ne peut pas être accepté : 0 médiateur certifié sur 1 requis.',
      );
      expect(problem.errors.map((e) => e.path)).toContain('items.mediateurs-certifies');
    }
    const english = await api(h, reviewerA, `/api/v1/label-applications/${applicationId}/reviews`, {
      body: reviewBody('approve'),
      headers: { 'accept-language': 'en' },
    });
    expect((await json<{ detail: string }>(english)).detail).toContain('0 certified mediators of 1 required');
    const app = await json<Application>(await api(h, admin, `/api/v1/label-applications/${applicationId}`));
    expect(app.state).toBe('resubmitted');
    expect(app.reviews.filter((r) => r.vote === 'approve')).toHaveLength(0);
    expect(app.labelId).toBeNull();
    const labels = await h.opened.client.execute('select count(*) as n from labels');
    expect(Number(labels.rows[0]!.n)).toBe(0);
    expect((await json<{ items: unknown[] }>(await api(h, null, '/api/v1/registry'))).items).toEqual([]);
  });

  it('labels the place once one of its mediators is certified (two approvals grant the label)', async () => {
    await certifiedMediator(h, h.boot.structure!.id);
    const first = await json<{ state: string; labelId: string | null }>(
      await api(h, reviewerA, `/api/v1/label-applications/${applicationId}/reviews`, { body: reviewBody('approve') }),
    );
    expect(first).toEqual({ state: 'resubmitted', labelId: null });
    // The hub's admin is not on the committee: no vote (the programme's `reviewers`), and it does not
    // make the quorum — counted, it would have been the second approval and granted the label.
    const byHubAdmin = await api(h, hubAdmin, `/api/v1/label-applications/${applicationId}/reviews`, {
      body: reviewBody('approve'),
    });
    expect(byHubAdmin.status).toBe(403);
    expect((await json<{ detail: string }>(byHubAdmin)).detail).toMatch(/Seuls les membres du comité votent/);
    const afterRefusal = await json<Application>(await api(h, admin, `/api/v1/label-applications/${applicationId}`));
    expect(afterRefusal.state).toBe('resubmitted');
    expect(afterRefusal.reviews.filter((r) => r.vote === 'approve')).toHaveLength(1);
    expect(afterRefusal.labelId).toBeNull();
    const second = await json<{ state: string; labelId: string | null }>(
      await api(h, reviewerB, `/api/v1/label-applications/${applicationId}/reviews`, { body: reviewBody('approve') }),
    );
    expect(second.state).toBe('approved');
    expect(second.labelId).toMatch(/^[0-9a-f-]{36}$/);
    labelId = second.labelId!;
    const audit = await h.opened.client.execute(
      "select action from audit_events where target_id = ? or action like 'label.%' order by seq",
      [applicationId],
    );
    const actions = audit.rows.map((r) => String(r.action));
    for (const a of [
      'review.created',
      'review.submitted',
      'review.refused',
      'review.reviewed',
      'review.decided',
      'review.resubmitted',
      'label.granted',
    ])
      expect(actions).toContain(a);
  });

  it('issues a label credential to the structure’s DID, valid against the official schema, with validUntil', async () => {
    const row = await h.opened.client.execute(
      'select c.jwt from labels l join credentials c on c.id = l.credential_id where l.id = ?',
      [labelId],
    );
    const jwt = String(row.rows[0]!.jwt);
    const credential = decodeJwt(jwt).payload as Record<string, unknown> & {
      credentialSubject: { id: string; achievement: { achievementType: string } };
      validUntil: string;
    };
    expect(credential.credentialSubject.id).toBe('did:web:jalon.test:issuers:structure-demo');
    expect(credential.credentialSubject.achievement.achievementType).toBe('QualityAssuranceCredential');
    expect(Date.parse(credential.validUntil) - Date.now()).toBeGreaterThan(35 * 30 * 86_400_000);
    const { iss: _iss, jti: _jti, nbf: _nbf, exp: _exp, sub: _sub, ...vc } = credential;
    expect(officialSchemaErrors(vc)).toEqual([]);
    const verified = await verify(jwt);
    expect(verified.verified).toBe(true);
    expect(verified.checks.find((c) => c.id === 'label')!.message).toMatch(
      /Ce label, délivré\(e\) par le comité du hub/,
    );
  });

  it('names the label credential on its page by its kind, not as a generic badge', async () => {
    const row = await h.opened.client.execute('select credential_id from labels where id = ?', [labelId]);
    const res = await h.app.request(`/credentials/${String(row.rows[0]!.credential_id)}`, {
      headers: { accept: 'text/html' },
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<p class="muted">Label régional</p>');
  });

  it('bakes the label credential into its PNG and SVG pictures, like every badge, and the PNG verifies', async () => {
    const row = await h.opened.client.execute(
      'select l.credential_id, c.jwt from labels l join credentials c on c.id = l.credential_id where l.id = ?',
      [labelId],
    );
    const id = String(row.rows[0]!.credential_id);
    const jwt = String(row.rows[0]!.jwt);
    const png = await h.app.request(`/credentials/${id}.png`);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toContain('image/png');
    const pngBytes = new Uint8Array(await png.arrayBuffer());
    expect(extractFromPng(pngBytes)).toBe(jwt);
    const svg = await h.app.request(`/credentials/${id}.svg`);
    expect(svg.status).toBe(200);
    const svgText = await svg.text();
    expect(extractFromSvg(svgText)).toBe(jwt);
    expect(svgText).toContain('<svg');
    const form = new FormData();
    form.set('file', new File([pngBytes], 'label.png', { type: 'image/png' }));
    const verified = await h.app.request('/api/v1/verify', { method: 'POST', body: form });
    expect(((await verified.json()) as { verified: boolean }).verified).toBe(true);
  });

  it('lists the place in the registry (JSON and CSV valid against the national schema)', async () => {
    const registry = await json<{ items: { slug: string; certifiedMediators: number }[] }>(
      await api(h, null, '/api/v1/registry'),
    );
    expect(registry.items.map((i) => i.slug)).toEqual(['structure-demo']);
    expect(registry.items[0]!.certifiedMediators).toBe(1);
    const csv = await (await api(h, null, '/api/v1/registry?format=csv')).text();
    expect(tableSchemaErrors(csv)).toEqual([]);
    expect(readCsv(csv)).toHaveLength(2);
  });

  it('a learner credential of the labelled place verifies with `label` ok, saying since when', async () => {
    const body = await verify(learnerJwt);
    expect(body.verified).toBe(true);
    const label = body.checks.find((c) => c.id === 'label')!;
    expect(label.ok).toBe(true);
    expect(label.message).toMatch(/labellisé « Label régional des lieux de médiation numérique » depuis le/);
    expect(label.message).toMatch(/n’était pas encore labellisé quand il a délivré ce badge|il l’était déjà/);
  });

  it('withdrawal with a reason: `label` says since when, the registry drops the place, the profile loses the endorsement', async () => {
    const before = await json<Record<string, unknown>>(
      await h.app.request('/issuers/structure-demo', { headers: { accept: 'application/json' } }),
    );
    expect(before.endorsementJwt).toHaveLength(1);
    const byMediator = await api(h, mediator, `/api/v1/labels/${labelId}/status`, {
      body: { action: 'withdraw', reason: 'x' },
    });
    expect(byMediator.status).toBe(403);
    const suspended = await api(h, reviewerA, `/api/v1/labels/${labelId}/status`, {
      body: { action: 'suspend', reason: 'Contrôle en cours' },
    });
    expect((await json<{ state: string }>(suspended)).state).toBe('suspended');
    expect((await json<{ items: unknown[] }>(await api(h, null, '/api/v1/registry'))).items).toEqual([]);
    await reinstateWritesLabelAndCredentialTogether();
    expect((await json<{ items: unknown[] }>(await api(h, null, '/api/v1/registry'))).items).toHaveLength(1);
    const withdrawn = await api(h, hubAdmin, `/api/v1/labels/${labelId}/status`, {
      body: { action: 'withdraw', reason: 'Le lieu ne respecte plus l’accès gratuit.' },
    });
    expect(withdrawn.status).toBe(200);
    expect((await json<{ state: string }>(withdrawn)).state).toBe('withdrawn');
    const body = await verify(learnerJwt);
    expect(body.verified).toBe(true);
    const label = body.checks.find((c) => c.id === 'label')!;
    expect(label.ok).toBe(true);
    expect(label.message).toMatch(/label retiré le .+ \(Le lieu ne respecte plus l’accès gratuit\.\)/);
    expect(label.message).toMatch(/ne change pas la validité du badge/);
    expect((await json<{ items: unknown[] }>(await api(h, null, '/api/v1/registry'))).items).toEqual([]);
    const after = await json<Record<string, unknown>>(
      await h.app.request('/issuers/structure-demo', { headers: { accept: 'application/json' } }),
    );
    expect(after.endorsement).toBeUndefined();
    expect(after.endorsementJwt).toBeUndefined();
  });
});

describe('renewal', () => {
  it('opens in the last days of validity and keeps “labellisé depuis” from the first grant', async () => {
    const r = await createHarness();
    try {
      const { principalFromApiToken } = await import('../../src/auth/service.js');
      const services = await import('../../src/label/applications.js');
      const { reviewApplication } = await import('../../src/label/committee.js');
      const { getProgramme } = await import('../../src/label/programme.js');
      const principal = async (orgId: string, role: 'structure-admin' | 'committee') =>
        (await principalFromApiToken(r.deps, await apiTokenFor(r, await createUser(r, orgId, role))))!;
      const owner = await principal(r.boot.structure!.id, 'structure-admin');
      const members = [await principal(r.boot.hub.id, 'committee'), await principal(r.boot.hub.id, 'committee')];
      await api(
        r,
        await apiTokenFor(r, await createUser(r, r.boot.structure!.id, 'structure-admin')),
        '/api/v1/structures/structure-demo/details',
        {
          method: 'PUT',
          body: {
            pivot: 'W212000123',
            adresse: '1 place Carnot',
            codePostal: '21200',
            commune: 'Beaune',
            services: ['Aide aux démarches administratives'],
          },
        },
      );
      const programme = await getProgramme(r.deps.database.db, 'label-regional');
      const approveAll = {
        vote: 'approve' as const,
        items: programme.criteria.map((c) => ({ code: c.code, decision: 'accept' as const })),
      };
      const grant = async () => {
        const app = await services.startApplication(r.deps, owner, 'structure-demo', undefined, ANSWERS, true);
        let labelId: string | null = null;
        for (const m of members) labelId = (await reviewApplication(r.deps, m, app.id, approveAll)).labelId ?? labelId;
        return { app, labelId: labelId! };
      };
      r.setNow('2027-01-10T09:00:00Z');
      // A label needs a certified mediator of the place (valid 36 months: still at the renewal).
      await certifiedMediator(r, r.boot.structure!.id);
      const first = await grant();
      await expect(
        services.startApplication(r.deps, owner, 'structure-demo', undefined, ANSWERS, true),
      ).rejects.toMatchObject({
        code: 'conflict',
      });
      r.setNow('2029-12-01T09:00:00Z');
      const second = await grant();
      expect(second.app.renews).toBe(first.app.id);
      expect(second.labelId).not.toBe(first.labelId);
      r.setNow('2030-03-01T09:00:00Z');
      const registry = await json<{ items: { label: { since: string; validUntil: string } }[] }>(
        await api(r, null, '/api/v1/registry'),
      );
      expect(registry.items[0]!.label.since.slice(0, 10)).toBe('2027-01-10');
      expect(registry.items[0]!.label.validUntil.slice(0, 10)).toBe('2032-12-01');
    } finally {
      r.close();
    }
  });
});
