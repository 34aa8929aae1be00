import { Callout, Csrf, useLang, useT } from '../web/render.js';
import type { FC } from 'hono/jsx';
import type { VerificationResult } from '../ob3/verify.js';
import { formatDate, formatDateTime } from '../lib/dates.js';
import type { Lang, T } from '../web/i18n.js';
import { documentKind, factsOf, isAuthentic, type PrintedNameCheck, type Verdict } from './verdict.js';

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
            `${unreadable.length} fichier(s) joint(s) ne sont pas des badges lisibles.`,
            `${unreadable.length} attached file(s) are not readable badges.`,
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

/** A small form to check a name against what is shown, sent by POST (a name never goes in a URL). */
const NameForm: FC<{ v: VerificationView }> = ({ v }) => {
  const t = useT();
  return (
    <form method="post" action="/verifier" class="stack card no-print" aria-labelledby="nom-titulaire">
      <h2 id="nom-titulaire" class="flush-top">
        {v.typedName
          ? t('Vérifier un autre nom', 'Check another name')
          : t('Vérifier le nom du titulaire', 'Check the holder’s name')}
      </h2>
      <Csrf />
      {v.passport ? <input type="hidden" name="passeport" value={v.passport} /> : null}
      {v.value ? <input type="hidden" name="value" value={v.value} /> : null}
      <div>
        <label for="holderNameCheck">
          {t('Nom inscrit sur le passeport ou la pièce d’identité', 'Name on the passport or ID')}
        </label>
        <span class="hint" id="holder-check-hint">
          {t(
            'Les accents, majuscules, tirets et apostrophes ne comptent pas. Pour un nom écrit dans un autre alphabet, vous pouvez aussi le saisir en lettres latines, comme sur ses papiers.',
            'Accents, capitals, hyphens and apostrophes do not matter. For a name in another script, you may also type it in Latin letters, as on their papers.',
          )}
        </span>
        <input
          id="holderNameCheck"
          name="holderName"
          type="text"
          value={v.typedName ?? ''}
          autocomplete="off"
          aria-describedby="holder-check-hint"
        />
      </div>
      <div class="actions">
        <button type="submit" class="secondary">
          {t('Vérifier ce nom', 'Check this name')}
        </button>
      </div>
    </form>
  );
};

/**
 * The form of a new verification: what to verify first and the button right under it, so that on a
 * phone it all fits the first screen; the explanations come after.
 */
const VerifyForm: FC<{ value?: string | undefined; holderName?: string | undefined }> = ({ value, holderName }) => {
  const t = useT();
  return (
    <form method="post" action="/verifier" enctype="multipart/form-data" class="stack no-print">
      <Csrf />
      <div>
        <label for="file">{t('Fichier du badge ou du passeport', 'Badge or passport file')}</label>
        <span class="hint" id="file-hint">
          {t('Le passeport (PDF) ou l’image d’un badge.', 'The passport (PDF) or a badge image.')}
        </span>
        <input
          id="file"
          name="file"
          type="file"
          accept=".pdf,.png,.svg,.json,.jwt,.txt,application/pdf,image/png,image/svg+xml,application/json"
          aria-describedby="file-hint"
        />
      </div>
      <div>
        <label for="value">{t('Ou lien / texte du badge', 'Or the badge’s link / text')}</label>
        <textarea id="value" name="value" rows={2} spellcheck={false}>
          {value ?? ''}
        </textarea>
      </div>
      <div>
        <label for="holderName">{t('Nom du titulaire (facultatif)', 'Holder’s name (optional)')}</label>
        <span class="hint" id="holder-hint">
          {t('Les accents et les majuscules ne comptent pas.', 'Accents and capitals do not matter.')}
        </span>
        <input
          id="holderName"
          name="holderName"
          type="text"
          value={holderName ?? ''}
          autocomplete="off"
          aria-describedby="holder-hint"
        />
      </div>
      <div class="actions">
        <button type="submit">{t('Vérifier', 'Verify')}</button>
      </div>
    </form>
  );
};

/** What the empty form's fields mean, after the form: a reader who needs it scrolls, the others verify. */
const HowItWorks: FC = () => {
  const t = useT();
  return (
    <>
      <p class="muted">
        {t(
          'Un passeport a un QR code : scannez-le avec l’appareil photo, il ouvre la vérification. Rien n’est conservé.',
          'A passport has a QR code: scan it with the camera, it opens the verification. Nothing is kept.',
        )}
      </p>
      <details>
        <summary>{t('Comment le nom est vérifié', 'How the name is checked')}</summary>
        <p>
          {t(
            'Le nom n’est pas écrit en clair dans le badge : il y est chiffré. Saisissez le nom tel qu’il figure sur le passeport ou les papiers de la personne. Les accents, majuscules, tirets et apostrophes ne comptent pas. Pour un nom écrit dans un autre alphabet, vous pouvez aussi le saisir en lettres latines.',
            'The name is not written in clear in the badge: it is hashed. Enter the name as on the passport or the person’s papers. Accents, capitals, hyphens and apostrophes do not matter. For a name in another script, you may also type it in Latin letters.',
          )}
        </p>
        <p>
          {t(
            'Fichiers acceptés : PDF, PNG, SVG, JSON, 10 Mo au plus.',
            'Files accepted: PDF, PNG, SVG, JSON, 10 MB at most.',
          )}
        </p>
      </details>
    </>
  );
};

export const VerifierPage: FC<{
  view?: VerificationView;
  value?: string;
  holderName?: string;
  error?: string;
}> = ({ view, value, holderName, error }) => {
  const t = useT();
  const withdrawn = view ? isWithdrawnBadge(view) : false;
  // One name field and one button: the short name form when the badge can be verified again without
  // sending it (a link, a passport), else the whole form again; none for a withdrawn badge.
  const nameForm = view && (view.passport || view.value) && view.verdict.code !== 'unreadable' && !withdrawn;
  const kind = view
    ? documentKind(
        view.items.map((i) => i.result),
        Boolean(view.passport || view.pdf),
      )
    : 'badge';
  return (
    <>
      <h1>
        {!view
          ? t('Vérifier un badge ou un passeport', 'Verify a badge or a passport')
          : kind === 'passport'
            ? t('Vérification d’un passeport numérique', 'Verification of a digital passport')
            : kind === 'record'
              ? t('Vérification d’un relevé de compétences', 'Verification of a record of competences')
              : t('Résultat de la vérification', 'Verification result')}
      </h1>
      {error ? (
        <Callout tone="bad">
          <p>{error}</p>
        </Callout>
      ) : null}
      {view ? (
        <>
          <VerdictCard v={view} />
          {nameForm ? <NameForm v={view} /> : null}
          {!nameForm && !withdrawn ? (
            <>
              <h2 class="no-print">{t('Vérifier à nouveau', 'Verify again')}</h2>
              <VerifyForm value={value} holderName={holderName} />
            </>
          ) : null}
          <TechnicalDetails items={view.items} />
          <p class="no-print">
            <a href="/verifier">{t('Vérifier un autre badge ou passeport', 'Verify another badge or passport')}</a>
          </p>
        </>
      ) : (
        <>
          <VerifyForm value={value} holderName={holderName} />
          <HowItWorks />
        </>
      )}
    </>
  );
};
