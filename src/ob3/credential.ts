import { deepFreeze } from '../lib/json.js';
import { ACHIEVEMENT_CREDENTIAL_SCHEMA, OPEN_BADGE_CONTEXTS } from './context.js';
import { toDateTimeZ } from './dates.js';
import { statusEntry, suspendableStatusEntry } from './status-list.js';
import type {
  Achievement,
  AchievementSubject,
  BitstringStatusListEntry,
  Evidence,
  IdentityObject,
  OpenBadgeCredential,
  Profile,
  Result,
} from './types.js';

/**
 * Where a credential's status is published. OB 3.0 allows a single `credentialStatus` entry (the
 * official JSON Schema rejects an array), so:
 * - `suspendable: false` (default): a 1-bit `revocation` entry on a revocation list;
 * - `suspendable: true`: one 2-bit entry (purpose `message`) on a revocation-and-suspension list,
 *   whose values say valid / suspended / revoked (see status-list.ts).
 */
export interface CredentialStatusInput {
  listUrl: string;
  index: number;
  suspendable?: boolean;
}

export interface BuildCredentialInput {
  /** `urn:uuid:…` (or an https URL). */
  id: string;
  issuer: Profile;
  achievement: Achievement;
  /** Hashed recipient identifiers (see recipient.ts); required unless `subjectId` is given. */
  identifiers?: IdentityObject[];
  /** A DID the holder brought, if any. */
  subjectId?: string;
  results?: Result[];
  evidence?: Evidence[];
  validFrom: Date | string;
  validUntil?: Date | string;
  /** The original award date when re-issuing. */
  awardedDate?: Date | string;
  status: CredentialStatusInput;
}

function nonEmpty<T>(values: readonly T[] | undefined): T[] | undefined {
  return values && values.length > 0 ? [...values] : undefined;
}

/** Pruned, frozen copies that pruneJson shares instead of copying again (see prunedAchievement). */
const alreadyPruned = new WeakSet<object>();

/**
 * A deep copy without `undefined`/`null` members and empty arrays (OB 3.0 JSON rules: omit them).
 * Copying also detaches the result from inputs that may be shared or frozen (memoised achievements);
 * a frozen copy this module already pruned is shared as it is.
 */
export function pruneJson<T>(value: T): T {
  if (typeof value === 'object' && value !== null && alreadyPruned.has(value)) return value;
  if (Array.isArray(value)) {
    return value.filter((v) => v !== undefined && v !== null).map((v) => pruneJson(v)) as T;
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined || v === null) continue;
      const pruned = pruneJson(v);
      if (Array.isArray(pruned) && pruned.length === 0) continue;
      out[k] = pruned;
    }
    return out as T;
  }
  return value;
}

/** Pruned copies of frozen achievements, by achievement. */
const prunedAchievements = new WeakMap<Achievement, Achievement>();

/**
 * The achievement as a credential embeds it. A frozen one (derived achievements are frozen whole)
 * cannot change, so it is pruned once and its frozen copy shared by every credential built on it:
 * copying it for each was most of what building a credential cost (hundreds of objects, garbage
 * for a 500-credential batch's collector too).
 */
function prunedAchievement(achievement: Achievement): Achievement {
  if (!Object.isFrozen(achievement)) return achievement;
  let pruned = prunedAchievements.get(achievement);
  if (pruned === undefined) {
    pruned = deepFreeze(pruneJson(achievement));
    alreadyPruned.add(pruned);
    prunedAchievements.set(achievement, pruned);
  }
  return pruned;
}

/** The JSON text of shared achievement copies, written once each. */
const achievementJson = new WeakMap<object, string>();

/**
 * The JSON text of a value this module shares between credentials (a pruned frozen achievement),
 * or undefined for any other value: a signer splices it instead of serialising 8 KB again.
 */
export function sharedJsonOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || !alreadyPruned.has(value)) return undefined;
  let json = achievementJson.get(value);
  if (json === undefined) {
    json = JSON.stringify(value);
    achievementJson.set(value, json);
  }
  return json;
}

/** Results must point at a ResultDescription (and a level) of the achievement they are asserted for. */
function checkResults(achievement: Achievement, results: readonly Result[]): void {
  for (const result of results) {
    if (result.resultDescription === undefined) continue;
    const rd = achievement.resultDescription?.find((d) => d.id === result.resultDescription);
    if (!rd) throw new Error(`result points at unknown resultDescription ${result.resultDescription}`);
    if (result.achievedLevel !== undefined && !rd.rubricCriterionLevel?.some((l) => l.id === result.achievedLevel)) {
      throw new Error(`result achievedLevel ${result.achievedLevel} is not a level of ${rd.id}`);
    }
  }
}

export function credentialStatusEntry(status: CredentialStatusInput): BitstringStatusListEntry {
  return status.suspendable
    ? suspendableStatusEntry({ listUrl: status.listUrl, index: status.index })
    : statusEntry({ listUrl: status.listUrl, index: status.index, purpose: 'revocation' });
}

/** An unsigned OpenBadgeCredential, valid against the official AchievementCredential JSON Schema. */
export function buildCredential(input: BuildCredentialInput): OpenBadgeCredential {
  if (!input.achievement.type.includes('Achievement')) throw new Error('achievement type must include Achievement');
  const identifiers = nonEmpty(input.identifiers);
  if (!identifiers && !input.subjectId) throw new Error('a credential subject needs identifiers or an id');
  const results = nonEmpty(input.results);
  if (results) checkResults(input.achievement, results);
  const validFrom = toDateTimeZ(input.validFrom);
  const validUntil = input.validUntil === undefined ? undefined : toDateTimeZ(input.validUntil);
  if (validUntil !== undefined && validUntil <= validFrom) throw new Error('validUntil must be after validFrom');

  const subject: AchievementSubject = {
    id: input.subjectId,
    type: ['AchievementSubject'],
    identifier: identifiers,
    achievement: prunedAchievement(input.achievement),
    result: results,
  };

  return pruneJson<OpenBadgeCredential>({
    '@context': [...OPEN_BADGE_CONTEXTS],
    id: input.id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: input.achievement.name,
    issuer: input.issuer,
    validFrom,
    validUntil,
    awardedDate: input.awardedDate === undefined ? undefined : toDateTimeZ(input.awardedDate),
    credentialSubject: subject,
    evidence: nonEmpty(input.evidence),
    credentialSchema: [{ ...ACHIEVEMENT_CREDENTIAL_SCHEMA }],
    credentialStatus: credentialStatusEntry(input.status),
  });
}
