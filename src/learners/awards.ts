import type { AppDeps, Principal } from '../context.js';
import type { EvaluationMethod } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { AchievementSet } from '../issuing/achievements.js';
import type { OrganisationRow } from '../organisations/lookup.js';
import {
  type BatchItem,
  credentialState,
  type ExtraWrites,
  issueBatch,
  issueCredential,
  type Issued,
  type IssueInput,
  MAX_BATCH_ITEMS,
} from '../issuing/service.js';
import { setSupersededBy, type CredentialRow } from '../issuing/service.js';
import { sha256Hex } from '../lib/crypto.js';
import { resultFor, type DerivedAchievement } from '../issuing/derive-achievements.js';
import { credentialFromJwtPayload, decodeJwt } from '../ob3/jwt.js';
import type { Evidence, Result } from '../ob3/types.js';
import { levelRank, type LearnerReferential } from '../referentials/schema.js';
import {
  afterWithdrawals,
  newlyEarned,
  standings,
  type Earned,
  type Holdings,
  type Observation,
  type Standing,
} from './rules.js';
import { type LearnerContext, learnerReferential } from './service.js';
import * as store from './store.js';

/** A person's progress (what was observed, what is held) and issuing what the rules say is earned. */

export interface Progress {
  set: AchievementSet & { referential: LearnerReferential };
  standings: Map<string, Standing>;
  evaluations: Awaited<ReturnType<typeof store.evaluationsOf>>;
  credentials: CredentialRow[];
  earned: Earned;
}

function observationsOf(
  evals: Awaited<ReturnType<typeof store.evaluationsOf>>,
  ref: LearnerReferential,
): Observation[] {
  const codes = codesOf(ref);
  return evals
    .filter((e) => e.evaluation.referentialSlug === ref.slug)
    .flatMap((e) =>
      e.items
        .filter((i) => codes.has(i.competenceCode))
        .map((i) => ({
          code: i.competenceCode,
          level: i.level,
          date: e.evaluation.date,
          recordedAt: e.evaluation.createdAt,
          evaluationId: e.evaluation.id,
        })),
    );
}

/**
 * A competence keeps its code from one version of a referential to the next (a version that drops
 * or renames codes must publish a crosswalk), so what was observed or awarded under an earlier
 * version of the same referential counts for the codes the current version still has. A version
 * that only rewords (abecedaire 1.1.0) thus loses nobody's progress.
 */
/** The achievement a credential was issued for, as the current version of its referential names it. */
export function currentAchievement(set: AchievementSet, achievementId: string): DerivedAchievement | undefined {
  const key = achievementId.split('/achievements/')[1] ?? '';
  const path = key.split('/').slice(2).join('/');
  return set.byKey.get(key) ?? set.byKey.get(`${set.referential.slug}/${set.referential.version}/${path}`);
}

export function codesOf(ref: LearnerReferential): Set<string> {
  return new Set(ref.entries.flatMap((e) => e.competences.map((c) => c.code)));
}

/** Competence code → level of a passport credential's results (read back from what was signed). */
export function passportLevels(row: CredentialRow): Map<string, string> {
  const credential = credentialFromJwtPayload(decodeJwt(row.jwt).payload) as {
    credentialSubject?: { result?: Result[] };
  };
  const out = new Map<string, string>();
  for (const r of credential.credentialSubject?.result ?? []) {
    const code = r.resultDescription?.split('#')[1];
    const level = r.achievedLevel?.split('#niveau-')[1];
    if (code && level) out.set(code, level);
  }
  return out;
}

export function holdings(ref: LearnerReferential, rows: CredentialRow[]): Holdings {
  const competences = new Map<string, string>();
  let passport: Map<string, string> | null = null;
  let passportAt = '';
  const codes = codesOf(ref);
  for (const row of rows) {
    if (credentialState(row) === 'revoked' || row.referentialSlug !== ref.slug) continue;
    if (row.achievementKind === 'competence' && row.competenceCode && row.level && codes.has(row.competenceCode)) {
      const prev = competences.get(row.competenceCode);
      if (prev === undefined || levelRank(ref, prev) < levelRank(ref, row.level))
        competences.set(row.competenceCode, row.level);
    } else if (row.achievementKind === 'passport' && row.issuedAt > passportAt) {
      passport = new Map([...passportLevels(row)].filter(([code]) => codes.has(code)));
      passportAt = row.issuedAt;
    }
  }
  return { competences, passport };
}

/**
 * Competences whose badge was withdrawn (revoked, not replaced by a later badge, and not replaced
 * as part of a re-issue), with the time of the withdrawal.
 */
