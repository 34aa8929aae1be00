import type { FC } from 'hono/jsx';
import type { VerificationResult } from '../ob3/verify.js';
import { formatDate, formatDateTime } from '../lib/dates.js';
import { plural } from '../lib/text.js';
import type { Lang, T } from '../web/i18n.js';
import { useLang, useT } from '../web/render.js';
import { factsOf, isAuthentic, type PrintedNameCheck, type Verdict } from './verdict.js';

/**
 * What a verification shows: one card with the verdict first (then who, by whom, when, what, and the
 * receipt line), and every check folded for specialists.
 */

/** Names of the checks, in the technical details; unknown ids (a check added later) show their id. */
const CHECK_LABELS: Record<string, [string, string]> = {
  parse: ['Lecture du badge', 'Reading the badge'],
  schema: ['Format Open Badges 3.0', 'Open Badges 3.0 format'],
  signature: ['Signature électronique', 'Electronic signature'],
  issuer: ['Émetteur', 'Issuer'],
  label: ['Label', 'Label'],
  status: ['Révocation et suspension', 'Revocation and suspension'],
  validity: ['Dates de validité', 'Validity dates'],
  recipient: ['Nom du titulaire', 'Holder’s name'],
};

/** Checks whose plain message the verdict card shows as a line of its own (e.g. the structure's label). */
const CORE_CHECKS = new Set(['parse', 'schema', 'signature', 'issuer', 'status', 'validity', 'recipient']);

const labelOf = (id: string, lang: Lang) => (CHECK_LABELS[id] ?? [id, id])[lang === 'en' ? 1 : 0];

export interface VerifiedItem {
  /** What was verified, for a heading (file name, "badge collé"…). */
  label?: string;
  result: VerificationResult;
}

export interface VerificationView {
  items: VerifiedItem[];
  verdict: Verdict;
  /** For an uploaded passport PDF: the name it carries, checked against its badges. */
  printedName?: PrintedNameCheck | undefined;
  /** The name the reader entered, if any. */
  typedName?: string;
  /** Public id of the passport (QR code flow). */
  passport?: string;
  /** An uploaded PDF (a passport file). */
  pdf?: boolean;
  /** The link or text of a single badge, to check a name against it without uploading again. */
  value?: string;
  /** When and where it was verified, for the receipt. */
  at: Date;
  instance: string;
}

function badgeName(item: VerifiedItem, t: T): string {
  return item.result.credential?.credentialSubject.achievement?.name ?? item.label ?? t('Badge', 'Badge');
}

/** The reader-facing line about the holder's name: printed name, name entered, or not checked. */
const HolderLine: FC<{ v: VerificationView }> = ({ v }) => {
  const t = useT();
  const lang = useLang();
  const typed = v.typedName?.trim();
  const valid = v.items.filter((i) => !i.result.problem);
  const printed = v.printedName;
  const lines = [];
  if (printed && printed.outcome !== 'absent') {
    const ok = printed.outcome === 'match';
    lines.push(
      <p class={`name-check ${ok ? 'ok' : 'bad'}`}>
        <span aria-hidden="true">{ok ? '✓ ' : '✗ '}</span>
        {lang === 'en' ? printed.messageEn : printed.message}
      </p>,
    );
  }
  if (typed) {
    const wrong = valid.some((i) => i.result.holder === 'mismatch');
    const unknown = !wrong && !valid.some((i) => i.result.holder === 'match');
    lines.push(
      <p class={`name-check ${wrong ? 'bad' : unknown ? 'warn' : 'ok'}`}>
        <span aria-hidden="true">{wrong ? '✗ ' : unknown ? '? ' : '✓ '}</span>
        {wrong
          ? t(`Le nom saisi, « ${typed} », ne correspond pas.`, `The name entered, “${typed}”, does not match.`)
          : unknown
            ? t(
                `Le nom saisi, « ${typed} », n’a pas pu être vérifié.`,
                `The name entered, “${typed}”, could not be checked.`,
              )
            : t(`Le nom saisi, « ${typed} », correspond.`, `The name entered, “${typed}”, matches.`)}
      </p>,
    );
  }
  if (lines.length === 0) {
    lines.push(
      <p class="name-check warn">
        {t('Nom non vérifié : ', 'Name not checked: ')}
        <a href={v.passport || v.value ? '#nom-titulaire' : '#holderName'}>
          {v.passport || v.pdf
            ? t('saisissez le nom inscrit sur le passeport', 'enter the name printed on the passport')
            : t('saisissez le nom de la personne', 'enter the person’s name')}
        </a>
        .
      </p>,
    );
  }
  return <>{lines}</>;
};

/**
 * A single badge its issuer withdrew (revoked or suspended): the verdict and its reason say all. The
 * holder's name and the issuer's label are beside the point, and shown they would read as doubt or praise.
 */
export function isWithdrawnBadge(v: Pick<VerificationView, 'items'>): boolean {
  const problem = v.items.length === 1 ? v.items[0]!.result.problem : undefined;
  return problem === 'revoked' || problem === 'suspended';
}

