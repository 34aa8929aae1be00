/** Node-only: reads the label programme versions (`referentials/label/<slug>/<version>.yaml`) from disk. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ReferentialFileError } from '../errors.js';
import { LABEL_PROGRAMME_DIR, SHIPPED_REFERENTIALS_DIR } from './files.js';
import { loadLabelProgrammeText } from './label-loader.js';
import type { LabelProgramme } from './label-schema.js';

/** Every `<slug>/<version>.yaml` under referentials/label/, programmes by slug, lower versions first. */
export function listLabelProgrammeFiles(dir = SHIPPED_REFERENTIALS_DIR): string[] {
  const root = join(dir, LABEL_PROGRAMME_DIR);
  if (!existsSync(root)) return [];
  const files: string[] = [];
  for (const slug of readdirSync(root).sort()) {
    const sub = join(root, slug);
    if (!statSync(sub).isDirectory()) continue;
    const versions = readdirSync(sub)
      .filter((f) => /^\d+\.\d+\.\d+\.ya?ml$/.test(f))
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    files.push(...versions.map((v) => join(sub, v)));
  }
  return files;
}

/**
 * Every label programme version shipped (or dropped in by a hub), validated. A file's path is its
 * address: its folder is the programme's slug and its name the version, or it is refused.
 */
export function shippedLabelProgrammes(dir = SHIPPED_REFERENTIALS_DIR): LabelProgramme[] {
  return listLabelProgrammeFiles(dir).map((file) => {
    const result = loadLabelProgrammeText(readFileSync(file, 'utf8'));
    if (!result.ok) {
      const first = result.problems[0];
      throw new ReferentialFileError(
        `Programme de label invalide ${file} : ${first?.path ?? ''} — ${first?.message ?? ''}${first?.line ? ` (ligne ${first.line})` : ''}`,
      );
    }
    const { slug, version } = result.value;
    const folder = basename(dirname(file));
    const name = basename(file).replace(/\.ya?ml$/, '');
    if (slug !== folder || version !== name)
      throw new ReferentialFileError(
        `Programme de label mal rangé ${file} : « ${slug} » version ${version} va dans ${LABEL_PROGRAMME_DIR}/${slug}/${version}.yaml`,
      );
    return result.value;
  });
}