export function withdrawnCompetences(rows: CredentialRow[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of rows) {
    if (r.achievementKind !== 'competence' || !r.competenceCode || !r.revokedAt || r.supersededBy) continue;
    const later = rows.some(
      (o) =>
        o.competenceCode === r.competenceCode &&
        !o.revokedAt &&
        o.achievementKind === 'competence' &&
        o.issuedAt > r.revokedAt!,
    );
    if (later) continue;
    const prev = out.get(r.competenceCode);
    if (!prev || prev < r.revokedAt) out.set(r.competenceCode, r.revokedAt);
  }
  return out;
}

export async function progressOf(deps: AppDeps, ctx: LearnerContext): Promise<Progress> {
  const db = deps.database.db;
  const set = await learnerReferential(deps);
  return progressFrom(
    set,
    await store.evaluationsOf(db, ctx.learner.id),
    await store.learnerCredentials(db, ctx.learner.id),
  );
}

function progressFrom(set: Progress['set'], evals: Progress['evaluations'], credentialRows: CredentialRow[]): Progress {
  const observations = observationsOf(evals, set.referential);
  const rules = set.rules;
  const awardable = afterWithdrawals(observations, withdrawnCompetences(credentialRows));
  const earned: Earned = rules
    ? newlyEarned(set.referential, rules, awardable, holdings(set.referential, credentialRows))
    : { competences: [], passport: null, passportProgress: { coreReached: 0, minCount: 0, minLevel: '' } };
  return { set, standings: standings(observations), evaluations: evals, credentials: credentialRows, earned };
}

/** Has the person earned badges that were not issued yet? */
export function hasBadgesToIssue(earned: Earned): boolean {
  return earned.competences.length > 0 || earned.passport !== null;
}

/** The progress of many people, as `progressOf` reads each, in two queries per 90 of them. */
export async function progressOfMany(deps: AppDeps, learnerIds: string[]): Promise<Map<string, Progress>> {
  const db = deps.database.db;
  const [set, evals, creds] = await Promise.all([
    learnerReferential(deps),
    store.evaluationsOfMany(db, learnerIds),
    store.credentialsOfMany(db, learnerIds),
  ]);
  return new Map(learnerIds.map((id) => [id, progressFrom(set, evals.get(id) ?? [], creds.get(id) ?? [])]));
}

/**
 * Which of these people have badges earned but not issued (the list marks them « badges à délivrer »):
 * the same rules as each person's page, read for all of them in two queries.
 */
export async function learnersWithBadgesToIssue(deps: AppDeps, learnerIds: string[]): Promise<Set<string>> {
  const progress = await progressOfMany(deps, learnerIds);
  return new Set(learnerIds.filter((id) => hasBadgesToIssue(progress.get(id)!.earned)));
}

const METHOD_LABELS: Record<EvaluationMethod, string> = {
  positioning: 'Positionnement',
  observation: 'Observation en séance',
  exercise: 'Exercice',
  'self-assessment': 'Auto-évaluation accompagnée',
};

/** Evidence pointing to evaluations by id, with no personal data (notes stay in Jalon). */
function evidenceFor(evals: Progress['evaluations'], codes: Set<string> | null, structureName: string): Evidence[] {
  return evals
    .filter((e) => codes === null || e.items.some((i) => codes.has(i.competenceCode)))
    .map((e) => ({
      type: ['Evidence'],
      id: `urn:uuid:${e.evaluation.id}`,
      name: `${METHOD_LABELS[e.evaluation.method]} du ${e.evaluation.date}`,
      description: `${METHOD_LABELS[e.evaluation.method]} par un médiateur ou une médiatrice de ${structureName} : ${e.items.length} compétence(s) observée(s).`,
      genre: METHOD_LABELS[e.evaluation.method],
    }));
}

/**
 * Issues what the rules say is newly earned: competence badges, then the passport. Each credential
 * is one atomic write; idempotency keys derived from the learner and what is awarded make a
 * repeated click (or two mediators at once) issue nothing twice.
 */
