import { csvText } from '../lib/csv.js';
import { headlines, signed } from './headlines.js';
import { type Count, FIGURE_KEYS, type Statistics } from './service.js';

/** A withheld count in the CSV: `<5` (fewer than 5) or `masqué` (withheld so that a `<5` cannot be worked out). */
export function csvCount(n: Count): string | number {
  return n === 'fewer-than-5' ? '<5' : n === 'masked' ? 'masqué' : n;
}

/**
 * CSV for a spreadsheet (semicolons and a BOM, as French spreadsheet software expects): one line per
 * month and structure, so every small count is withheld (`<5`, `masqué`).
 */
export function statisticsCsv(stats: Statistics): string {
  const names = new Map(stats.structures.map((s) => [s.id, s.name]));
  const header = [
    'Mois',
    'Structure',
    'Personnes accompagnées (nouvelles)',
    'Évaluations',
    'Compétences observées',
    'Badges délivrés',
    'Passeports délivrés',
    ...stats.letters.map((l) => `Badges lettre ${l}`),
  ];
  const lines = stats.rows.map((r) => [
    r.month,
    names.get(r.structureId) ?? r.structureId,
    ...FIGURE_KEYS.map((k) => csvCount(r.figures[k])),
    ...stats.letters.map((l) => csvCount(r.badgesByLetter[l] ?? 0)),
  ]);
  return `\uFEFF${csvText([header, ...lines], ';')}`;
}

/** The page's figures of the period as CSV (semicolons, BOM): one line each, with its trend and definition. */
export function summaryCsv(stats: Statistics, period: string): string {
  const header = ['Indicateur', 'Période', 'Valeur', 'Fin de la période précédente', 'Évolution', 'Définition'];
  const lines = headlines(stats).map((h) => [
    h.name[0],
    period,
    csvCount(h.value),
    h.previous ?? '',
    h.previous === undefined || typeof h.value !== 'number' ? '' : signed(h.value - h.previous),
    h.definition[0],
  ]);
  return `\uFEFF${csvText([header, ...lines], ';')}`;
}
