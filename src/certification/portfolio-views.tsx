import type { FC } from 'hono/jsx';
import type { FieldError } from '../errors.js';
import type { ApplicationRow } from '../review/service.js';
import { reviewStateName } from '../review/views.js';
import { formatDate } from '../lib/dates.js';
import type { T } from '../web/i18n.js';
import { Callout, Csrf, FormErrors, useLang, useT } from '../web/render.js';
import { type CommitteeRequest, CommitteeRequests } from '../web/requests.js';
import { MAX_EVIDENCE, MAX_FILE_LABEL } from './evidence.js';
import { AddEvidence, type EvidenceAgain, EvidenceItems } from './evidence-views.js';
import { evidenceHref, type Portfolio } from './portfolio.js';
import type { CertificationStatus, HeldCredential } from './status.js';

function credentialStateLabel(c: HeldCredential, t: T): { text: string; cls: string } {
  switch (c.state) {
    case 'active':
      return { text: t('Valide', 'Valid'), cls: 'ok' };
    case 'suspended':
      return { text: t('Suspendu', 'Suspended'), cls: 'warn' };
    case 'revoked':
      return { text: t('Retiré', 'Withdrawn'), cls: 'bad' };
    case 'expired':
      return { text: t('Expiré', 'Expired'), cls: 'warn' };
  }
}

/** What the last action did, after post/redirect/get. */
export const Notice: FC<{ text?: string | undefined }> = ({ text }) =>
  text ? (
    <Callout tone="ok">
      <p>{text}</p>
    </Callout>
  ) : null;

/** Portfolio problems (`competences.<code>`) link to the competence's section of its block's page. */
export function competenceLinks(ref: Portfolio['ref'], errors: readonly FieldError[]): Record<string, string> {
  return Object.fromEntries(
    errors
      .filter((e) => e.path.startsWith('competences.'))
      .map((e) => [e.path, evidenceHref(ref, e.path.slice('competences.'.length))]),
  );
}

// --- mediator's space

