import { parseYaml, type LoadResult } from './loader.js';
import { labelProgrammeSchema, type LabelProgramme } from './label-schema.js';

/** From file text to a validated label programme, with YAML line numbers on every problem. Edge-safe. */
export function loadLabelProgrammeText(text: string): LoadResult<LabelProgramme> {
  const parsed = parseYaml(text);
  if ('problems' in parsed) return { ok: false, problems: parsed.problems };
  const result = labelProgrammeSchema.safeParse(parsed.data);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((i) => {
      const path = i.path as (string | number)[];
      const line = parsed.locate(path);
      return { path: path.map(String).join('.'), message: i.message, ...(line ? { line } : {}) };
    }),
  };
}
