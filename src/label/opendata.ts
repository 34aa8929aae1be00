/**
 * The national open-data table schema of mediation places (LaMednum/standard-mediation-num,
 * https://raw.githubusercontent.com/LaMednum/standard-mediation-num/v1.0.2/schema.json, Licence
 * Ouverte 2.0): its columns in order and the vocabularies Jalon fills.
 * test/fixtures/standard-mediation-num/schema-fields.json holds the schema's field list and a test
 * validates the export against it.
 */

/** Columns of the schema, in its order (the CSV header). */
export const COLUMNS = [
  'id',
  'pivot',
  'nom',
  'commune',
  'code_postal',
  'code_insee',
  'adresse',
  'complement_adresse',
  'latitude',
  'longitude',
  'typologie',
  'telephone',
  'courriels',
  'site_web',
  'horaires',
  'presentation_resume',
  'presentation_detail',
  'source',
  'itinerance',
  'structure_parente',
  'date_maj',
  'services',
  'publics_specifiquement_adresses',
  'prise_en_charge_specifique',
  'frais_a_charge',
  'dispositif_programmes_nationaux',
  'formations_labels',
  'autres_formations_labels',
  'modalites_acces',
  'modalites_accompagnement',
  'fiche_acces_libre',
  'prise_rdv',
] as const;

export type Column = (typeof COLUMNS)[number];

/** `services` vocabulary of the schema. */
export const SERVICES = [
  'Aide aux démarches administratives',
  'Maîtrise des outils numériques du quotidien',
  'Insertion professionnelle via le numérique',
  'Utilisation sécurisée du numérique',
  'Parentalité et éducation avec le numérique',
  'Loisirs et créations numériques',
  'Compréhension du monde numérique',
  'Accès internet et matériel informatique',
  'Acquisition de matériel informatique à prix solidaire',
] as const;

/** `frais_a_charge` vocabulary of the schema. */
export const FRAIS = ['Gratuit', 'Gratuit sous condition', 'Payant'] as const;

/** Multiple values of one cell are separated by a vertical bar (schema v1). */
export const SEPARATOR = '|';

/**
 * One CSV cell (RFC 4180 quoting). A value a spreadsheet would read as a formula (starting with
 * =, +, -, @, tab or carriage return) is prefixed with an apostrophe; a telephone number in
 * international form (+33…) is the schema's own format and is the one exception, as it holds
 * digits only.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^\+\d+$/.test(text)) text = `'${text}`;
  return /[",\r\n;]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  return values.map(csvCell).join(',');
}

/**
 * Parses CSV text (RFC 4180: quotes, doubled quotes, CRLF or LF) into rows of cells, with the
 * delimiter of its first line: `;` (French spreadsheets) or `,`. Bounded: throws RangeError past
 * the limits, so that a hostile file costs little.
 */
export function parseCsv(text: string, limits: { maxRows: number; maxCell: number }): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstLine = body.slice(0, body.search(/\r|\n|$/));
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  const push = () => {
    if (cell.length > limits.maxCell) throw new RangeError('cell too long');
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"') {
        if (body[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
      if (cell.length > limits.maxCell) throw new RangeError('cell too long');
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === delimiter) push();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      push();
      if (row.some((c) => c.trim() !== '')) rows.push(row);
      if (rows.length > limits.maxRows) throw new RangeError('too many rows');
      row = [];
    } else {
      cell += ch;
      if (cell.length > limits.maxCell) throw new RangeError('cell too long');
    }
  }
  push();
  if (row.some((c) => c.trim() !== '')) rows.push(row);
  if (rows.length > limits.maxRows) throw new RangeError('too many rows');
  return rows;
}
