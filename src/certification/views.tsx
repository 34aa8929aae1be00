import { Callout, Csrf, FormErrors, Table, useLang, useT } from '../web/render.js';
import type { FC } from 'hono/jsx';
import type { FieldError } from '../errors.js';
import type { ReviewState } from '../review/rules.js';
import type { ApplicationRow } from '../review/service.js';
import { formatDate } from '../lib/dates.js';
import type { T } from '../web/i18n.js';
import { CellLabel } from '../web/layout.js';
import { MAX_EVIDENCE, MAX_FILE_LABEL } from './evidence.js';
import type { ApplicationView, CertificationStatus, HeldCredential, Portfolio } from './service.js';

export function stateLabel(state: ReviewState, t: T): string {
  switch (state) {
    case 'draft':
      return t('Brouillon', 'Draft');
    case 'submitted':
      return t('En cours d’examen', 'Under review');
    case 'changes-requested':
      return t('Compléments demandés', 'More requested');
    case 'resubmitted':
      return t('Complétée, en cours d’examen', 'Completed, under review');
    case 'approved':
      return t('Validée', 'Approved');
    case 'rejected':
      return t('Refusée', 'Rejected');
    case 'withdrawn':
      return t('Retirée', 'Withdrawn');
  }
}

const decisionLabel = (d: string, t: T) =>
  d === 'accept'
    ? t('Acceptée', 'Accepted')
    : d === 'reject'
      ? t('Refusée', 'Rejected')
      : t('À compléter', 'More needed');
const voteLabel = (v: string, t: T) =>
  v === 'approve'
    ? t('Valider', 'Approve')
    : v === 'reject'
      ? t('Refuser', 'Reject')
      : t('Demander des compléments', 'Ask for more');

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

const Notice: FC<{ text?: string | undefined }> = ({ text }) =>
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
              — {stateLabel(a.state, t)}
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

// --- an application (mediator and committee)