/** One card: the verdict, what is wrong first, then who, by whom, when, what; and the receipt line. */
export const VerdictCard: FC<{ v: VerificationView }> = ({ v }) => {
  const t = useT();
  const lang = useLang();
  const verdict = v.verdict;
  const tone = verdict.code === 'valid' ? 'ok' : verdict.code === 'partially_valid' ? 'warn' : 'bad';
  // For one badge the verdict already says what is wrong; for a passport, each bad badge is listed.
  const problems = v.items.filter((i) => i.result.problem && i.result.problem !== 'unreadable');
  const unreadable = v.items.filter((i) => i.result.problem === 'unreadable');
  const facts = factsOf(v.items.map((i) => i.result));
  const results = v.items.map((i) => i.result);
  // Checks beyond the core ones (e.g. the structure's label): one line each, from the first valid badge.
  const firstValid = results.find((r) => !r.problem) ?? results.find(isAuthentic);
  const extra = (firstValid?.checks ?? []).filter((c) => !CORE_CHECKS.has(c.id));
  const n = facts.competences.length;
  return (
    <section class={`verdict ${tone}`} aria-labelledby="verdict">
      <h2 id="verdict" class="flush-top">
        <span aria-hidden="true">{tone === 'ok' ? '✓ ' : tone === 'warn' ? '⚠ ' : '✗ '}</span>
        {lang === 'en' ? verdict.titleEn : verdict.title}
      </h2>
      <p role="status" class="verdict-message">
        {lang === 'en' ? verdict.messageEn : verdict.message}
      </p>
      {problems.length && v.items.length > 1 ? (
        <div class="problems">
          <h3 class="flush-top">
            {problems.length === 1
              ? t('1 badge n’est pas valide', '1 badge is not valid')
              : t(`${problems.length} badges ne sont pas valides`, `${problems.length} badges are not valid`)}
          </h3>
          <ul class="plain-list">
            {problems.map((item) => (
              <li>
                <strong>{badgeName(item, t)}</strong>
                {isAuthentic(item.result) ? null : (
                  <span class="muted"> {t('(nom annoncé par le document)', '(name the document claims)')}</span>
                )}
                <br />
                {lang === 'en' ? item.result.summaryEn : item.result.summary}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {unreadable.length && unreadable.length < v.items.length ? (
        <p class="name-check bad">
          {t(
            plural(
              unreadable.length,
              '# fichier joint n’est pas un badge lisible.',
              '# fichiers joints ne sont pas des badges lisibles.',
            ),
            unreadable.length === 1
              ? '1 attached file is not a readable badge.'
              : `${unreadable.length} attached files are not readable badges.`,
          )}
        </p>
      ) : null}
      {verdict.code !== 'unreadable' && !isWithdrawnBadge(v) ? (
        <dl class="meta">
          {v.items.length === 1 && v.items[0]!.result.credential ? (
            <>
              <dt>{t('Badge', 'Badge')}</dt>
              <dd>{badgeName(v.items[0]!, t)}</dd>
            </>
          ) : null}
          <dt>{t('Titulaire', 'Holder')}</dt>
          <dd>
            <HolderLine v={v} />
          </dd>
          {facts.issuers.length ? (
            <>
              <dt>{t('Délivré par', 'Issued by')}</dt>
              <dd>{facts.issuers.join(', ')}</dd>
            </>
          ) : null}
          {extra.map((c) => (
            <>
              <dt>{labelOf(c.id, lang)}</dt>
              <dd class={c.ok ? '' : 'bad-text'}>{lang === 'en' ? c.messageEn : c.message}</dd>
            </>
          ))}
          {facts.issuedOn ? (
            <>
              <dt>
                {v.items.length > 1
                  ? t('Dernier badge délivré le', 'Latest badge issued on')
                  : t('Délivré le', 'Issued on')}
              </dt>
              <dd>{formatDate(facts.issuedOn, lang)}</dd>
            </>
          ) : null}
          {n ? (
            <>
              <dt>{t('Compétences', 'Competences')}</dt>
              <dd>
                <p class="flush">
                  {n === 1
                    ? t('1 compétence reconnue', '1 recognised competence')
                    : t(`${n} compétences reconnues`, `${n} recognised competences`)}
                </p>
                <ul class="competences">
                  {facts.competences.map((c) => (
                    <li>
                      {c.title}
                      {c.level ? <span class="muted"> — {c.level}</span> : null}
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          ) : null}
        </dl>
      ) : null}
      <p class="receipt">
        {t(
          `Vérifié le ${formatDateTime(v.at.toISOString(), lang)} (heure de Paris) sur ${v.instance}`,
          `Verified on ${formatDateTime(v.at.toISOString(), lang)} (Paris time) on ${v.instance}`,
        )}
        {v.passport ? t(` — passeport n° ${v.passport}`, ` — passport no. ${v.passport}`) : ''}.
        <span class="no-print">
          {' '}
          {t(
            'Pour en garder une trace, imprimez cette page ou enregistrez-la en PDF depuis votre navigateur.',
            'To keep a record, print this page or save it as PDF from your browser.',
          )}
        </span>
      </p>
    </section>
  );
};

/** Every check of every badge, for specialists, folded. */
export const TechnicalDetails: FC<{ items: VerifiedItem[] }> = ({ items }) => {
  const t = useT();
  const lang = useLang();
  return (
    <details class="tech no-print">
      <summary>{t('Détails techniques (pour les spécialistes)', 'Technical details (for specialists)')}</summary>
      {items.map((item, i) => (
        <section aria-labelledby={`badge-${i + 1}`} class="tech-badge">
          <h3 id={`badge-${i + 1}`}>{badgeName(item, t)}</h3>
          {item.label && item.result.credential ? <p class="muted tight">{item.label}</p> : null}
          <ul class="checks">
            {item.result.checks.map((check) => (
              <li class={check.ok ? 'ok' : 'ko'}>
                <span class="mark" aria-hidden="true">
                  {check.ok ? '✓' : '✗'}
                </span>
                <span>
                  <strong>
                    {labelOf(check.id, lang)}
                    <span class="visually-hidden"> — {check.ok ? t('réussi', 'passed') : t('échoué', 'failed')}</span>
                  </strong>
                  <br />
                  {lang === 'en' ? check.messageEn : check.message}
                  {check.details?.length ? (
                    <ul>
                      {check.details.slice(0, 20).map((d) => (
                        <li>
                          <code>{d}</code>
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </details>
  );
};
