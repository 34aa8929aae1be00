/**
 * CSV as spreadsheets read it (RFC 4180): the one writer of every CSV Jalon sends (statistics, the
 * open-data registry, the bulk verification report) and a bounded reader for the files people upload.
 */

export type CsvValue = string | number | null | undefined;

/**
 * One CSV cell (RFC 4180 quoting). A value a spreadsheet would read as a formula (starting with
 * =, +, -, @, tab or carriage return) is prefixed with an apostrophe; a telephone number in
 * international form (+33…, the open-data schema's format) is the one exception, as it holds
 * digits only. Cells with a separator (`,` or `;`), a quote, a line break or outer spaces are quoted.
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^\+\d+$/.test(text)) text = `'${text}`;
  return /[",\r\n;]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line; `;` for French spreadsheet software, `,` where a schema asks for it. */
function csvLine(values: readonly CsvValue[], separator: ',' | ';' = ','): string {
  return values.map(csvCell).join(separator);
}

/** Whole lines, each ended by CRLF (RFC 4180). */
export function csvText(rows: readonly (readonly CsvValue[])[], separator: ',' | ';' = ','): string {
  return rows.map((row) => `${csvLine(row, separator)}\r\n`).join('');
}

/**
 * Parses CSV text (RFC 4180: quotes, doubled quotes, CRLF or LF) into rows of cells, with the
 * delimiter of its first line: `;` (French spreadsheets) or `,`. Bounded: throws RangeError past
 * the limits, so that a hostile file costs little.
 */
export function parseCsv(text: string, limits: { maxRows: number; maxCell: number }): string[][] {
  return parseCsvLines(text, limits).map((r) => r.cells);
}

/** Like `parseCsv`, with the line of the file each row starts on (1 for the first): for messages. */
export function parseCsvLines(
  text: string,
  limits: { maxRows: number; maxCell: number },
): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstLine = body.slice(0, body.search(/\r|\n|$/));
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  const push = () => {
    if (cell.length > limits.maxCell) throw new RangeError('cell too long');
    row.push(cell);
    cell = '';
  };
  const endRow = () => {
    push();
    if (row.some((c) => c.trim() !== '')) rows.push({ line: start, cells: row });
    if (rows.length > limits.maxRows) throw new RangeError('too many rows');
    row = [];
  };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"') {
        if (body[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        cell += ch;
        if (ch === '\n' || (ch === '\r' && body[i + 1] !== '\n')) line++;
      }
      if (cell.length > limits.maxCell) throw new RangeError('cell too long');
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === delimiter) push();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      endRow();
      line++;
      start = line;
    } else {
      cell += ch;
      if (cell.length > limits.maxCell) throw new RangeError('cell too long');
    }
  }
  endRow();
  return rows;
}
