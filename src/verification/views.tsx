import { Callout, Csrf, useLang, useT } from '../web/render.js';
import type { FC } from 'hono/jsx';
import type { VerificationResult } from '../ob3/verify.js';
import { formatDate } from '../web/i18n.js';

const CHECK_LABELS: Record<string, [string, string]> = {
  parse: ['Lecture du badge', 'Reading the badge'],
  schema: ['Format Open Badges 3.0', 'Open Badges 3.0 format'],
  signature: ['Signature électronique', 'Electronic signature'],
  issuer: ['Émetteur', 'Issuer'],
  status: ['Révocation et suspension', 'Revocation and suspension'],
  validity: ['Dates de validité', 'Validity dates'],
  recipient: ['Nom du titulaire', 'Holder’s name'],
};

export interface VerifiedItem {
  /** What was verified, for a heading (file name, "badge collé"…). */
  label?: string;
  result: VerificationResult;
}

export const ResultView: FC<{ item: VerifiedItem; headingId: string }> = ({ item, headingId }) => {
  const t = useT();
  const lang = useLang();
  const r = item.result;
  const c = r.credential;
  const issuerName = c ? (typeof c.issuer === 'object' ? c.issuer.name : undefined) : undefined;
  // An authentic, valid badge checked against another name: "not valid" alone would contradict the summary.
  const failed = r.checks.filter((check) => !check.ok);
  const onlyHolderFailed = failed.length > 0 && failed.every((check) => check.id === 'recipient');
  return (
    <section class="card" aria-labelledby={headingId}>
      <h2 id={headingId} class="flush-top">
        {c ? c.credentialSubject.achievement.name : (item.label ?? t('Badge', 'Badge'))}
      </h2>
      <div class={`callout ${r.verified ? 'ok' : 'bad'}`} role="status">
        <p>
          <strong>
            {r.verified
              ? t('✓ Badge authentique et valide', '✓ Authentic and valid badge')
              : onlyHolderFailed
                ? t('✗ Ce badge n’est pas au nom indiqué', '✗ This badge is not in the name given')
                : t('✗ Badge non valide', '✗ Badge not valid')}
          </strong>
        </p>
        <p>{lang === 'en' ? r.summaryEn : r.summary}</p>
      </div>
      {c ? (
        <dl class="meta">
          {issuerName ? (
            <>
              <dt>{t('Délivré par', 'Issued by')}</dt>
              <dd>{issuerName}</dd>
            </>
          ) : null}
          <dt>{t('Le', 'On')}</dt>
          <dd>{formatDate(c.validFrom, lang)}</dd>
          {c.validUntil ? (
            <>
              <dt>{t('Jusqu’au', 'Until')}</dt>
              <dd>{formatDate(c.validUntil, lang)}</dd>
            </>
          ) : null}
          {c.credentialSubject.result?.length ? (
            <>
              <dt>{t('Résultats', 'Results')}</dt>
              <dd>
                {c.credentialSubject.result.length > 3 ? (
                  <details>
                    <summary>
                      {c.credentialSubject.result.length} {t('compétences', 'competences')}
                    </summary>
                    <ul>
                      {c.credentialSubject.result.map((res) => (
                        <li>{res.value}</li>
                      ))}
                    </ul>
                  </details>
                ) : (
                  c.credentialSubject.result.map((res) => res.value).join(', ')
                )}
              </dd>
            </>
          ) : null}
        </dl>
      ) : null}
      <h3>{t('Contrôles effectués', 'Checks performed')}</h3>
      <ul class="checks">
        {r.checks.map((check) => (
          <li class={check.ok ? 'ok' : 'ko'}>
            <span class="mark" aria-hidden="true">
              {check.ok ? '✓' : '✗'}
            </span>
            <span>
              <strong>
                {(CHECK_LABELS[check.id] ?? [check.id, check.id])[lang === 'en' ? 1 : 0]}
                <span class="visually-hidden"> — {check.ok ? t('réussi', 'passed') : t('échoué', 'failed')}</span>
              </strong>
              <br />
              {lang === 'en' ? check.messageEn : check.message}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
};

export const VerifierPage: FC<{
  items?: VerifiedItem[];
  value?: string;
  holderName?: string;
  error?: string;
  passport?: string;
}> = ({ items, value, holderName, error, passport }) => {
  const t = useT();
  const allOk = items && items.length > 0 && items.every((i) => i.result.verified);
  return (
    <>
      <h1>
        {passport
          ? t('Vérification d’un passeport numérique', 'Verification of a digital passport')
          : t('Vérifier un badge ou un passeport', 'Verify a badge or a passport')}
      </h1>
      {items ? (
        <>
          {items.length > 1 ? (
            <p class="lead" role="status">
              {allOk
                ? t(
                    `Les ${items.length} badges sont authentiques et valides.`,
                    `All ${items.length} badges are authentic and valid.`,
                  )
                : t(
                    `${items.filter((i) => !i.result.verified).length} badge(s) sur ${items.length} ne sont pas valides.`,
                    `${items.filter((i) => !i.result.verified).length} of ${items.length} badge(s) are not valid.`,
                  )}
            </p>
          ) : null}
          {passport ? (
            <form method="get" action="/verifier" class="stack card" aria-labelledby="check-name">
              <h2 id="check-name" class="flush-top">
                {t('Vérifier le nom du titulaire', 'Check the holder’s name')}
              </h2>
              <input type="hidden" name="passeport" value={passport} />
              <div>
                <label for="nom">{t('Nom imprimé sur le passeport', 'Name printed on the passport')}</label>
                <input id="nom" name="nom" type="text" value={holderName ?? ''} autocomplete="off" />
              </div>
              <div class="actions">
                <button type="submit" class="secondary">
                  {t('Vérifier ce nom', 'Check this name')}
                </button>
              </div>
            </form>
          ) : null}
          {items.map((item, i) => (
            <ResultView item={item} headingId={`resultat-${i + 1}`} />
          ))}
          <h2>{t('Vérifier autre chose', 'Verify something else')}</h2>
        </>
      ) : (
        <p class="lead">
          {t(
            'Scannez le QR code du passeport, déposez le fichier reçu (PDF, image PNG ou SVG, JSON) ou collez le lien ou le texte du badge. Rien n’est conservé.',
            'Scan the passport’s QR code, drop the file you received (PDF, PNG or SVG image, JSON) or paste the link or text of the badge. Nothing is kept.',
          )}
        </p>
      )}
      {error ? (
        <Callout tone="bad">
          <p>{error}</p>
        </Callout>
      ) : null}
      <form method="post" action="/verifier" enctype="multipart/form-data" class="stack">
        <Csrf />
        <div>
          <label for="file">{t('Fichier du badge ou du passeport', 'Badge or passport file')}</label>
          <span class="hint" id="file-hint">
            {t('PDF, PNG, SVG, JSON ou JWT, 10 Mo au plus.', 'PDF, PNG, SVG, JSON or JWT, 10 MB at most.')}
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
          <textarea id="value" name="value" rows={4} spellcheck={false}>
            {value ?? ''}
          </textarea>
        </div>
        <div>
          <label for="holderName">{t('Nom du titulaire (facultatif)', 'Holder’s name (optional)')}</label>
          <span class="hint" id="holder-hint">
            {t(
              'Pour vérifier que le badge appartient bien à la personne : saisissez son nom tel qu’il figure sur le passeport.',
              'To check the badge belongs to the person: enter their name as printed on the passport.',
            )}
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
    </>
  );
};
