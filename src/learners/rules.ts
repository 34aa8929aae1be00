import type { AwardRules } from '../referentials/rules-schema.js';
import { levelRank, type LearnerReferential } from '../referentials/schema.js';

/**
 * Award rules, evaluated as a pure function of a learner's observations and of what they already
 * hold. The rules are data (`<version>.rules.yaml`): a competence badge from a minimum level up;
 * the passport when enough core competences reach the passport level. Levels compare by their
 * rank on the referential's scale.
 */

export interface Observation {
  code: string;
  level: string;
  /** YYYY-MM-DD of the session. */
  date: string;
  /** Order within a day (recording time), so that two sessions on one day keep their order. */
  recordedAt: string;
  evaluationId: string;
}

export interface Standing {
  code: string;
  /** Where the person stands now: the latest observation. */
  level: string;
  date: string;
  /** The first observation, for "first seen → now". */
  first: { level: string; date: string };
  history: Observation[];
}

export interface Holdings {
  /** Best level of a valid competence badge held, by competence code. */
  competences: ReadonlyMap<string, string>;
  /** The competence levels listed in the latest valid passport held, if any. */
  passport: ReadonlyMap<string, string> | null;
}

export interface Earned {
  competences: { code: string; level: string }[];
  /** When the passport is earned (first time, or with more or higher competences than the last one). */
  passport: { results: { code: string; level: string }[]; coreReached: number } | null;
  /** How far the person is from the passport, for the mediator. */
  passportProgress: { coreReached: number; minCount: number; minLevel: string };
}

function ordered(a: Observation, b: Observation): number {
  return a.date === b.date ? a.recordedAt.localeCompare(b.recordedAt) : a.date.localeCompare(b.date);
}

/** Latest and first observation of each competence. */
export function standings(observations: readonly Observation[]): Map<string, Standing> {
  const byCode = new Map<string, Observation[]>();
  for (const o of [...observations].sort(ordered)) {
    const list = byCode.get(o.code) ?? [];
    list.push(o);
    byCode.set(o.code, list);
  }
  const out = new Map<string, Standing>();
  for (const [code, history] of byCode) {
    const first = history[0]!;
    const last = history[history.length - 1]!;
    out.set(code, {
      code,
      level: last.level,
      date: last.date,
      first: { level: first.level, date: first.date },
      history,
    });
  }
  return out;
}

/** Competences at or above the badge level now, with their current level (passport content). */
function reached(
  ref: LearnerReferential,
  rules: AwardRules,
  now: Map<string, Standing>,
): { code: string; level: string }[] {
  const min = levelRank(ref, rules.competenceBadge.minLevel);
  const order = ref.entries.flatMap((e) => e.competences.map((c) => c.code));
  return order
    .filter((code) => (now.get(code) ? levelRank(ref, now.get(code)!.level) >= min : false))
    .map((code) => ({ code, level: now.get(code)!.level }));
}

export function newlyEarned(
  ref: LearnerReferential,
  rules: AwardRules,
  observations: readonly Observation[],
  held: Holdings,
): Earned {
  const now = standings(observations);
  const badgeMin = levelRank(ref, rules.competenceBadge.minLevel);
  const competences: { code: string; level: string }[] = [];
  for (const { code, level } of reached(ref, rules, now)) {
    const rank = levelRank(ref, level);
    const heldLevel = held.competences.get(code);
    if (rank >= badgeMin && (heldLevel === undefined || levelRank(ref, heldLevel) < rank))
      competences.push({ code, level });
  }
  const passportMin = levelRank(ref, rules.passport.minLevel);
  const coreReached = rules.passport.core.filter((code) => {
    const s = now.get(code);
    return s !== undefined && levelRank(ref, s.level) >= passportMin;
  }).length;
  const passportProgress = { coreReached, minCount: rules.passport.minCount, minLevel: rules.passport.minLevel };
  if (coreReached < rules.passport.minCount) return { competences, passport: null, passportProgress };
  const results = reached(ref, rules, now);
  const last = held.passport;
  // A new passport only when it would say more than the last one: a new competence or a higher level.
  const saysMore =
    !last ||
    results.some((r) => last.get(r.code) === undefined || levelRank(ref, last.get(r.code)!) < levelRank(ref, r.level));
  return { competences, passport: saysMore ? { results, coreReached } : null, passportProgress };
}

/**
 * A competence whose badge was withdrawn is not offered again on the strength of what was observed
 * before the withdrawal: only an observation recorded after it counts again. `withdrawn` maps a
 * competence code to when its badge was revoked (ISO timestamp).
 */
export function afterWithdrawals(
  observations: readonly Observation[],
  withdrawn: ReadonlyMap<string, string>,
): Observation[] {
  return observations.filter((o) => {
    const at = withdrawn.get(o.code);
    return at === undefined || o.recordedAt > at;
  });
}
