/**
 * An independent reader of the national open-data table schema (Frictionless Table Schema) of
 * mediation places: RFC 4180 CSV parsing and field checks (names in order, required, pattern,
 * enum, maxLength, unique, number and date types). Written for the tests from the Table Schema
 * specification, not sharing code with the exporter.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SchemaField {
  name: string;
  type: string;
  constraints: { required?: boolean; unique?: boolean; pattern?: string; enum?: string[]; maxLength?: number };
}

export const NATIONAL_SCHEMA = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/standard-mediation-num/schema-fields.json'), 'utf8'),
) as { fields: SchemaField[]; licence: string; source: string };

export function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else field += ch;
      i++;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else if (ch === '\n') throw new Error(`bare LF at ${i}: RFC 4180 wants CRLF`);
    else field += ch;
    i++;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Every violation of the schema in a CSV text (empty when it conforms). */
export function tableSchemaErrors(csv: string, fields: SchemaField[] = NATIONAL_SCHEMA.fields): string[] {
  const errors: string[] = [];
  const [header, ...rows] = readCsv(csv);
  const names = fields.map((f) => f.name);
  if (JSON.stringify(header) !== JSON.stringify(names))
    errors.push(`header ${JSON.stringify(header)} ≠ ${JSON.stringify(names)}`);
  const seen = new Map<string, Set<string>>();
  rows.forEach((row, r) => {
    if (row.length !== names.length) errors.push(`row ${r + 1}: ${row.length} cells, ${names.length} expected`);
    fields.forEach((f, k) => {
      const value = row[k] ?? '';
      const where = `row ${r + 1} ${f.name}`;
      if (value === '') {
        if (f.constraints.required) errors.push(`${where}: required`);
        return;
      }
      const c = f.constraints;
      // Table Schema patterns are XML Schema regular expressions: they match the whole value.
      if (c.pattern && !new RegExp(`^(?:${c.pattern})$`, 'u').test(value))
        errors.push(`${where}: ${value} ∉ /${c.pattern}/`);
      if (c.enum && !c.enum.includes(value)) errors.push(`${where}: ${value} ∉ enum`);
      if (c.maxLength !== undefined && [...value].length > c.maxLength)
        errors.push(`${where}: longer than ${c.maxLength}`);
      if (f.type === 'number' && !Number.isFinite(Number(value))) errors.push(`${where}: not a number`);
      if (f.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) errors.push(`${where}: not a date`);
      if (c.unique) {
        const set = seen.get(f.name) ?? new Set();
        if (set.has(value)) errors.push(`${where}: duplicate ${value}`);
        set.add(value);
        seen.set(f.name, set);
      }
    });
  });
  return errors;
}
