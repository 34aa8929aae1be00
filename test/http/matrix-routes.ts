/**
 * Entries of the authorization matrix (see authz-matrix.test.ts): one per route, with the access
 * it declares, a sample request per actor, what each actor must get, and a bad-input request.
 * The entries live per feature in matrix-<feature>.ts; their vocabulary in matrix-types.ts.
 */
import { AUTH } from './matrix-auth.js';
import { CERTIFICATION } from './matrix-certification.js';
import { DATA_INTEGRITY } from './matrix-data-integrity.js';
import { FOUNDATION } from './matrix-foundation.js';
import { ISSUING } from './matrix-issuing.js';
import { LABEL } from './matrix-label.js';
import { LEARNERS } from './matrix-learners.js';
import { LEARNERS_DAY } from './matrix-learners-day.js';
import { OFFLINE } from './matrix-offline.js';
import { ORGANISATIONS } from './matrix-organisations.js';
import { REFERENTIALS } from './matrix-referentials.js';
import { STATISTICS } from './matrix-statistics.js';
import type { Entry } from './matrix-types.js';
import { VERIFICATION } from './matrix-verification.js';

export * from './matrix-types.js';

export const MATRIX: Entry[] = [
  ...FOUNDATION,
  ...AUTH,
  ...ORGANISATIONS,
  ...REFERENTIALS,
  ...ISSUING,
  ...VERIFICATION,
  ...DATA_INTEGRITY,
  ...LEARNERS,
  ...CERTIFICATION,
  ...LEARNERS_DAY,
  ...STATISTICS,
  ...LABEL,
  ...OFFLINE,
];
