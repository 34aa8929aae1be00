import type { AwardRules, CertificationRules } from './rules-schema.js';
import type { Referential } from './schema.js';

/** A referential version with its rules, as loaded from a file or embedded in the bundle. */
export interface ReferentialFile {
  referential: Referential;
  /** Award rules of a learner referential. */
  rules: AwardRules | null;
  /** Certification rules of a mediator referential. */
  certification?: CertificationRules | null;
}
