import type { AwardRules } from './rules-schema.js';
import type { Referential } from './schema.js';

/** A referential version with its award rules, as loaded from a file or embedded in the bundle. */
export interface ReferentialFile {
  referential: Referential;
  rules: AwardRules | null;
}
