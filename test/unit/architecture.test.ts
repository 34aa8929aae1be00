import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The import rule of ARCHITECTURE.md ("Layers and imports"), read from the source: every relative
 * `import … from`, `export … from`, side-effect `import '…'` and `import('…')` of every file under
 * src. A forbidden import fails with the file, the module it imports and the rule it breaks.
 */

const SRC = resolve(import.meta.dirname, '../../src');

/** Layers under the features: each imports only itself and the folders listed (never a feature). */
const LOWER: Readonly<Record<string, readonly string[]>> = {
  lib: [],
  ob3: ['lib'],
  db: ['lib'],
  storage: ['lib'],
  assets: ['lib', 'ob3'],
  passport: ['lib', 'ob3', 'assets'],
};

/** The HTTP frame every feature builds on (route pattern, pages, OpenAPI document); it may use auth's access rules. */
const FRAME = ['web', 'openapi'];

const FEATURES = [
  'auth',
  'organisations',
  'referentials',
  'issuing',
  'verification',
  'learners',
  'review',
  'certification',
  'label',
  'stats',
  'setup',
  'offline',
];

/** Entry points and the CLI assemble everything (like the tests): any import. `types` holds declarations only. */
const ASSEMBLY = ['cli', 'types'];

/** A file's folder under src: `issuing/store.ts` → `issuing`; `app.ts` → `` (the root modules). */
function folderOf(path: string): string {
  const slash = path.indexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

/** `store.ts`, `store-*.ts` or anything under a `store/` folder: the SQL of the feature that holds it. */
function isStore(path: string): boolean {
  return path
    .split('/')
    .some((part, i, all) => (i < all.length - 1 ? part === 'store' : /^store(-.*)?\.tsx?$/.test(part)));
}

/** Violations of the rule, one readable line each (paths relative to src, as the files name them). */
function violations(edges: readonly { from: string; to: string }[]): string[] {
  const out: string[] = [];
  for (const { from, to } of edges) {
    const source = folderOf(from);
    const target = folderOf(to);
    if (source === target || ASSEMBLY.includes(source) || source === '') continue;
    const where = `src/${from} imports src/${to}`;
    const allowed = LOWER[source];
    if (allowed) {
      if (!allowed.includes(target))
        out.push(`${where}: ${source}/ may import only ${[source, ...allowed].map((f) => `${f}/`).join(', ')}`);
    } else if (FRAME.includes(source)) {
      if (!(target in LOWER || FRAME.includes(target) || target === '' || target === 'auth'))
        out.push(`${where}: the HTTP frame (${FRAME.join('/, ')}/) imports no feature but auth's access rules`);
    }
    if (isStore(to))
      out.push(
        `${where}: a store is private to its folder; use what ${target}/ exports elsewhere (its service.ts) or move the query into ${target}/`,
      );
  }
  return out;
}

const IMPORT = /^[ \t]*(?:(?:import|export)\b[^;'"]*?\bfrom|import)\s*['"]([^'"]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every relative import of every file under src, as paths relative to src (`.js` specifiers name `.ts`/`.tsx` files). */
function importEdges(): { from: string; to: string }[] {
  const files = sourceFiles(SRC);
  const known = new Set(files.map((f) => relative(SRC, f)));
  const edges: { from: string; to: string }[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const match of [...text.matchAll(IMPORT), ...text.matchAll(DYNAMIC)]) {
      const spec = match[1]!;
      if (!spec.startsWith('.')) continue;
      const base = relative(SRC, resolve(dirname(file), spec)).replace(/\.js$/, '');
      const to = [`${base}.ts`, `${base}.tsx`, base].find((p) => known.has(p)) ?? base;
      edges.push({ from: relative(SRC, file), to });
    }
  }
  return edges;
}

describe('layers and imports (ARCHITECTURE.md)', () => {
  const edges = importEdges();

  it('places every folder of src in a layer', () => {
    const placed = new Set(['', ...Object.keys(LOWER), ...FRAME, ...FEATURES, ...ASSEMBLY]);
    const folders = readdirSync(SRC, { withFileTypes: true }).filter((e) => e.isDirectory());
    expect(folders.map((e) => e.name).filter((name) => !placed.has(name))).toEqual([]);
  });

  it('reads the imports of the whole source', () => {
    // A parser that missed most imports would let everything pass.
    expect(edges.length).toBeGreaterThan(800);
    expect(edges).toContainEqual({ from: 'app.ts', to: 'issuing/routes.tsx' });
    expect(edges).toContainEqual({ from: 'web/route.ts', to: 'lib/zod-fr.ts' });
  });

  it('finds no forbidden import', () => {
    expect(violations(edges)).toEqual([]);
  });

  it('names each kind of forbidden import', () => {
    expect(
      violations([
        { from: 'ob3/achievements.ts', to: 'referentials/schema.ts' },
        { from: 'lib/mailer-node.ts', to: 'web/mailer.ts' },
        { from: 'passport/render.ts', to: 'lib/encoding.ts' },
        { from: 'web/render.tsx', to: 'learners/views.tsx' },
        { from: 'issuing/requests.ts', to: 'learners/store.ts' },
        { from: 'issuing/service.ts', to: 'issuing/store.ts' },
        { from: 'cli/demo.ts', to: 'auth/store.ts' },
      ]),
    ).toEqual([
      'src/ob3/achievements.ts imports src/referentials/schema.ts: ob3/ may import only ob3/, lib/',
      'src/lib/mailer-node.ts imports src/web/mailer.ts: lib/ may import only lib/',
      "src/web/render.tsx imports src/learners/views.tsx: the HTTP frame (web/, openapi/) imports no feature but auth's access rules",
      'src/issuing/requests.ts imports src/learners/store.ts: a store is private to its folder; use what learners/ exports elsewhere (its service.ts) or move the query into learners/',
    ]);
  });
});