export async function issueEarned(deps: AppDeps, actor: Principal | null, ctx: LearnerContext): Promise<Issued[]> {
  const progress = await progressOf(deps, ctx);
  const { set, earned } = progress;
  const personal = ctx.learner.personal;
  if (!personal)
    throw new AppError('gone', {
      fr: 'Les données de cette personne ont été effacées.',
      en: 'This person’s data has been erased.',
    });
  const recipient = { name: personal.displayName, latinName: personal.latinName, email: personal.email ?? undefined };
  const referential = { slug: set.referential.slug, version: set.referential.version };
  const issued: Issued[] = [];
  /** What every award of this learner shares; only the achievement, results and evidence differ. */
  const award = async (
    derived: DerivedAchievement,
    what: Pick<IssueInput, 'results' | 'evidence' | 'competenceCode' | 'level' | 'idempotencyKey'>,
    same: (r: CredentialRow) => boolean,
  ) => {
    const result = await issueCredential(deps, {
      org: ctx.org,
      actor,
      achievement: derived,
      referential,
      recipient,
      learnerId: ctx.learner.id,
      ...what,
    });
    await supersede(deps, progress.credentials, result, same);
    issued.push(result);
  };
  for (const { code, level } of earned.competences) {
    const derived = set.byKey.get(`${referential.slug}/${referential.version}/competences/${code}`);
    if (!derived) continue;
    await award(
      derived,
      {
        results: [resultFor(derived.achievement, level)],
        evidence: evidenceFor(progress.evaluations, new Set([code]), ctx.org.name),
        competenceCode: code,
        level,
        idempotencyKey: `learner:${ctx.learner.id}:${code}:${level}`,
      },
      (r) => r.achievementKind === 'competence' && r.competenceCode === code,
    );
  }
  const passport = set.derived.find((d) => d.kind === 'passport');
  if (earned.passport && passport) {
    await award(
      passport,
      {
        results: earned.passport.results.map((r) => resultFor(passport.achievement, r.level, r.code)),
        evidence: evidenceFor(progress.evaluations, null, ctx.org.name),
        idempotencyKey: await passportKey(ctx.learner.id, earned.passport.results),
      },
      (r) => r.achievementKind === 'passport',
    );
  }
  return issued;
}

/**
 * What the rules say each of these people (of `org`) has earned and not received — competence badges
 * and the passport, as `issueEarned` gives one person — issued together by `awardMany`: one
 * transaction for the whole group (up to 500 badges), so a failure issues nothing to anybody and
 * pressing again issues it all. The workshop's « Délivrer les badges du groupe ». Answers, per
 * person, the credentials issued now.
 */
export async function issueEarnedOfGroup(
  deps: AppDeps,
  actor: Principal | null,
  org: OrganisationRow,
  people: readonly { ctx: LearnerContext; progress: Progress }[],
): Promise<{ ctx: LearnerContext; issued: Issued[] }[]> {
  const items = people.flatMap(({ ctx: { learner }, progress: { earned, evaluations } }): AwardItem[] => {
    if (!learner.personal) return [];
    const competences = earned.competences.map(({ code, level }) => ({
      learner,
      code,
      level,
      evidence: evidenceFor(evaluations, new Set([code]), org.name),
    }));
    return earned.passport
      ? [
          ...competences,
          { learner, passport: earned.passport.results, evidence: evidenceFor(evaluations, null, org.name) },
        ]
      : competences;
  });
  const outcomes = items.length ? await awardMany(deps, actor, org, items) : [];
  const issued = new Map<string, Issued[]>();
  for (const [n, outcome] of outcomes.entries()) {
    if (outcome.status !== 'issued') continue;
    const id = items[n]!.learner.id;
    issued.set(id, [...(issued.get(id) ?? []), outcome.issued]);
  }
  return people.map(({ ctx }) => ({ ctx, issued: issued.get(ctx.learner.id) ?? [] }));
}

/** A passport is issued once per person and set of results (code and level of each). */
async function passportKey(learnerId: string, results: readonly { code: string; level: string }[]): Promise<string> {
  const signature = sha256Hex(results.map((r) => `${r.code}=${r.level}`).join(','));
  return `learner:${learnerId}:passport:${signature.slice(0, 32)}`;
}

/** A newer credential of the same kind replaces the older ones on pages and in the PDF (they stay valid). */
async function supersede(
  deps: AppDeps,
  previous: CredentialRow[],
  result: Issued,
  same: (r: CredentialRow) => boolean,
): Promise<void> {
  if (result.replayed) return;
  const older = previous.filter((r) => r.id !== result.row.id && !r.supersededBy && same(r));
  if (older.length) await deps.database.batch(older.map((r) => setSupersededBy(deps.database.db, r.id, result.row.id)));
}

/** Credentials to show and attach: the latest of each competence and the latest passport. */
export function currentCredentials(rows: CredentialRow[]): CredentialRow[] {
  return rows.filter((r) => !r.supersededBy);
}

// --- many people at once (a workshop, a cohort import)

/**
 * One badge to award to a person: a competence of the learner referential at the level reached, or
 * the passport with every competence it names (what the rules' `earned.passport` says).
 */
export type AwardItem = {
  learner: store.LearnerWithPersonal;
  evidence?: Evidence[] | undefined;
} & ({ code: string; level: string } | { passport: readonly { code: string; level: string }[] });

/** What became of one item: issued now, or already held (at this level or higher) by that badge. */
export type AwardOutcome =
  | { status: 'issued'; credential: CredentialRow; issued: Issued }
  | { status: 'held'; credential: CredentialRow };

