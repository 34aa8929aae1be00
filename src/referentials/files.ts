/** Node-only: reads referential files (and their `.rules.yaml` siblings) from disk. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadCertificationRulesText, loadReferentialText, loadRulesText, type Problem } from './loader.js';
import type { ReferentialFile } from './files-types.js';
import { ReferentialFileError } from '../errors.js';

export type { ReferentialFile };

export type FileResult =
  | { ok: true; file: string; value: ReferentialFile }
  | { ok: false; file: string; problems: Problem[] };

export function rulesPathFor(file: string): string {
  return file.replace(/\.(ya?ml|json)$/, '.rules.yaml');
}

export function readReferentialFile(file: string): FileResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { ok: false, file, problems: [{ path: '', message: `fichier illisible : ${file}` }] };
  }
  const loaded = loadReferentialText(text);
  if (!loaded.ok) return { ok: false, file, problems: loaded.problems };
  const rulesFile = rulesPathFor(file);
  if (rulesFile === file || !existsSync(rulesFile))
    return { ok: true, file, value: { referential: loaded.value, rules: null } };
  const rulesText = readFileSync(rulesFile, 'utf8');
  if (loaded.value.kind === 'mediator') {
    const certification = loadCertificationRulesText(rulesText, loaded.value);
    if (!certification.ok) return { ok: false, file: rulesFile, problems: certification.problems };
    return { ok: true, file, value: { referential: loaded.value, rules: null, certification: certification.value } };
  }
  const rules = loadRulesText(rulesText, loaded.value);
  if (!rules.ok) return { ok: false, file: rulesFile, problems: rules.problems };
  return { ok: true, file, value: { referential: loaded.value, rules: rules.value } };
}

/** Every `<slug>/<version>.yaml` under a directory, lower versions first within a slug. */
export function listReferentialFiles(dir: string): string[] {
  const root = resolve(dir);
  if (!existsSync(root)) return [];
  const files: string[] = [];
  for (const name of readdirSync(root).sort()) {
    const sub = join(root, name);
    // referentials/label/ holds the label programmes, another format (label-files.ts).
    if (name === LABEL_PROGRAMME_DIR || !statSync(sub).isDirectory()) continue;
    const versions = readdirSync(sub)
      .filter((f) => /^\d+\.\d+\.\d+\.ya?ml$/.test(f))
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    files.push(...versions.map((v) => join(sub, v)));
  }
  return files;
}

export const LABEL_PROGRAMME_DIR = 'label';

export const SHIPPED_REFERENTIALS_DIR = resolve(new URL('../../referentials', import.meta.url).pathname);

/** The shipped referentials (and any a hub dropped into referentials/), validated. */
export function shippedReferentials(dir = SHIPPED_REFERENTIALS_DIR): ReferentialFile[] {
  const out: ReferentialFile[] = [];
  for (const file of listReferentialFiles(dir)) {
    const result = readReferentialFile(file);
    if (!result.ok) {
      const first = result.problems[0];
      throw new ReferentialFileError(
        `Référentiel invalide ${result.file} : ${first?.path ?? ''} — ${first?.message ?? ''} (npm run jalon -- referential validate ${result.file})`,
      );
    }
    out.push(result.value);
  }
  return out;
}
