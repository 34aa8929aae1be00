import { allow, principalOf, roles } from '../auth/access.js';
import { manageableCredential } from '../issuing/service.js';
import { scope } from '../web/route.js';
import type { Context } from 'hono';
import type { AppContext, AppEnv } from '../context.js';
import type { FieldError } from '../errors.js';
import { tOf } from '../web/layout.js';
import { ApplicationPage } from './application-views.js';
import { applicationsOf, applicationView, committeeRequestsOf, ownApplication } from './applications.js';
import { votableApplication } from './issuance.js';
import { portfolioOf } from './portfolio.js';
import { CertificationHome } from './portfolio-views.js';
import { hubOfMediator, mayManage } from './service.js';
import { certificationStatus } from './status.js';

/**
 * What the certification routes share (they register no route here): who may call them, the notice
 * after a redirect, reading fields named by code, and the two pages a form with mistakes comes back
 * to (the mediator's space, an application).
 */

export const MEDIATOR = allow(roles('mediator'));
export const STAFF = allow(roles('committee', 'hub-admin'));
export const PARTIES = allow(roles('mediator', 'committee', 'hub-admin'));

// Scoping of the path's resource, before any body is read (someone who may not see it gets 403/404).
export const ownApplicationInPath = scope('application', (c) =>
  ownApplication(c.var.deps, principalOf(c), c.req.param('id') ?? ''),
);
export const votableApplicationInPath = scope('application', (c) =>
  votableApplication(c.var.deps, principalOf(c), c.req.param('id') ?? ''),
);
export const managedCredentialInPath = scope('credential', (c) =>
  manageableCredential(c.var.deps, principalOf(c), c.req.param('id') ?? ''),
);

export const TAG = 'Certification des médiateurs' as const;

const NOTICES: Record<string, [string, string]> = {
  niveaux: ['Vos niveaux sont enregistrés.', 'Your levels are saved.'],
  preuve: ['Preuve ajoutée.', 'Evidence added.'],
  retiree: ['Preuve retirée.', 'Evidence removed.'],
  envoyee: ['Votre demande est envoyée au comité.', 'Your application was sent to the committee.'],
  maj: ['Votre demande est mise à jour.', 'Your application is updated.'],
  renvoyee: ['Votre demande complétée est renvoyée au comité.', 'Your completed application was resubmitted.'],
  retrait: ['Votre demande est retirée.', 'Your application is withdrawn.'],
  avis: ['Votre avis est enregistré.', 'Your review is recorded.'],
  statut: ['Le statut du badge est changé.', 'The badge status is changed.'],
};

export function noticeOf(c: Pick<AppContext, 'req' | 'var'>): string | undefined {
  const key = c.req.query('ok');
  const n = key ? NOTICES[key] : undefined;
  return n ? tOf(c)(n[0], n[1]) : undefined;
}

/**
 * The review form's choices for a whole block (`decision.bloc.<block>`, `comment.bloc.<block>`)
 * given to each of its competences (`bloc.<code>` names a competence's block) that has no choice
 * or reason of its own.
 */
export function withBlockChoices(fields: Record<string, string[]>): Record<string, string[]> {
  const out = { ...fields };
  const own = (key: string) => (fields[key] ?? []).some((v) => v !== '');
  for (const [key, values] of Object.entries(fields)) {
    if (!key.startsWith('bloc.')) continue;
    const code = key.slice('bloc.'.length);
    const block = values.at(-1) ?? '';
    for (const field of ['decision', 'comment'])
      if (!own(`${field}.${code}`) && own(`${field}.bloc.${block}`))
        out[`${field}.${code}`] = fields[`${field}.bloc.${block}`]!;
  }
  return out;
}

/** The fields of a form named `<prefix><code>` (`niveau.S1.2`), by code. */
export function byCode(fields: Record<string, string[]>, prefix: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields)
      .filter(([k, v]) => k.startsWith(prefix) && v.length > 0)
      .map(([k, v]) => [k.slice(prefix.length), v[v.length - 1]!]),
  );
}

/** The mediator's space: badges, applications, portfolio; `chosen`: the blocks ticked in a form sent back. */
export async function homePage(
  c: AppContext,
  extra: { errors?: FieldError[]; chosen?: string[]; status?: number } = {},
) {
  const t = tOf(c);
  const p = principalOf(c);
  const deps = c.var.deps;
  await hubOfMediator(deps, p);
  const portfolio = await portfolioOf(deps, p.userId);
  c.status((extra.status ?? 200) as 200);
  return c.render(
    <CertificationHome
      portfolio={portfolio}
      status={await certificationStatus(deps, p.userId, portfolio)}
      applications={await applicationsOf(deps, p.userId)}
      requests={await committeeRequestsOf(deps, p)}
      notice={noticeOf(c)}
      errors={extra.errors ?? []}
      chosen={extra.chosen ?? []}
    />,
    { title: t('Ma certification', 'My certification'), noindex: true },
  );
}

/** An application, for its applicant or the hub's staff; `values`: a review form sent back. */
export async function applicationPage<E extends AppEnv>(
  c: Context<E>,
  id: string,
  extra: { errors?: FieldError[]; values?: Record<string, string>; status?: number } = {},
) {
  const t = tOf(c);
  const p = principalOf(c);
  const view = await applicationView(c.var.deps, p, id);
  const own = view.app.applicantUserId === p.userId;
  c.status((extra.status ?? 200) as 200);
  return c.render(
    <ApplicationPage
      view={view}
      own={own}
      staff={mayManage(p, view.app.deciderOrgId)}
      notice={noticeOf(c)}
      errors={extra.errors ?? []}
      values={extra.values ?? {}}
    />,
    { title: t('Demande de certification', 'Certification application'), noindex: true },
  );
}
