/**
 * One schema for libSQL (Node, Turso) and D1 (Workers), one file per domain under schema/ (which
 * feature owns which table: ARCHITECTURE.md, "Data model"). Times are ISO-8601 UTC strings so that
 * they sort and compare as text on both engines. Personal data of learners lives only in
 * `learner_personal`, so that export and erasure touch one table. drizzle.config.ts reads this file.
 */

export * from './schema/accounts.js';
export * from './schema/audit.js';
export * from './schema/certification.js';
export * from './schema/issuing.js';
export * from './schema/label.js';
export * from './schema/learners.js';
export * from './schema/referentials.js';
export * from './schema/review.js';
export * from './schema/submissions.js';