export const CertificationHome: FC<{
  portfolio: Portfolio;
  status: CertificationStatus;
  applications: ApplicationRow[];
  /** What the committee asks on the open application, as on /espace. */
  requests?: CommitteeRequest[];
  notice?: string | undefined;
  errors?: FieldError[];
  chosen?: string[];
}> = ({ portfolio, status, applications, requests = [], notice, errors = [], chosen = [] }) => {
  const t = useT();
  const lang = useLang();
  const { ref } = portfolio;
  const open = applications.find((a) => !['approved', 'rejected', 'withdrawn'].includes(a.state));
  const complete = (code: string) => {
    const block = ref.blocks.find((b) => b.code === code)!;
    const done = block.competences.filter(
      (c) => portfolio.levels.has(c.code) && (portfolio.evidence.get(c.code)?.length ?? 0) > 0,
    ).length;
    return { done, total: block.competences.length };
  };
  return (
    <>
      <h1>{t('Ma certification de médiateur numérique', 'My digital mediator certification')}</h1>
      <Notice text={notice} />
      <FormErrors errors={errors} links={competenceLinks(ref, errors)} />
      <CommitteeRequests requests={requests} />
      <h2>{t('Mes badges', 'My badges')}</h2>
      {status.credentials.length === 0 ? (
        <p>{t('Aucun badge pour l’instant.', 'No badge yet.')}</p>
      ) : (
        <ul class="plain-list">
          {status.credentials.map((c) => {
            const s = credentialStateLabel(c, t);
            return (
              <li>
                <a href={c.url}>
                  {c.kind === 'certification'
                    ? t('Médiateur numérique certifié', 'Certified digital mediator')
                    : `${t('Bloc', 'Block')} ${c.blockCode} — ${ref.blocks.find((b) => b.code === c.blockCode)?.title ?? ''}`}
                </a>{' '}
                <span class={`badge-status ${s.cls}`}>{s.text}</span>
                {c.row.validUntil ? (
                  <span class="muted">
                    {' '}
                    · {t('valable jusqu’au', 'valid until')} {formatDate(c.row.validUntil, lang)}
                  </span>
                ) : null}
                {c.state === 'suspended' && c.row.suspensionReason ? (
                  <span class="muted">
                    {' '}
                    · {t('motif :', 'reason:')} {c.row.suspensionReason}
                  </span>
                ) : null}
                {c.state === 'revoked' && c.row.revocationReason ? (
                  <span class="muted">
                    {' '}
                    · {t('motif :', 'reason:')} {c.row.revocationReason}
                  </span>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      {status.expiresAt ? (
        <div class={status.renewalOpen ? 'callout warn' : 'callout'}>
          <p>
            {t('Vos badges expirent le', 'Your badges expire on')} <strong>{formatDate(status.expiresAt, lang)}</strong>
            .
          </p>
          {status.renewalOpen && status.lastApproved && !open ? (
            <form method="post" action="/certification/demandes" class="stack">
              <Csrf />
              <input type="hidden" name="renews" value={status.lastApproved} />
              {status.activeBlocks.map((b) => (
                <input type="hidden" name="blocks" value={b} />
              ))}
              <p>
                {t(
                  'Le renouvellement est ouvert : votre portfolio est repris tel quel, mettez-le à jour si besoin puis envoyez.',
                  'Renewal is open: your portfolio is carried over; update it if needed, then send.',
                )}
              </p>
              <button type="submit">{t('Demander le renouvellement', 'Apply for renewal')}</button>
            </form>
          ) : null}
        </div>
      ) : null}

      <h2>{t('Mes demandes', 'My applications')}</h2>
      {applications.length === 0 ? (
        <p>{t('Aucune demande.', 'No application.')}</p>
      ) : (
        <ul class="plain-list">
          {applications.map((a) => (
            <li>
              <a href={`/certification/demandes/${a.id}`}>
                {t('Demande du', 'Application of')} {formatDate(a.createdAt, lang)}
              </a>{' '}
              — {reviewStateName(a.state, t)}
              {a.renews ? ` (${t('renouvellement', 'renewal')})` : ''}
            </li>
          ))}
        </ul>
      )}

      <h2>{t('Mon portfolio', 'My portfolio')}</h2>
      <p>
        {t(
          'Pour chaque compétence : votre niveau et au moins une preuve (texte, lien, ou fichier PDF, PNG ou JPEG de',
          'For each competence: your level and at least one piece of evidence (text, link, or PDF, PNG or JPEG file of',
        )}{' '}
        {MAX_FILE_LABEL}{' '}
        {t(
          'au plus). Jamais de données personnelles des personnes accompagnées.',
          'at most). Never personal data of the people you help.',
        )}
      </p>
      <form method="post" action="/certification/demandes" class="stack">
        <Csrf />
        <fieldset>
          <legend>{t('Blocs de compétences', 'Competence blocks')}</legend>
          <ul class="plain-list">
            {ref.blocks.map((b) => {
              const c = complete(b.code);
              return (
                <li>
                  <div class="choice">
                    <input
                      type="checkbox"
                      name="blocks"
                      value={b.code}
                      id={`bloc-${b.code}`}
                      checked={chosen.includes(b.code)}
                      disabled={!!open}
                    />
                    <label for={`bloc-${b.code}`}>
                      {b.code} — {b.title}
                    </label>
                  </div>
                  <p class="muted tight">
                    {c.done}/{c.total} {t('compétences prêtes', 'competences ready')} ·{' '}
                    <a
                      href={`/certification/blocs/${b.code}`}
                      aria-label={`${t('Compléter le bloc', 'Complete block')} ${b.code}`}
                    >
                      {t('Compléter', 'Complete')}
                    </a>
                  </p>
                </li>
              );
            })}
          </ul>
        </fieldset>
        {open ? (
          <p class="muted">
            {t('Une demande est en cours :', 'An application is open:')}{' '}
            <a href={`/certification/demandes/${open.id}`}>{t('la voir', 'see it')}</a>.
          </p>
        ) : (
          <button type="submit">{t('Demander la validation des blocs cochés', 'Apply for the ticked blocks')}</button>
        )}
      </form>
    </>
  );
};

/** The committee's request on the mediator's application: its page, and the remarks per flagged competence. */
export interface BlockAsk {
  href: string;
  asked: ReadonlyMap<string, string[]>;
}

/** The id of a field of a competence's evidence form (`url-M2.1`), which the error summary links to. */
const evidenceFieldId = (path: string, code: string) =>
  path === 'text' || path === 'url' || path === 'file' ? `${path}-${code}` : `kind-${code}-text`;

/**
 * One block of the portfolio: the levels, then one section per competence (its anchor is its code,
 * `#M2.1`) with the committee's remarks when it asks for more, the evidence given, and one evidence
 * form whose fields follow the kind chosen (text, link or file; CSS only, every field shows without it).
 */
export const BlockPage: FC<{
  portfolio: Portfolio;
  code: string;
  notice?: string | undefined;
  again?: EvidenceAgain | undefined;
  ask?: BlockAsk | null | undefined;
}> = ({ portfolio, code, notice, again, ask }) => {
  const t = useT();
  const block = portfolio.ref.blocks.find((b) => b.code === code)!;
  const sent = again?.sent;
  const competence = block.competences.find((c) => c.code === sent?.code);
  // Each error names the competence by its title and links to its field.
  const errors = (again?.errors ?? []).map((e) =>
    competence
      ? {
          ...e,
          message: `${competence.code} — ${competence.title} : ${e.message}`,
          ...(e.en ? { en: `${competence.code} — ${competence.title}: ${e.en}` } : {}),
        }
      : e,
  );
  const fieldIds: Record<string, string> = sent
    ? Object.fromEntries((again?.errors ?? []).map((e) => [e.path, evidenceFieldId(e.path, sent.code)]))
    : {};
  const errorOf = (c: string, field: string) =>
    sent?.code === c ? again?.errors.find((e) => e.path === field)?.message : undefined;
  const levelOf = (c: string) => portfolio.ref.scale.levels.find((l) => l.id === portfolio.levels.get(c))?.label;
  const askedHere = block.competences.filter((c) => ask?.asked.has(c.code));
  return (
    <>
      <p class="muted">
        <a href="/certification">← {t('Ma certification', 'My certification')}</a>
      </p>
      <h1>
        {block.code} — {block.title}
      </h1>
      <Notice text={notice} />
      <FormErrors errors={errors} fieldIds={fieldIds} />
      {ask && askedHere.length ? (
        <Callout tone="warn">
          <p>
            {t('Le comité demande des compléments sur', 'The committee asks for more on')}{' '}
            {askedHere.map((c, i) => (
              <>
                {i ? ', ' : ''}
                <a href={`#${c.code}`}>{c.code}</a>
              </>
            ))}
            .{' '}
            {t(
              'Ajoutez vos preuves ci-dessous, puis renvoyez la demande :',
              'Add your evidence below, then send the application back:',
            )}{' '}
            <a href={ask.href}>{t('ma demande', 'my application')}</a>.
          </p>
        </Callout>
      ) : null}
      <form method="post" action={`/certification/blocs/${block.code}`} class="stack">
        <Csrf />
        {block.competences.map((c) => (
          <div>
            <label for={`niveau-${c.code}`}>
              {c.code} — {c.title}
            </label>
            <select id={`niveau-${c.code}`} name={`niveau.${c.code}`}>
              <option value="">{t('— Mon niveau —', '— My level —')}</option>
              {portfolio.ref.scale.levels.map((l) => (
                <option value={l.id} selected={portfolio.levels.get(c.code) === l.id}>
                  {l.label}
                </option>
              ))}
            </select>
          </div>
        ))}
        <button type="submit">{t('Enregistrer mes niveaux', 'Save my levels')}</button>
      </form>
      {block.competences.map((c) => {
        const items = portfolio.evidence.get(c.code) ?? [];
        const mine = sent?.code === c.code;
        const remarks = ask?.asked.get(c.code);
        const err = { text: errorOf(c.code, 'text'), url: errorOf(c.code, 'url'), file: errorOf(c.code, 'file') };
        return (
          <section id={c.code} class="competence-evidence">
            <h2 id={`preuves-${c.code}`}>
              {t('Preuves', 'Evidence')} {c.code} <span class="muted">— {c.title}</span>
            </h2>
            {remarks ? (
              <Callout tone="warn">
                <p>
                  <strong>{t('Le comité demande des compléments :', 'The committee asks for more:')}</strong>
                  {remarks.map((m) => ` « ${m} »`).join('')}
                </p>
              </Callout>
            ) : null}
            <p class="tight">
              {t('Mon niveau :', 'My level:')}{' '}
              {levelOf(c.code) ?? <a href={`#niveau-${c.code}`}>{t('à indiquer', 'to be given')}</a>}
            </p>
            <details>
              <summary>{t('Preuves attendues', 'Expected evidence')}</summary>
              <ul>
                {c.evidence.map((e) => (
                  <li>{e}</li>
                ))}
              </ul>
            </details>
            {items.length === 0 ? (
              <p class="muted">{t('Aucune preuve pour l’instant.', 'No evidence yet.')}</p>
            ) : (
              <EvidenceItems items={items} />
            )}
            {items.length < MAX_EVIDENCE ? (
              // Folded once the competence has evidence, unless the committee asks for more on it or the form came back.
              <AddEvidence
                code={c.code}
                open={items.length === 0 || !!remarks || mine}
                sent={mine ? sent : undefined}
                errors={err}
              />
            ) : null}
          </section>
        );
      })}
    </>
  );
};