export const ApplicationPage: FC<{
  view: ApplicationView;
  own: boolean;
  staff: boolean;
  notice?: string | undefined;
  errors?: FieldError[];
  values?: Record<string, string>;
}> = ({ view, own, staff, notice, errors = [], values = {} }) => {
  const t = useT();
  const lang = useLang();
  const { app, setting } = view;
  const titleOf = (code: string) =>
    setting.ref.blocks.flatMap((b) => b.competences).find((c) => c.code === code)?.title ?? code;
  const levelOf = (id: string) => setting.ref.scale.levels.find((l) => l.id === id)?.label ?? id;
  const round = view.reviews.filter((r) => r.round === app.round);
  const lastChanges = view.reviews.filter((r) => r.round === app.round);
  const err = (path: string) => errors.find((e) => e.path === path)?.message;
  return (
    <>
      <p class="muted">
        <a href={own ? '/certification' : '/comite'}>
          ← {own ? t('Ma certification', 'My certification') : t('Demandes à examiner', 'Applications to review')}
        </a>
      </p>
      <h1>
        {t('Demande de', 'Application by')} {view.applicantName}
      </h1>
      <Notice text={notice} />
      <FormErrors errors={errors} />
      <dl class="meta">
        <dt>{t('État', 'State')}</dt>
        <dd>
          <strong>{stateLabel(app.state, t)}</strong>
        </dd>
        <dt>{t('Blocs demandés', 'Blocks applied for')}</dt>
        <dd>{view.blocks.join(', ')}</dd>
        <dt>{t('Comité', 'Committee')}</dt>
        <dd>
          {view.hubName} — {t('tour d’examen', 'review round')} {app.round}, {round.length}{' '}
          {t('avis sur', 'reviews of')} {setting.rules.review.quorum} {t('requis', 'required')}
        </dd>
        {app.renews ? (
          <>
            <dt>{t('Renouvellement', 'Renewal')}</dt>
            <dd>{t('oui', 'yes')}</dd>
          </>
        ) : null}
      </dl>
      {view.conflict && !own && staff ? (
        <Callout tone="warn">
          <p>
            {view.conflict === 'self'
              ? t(
                  'C’est votre propre demande : vous ne pouvez pas l’examiner.',
                  'This is your own application: you cannot review it.',
                )
              : t(
                  'Vous appartenez à la même structure que la personne : un autre membre du comité doit examiner cette demande (conflit d’intérêts).',
                  'You belong to the applicant’s organisation: another committee member must review it (conflict of interest).',
                )}
          </p>
        </Callout>
      ) : null}

      {view.credentials.length ? (
        <>
          <h2>{t('Badges délivrés', 'Badges issued')}</h2>
          <ul class="plain-list">
            {view.credentials.map((c) => (
              <li>
                <a href={`/credentials/${c.id}`}>
                  {c.achievementKind === 'certification'
                    ? t('Médiateur numérique certifié', 'Certified digital mediator')
                    : `${t('Bloc', 'Block')} ${c.achievementId.split('/').pop()}`}
                </a>
                {c.revokedAt
                  ? ` — ${t('retiré', 'withdrawn')}`
                  : c.suspendedAt
                    ? ` — ${t('suspendu', 'suspended')}`
                    : ''}
                {staff ? (
                  <form method="post" action={`/certification/badges/${c.id}/statut`} class="inline-form">
                    <Csrf />
                    <input type="hidden" name="application" value={app.id} />
                    <label for={`reason-${c.id}`} class="visually-hidden">
                      {t('Motif', 'Reason')}
                    </label>
                    <input
                      type="text"
                      id={`reason-${c.id}`}
                      name="reason"
                      placeholder={t('Motif', 'Reason')}
                      required
                    />
                    <label for={`action-${c.id}`} class="visually-hidden">
                      {t('Action', 'Action')}
                    </label>
                    <select id={`action-${c.id}`} name="action">
                      <option value="suspend">{t('Suspendre', 'Suspend')}</option>
                      <option value="revoke">{t('Retirer définitivement', 'Withdraw for good')}</option>
                      <option value="reinstate">{t('Rétablir', 'Reinstate')}</option>
                    </select>
                    <button type="submit" class="secondary">
                      {t('Appliquer', 'Apply')}
                    </button>
                  </form>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h2>{t('Compétences et preuves', 'Competences and evidence')}</h2>
      {view.items.map((item) => (
        <section class="card" aria-labelledby={`c-${item.code}`}>
          <h3 id={`c-${item.code}`}>
            {item.code} — {titleOf(item.code)}
          </h3>
          <p>
            {t('Niveau déclaré :', 'Claimed level:')} <strong>{levelOf(item.parsed.level)}</strong>
            {item.outcome ? ` — ${t('décision :', 'decision:')} ${decisionLabel(item.outcome, t)}` : ''}
          </p>
          <ul>
            {item.parsed.evidence.map((e) => (
              <li>
                {e.kind === 'file' ? <a href={`/certification/preuves/${e.id}`}>{e.fileName}</a> : null}
                {e.kind === 'link' ? (
                  <a href={e.url} rel="noopener noreferrer">
                    {e.url}
                  </a>
                ) : null}{' '}
                {e.text ?? ''}
              </li>
            ))}
          </ul>
          {item.response ? (
            <p>
              <strong>{t('Réponse de la personne :', 'Applicant’s answer:')}</strong> {item.response}
            </p>
          ) : null}
          {view.reviews
            .filter((r) => r.items.some((i) => i.code === item.code && i.comment))
            .map((r) => {
              const d = r.items.find((i) => i.code === item.code)!;
              return (
                <p class="muted">
                  {t('Tour', 'Round')} {r.round}, {own ? t('comité', 'committee') : r.reviewerName} :{' '}
                  {decisionLabel(d.decision, t)} — {d.comment}
                </p>
              );
            })}
        </section>
      ))}

      <h2>{t('Avis du comité', 'Committee reviews')}</h2>
      {view.reviews.length === 0 ? (
        <p>{t('Pas encore d’avis.', 'No review yet.')}</p>
      ) : (
        <Table
          id="avis-comite"
          caption={t('Avis du comité', 'Committee reviews')}
          head={[
            t('Tour', 'Round'),
            t('Membre', 'Member'),
            t('Vote', 'Vote'),
            t('Commentaire', 'Comment'),
            t('Date', 'Date'),
          ]}
        >
          {view.reviews.map((r) => (
            <tr>
              <td>
                <CellLabel>{t('Tour', 'Round')}</CellLabel>
                {r.round}
              </td>
              <td>
                <CellLabel>{t('Membre', 'Member')}</CellLabel>
                {own ? t('Membre du comité', 'Committee member') : r.reviewerName}
              </td>
              <td>
                <CellLabel>{t('Vote', 'Vote')}</CellLabel>
                {voteLabel(r.vote, t)}
              </td>
              <td>
                <CellLabel>{t('Commentaire', 'Comment')}</CellLabel>
                {r.comment ?? ''}
              </td>
              <td>
                <CellLabel>{t('Date', 'Date')}</CellLabel>
                {formatDate(r.createdAt, lang)}
              </td>
            </tr>
          ))}
        </Table>
      )}

      {view.canReview ? (
        <form method="post" action={`/certification/demandes/${app.id}/avis`} class="stack wide">
          <Csrf />
          <h2>{t('Mon avis', 'My review')}</h2>
          {view.items.map((item) => (
            <fieldset>
              <legend>
                {item.code} — {titleOf(item.code)}
              </legend>
              <div class="choices inline">
                {(['accept', 'more', 'reject'] as const).map((d) => (
                  <span class="choice">
                    <input
                      type="radio"
                      id={`d-${item.code}-${d}`}
                      name={`decision.${item.code}`}
                      value={d}
                      checked={(values[`decision.${item.code}`] ?? 'accept') === d}
                    />
                    <label for={`d-${item.code}-${d}`}>
                      {d === 'accept'
                        ? t('Accepter', 'Accept')
                        : d === 'more'
                          ? t('Demander plus', 'Ask for more')
                          : t('Refuser', 'Reject')}
                    </label>
                  </span>
                ))}
              </div>
              <label for={`comment-${item.code}`}>
                {t('Commentaire (obligatoire sauf pour accepter)', 'Comment (required unless accepting)')}
              </label>
              {err(`items.${item.code}`) ? <p class="field-error">{err(`items.${item.code}`)}</p> : null}
              <textarea id={`comment-${item.code}`} name={`comment.${item.code}`} rows={2} maxlength={2000}>
                {values[`comment.${item.code}`] ?? ''}
              </textarea>
            </fieldset>
          ))}
          <fieldset>
            <legend>{t('Mon vote sur la demande', 'My vote on the application')}</legend>
            <div class="choices">
              {(['approve', 'changes', 'reject'] as const).map((v) => (
                <span class="choice">
                  <input
                    type="radio"
                    id={`vote-${v}`}
                    name="vote"
                    value={v}
                    checked={(values.vote ?? 'approve') === v}
                  />
                  <label for={`vote-${v}`}>{voteLabel(v, t)}</label>
                </span>
              ))}
            </div>
          </fieldset>
          <label for="vote-comment">{t('Commentaire général', 'General comment')}</label>
          <textarea id="vote-comment" name="comment" rows={3} maxlength={4000}>
            {values.comment ?? ''}
          </textarea>
          <button type="submit">{t('Envoyer mon avis', 'Send my review')}</button>
        </form>
      ) : null}

      {own && (app.state === 'changes-requested' || app.state === 'submitted' || app.state === 'resubmitted') ? (
        <form method="post" action={`/certification/demandes/${app.id}/mise-a-jour`} class="stack wide">
          <Csrf />
          <h2>
            {app.state === 'changes-requested'
              ? t('Répondre au comité et renvoyer', 'Answer the committee and resubmit')
              : t('Mettre à jour ma demande', 'Update my application')}
          </h2>
          <p>
            {t(
              'Complétez d’abord votre portfolio (niveaux et preuves) ; la demande reprend son état actuel.',
              'First complete your portfolio (levels and evidence); the application takes its current state.',
            )}
          </p>
          {view.items
            .filter((i) => lastChanges.some((r) => r.items.some((x) => x.code === i.code && x.decision !== 'accept')))
            .map((item) => (
              <div>
                <label for={`response-${item.code}`}>
                  {t('Ma réponse pour', 'My answer for')} {item.code}
                </label>
                <textarea id={`response-${item.code}`} name={`response.${item.code}`} rows={2} maxlength={4000}>
                  {item.response ?? ''}
                </textarea>
              </div>
            ))}
          {app.state === 'changes-requested' ? <input type="hidden" name="resubmit" value="oui" /> : null}
          <button type="submit">
            {app.state === 'changes-requested'
              ? t('Renvoyer au comité', 'Resubmit to the committee')
              : t('Mettre à jour', 'Update')}
          </button>
        </form>
      ) : null}
      {own && ['draft', 'submitted', 'changes-requested', 'resubmitted'].includes(app.state) ? (
        <form method="post" action={`/certification/demandes/${app.id}/retrait`} class="stack">
          <Csrf />
          <label for="withdraw-reason">
            {t('Retirer ma demande — motif (facultatif)', 'Withdraw my application — reason (optional)')}
          </label>
          <input type="text" id="withdraw-reason" name="reason" maxlength={500} />
          <button type="submit" class="danger">
            {t('Retirer ma demande', 'Withdraw my application')}
          </button>
        </form>
      ) : null}
    </>
  );
};

export const QueuePage: FC<{
  rows: Awaited<ReturnType<typeof import('./service.js').queue>>;
}> = ({ rows }) => {
  const t = useT();
  const waiting = rows.filter((r) => r.app.state === 'submitted' || r.app.state === 'resubmitted');
  const others = rows.filter((r) => !(r.app.state === 'submitted' || r.app.state === 'resubmitted'));
  const List: FC<{ items: typeof rows }> = ({ items }) =>
    items.length === 0 ? (
      <p>{t('Aucune.', 'None.')}</p>
    ) : (
      <ul class="plain-list">
        {items.map((r) => (
          <li>
            <a href={`/certification/demandes/${r.app.id}`}>{r.applicantName}</a> — {stateLabel(r.app.state, t)} ·{' '}
            {r.votes} {t('avis', 'reviews')}
            {r.conflict
              ? ` · ${t('conflit d’intérêts : vous ne pouvez pas l’examiner', 'conflict of interest: you cannot review it')}`
              : ''}
          </li>
        ))}
      </ul>
    );
  return (
    <>
      <h1>{t('Demandes de certification', 'Certification applications')}</h1>
      <h2>{t('À examiner', 'To review')}</h2>
      <List items={waiting} />
      <h2>{t('Autres demandes', 'Other applications')}</h2>
      <List items={others} />
    </>
  );
};
