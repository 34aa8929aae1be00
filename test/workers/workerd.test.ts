import { beforeAll, describe } from 'vitest';
import { freshDatabase } from './fresh-database.js';

// The Workers entry inside workerd with D1, one module per feature. They run as this one file so that
// workerd starts and loads the app once; each feature gets an empty database with the shipped migrations.
const features: Record<string, () => Promise<unknown>> = {
  foundation: () => import('./foundation.js'),
  hostile: () => import('./hostile.js'),
  credentials: () => import('./credentials.js'),
  'data integrity': () => import('./data-integrity.js'),
  learners: () => import('./learners.js'),
  certification: () => import('./certification.js'),
  label: () => import('./label.js'),
  cohort: () => import('./cohort.js'),
};

for (const [name, load] of Object.entries(features)) {
  describe(name, async () => {
    beforeAll(freshDatabase);
    await load();
  });
}
