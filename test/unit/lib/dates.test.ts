import { describe, expect, it } from 'vitest';
import { addMonths, formatDate, formatDateTime, formatMonth, iso } from '../../../src/lib/dates.js';

const at = (text: string) => new Date(text);

describe('addMonths: calendar months, the day clamped to the end of the month', () => {
  it('turns 31 January + 1 month into the last day of February (not 3 March)', () => {
    expect(iso(addMonths(at('2026-01-31T10:00:00Z'), 1))).toBe('2026-02-28T10:00:00.000Z');
    expect(iso(addMonths(at('2028-01-31T10:00:00Z'), 1))).toBe('2028-02-29T10:00:00.000Z');
  });

  it('turns 29 February + 12 months into 28 February, and + 48 months into 29 February again', () => {
    expect(iso(addMonths(at('2028-02-29T00:00:00Z'), 12))).toBe('2029-02-28T00:00:00.000Z');
    expect(iso(addMonths(at('2028-02-29T00:00:00Z'), 48))).toBe('2032-02-29T00:00:00.000Z');
  });

  it('keeps the day when the month has it, across years and backwards', () => {
    expect(iso(addMonths(at('2026-03-02T09:00:00Z'), 36))).toBe('2029-03-02T09:00:00.000Z');
    expect(iso(addMonths(at('2026-12-15T23:59:59Z'), 1))).toBe('2027-01-15T23:59:59.000Z');
    expect(iso(addMonths(at('2029-03-31T09:00:00Z'), -1))).toBe('2029-02-28T09:00:00.000Z');
    expect(iso(addMonths(at('2026-01-01T00:00:00Z'), 36))).toBe('2029-01-01T00:00:00.000Z');
  });

  it('does not change the date it is given', () => {
    const from = at('2026-01-31T10:00:00Z');
    addMonths(from, 1);
    expect(iso(from)).toBe('2026-01-31T10:00:00.000Z');
  });
});

describe('formatDate: one way to write a date, in French or English', () => {
  it('writes the first of the month as « 1er » in French only', () => {
    expect(formatDate('2026-03-01')).toBe('1er mars 2026');
    expect(formatDate('2026-03-01', 'en')).toBe('1 March 2026');
    expect(formatDate('2027-08-12', 'fr')).toBe('12 août 2027');
    expect(formatDate('2027-12-12', 'en')).toBe('12 December 2027');
  });

  it('reads a calendar day as that day, and an instant in Paris time', () => {
    // 23:30 UTC on 31 December is already 1 January in Paris (UTC+1 in winter, UTC+2 in summer).
    expect(formatDate('2026-12-31T23:30:00Z')).toBe('1er janvier 2027');
    expect(formatDate(at('2026-06-30T22:30:00Z'))).toBe('1er juillet 2026');
    expect(formatDate(at('2026-06-30T21:30:00Z'))).toBe('30 juin 2026');
    expect(formatDate('2026-12-31')).toBe('31 décembre 2026');
  });

  it('gives back a value that is not a date as it is', () => {
    expect(formatDate('bientôt')).toBe('bientôt');
    expect(formatDate('2026-02-30')).toBe('2026-02-30');
    expect(formatDate(new Date(Number.NaN))).toBe('Invalid Date');
  });
});

describe('formatDateTime and formatMonth', () => {
  it('adds the Paris time of day, on 24 hours', () => {
    expect(formatDateTime('2027-03-01T09:05:00Z')).toBe('1er mars 2027 à 10:05');
    expect(formatDateTime('2027-07-14T21:00:00.000Z', 'en')).toBe('14 July 2027 at 23:00');
    expect(formatDateTime('n’importe quoi')).toBe('n’importe quoi');
  });

  it('reads every instant in Paris time as Intl does, across summer time changes (offset kept per UTC hour)', () => {
    const paris = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Paris',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    });
    const expected = (d: Date) => {
      const p = Object.fromEntries(paris.formatToParts(d).map((x) => [x.type, x.value]));
      return `${p.day} ${p.month} ${p.year} ${p.hour}:${p.minute}`;
    };
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
    const ours = (d: Date) => {
      const m = /^(1er|\d+) (\S+) (\d+) à (\d\d):(\d\d)$/.exec(formatDateTime(d))!;
      const day = m[1] === '1er' ? '1' : m[1];
      return `${day} ${MONTHS_FR.indexOf(m[2]!) + 1} ${m[3]} ${Number(m[4])}:${m[5]}`;
    };
    // Around each change of 2026–2027 (last Sundays of March and October, 01:00 UTC), minute by minute…
    const changes = ['2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z', '2027-03-28T01:00:00Z', '2027-10-31T01:00:00Z'];
    const instants = changes.flatMap((c) =>
      Array.from({ length: 241 }, (_, i) => new Date(at(c).getTime() + (i - 120) * 60_000)),
    );
    // …and at random from 1970 to 2100, to the millisecond.
    for (let i = 0; i < 3000; i++) instants.push(new Date(Math.floor(Math.random() * 4_102_444_800_000)));
    for (const d of instants) expect(ours(d), d.toISOString()).toBe(expected(d).replace(/(^|\s)0(\d)/g, '$1$2'));
  });

  it('names a month of the statistics', () => {
    expect(formatMonth('2027-03')).toBe('mars 2027');
    expect(formatMonth('2027-03', 'en')).toBe('March 2027');
    expect(formatMonth('2027-13')).toBe('2027-13');
  });
});
