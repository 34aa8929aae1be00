import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * A named OpenAPI component (`.meta({ id })`) is declared once: two zod schemas under one id make
 * the document show one of them for both operations, silently (zod keeps the last one registered).
 */

const SRC = resolve(import.meta.dirname, '../../../src');
const META_ID = /\.meta\(\s*\{[^}]*?\bid:\s*['"]([^'"]+)['"]/g;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

describe('OpenAPI component ids', () => {
  it('names each component in one place of src', () => {
    const where = new Map<string, string[]>();
    for (const file of sources(SRC)) {
      for (const m of readFileSync(file, 'utf8').matchAll(META_ID)) {
        where.set(m[1]!, [...(where.get(m[1]!) ?? []), relative(SRC, file)]);
      }
    }
    expect(where.size).toBeGreaterThan(40);
    const twice = [...where].filter(([, files]) => files.length > 1).map(([id, files]) => `${id}: ${files.join(', ')}`);
    expect(twice).toEqual([]);
    expect(where.get('ReasonRequest')).toEqual(['web/schemas.ts']);
  });
});
