import type { FC } from 'hono/jsx';
import { formatMonth } from '../lib/dates.js';
import { CellLabel } from '../web/layout.js';
import { Table, useLang, useT } from '../web/render.js';
import { periodChoices, periodLabel } from './period.js';
import { type Headline, signed } from './headlines.js';
import type { Count, Figures, Statistics } from './service.js';

const FIGURES: { key: keyof Figures; fr: string; en: string }[] = [
  { key: 'learners', fr: 'Personnes accompagnées', en: 'People helped' },
  { key: 'evaluations', fr: 'Évaluations', en: 'Evaluations' },
  { key: 'observations', fr: 'Compétences observées', en: 'Competences observed' },
  { key: 'badges', fr: 'Badges délivrés', en: 'Badges issued' },
  { key: 'passports', fr: 'Passeports délivrés', en: 'Passports issued' },
];

/** A count as the page says it: a withheld one in words (it could single a person out). */
function countText(n: Count, t: (fr: string, en: string) => string): string {
  if (n === 'fewer-than-5') return t('moins de 5', 'fewer than 5');
  if (n === 'masked') return t('masqué', 'hidden');
  return String(n);
}

/** Bar height of a count: a withheld one draws no bar (its label says why). */
const barOf = (n: Count) => (typeof n === 'number' ? n : 0);

/**
 * Bars of evaluations and badges per month, drawn on the server: readable without JavaScript, with
 * a title and a description; the table under it gives the same numbers to screen readers.
 */
