import type { FC } from 'hono/jsx';
import { CellLabel } from '../web/layout.js';
import { Callout, Csrf, Table, useT } from '../web/render.js';
import { plural } from '../lib/text.js';
import {
  BULK_LIMITS,
  type BulkItem,
  type BulkReport,
  byStanding,
  NAME_CHECK_WORDS,
  reportCsv as reportCsvText,
  STANDING_WORDS,
} from './bulk.js';
import { STANDINGS } from './verdict.js';

const BulkForm: FC<{ error?: string | undefined }> = ({ error }) => {
  const t = useT();
  return (
    <>
      {error ? (
        <Callout tone="bad">
          <p>{error}</p>
        </Callout>
      ) : null}
      <form
        method="post"
        action="/comite/verification"
        enctype="multipart/form-data"
        class="stack"
        id="bulk-form"
        aria-describedby="bulk-help"
      >
        <Csrf />
        <p id="bulk-help">
          {t(
            `Jusqu’à ${BULK_LIMITS.items} éléments par envoi (${BULK_LIMITS.bytes / 2 ** 20} Mo au total) : des fichiers de badges (images PNG ou SVG, fichiers JSON ou JWT, passeports PDF) et/ou un tableau CSV avec une colonne « lien » contenant les liens des badges, et une colonne « nom » facultative pour vérifier le nom de chaque titulaire.`,
            `Up to ${BULK_LIMITS.items} items per upload (${BULK_LIMITS.bytes / 2 ** 20} MB in all): badge files (PNG or SVG images, JSON or JWT files, PDF passports) and/or a CSV table with a “lien” column holding the badges’ links, and an optional “nom” column to check each holder’s name.`,
          )}
        </p>
        <div>
          <label for="files">{t('Fichiers de badges', 'Badge files')}</label>
          <input type="file" id="files" name="file" multiple accept=".png,.svg,.json,.jwt,.txt,.pdf" />
        </div>
        <div>
          <label for="csv">{t('Tableau CSV de liens (facultatif)', 'CSV table of links (optional)')}</label>
          <input type="file" id="csv" name="csv" accept=".csv,text/csv" />
        </div>
        <div class="actions">
          <button type="submit">{t('Vérifier', 'Verify')}</button>
        </div>
        <div id="bulk-progress" class="no-print" hidden>
          <label for="bulk-progress-bar">{t('Envoi et vérification en cours…', 'Uploading and verifying…')}</label>
          <progress id="bulk-progress-bar" max="100"></progress>
          <p id="bulk-progress-text" role="status" aria-live="polite"></p>
        </div>
      </form>
      <script src="/static/bulk-verification.js" defer></script>
    </>
  );
};

export const BulkPage: FC<{ report?: BulkReport | undefined; error?: string | undefined }> = ({ report, error }) => {
  const t = useT();
  return (
    <>
      <h1>{t('Vérifier des badges en lot', 'Verify badges in bulk')}</h1>
      {report ? <BulkReportView report={report} /> : null}
      <h2>
        {report ? t('Vérifier d’autres badges', 'Verify other badges') : t('Déposer les badges', 'Drop the badges')}
      </h2>
      <BulkForm error={error} />
    </>
  );
};

/** Who the item is about: the name the passport prints, the name the CSV row gives and its check. */
const HolderCell: FC<{ item: BulkItem }> = ({ item }) => {
  const t = useT();
  if (!item.holderName && !item.expectedName) return <>—</>;
  return (
    <>
      {item.holderName ? (
        <div>
          {t('Nom imprimé', 'Printed name')} : {item.holderName}
          {item.printedName === 'mismatch' || item.printedName === 'altered' ? (
            <strong class="bad-text"> {t('(ne correspond pas)', '(does not match)')}</strong>
          ) : null}
        </div>
      ) : null}
      {item.expectedName && item.nameCheck ? (
        <div>
          {item.expectedName} :{' '}
          <strong
            class={`badge-status ${item.nameCheck === 'match' ? 'ok' : item.nameCheck === 'mismatch' ? 'bad' : 'warn'}`}
          >
            {t(...NAME_CHECK_WORDS[item.nameCheck])}
          </strong>
        </div>
      ) : null}
    </>
  );
};

