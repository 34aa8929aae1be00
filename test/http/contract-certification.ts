/** Contract cases of the mediator certification: portfolio, evidence, applications, reviews, issue (gathered, in order, by contract.test.ts). */
import { type Case, type ContractContext, UUID } from './contract-cases.js';

/** Competence codes of block M1, from the mediator's portfolio. */
let m1: string[] = [];
const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const decide = (decision: 'accept' | 'more') => () => ({
  vote: decision === 'accept' ? 'approve' : 'changes',
  ...(decision === 'more' ? { comment: 'Il manque une trace concrète.' } : {}),
  items: m1.map((code) => ({ code, decision, ...(decision === 'more' ? { comment: 'Ajoutez une trame.' } : {}) })),
});

export function certificationCases({ kept }: ContractContext): Case[] {
  return [
    {
      name: 'my certification',
      method: 'GET',
      path: '/api/v1/certification',
      as: 'mediator',
      status: 200,
      keep: (b) => {
        m1 = (b.portfolio as { code: string; block: string }[]).filter((c) => c.block === 'M1').map((c) => c.code);
      },
    },
    {
      name: 'certification, not a mediator',
      method: 'GET',
      path: '/api/v1/certification',
      as: 'hubAdmin',
      status: 403,
    },
    {
      name: 'levels',
      method: 'POST',
      path: '/api/v1/certification/levels',
      as: 'mediator',
      body: () => ({ levels: Object.fromEntries(m1.map((c) => [c, 'maitrise'])) }),
      status: 200,
    },
    {
      name: 'levels, not a map',
      method: 'POST',
      path: '/api/v1/certification/levels',
      as: 'mediator',
      body: { levels: 3 },
      status: 422,
    },
    ...[0, 1, 2, 3, 4, 5, 6, 7].map(
      (i): Case => ({
        name: `text evidence ${i}`,
        method: 'POST',
        path: '/api/v1/certification/evidence',
        as: 'mediator',
        body: () => ({ code: m1[Math.min(i, m1.length - 1)], kind: 'text', text: 'Récit réflexif anonymisé.' }),
        status: 201,
      }),
    ),
    {
      name: 'file evidence',
      method: 'POST',
      path: '/api/v1/certification/evidence',
      as: 'mediator',
      form: () => {
        const form = new FormData();
        form.set('code', m1[0]!);
        form.set('file', new File([PDF], 'trame.pdf', { type: 'application/pdf' }));
        return form;
      },
      status: 201,
      keep: (b) => {
        kept.fileEvidence = String(b.id);
      },
    },
    {
      name: 'evidence, unknown kind',
      method: 'POST',
      path: '/api/v1/certification/evidence',
      as: 'mediator',
      body: { code: 'M1.1', kind: 'video' },
      status: 422,
    },
    {
      name: 'evidence file',
      method: 'GET',
      path: '/api/v1/certification/evidence/{fileEvidence}',
      as: 'mediator',
      status: 200,
    },
    {
      name: 'evidence file, other person',
      method: 'GET',
      path: '/api/v1/certification/evidence/{fileEvidence}',
      as: 'otherMediator',
      status: 404,
    },
    {
      name: 'remove evidence',
      method: 'DELETE',
      path: '/api/v1/certification/evidence/{fileEvidence}',
      as: 'mediator',
      status: 204,
    },
    {
      name: 'remove evidence, bad id',
      method: 'DELETE',
      path: '/api/v1/certification/evidence/nope',
      as: 'mediator',
      status: 422,
    },
    {
      name: 'apply',
      method: 'POST',
      path: '/api/v1/certification/applications',
      as: 'mediator',
      body: { blocks: ['M1'] },
      status: 201,
      keep: (b) => {
        kept.application = String(b.id);
      },
    },
    {
      name: 'apply, no block',
      method: 'POST',
      path: '/api/v1/certification/applications',
      as: 'mediator',
      body: { blocks: [] },
      status: 422,
    },
    {
      name: 'application',
      method: 'GET',
      path: '/api/v1/certification/applications/{application}',
      as: 'mediator',
      status: 200,
    },
    {
      name: 'application, unknown',
      method: 'GET',
      path: `/api/v1/certification/applications/${UUID}`,
      as: 'mediator',
      status: 404,
    },
    { name: 'queue', method: 'GET', path: '/api/v1/certification/queue', as: 'committee1', status: 200 },
    { name: 'queue, a mediator', method: 'GET', path: '/api/v1/certification/queue', as: 'mediator', status: 403 },
    {
      name: 'ask for more (1)',
      method: 'POST',
      path: '/api/v1/certification/applications/{application}/reviews',
      as: 'committee1',
      body: decide('more'),
      status: 201,
    },
    {
      name: 'ask for more (2)',
      method: 'POST',
      path: '/api/v1/certification/applications/{application}/reviews',
      as: 'committee2',
      body: decide('more'),
      status: 201,
    },
    {
      name: 'review, bad vote',
      method: 'POST',
      path: '/api/v1/certification/applications/{application}/reviews',
      as: 'committee1',
      body: { vote: 'maybe', items: [] },
      status: 422,
    },
    {
      name: 'answer and resubmit',
      method: 'POST',
      path: '/api/v1/certification/applications/{application}/update',
      as: 'mediator',
      body: () => ({ responses: { [m1[0]!]: 'Trame ajoutée.' }, resubmit: true }),
      status: 200,
    },
    {
      name: 'update, not the applicant',
      method: 'POST',
      path: '/api/v1/certification/applications/{application}/update',
      as: 'otherMediator',
      body: {},
      status: 404,
    },
    {
      name: 'approve (1)',
      method: 'POST',
      path: '/api/v1/certification/applications/{application}/reviews',
      as: 'committee1',
      body: decide('accept'),
      status: 201,
    },
    {
      name: 'approve, the hub admin (not on the committee: no vote)',
      method: 'POST',
      path: '/api/v1/certification/applications/{application}/reviews',
      as: 'hubAdmin',
      body: decide('accept'),
      status: 403,
    },
    {
      name: 'approve (2)',
      method: 'POST',
      path: '/api/v1/certification/applications/{application}/reviews',
      as: 'committee2',
      body: decide('accept'),
      status: 201,
    },
    {
      name: 'issue (nothing left)',
      method: 'POST',
      path: '/api/v1/certification/applications/{application}/issue',
      as: 'hubAdmin',
      status: 200,
    },
    {
      name: 'issue, a mediator',
      method: 'POST',
      path: '/api/v1/certification/applications/{application}/issue',
      as: 'mediator',
      status: 403,
    },
    {
      name: 'apply again',
      method: 'POST',
      path: '/api/v1/certification/applications',
      as: 'mediator',
      body: { blocks: ['M1'] },
      status: 201,
      keep: (b) => {
        kept.second = String(b.id);
      },
    },
    {
      name: 'withdraw',
      method: 'POST',
      path: '/api/v1/certification/applications/{second}/withdraw',
      as: 'mediator',
      body: { reason: 'plus tard' },
      status: 200,
    },
    {
      name: 'withdraw twice',
      method: 'POST',
      path: '/api/v1/certification/applications/{second}/withdraw',
      as: 'mediator',
      body: {},
      status: 409,
    },
  ];
}