export const MonthChart: FC<{ byMonth: Statistics['byMonth'] }> = ({ byMonth }) => {
  const t = useT();
  const lang = useLang();
  const months = byMonth.slice(-12);
  const max = Math.max(1, ...months.flatMap((m) => [barOf(m.figures.evaluations), barOf(m.figures.badges)]));
  const width = 340;
  const height = 200;
  const left = 30;
  const bottom = 40;
  const slot = (width - left) / Math.max(1, months.length);
  const bar = Math.max(4, Math.min(14, slot / 2 - 3));
  const y = (n: number) => height - bottom - (n / max) * (height - bottom - 16);
  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby="chart-title chart-desc"
        xmlns="http://www.w3.org/2000/svg"
      >
        <title id="chart-title">
          {t('Évaluations et badges délivrés par mois', 'Evaluations and badges issued per month')}
        </title>
        <desc id="chart-desc">
          {months
            .map(
              (m) =>
                `${formatMonth(m.month, lang)} : ${countText(m.figures.evaluations, t)} ${t('évaluation(s)', 'evaluation(s)')}, ${countText(m.figures.badges, t)} ${t('badge(s)', 'badge(s)')}`,
            )
            .join(' ; ')}
        </desc>
        <line x1={left} y1={height - bottom} x2={width} y2={height - bottom} stroke="#555" />
        <text x={left - 4} y={y(max) + 4} text-anchor="end" font-size="10" fill="#333">
          {max}
        </text>
        <text x={left - 4} y={height - bottom} text-anchor="end" font-size="10" fill="#333">
          0
        </text>
        {months.map((m, i) => {
          const x = left + i * slot + slot / 2;
          return (
            <g>
              <rect
                x={x - bar - 1}
                y={y(barOf(m.figures.evaluations))}
                width={bar}
                height={height - bottom - y(barOf(m.figures.evaluations))}
                fill="#1d3d7a"
              />
              <rect
                x={x + 1}
                y={y(barOf(m.figures.badges))}
                width={bar}
                height={height - bottom - y(barOf(m.figures.badges))}
                fill="#c25b00"
              />
              {typeof m.figures.evaluations === 'number' && typeof m.figures.badges === 'number' ? null : (
                <text x={x} y={height - bottom - 4} text-anchor="middle" font-size="9" fill="#333">
                  *
                </text>
              )}
              <text x={x} y={height - bottom + 14} text-anchor="middle" font-size="10" fill="#333">
                {m.month.slice(5)}
              </text>
              <text x={x} y={height - bottom + 26} text-anchor="middle" font-size="9" fill="#555">
                {m.month.slice(2, 4)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <span class="swatch eval" aria-hidden="true" /> {t('Évaluations', 'Evaluations')}{' '}
        <span class="swatch badge" aria-hidden="true" /> {t('Badges délivrés', 'Badges issued')}{' '}
        {t('(mois / année)', '(month / year)')}
        {months.some((m) => typeof m.figures.evaluations !== 'number' || typeof m.figures.badges !== 'number')
          ? ` ${t('* nombre retenu (moins de 5, ou masqué), voir le tableau.', '* count withheld (fewer than 5, or hidden), see the table.')}`
          : null}{' '}
        <a href="#par-mois-caption">{t('Les mêmes chiffres en tableau', 'The same figures as a table')}</a>
      </figcaption>
    </figure>
  );
};

const FigureTable: FC<{
  id: string;
  caption: string;
  first: string;
  rows: { label: string; figures: Figures }[];
}> = ({ id, caption, first, rows }) => {
  const t = useT();
  return (
    <Table id={id} caption={caption} head={[first, ...FIGURES.map((f) => t(f.fr, f.en))]}>
      {rows.map((r) => (
        <tr>
          <th scope="row">{r.label}</th>
          {FIGURES.map((f) => (
            <td data-figure={f.key}>
              <CellLabel>{t(f.fr, f.en)}</CellLabel>
              {countText(r.figures[f.key], t)}
            </td>
          ))}
        </tr>
      ))}
    </Table>
  );
};

/** The period picker: a GET form that works without JavaScript (month, quarter, year, custom, all). */
const PeriodPicker: FC<{ stats: Statistics; now: Date }> = ({ stats, now }) => {
  const t = useT();
  const lang = useLang();
  const { months, quarters, years } = periodChoices(now);
  const chosen = stats.period.value;
  const listed = ['tout', 'libre', ...months, ...quarters, ...years].includes(chosen);
  const option = (value: string, kind: 'month' | 'quarter' | 'year') => (
    <option value={value} selected={chosen === value}>
      {periodLabel({ kind, value, from: null, to: null }, lang)}
    </option>
  );
  return (
    <form method="get" class="period-picker no-print" aria-labelledby="period-title">
      <h2 id="period-title" class="visually-hidden">
        {t('Choisir la période', 'Choose the period')}
      </h2>
      {stats.only ? <input type="hidden" name="structure" value={stats.only.slug} /> : null}
      <div class="period-choice">
        <label for="periode">{t('Période', 'Period')}</label>
        <select id="periode" name="periode">
          <option value="tout" selected={chosen === 'tout'}>
            {t('Depuis le début', 'Since the start')}
          </option>
          {listed ? null : (
            <option value={chosen} selected>
              {periodLabel(stats.period, lang)}
            </option>
          )}
          <optgroup label={t('Mois', 'Months')}>{months.map((m) => option(m, 'month'))}</optgroup>
          <optgroup label={t('Trimestres', 'Quarters')}>{quarters.map((q) => option(q, 'quarter'))}</optgroup>
          <optgroup label={t('Années', 'Years')}>{years.map((y) => option(y, 'year'))}</optgroup>
          <option value="libre" selected={chosen === 'libre'}>
            {t('Personnalisée : du … au …', 'Custom: from … to …')}
          </option>
        </select>
      </div>
      <div class="period-range">
        <label for="from">
          {t('Du', 'From')}
          <span class="visually-hidden">
            {t(' (premier mois, période personnalisée)', ' (first month, custom period)')}
          </span>
        </label>
        <input
          type="month"
          id="from"
          name="from"
          value={stats.period.kind === 'custom' ? (stats.from ?? '') : ''}
          placeholder="AAAA-MM"
        />
        <label for="to">
          {t('au', 'to')}
          <span class="visually-hidden">{t(' (dernier mois)', ' (last month)')}</span>
        </label>
        <input
          type="month"
          id="to"
          name="to"
          value={stats.period.kind === 'custom' ? (stats.to ?? '') : ''}
          placeholder="AAAA-MM"
        />
      </div>
      <button type="submit">{t('Afficher', 'Show')}</button>
    </form>
  );
};

/** A figure's value with, for a stock, its change since the end of the previous period. */
const HeadlineValue: FC<{ h: Headline }> = ({ h }) => {
  const t = useT();
  return (
    <dd class="figure-value">
      <strong data-value>{countText(h.value, t)}</strong>
      {h.previous !== undefined && typeof h.value === 'number' ? (
        <span class="trend" data-trend>
          {' '}
          {signed(h.value - h.previous)}{' '}
          {t(
            `depuis la fin de la période précédente (${h.previous})`,
            `since the end of the previous period (${h.previous})`,
          )}
        </span>
      ) : null}
    </dd>
  );
};

export const StatisticsPage: FC<{
  stats: Statistics;
  headlines: Headline[];
  now: Date;
  csvHref: string;
  summaryHref: string;
}> = ({ stats, headlines, now, csvHref, summaryHref }) => {
  const t = useT();
  const lang = useLang();
  const label = periodLabel(stats.period, lang);
  const previous = stats.period.previous;
  return (
    <>
      <h1>
        {t('Chiffres', 'Figures')} — {stats.scope.name}
      </h1>
      <PeriodPicker stats={stats} now={now} />
      {stats.byMonth.length ? (
        <MonthChart byMonth={stats.byMonth} />
      ) : (
        <p>{t('Rien pendant cette période.', 'Nothing during this period.')}</p>
      )}
      <section aria-labelledby="figures-title">
        <h2 id="figures-title">
          {t('Les chiffres', 'The figures')} : {label}
        </h2>
        {previous ? (
          <p class="muted">
            {t('Période précédente', 'Previous period')} :{' '}
            {periodLabel({ kind: 'custom', value: 'libre', ...previous }, lang)}.
          </p>
        ) : null}
        <dl class="figures">
          {headlines.map((h) => (
            <div data-headline={h.key}>
              <dt>{t(...h.name)}</dt>
              <HeadlineValue h={h} />
              <dd class="definition muted" data-definition>
                {t(...h.definition)}
              </dd>
            </div>
          ))}
        </dl>
      </section>
      <p class="actions no-print">
        <a class="button secondary" href={summaryHref} download>
          {t('Ces chiffres (CSV)', 'These figures (CSV)')}
        </a>
        <a class="button secondary" href={csvHref} download>
          {t('Le détail par mois et par structure (CSV)', 'Detail by month and structure (CSV)')}
        </a>
      </p>
      <p class="no-print muted">
        {t(
          'Pour imprimer cette page ou l’enregistrer en PDF : menu du navigateur, « Imprimer ». Le choix de la période et les boutons ne sont pas imprimés.',
          'To print this page or save it as PDF: the browser’s menu, “Print”. The period picker and the buttons are not printed.',
        )}
      </p>
      <p>
        {t(
          'Des totaux seulement, sans aucune donnée personnelle. Les personnes dont les données ont été effacées restent comptées, sauf dans les progressions.',
          'Totals only, with no personal data. People whose data was erased are still counted, except in progressions.',
        )}{' '}
        {t(
          'Pour qu’on ne reconnaisse personne, un nombre de 1 à 4 pour une seule structure en un seul mois est affiché « moins de 5 » ; un autre nombre est parfois « masqué » pour qu’il ne se déduise pas d’un total. Le total du hub reste exact.',
          'So that nobody can be recognised, a count of 1 to 4 for a single structure in a single month reads “fewer than 5”; another count is sometimes “hidden” so that it cannot be worked out from a total. The hub’s total stays exact.',
        )}
      </p>
      <h2>{t('Le détail', 'In detail')}</h2>
      <FigureTable
        id="totaux"
        caption={t(`Total : ${label}`, `Total: ${label}`)}
        first={t('Période', 'Period')}
        rows={[{ label: t('Total', 'Total'), figures: stats.total }]}
      />
      <h2>{t('Par mois', 'By month')}</h2>
      {stats.byMonth.length ? (
        <FigureTable
          id="par-mois"
          caption={t('Par mois', 'By month')}
          first={t('Mois', 'Month')}
          rows={stats.byMonth.map((m) => ({ label: formatMonth(m.month, lang), figures: m.figures }))}
        />
      ) : (
        <p>{t('Rien pour l’instant.', 'Nothing yet.')}</p>
      )}
      {stats.structures.length > 1 || stats.scope.kind === 'hub' ? (
        <>
          <h2>{t('Par structure', 'By structure')}</h2>
          <FigureTable
            id="par-structure"
            caption={t('Par structure', 'By structure')}
            first={t('Structure', 'Structure')}
            rows={stats.byStructure.map((s) => ({ label: s.structure.name, figures: s.figures }))}
          />
        </>
      ) : null}
      <h2>{t('Par lettre de l’abécédaire', 'By letter of the alphabet')}</h2>
      {stats.byLetter.length === 0 ? (
        <p>{t('Rien pour l’instant.', 'Nothing yet.')}</p>
      ) : (
        <section class="table-wrap" aria-labelledby="par-lettre" tabindex={0}>
          {/* Three short columns fit on a phone: a plain table, not one card per row (unlike Table). */}
          <table>
            <caption id="par-lettre" class="visually-hidden">
              {t('Par lettre', 'By letter')}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('Lettre', 'Letter')}</th>
                <th scope="col">{t('Compétences observées', 'Competences observed')}</th>
                <th scope="col">{t('Badges délivrés', 'Badges issued')}</th>
              </tr>
            </thead>
            <tbody>
              {stats.byLetter.map((l) => (
                <tr>
                  <th scope="row">{l.letter}</th>
                  <td data-figure="observations">{countText(l.observations, t)}</td>
                  <td data-figure="badges">{countText(l.badges, t)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
};
