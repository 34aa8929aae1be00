import { formatMonth } from '../lib/dates.js';
import type { Lang } from '../web/i18n.js';
import type { StatisticsFilter } from './schemas.js';

/**
 * The period a funder asks for (pure): a month, a quarter, a year, a custom range of months, or
 * everything. A bounded period has a previous one of the same length just before it, for trends.
 */
export interface Period {
  /** What the picker sends back (`2026-11`, `2026-T4`, `2026`, `libre`, `tout`). */
  value: string;
  kind: 'all' | 'month' | 'quarter' | 'year' | 'custom';
  /** First and last months included, null when open. */
  from: string | null;
  to: string | null;
  previous: { from: string; to: string } | null;
}

const pad = (n: number) => String(n).padStart(2, '0');
const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
const monthAt = (i: number) => `${Math.floor(i / 12)}-${pad((i % 12) + 1)}`;

/** The same number of months just before. */
function before(from: string, to: string): { from: string; to: string } {
  const length = monthIndex(to) - monthIndex(from) + 1;
  return { from: monthAt(monthIndex(from) - length), to: monthAt(monthIndex(from) - 1) };
}

export function periodOf(filter: Pick<StatisticsFilter, 'periode' | 'from' | 'to'>): Period {
  const p = filter.periode;
  if (p && /^\d{4}-\d{2}$/.test(p)) return { value: p, kind: 'month', from: p, to: p, previous: before(p, p) };
  if (p && /^\d{4}-T[1-4]$/.test(p)) {
    const first = (Number(p.slice(6)) - 1) * 3 + 1;
    const from = `${p.slice(0, 4)}-${pad(first)}`;
    const to = `${p.slice(0, 4)}-${pad(first + 2)}`;
    return { value: p, kind: 'quarter', from, to, previous: before(from, to) };
  }
  if (p && /^\d{4}$/.test(p)) {
    const from = `${p}-01`;
    const to = `${p}-12`;
    return { value: p, kind: 'year', from, to, previous: before(from, to) };
  }
  const from = filter.from ?? null;
  const to = filter.to ?? null;
  if (p === 'tout' || (!from && !to)) return { value: 'tout', kind: 'all', from: null, to: null, previous: null };
  return { value: 'libre', kind: 'custom', from, to, previous: from && to ? before(from, to) : null };
}

/** First instant of a month (UTC). */
export const startOf = (month: string) => new Date(`${month}-01T00:00:00Z`);

/** The instant a stock is read at: the end of the period, or now when it is not over (or open). */
export function endOf(to: string | null, now: Date): Date {
  if (!to) return now;
  const end = startOf(monthAt(monthIndex(to) + 1));
  return end < now ? end : now;
}

/** A quarter as people say it. */
function quarterText(value: string, lang: Lang): string {
  const n = value.slice(6);
  return lang === 'en' ? `Q${n} ${value.slice(0, 4)}` : `${n === '1' ? '1er' : `${n}e`} trimestre ${value.slice(0, 4)}`;
}

export function periodLabel(p: Pick<Period, 'kind' | 'value' | 'from' | 'to'>, lang: Lang = 'fr'): string {
  const en = lang === 'en';
  switch (p.kind) {
    case 'all':
      return en ? 'since the start' : 'depuis le début';
    case 'month':
      return formatMonth(p.value, lang);
    case 'quarter':
      return quarterText(p.value, lang);
    case 'year':
      return p.value;
    case 'custom':
      if (p.from && p.to)
        return en
          ? `from ${formatMonth(p.from, lang)} to ${formatMonth(p.to, lang)}`
          : `de ${formatMonth(p.from, lang)} à ${formatMonth(p.to, lang)}`;
      if (p.from) return en ? `since ${formatMonth(p.from, lang)}` : `depuis ${formatMonth(p.from, lang)}`;
      return en ? `until ${formatMonth(p.to!, lang)}` : `jusqu’à ${formatMonth(p.to!, lang)}`;
  }
}

/** The picker's choices: the last 12 months, 6 quarters and 3 years up to `now`. */
export function periodChoices(now: Date): { months: string[]; quarters: string[]; years: string[] } {
  const current = now.getUTCFullYear() * 12 + now.getUTCMonth();
  const months = Array.from({ length: 12 }, (_, i) => monthAt(current - i));
  const quarter = Math.floor(current / 3);
  const quarters = Array.from({ length: 6 }, (_, i) => {
    const q = quarter - i;
    return `${Math.floor(q / 4)}-T${(q % 4) + 1}`;
  });
  const years = Array.from({ length: 3 }, (_, i) => String(now.getUTCFullYear() - i));
  return { months, quarters, years };
}
