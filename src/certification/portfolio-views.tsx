import type { FC } from 'hono/jsx';
import type { FieldError } from '../errors.js';
import type { ApplicationRow } from '../review/service.js';
import { reviewStateName } from '../review/views.js';
import { formatDate } from '../lib/dates.js';
import type { T } from '../web/i18n.js';
import { Callout, Csrf, FormErrors, useLang, useT } from '../web/render.js';
import { MAX_EVIDENCE, MAX_FILE_LABEL } from './evidence.js';
import type { Portfolio } from './portfolio.js';
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

// --- mediator's space

export const CertificationHome: FC<{
  portfolio: Portfolio;
  status: CertificationStatus;
  applications: ApplicationRow[];
  notice?: string | undefined;
  errors?: FieldError[];
  chosen?: string[];
}> = ({ portfolio, status, applications, notice, errors = [], chosen = [] }) => {
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
      <FormErrors errors={errors} />
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

/** An evidence form sent back with its errors: what was typed, for the competence it was for. */
export interface EvidenceAgain {
  sent: { code: string; kind: string; text?: string | undefined; url?: string | undefined };
  errors: FieldError[];
}

export const BlockPage: FC<{
  portfolio: Portfolio;
  code: string;
  notice?: string | undefined;
  again?: EvidenceAgain | undefined;
}> = ({ portfolio, code, notice, again }) => {
  const t = useT();
  const block = portfolio.ref.blocks.find((b) => b.code === code)!;
  const sent = again?.sent;
  const fieldIds: Record<string, string> = sent
    ? { text: `text-${sent.code}`, url: `url-${sent.code}`, file: `file-${sent.code}`, kind: `kind-${sent.code}-text` }
    : {};
  return (
    <>
      <p class="muted">
        <a href="/certification">← {t('Ma certification', 'My certification')}</a>
      </p>
      <h1>
        {block.code} — {block.title}
      </h1>
      <Notice text={notice} />
      <FormErrors errors={again?.errors ?? []} fieldIds={fieldIds} />
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
        return (
          <section aria-labelledby={`preuves-${c.code}`}>
            <h2 id={`preuves-${c.code}`}>
              {t('Preuves', 'Evidence')} — {c.code}
            </h2>
            <details>
              <summary>{t('Preuves attendues', 'Expected evidence')}</summary>
              <ul>
                {c.evidence.map((e) => (
                  <li>{e}</li>
                ))}
              </ul>
            </details>
            {items.length === 0 ? (
              <p class="muted">{t('Aucune preuve.', 'No evidence.')}</p>
            ) : (
              <ul class="plain-list">
                {items.map((e) => (
                  <li>
                    {e.kind === 'file' ? (
                      <a href={`/certification/preuves/${e.id}`}>{e.fileName}</a>
                    ) : e.kind === 'link' ? (
                      <a href={e.url ?? '#'} rel="noopener noreferrer">
                        {e.url}
                      </a>
                    ) : null}{' '}
                    {e.text ? <span>{e.text}</span> : null}
                    <form method="post" action={`/certification/preuves/${e.id}/suppression`} class="inline-form">
                      <Csrf />
                      <button type="submit" class="secondary">
                        {t('Retirer', 'Remove')}
                        <span class="visually-hidden"> {e.fileName ?? e.url ?? e.text?.slice(0, 40)}</span>
                      </button>
                    </form>
                  </li>
                ))}
              </ul>
            )}
            {items.length < MAX_EVIDENCE ? (
              <form method="post" action="/certification/preuves" enctype="multipart/form-data" class="stack">
                <Csrf />
                <input type="hidden" name="code" value={c.code} />
                <fieldset>
                  <legend>
                    {t('Ajouter une preuve pour', 'Add evidence for')} {c.code}
                  </legend>
                  <div class="choices inline">
                    {(
                      [
                        ['text', t('Texte', 'Text')],
                        ['link', t('Lien', 'Link')],
                        ['file', t('Fichier', 'File')],
                      ] as const
                    ).map(([value, label], i) => (
                      <span class="choice">
                        <input
                          type="radio"
                          name="kind"
                          value={value}
                          id={`kind-${c.code}-${value}`}
                          checked={sent?.code === c.code ? sent.kind === value : i === 0}
                        />
                        <label for={`kind-${c.code}-${value}`}>{label}</label>
                      </span>
                    ))}
                  </div>
                  <label for={`text-${c.code}`}>{t('Description ou texte', 'Description or text')}</label>
                  <textarea id={`text-${c.code}`} name="text" rows={3} maxlength={4000}>
                    {sent?.code === c.code ? sent.text : undefined}
                  </textarea>
                  <label for={`url-${c.code}`}>{t('Lien (si « Lien »)', 'Link (if “Link”)')}</label>
                  <input
                    type="url"
                    id={`url-${c.code}`}
                    name="url"
                    value={sent?.code === c.code ? sent.url : undefined}
                  />
                  <label for={`file-${c.code}`}>
                    {t('Fichier (si « Fichier ») : PDF, PNG ou JPEG,', 'File (if “File”): PDF, PNG or JPEG,')}{' '}
                    {MAX_FILE_LABEL} {t('au plus', 'at most')}
                  </label>
                  <input type="file" id={`file-${c.code}`} name="file" accept="application/pdf,image/png,image/jpeg" />
                </fieldset>
                <button type="submit" class="secondary">
                  {t('Ajouter la preuve', 'Add evidence')}
                </button>
              </form>
            ) : null}
          </section>
        );
      })}
    </>
  );
};
