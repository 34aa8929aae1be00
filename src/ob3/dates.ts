/** Dates as credentials carry them (DateTimeZ, whole seconds); as people read them: src/lib/dates.ts. */

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