/**
 * Badges for many people in as few transactions as the batch size allows (one for up to 500 items):
 * what a workshop or a cohort import issues. A competence already held at its level or higher (a
 * valid badge of the same competence) is not issued again; keys per person, competence and level, or
 * per person and passport results (the same as `issueEarned`'s), make a concurrent or repeated run
 * issue nothing twice. `writes` (the people an import registers) go in the first transaction, before
 * any badge that names them. Answers in the items' order.
 */
export async function awardMany(
  deps: AppDeps,
  actor: Principal | null,
  org: OrganisationRow,
  items: readonly AwardItem[],
  options: { writes?: ExtraWrites; hubAdmins?: boolean } = {},
): Promise<AwardOutcome[]> {
  const set = await learnerReferential(deps);
  const ref = set.referential;
  const referential = { slug: ref.slug, version: ref.version };
  // People the import registers in `writes` have none yet: asking costs nothing.
  const held = await store.credentialsOfLearners(deps.database.db, [...new Set(items.map((i) => i.learner.id))]);
  const byLearner = new Map<string, CredentialRow[]>();
  for (const r of held) {
    const list = byLearner.get(r.learnerId ?? '');
    if (list) list.push(r);
    else byLearner.set(r.learnerId ?? '', [r]);
  }
  const outcomes: (AwardOutcome | undefined)[] = items.map((item) => {
    // A passport the person holds is known by its key (the rules offer one only when it says more).
    if ('passport' in item) return undefined;
    const holding = (byLearner.get(item.learner.id) ?? []).find(
      (r) =>
        r.achievementKind === 'competence' &&
        r.competenceCode === item.code &&
        r.referentialSlug === ref.slug &&
        credentialState(r) !== 'revoked' &&
        !r.supersededBy &&
        levelRank(ref, r.level ?? '') >= levelRank(ref, item.level),
    );
    return holding ? { status: 'held', credential: holding } : undefined;
  });
  const passport = set.derived.find((d) => d.kind === 'passport');
  // A higher level replaces the lower badges of the same competence on pages, a new passport the
  // earlier ones (they stay valid).
  const replaced = (item: AwardItem) =>
    (byLearner.get(item.learner.id) ?? [])
      .filter((r) =>
        'passport' in item
          ? r.achievementKind === 'passport'
          : r.achievementKind === 'competence' && r.competenceCode === item.code,
      )
      .filter((r) => !r.supersededBy)
      .map((r) => r.id);
  const batchItemOf = async (item: AwardItem): Promise<BatchItem> => {
    const personal = item.learner.personal;
    if (!personal)
      throw new AppError('gone', {
        fr: 'Les données d’une personne ont été effacées.',
        en: 'A person’s data has been erased.',
      });
    const common = {
      referential,
      recipient: { name: personal.displayName, latinName: personal.latinName, email: personal.email ?? undefined },
      ...(item.evidence?.length ? { evidence: item.evidence } : {}),
      learnerId: item.learner.id,
      supersedes: replaced(item),
    };
    if ('passport' in item) {
      if (!passport) throw new RangeError(`no passport in ${ref.slug} ${ref.version}`);
      return {
        ...common,
        achievement: passport,
        results: item.passport.map((r) => resultFor(passport.achievement, r.level, r.code)),
        idempotencyKey: await passportKey(item.learner.id, item.passport),
      };
    }
    const derived = set.byKey.get(`${ref.slug}/${ref.version}/competences/${item.code}`);
    if (!derived) throw new RangeError(`unknown competence ${item.code}`);
    return {
      ...common,
      achievement: derived,
      results: [resultFor(derived.achievement, item.level)],
      competenceCode: item.code,
      level: item.level,
      idempotencyKey: `learner:${item.learner.id}:${item.code}:${item.level}`,
    };
  };
  const todo = await Promise.all(
    items.flatMap((item, n) => (outcomes[n] ? [] : [batchItemOf(item).then((batchItem) => ({ n, batchItem }))])),
  );
  for (let start = 0; start < todo.length || (start === 0 && options.writes); start += MAX_BATCH_ITEMS) {
    const part = todo.slice(start, start + MAX_BATCH_ITEMS);
    const issued = await issueBatch(deps, {
      org,
      actor,
      hubAdmins: options.hubAdmins,
      ...(start === 0 && options.writes ? { writes: options.writes } : {}),
      items: part.map((p) => p.batchItem),
    });
    for (const [k, { n }] of part.entries())
      outcomes[n] = issued[k]!.replayed
        ? { status: 'held', credential: issued[k]!.row }
        : { status: 'issued', credential: issued[k]!.row, issued: issued[k]! };
    if (part.length === 0) break;
  }
  return outcomes.map((o) => o!);
}