const BulkReportView: FC<{ report: BulkReport }> = ({ report }) => {
  const t = useT();
  const { totals } = report;
  return (
    <section aria-labelledby="report-title">
      <h2 id="report-title">{t('Rapport', 'Report')}</h2>
      <Callout tone={totals.failed ? 'bad' : 'ok'} role="status">
        <p>
          {totals.failed === 0
            ? t(
                `Les ${totals.items} éléments sont authentiques et valides.`,
                `All ${totals.items} items are authentic and valid.`,
              )
            : t(
                `${plural(totals.failed, '# élément', '# éléments')} sur ${totals.items} ${plural(totals.failed, 'pose', 'posent')} problème ; ${plural(totals.verified, '# est authentique et valide', '# sont authentiques et valides')}.`,
                `${totals.failed} of ${totals.items} items ${totals.failed === 1 ? 'has' : 'have'} a problem; ${totals.verified} ${totals.verified === 1 ? 'is' : 'are'} authentic and valid.`,
              )}
        </p>
        <ul>
          {STANDINGS.filter((s) => totals.standings[s] > 0).map((s) => (
            <li>
              <a href={`#${s}`}>{t(...STANDING_WORDS[s].many)}</a> : {totals.standings[s]}
            </li>
          ))}
        </ul>
      </Callout>
      <p>
        <a
          href={`data:text/csv;charset=utf-8,${encodeURIComponent(`\uFEFF${reportCsvText(report)}`)}`}
          download="rapport-verification.csv"
        >
          {t('Télécharger le rapport (CSV)', 'Download the report (CSV)')}
        </a>
      </p>
      {byStanding(report.items).map(({ standing, items }) => (
        <section aria-labelledby={`${standing}-title`}>
          <h3 id={`${standing}-title`}>
            {t(...STANDING_WORDS[standing].many)} ({items.length})
          </h3>
          <Table
            id={standing}
            caption={t(
              `${STANDING_WORDS[standing].many[0]} : un résultat par élément`,
              `${STANDING_WORDS[standing].many[1]}: one result per item`,
            )}
            head={[
              t('Élément', 'Item'),
              t('Badge', 'Badge'),
              t('Titulaire', 'Holder'),
              t('Explication', 'Explanation'),
            ]}
          >
            {items.map((item) => (
              <tr>
                <td>{item.name}</td>
                <td>
                  <CellLabel>{t('Badge', 'Badge')}</CellLabel>
                  {item.title ?? '—'}
                  {item.credentials > 1 ? ` (${t(`${item.credentials} badges`, `${item.credentials} badges`)})` : ''}
                </td>
                <td>
                  <CellLabel>{t('Titulaire', 'Holder')}</CellLabel>
                  <HolderCell item={item} />
                </td>
                <td>
                  <CellLabel>{t('Explication', 'Explanation')}</CellLabel>
                  {t(item.summary, item.summaryEn)}
                </td>
              </tr>
            ))}
          </Table>
        </section>
      ))}
    </section>
  );
};

/** Progressive enhancement of the bulk form: upload progress, then an indeterminate bar. */
export const BULK_SCRIPT = `(() => {
  const form = document.getElementById('bulk-form');
  if (!form || !window.FormData || !window.XMLHttpRequest) return;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const box = document.getElementById('bulk-progress');
    const bar = document.getElementById('bulk-progress-bar');
    const text = document.getElementById('bulk-progress-text');
    const fr = document.documentElement.lang !== 'en';
    box.hidden = false;
    form.querySelector('button[type=submit]').disabled = true;
    const xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    xhr.setRequestHeader('accept', 'text/html');
    xhr.upload.addEventListener('progress', (e) => {
      if (!e.lengthComputable) return;
      const pct = Math.round((e.loaded / e.total) * 100);
      bar.value = pct;
      text.textContent = (fr ? 'Envoi : ' : 'Upload: ') + pct + ' %';
    });
    xhr.upload.addEventListener('load', () => {
      bar.removeAttribute('value');
      text.textContent = fr ? 'Fichiers envoyés, vérification en cours…' : 'Files sent, verifying…';
    });
    xhr.addEventListener('load', () => {
      document.open();
      document.write(xhr.responseText);
      document.close();
    });
    xhr.addEventListener('error', () => {
      text.textContent = fr ? 'L’envoi a échoué : réessayez.' : 'The upload failed: try again.';
      form.querySelector('button[type=submit]').disabled = false;
    });
    xhr.send(new FormData(form));
  });
})();
`;
