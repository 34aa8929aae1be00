/** Dates as credentials carry them (DateTimeZ, whole seconds) and as people read them (French). */

const DATE_TIME_Z_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/** `YYYY-MM-DDTHH:MM:SSZ` (UTC, no milliseconds); throws on an invalid date. */
export function toDateTimeZ(value: Date | string): string {
  const date = typeof value === 'string' ? parseDateTime(value) : value;
  if (!date || Number.isNaN(date.getTime())) throw new Error(`invalid date: ${String(value)}`);
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Parses an RFC 3339 date-time with a zone (what the schema's `date-time` format requires); null otherwise. */
export function parseDateTime(value: unknown): Date | null {
  if (typeof value !== 'string' || !DATE_TIME_Z_RE.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Seconds since the epoch (JWT NumericDate). */
export function toNumericDate(value: string): number {
  const date = parseDateTime(value);
  if (!date) throw new Error(`invalid date: ${value}`);
  return Math.floor(date.getTime() / 1000);
}

const MONTHS_FR = [
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
];
const MONTHS_EN = [
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
];

// Creating an Intl.DateTimeFormat costs more than a whole signature check: make it once per isolate.
let parisDays: Intl.DateTimeFormat | null | undefined;

function parisFormatter(): Intl.DateTimeFormat | null {
  if (parisDays === undefined) {
    try {
      parisDays = new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Paris',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
      });
    } catch {
      parisDays = null;
    }
  }
  return parisDays;
}

/** Calendar day in metropolitan French time (readers are in France); UTC if the runtime has no time zone data. */
function dayParts(date: Date): { year: number; month: number; day: number } {
  try {
    const formatter = parisFormatter();
    if (!formatter) throw new Error('no time zone data');
    const parts = formatter.formatToParts(date);
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    const result = { year: get('year'), month: get('month') - 1, day: get('day') };
    if ([result.year, result.month, result.day].every(Number.isFinite)) return result;
  } catch {
    // fall through
  }
  return { year: date.getUTCFullYear(), month: date.getUTCMonth(), day: date.getUTCDate() };
}

/** « 1er mars 2027 », « 12 mars 2027 ». */
export function formatDateFr(date: Date): string {
  const { year, month, day } = dayParts(date);
  return `${day === 1 ? '1er' : day} ${MONTHS_FR[month]} ${year}`;
}

/** "12 March 2027". */
export function formatDateEn(date: Date): string {
  const { year, month, day } = dayParts(date);
  return `${day} ${MONTHS_EN[month]} ${year}`;
}
