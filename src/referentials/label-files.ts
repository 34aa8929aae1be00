/** Node-only: reads the label programme versions (`referentials/label/<version>.yaml`) from disk. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LABEL_PROGRAMME_DIR, ReferentialFileError, SHIPPED_REFERENTIALS_DIR } from './files.js';
import { loadLabelProgrammeText } from './label-loader.js';
import type { LabelProgramme } from './label-schema.js';

export function listLabelProgrammeFiles(dir = SHIPPED_REFERENTIALS_DIR): string[] {
  const sub = join(dir, LABEL_PROGRAMME_DIR);
  if (!existsSync(sub)) return [];
  return readdirSync(sub)
    .filter((f) => /^\d+\.\d+\.\d+\.ya?ml$/.test(f))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((f) => join(sub, f));
}

/** Every label programme version shipped (or dropped in by a hub), validated; lower versions first. */
export function shippedLabelProgrammes(dir = SHIPPED_REFERENTIALS_DIR): LabelProgramme[] {
  return listLabelProgrammeFiles(dir).map((file) => {
    const result = loadLabelProgrammeText(readFileSync(file, 'utf8'));
    if (!result.ok) {
      const first = result.problems[0];
      throw new ReferentialFileError(
        `Programme de label invalide ${file} : ${first?.path ?? ''} — ${first?.message ?? ''}${first?.line ? ` (ligne ${first.line})` : ''}`,
      );
    }
    return result.value;
  });
}
