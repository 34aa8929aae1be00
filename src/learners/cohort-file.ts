import { type AppError, invalid } from '../errors.js';
import { parseCsvLines } from '../lib/csv.js';

/**
 * Reading a cohort's table (see cohort.ts): its limits, its columns named in French or English, one
 * line per person and badge. Nothing here knows the referential or the people: cohort.ts checks them.
 */

export const COHORT_LIMITS = { bytes: 1024 * 1024, lines: 5000, cell: 200 } as const;

/** One line as read: the person and the badge (competence code and level) to award. */
export interface CohortLine {
  line: number;
  name: string;
  email?: string | undefined;
  birthYear?: number | undefined;
  achievement: string;
  level: string;
}

export interface CohortError {
  line: number;
  /** French, with its line: « ligne 12 : compétence inconnue « X » ». */
  message: string;
}

const HEADERS: Record<keyof Omit<CohortLine, 'line'>, readonly string[]> = {
  name: ['nom', 'name', 'prenom nom', 'nom complet', 'personne'],
  email: ['e-mail', 'email', 'mail', 'courriel', 'adresse e-mail'],
  birthYear: ['annee de naissance', 'naissance', 'birth year', 'birthyear', 'annee'],
  achievement: ['competence', 'achievement', 'code', 'badge', 'code competence'],
  level: ['niveau', 'level'],
};

/** Headers and levels compared without case, accents or spacing differences. */
export const fold = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[_\s]+/g, ' ')
    .trim();

/** Too large, too many lines, a cell too long: the whole file is refused, with a plain reason. */
function fileRefused(fr: string, en: string): AppError {
  return invalid([{ path: 'csv', message: fr }], { fr, en });
}

/** The lines of an uploaded table (`;` or `,`, a header naming the columns in French or English). */
export function readCohortCsv(text: string): CohortLine[] | CohortError {
  if (new TextEncoder().encode(text).length > COHORT_LIMITS.bytes)
    throw fileRefused(
      `Le fichier dépasse ${COHORT_LIMITS.bytes / 1024 / 1024} Mo : coupez-le en plusieurs fichiers.`,
      `The file is over ${COHORT_LIMITS.bytes / 1024 / 1024} MB: split it.`,
    );
  let rows: { line: number; cells: string[] }[];
  try {
    rows = parseCsvLines(text, { maxRows: COHORT_LIMITS.lines + 1, maxCell: COHORT_LIMITS.cell });
  } catch {
    throw fileRefused(
      `Le fichier dépasse ${COHORT_LIMITS.lines} lignes ou une case dépasse ${COHORT_LIMITS.cell} caractères : coupez-le en plusieurs fichiers.`,
      `The file has over ${COHORT_LIMITS.lines} lines or a cell over ${COHORT_LIMITS.cell} characters: split it.`,
    );
  }
  const [header, ...body] = rows;
  if (!header) throw fileRefused('Le fichier est vide.', 'The file is empty.');
  const at = (field: keyof typeof HEADERS) => header.cells.findIndex((cell) => HEADERS[field].includes(fold(cell)));
  const columns = {
    name: at('name'),
    email: at('email'),
    birthYear: at('birthYear'),
    achievement: at('achievement'),
    level: at('level'),
  };
  const missing = (['name', 'achievement', 'level'] as const).filter((k) => columns[k] < 0);
  if (missing.length)
    return {
      line: header.line,
      message: `ligne ${header.line} : la première ligne doit nommer les colonnes « nom », « compétence » et « niveau » (et, si vous les avez, « e-mail » et « année de naissance ») ; il manque ${missing.map((k) => `« ${HEADERS[k][0]} »`).join(', ')}`,
    };
  const cell = (cells: string[], i: number) => (i < 0 ? '' : (cells[i] ?? '').trim());
  return body.map(({ line, cells }) => {
    const year = cell(cells, columns.birthYear);
    return {
      line,
      name: cell(cells, columns.name),
      email: cell(cells, columns.email) || undefined,
      birthYear: year ? (/^\d{4}$/.test(year) ? Number(year) : Number.NaN) : undefined,
      achievement: cell(cells, columns.achievement),
      level: cell(cells, columns.level),
    };
  });
}
