/**
 * Dates for the database and for people: one ISO form, one month arithmetic, and one way to write a
 * date in French or English, used by pages, the passport PDF, badges and the verifier alike. The
 * forms a credential carries (DateTimeZ, NumericDate) are in src/ob3/dates.ts.
 */

/** The stored form of an instant (ISO 8601, UTC, milliseconds). */
export function iso(date: Date): string {
  return date.toISOString();
}

/**
 * `months` calendar months after `from` (UTC), the day clamped to the end of the month: 31 January
 * + 1 month = 28 (or 29) February, 29 February 2028 + 12 months = 28 February 2029. What people
 * expect of "valid 36 months": never a date in the month after.
 */
export function addMonths(from: Date, months: number): Date {
  const d = new Date(from);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

type Lang = 'fr' | 'en';

const MONTHS: Record<Lang, readonly string[]> = {
  fr: [
    'janvier',
    'février',
    'mars',
    'avril',
    'mai',
    'juin',
    'juillet',
    'août',
    'septembre',
    'octobre',
    'novembre',
    'décembre',
  ],
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
};

interface Parts {
  year: number;
  /** 0–11 */
  month: number;
  day: number;
  hour: number;
  minute: number;
}

// Creating an Intl.DateTimeFormat costs more than a whole signature check: make it once per isolate.
let paris: Intl.DateTimeFormat | null | undefined;

function parisFormatter(): Intl.DateTimeFormat | null {
  if (paris === undefined) {
    try {
      paris = new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Paris',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        hourCycle: 'h23',
      });
    } catch {
      paris = null;
    }
  }
  return paris;
}

/** An instant in metropolitan French time (readers are in France); UTC if the runtime has no time zone data. */
function parisPartsOfIntl(date: Date): Parts {
  const formatter = parisFormatter();
  if (formatter) {
    const parts = formatter.formatToParts(date);
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    const result = {
      year: get('year'),
      month: get('month') - 1,
      day: get('day'),
      hour: get('hour'),
      minute: get('minute'),
    };
    if (Object.values(result).every(Number.isFinite)) return result;
  }
  return utcParts(date);
}

function utcParts(date: Date): Parts {
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth(),
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
  };
}

const HOUR_MS = 3_600_000;
/**
 * Paris' offset from UTC in whole minutes, per UTC hour. Since 1970 it is whole minutes and changes
 * only on the hour (01:00 UTC), so Intl's formatToParts — which showed in every verification's
 * profile — is asked once per hour of the dates seen. Bounded.
 */
const offsets = new Map<number, number>();

function parisParts(date: Date): Parts {
  const ms = date.getTime();
  if (ms < 0) return parisPartsOfIntl(date);
  const hour = Math.floor(ms / HOUR_MS);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    const start = new Date(hour * HOUR_MS);
    const p = parisPartsOfIntl(start);
    const local = new Date(0);
    local.setUTCFullYear(p.year, p.month, p.day);
    local.setUTCHours(p.hour, p.minute, 0, 0);
    offset = local.getTime() - start.getTime();
    if (offsets.size >= 1024) offsets.clear();
    offsets.set(hour, offset);
  }
  return utcParts(new Date(ms + offset));
}

const DAY_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A calendar day (`2026-03-01`) is that day wherever the reader is; an instant (a Date, or an ISO
 * date-time) is read in Paris time. Null when the value is not a date.
 */
function partsOf(value: Date | string): Parts | null {
  if (typeof value === 'string') {
    const m = DAY_ONLY.exec(value);
    if (m) {
      const [year, month, day] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
      const check = new Date(Date.UTC(year, month, day));
      return check.getUTCMonth() === month && check.getUTCDate() === day
        ? { year, month, day, hour: 0, minute: 0 }
        : null;
    }
  }
  const date = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? null : parisParts(date);
}

function dayText(p: Parts, lang: Lang): string {
  // French writes the first day of a month as an ordinal: « 1er mars ».
  const day = lang === 'fr' && p.day === 1 ? '1er' : String(p.day);
  return `${day} ${MONTHS[lang][p.month]} ${p.year}`;
}

/** « 1er mars 2027 », « 12 mars 2027 »; "12 March 2027". A value that is not a date is returned as it is. */
export function formatDate(value: Date | string, lang: Lang = 'fr'): string {
  const p = partsOf(value);
  return p ? dayText(p, lang) : String(value);
}

/** « 12 mars 2027 à 09:05 »; "12 March 2027 at 09:05" (Paris time). */
export function formatDateTime(value: Date | string, lang: Lang = 'fr'): string {
  const p = partsOf(value);
  if (!p) return String(value);
  const time = `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
  return `${dayText(p, lang)} ${lang === 'fr' ? 'à' : 'at'} ${time}`;
}

/** `2027-03` → « mars 2027 », "March 2027"; anything else is returned as it is. */
export function formatMonth(month: string, lang: Lang = 'fr'): string {
  const p = /^\d{4}-\d{2}$/.test(month) ? partsOf(`${month}-01`) : null;
  return p ? `${MONTHS[lang][p.month]} ${p.year}` : month;
}
