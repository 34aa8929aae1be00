import type { FC } from 'hono/jsx';
import type { CheckId } from '../ob3/verify.js';
import type { T } from '../web/i18n.js';
import { CellLabel } from '../web/layout.js';
import { Callout, Csrf, Table, useT } from '../web/render.js';
import { BULK_LIMITS, firstProblem, problemsFirst, reportCsv as reportCsvText, type BulkReport } from './bulk.js';

const CHECK_NAMES: Record<CheckId, [string, string]> = {
  parse: ['Lecture', 'Reading'],
  schema: ['Format Open Badges 3.0', 'Open Badges 3.0 format'],
  signature: ['Signature', 'Signature'],
  issuer: ['Émetteur', 'Issuer'],
  label: ['Label ou certification', 'Label or certification'],
  status: ['Révocation ou suspension', 'Revocation or suspension'],
  validity: ['Dates de validité', 'Validity dates'],
  recipient: ['Titulaire', 'Holder'],
};

export function checkName(id: CheckId, t: T): string {
  const [fr, en] = CHECK_NAMES[id] ?? [id, id];
  return t(fr, en);
}

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
            `Jusqu’à ${BULK_LIMITS.items} éléments par envoi (${BULK_LIMITS.bytes / 2 ** 20} Mo au total) : des fichiers de badges (images PNG ou SVG, fichiers JSON ou JWT, passeports PDF) et/ou un tableau CSV avec une colonne « lien » contenant les liens des badges.`,
            `Up to ${BULK_LIMITS.items} items per upload (${BULK_LIMITS.bytes / 2 ** 20} MB in all): badge files (PNG or SVG images, JSON or JWT files, PDF passports) and/or a CSV table with a “lien” column holding the badges’ links.`,
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

const BulkReportView: FC<{ report: BulkReport }> = ({ report }) => {
  const t = useT();
  const { totals } = report;
  const ordered = problemsFirst(report.items);
  const problems = Object.entries(totals.problems) as [CheckId, number][];
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
                `${totals.failed} élément(s) sur ${totals.items} posent problème ; ${totals.verified} sont authentiques et valides.`,
                `${totals.failed} of ${totals.items} item(s) have a problem; ${totals.verified} are authentic and valid.`,
              )}
        </p>
        {problems.length ? (
          <ul>
            {problems.map(([id, n]) => (
              <li>
                {checkName(id, t)} : {n}
              </li>
            ))}
          </ul>
        ) : null}
      </Callout>
      <p>
        <a
          href={`data:text/csv;charset=utf-8,${encodeURIComponent(`\uFEFF${reportCsvText(report)}`)}`}
          download="rapport-verification.csv"
        >
          {t('Télécharger le rapport (CSV)', 'Download the report (CSV)')}
        </a>
      </p>
      <Table
        id="rapport"
        caption={t('Résultat par élément, problèmes d’abord', 'Result per item, problems first')}
        head={[
          t('Élément', 'Item'),
          t('Verdict', 'Verdict'),
          t('Problème', 'Problem'),
          t('Explication', 'Explanation'),
        ]}
      >
        {ordered.map((item) => {
          const problem = firstProblem(item);
          return (
            <tr>
              <td>{item.name}</td>
              <td>
                <CellLabel>{t('Verdict', 'Verdict')}</CellLabel>
                <span class={`badge-status ${item.verified ? 'ok' : 'bad'}`}>
                  {item.verified ? t('✓ Valide', '✓ Valid') : t('✗ Problème', '✗ Problem')}
                </span>
              </td>
              <td>
                <CellLabel>{t('Problème', 'Problem')}</CellLabel>
                {problem ? checkName(problem.id, t) : '—'}
              </td>
              <td>
                <CellLabel>{t('Explication', 'Explanation')}</CellLabel>
                {t(item.summary, item.summaryEn)}
              </td>
            </tr>
          );
        })}
      </Table>
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
