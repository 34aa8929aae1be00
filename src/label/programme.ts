import type { AppDeps } from '../context.js';
import { commitAudited } from '../db/audit.js';
import type { Db } from '../db/client.js';
import { conflict, invalid, type Message, notFound } from '../errors.js';
import { sha256Hex } from '../lib/crypto.js';
import { plural } from '../lib/text.js';
import { semverSortKey } from '../lib/semver.js';
import { labelProgrammeSchema, type LabelProgramme, type Majority } from '../referentials/label-schema.js';
import type { Computed, ItemDecision, ReviewPolicy, ReviewProblem } from '../review/rules.js';
import * as store from './store.js';

/**
 * Label programme versions: stored as immutable canonical JSON, like referentials. Loading a
 * known version again is a no-op when identical and refused when different.
 */
export async function importLabelProgramme(
  deps: AppDeps,
  programme: LabelProgramme,
  actorUserId: string | null = null,
): Promise<'created' | 'unchanged'> {
  const db = deps.database.db;
  const parsed = labelProgrammeSchema.safeParse(programme);
  if (!parsed.success)
    throw invalid(parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })));
  const content = JSON.stringify(parsed.data);
  const contentHash = sha256Hex(content);
  const existing = await store.findProgramme(db, programme.slug, programme.version);
  if (existing) {
    if (existing.contentHash === contentHash) return 'unchanged';
    throw conflict({
      fr: `La version ${programme.version} du label « ${programme.slug} » est déjà publiée avec un autre contenu : publiez une nouvelle version.`,
      en: `Version ${programme.version} of label “${programme.slug}” is already published with other content: publish a new version.`,
    });
  }
  const at = deps.clock();
  await commitAudited(
    deps,
    actorUserId ? { userId: actorUserId } : null,
    [
      store.insertProgramme(db, {
        slug: programme.slug,
        version: programme.version,
        title: programme.title,
        content,
        contentHash,
        sortKey: semverSortKey(programme.version),
        createdAt: at.toISOString(),
      }),
    ],
    {
      action: 'label-programme.published',
      targetType: 'label-programme',
      targetId: `${programme.slug}@${programme.version}`,
      data: { contentHash },
    },
    at,
  );
  return 'created';
}

function parse(row: store.LabelProgrammeRow): LabelProgramme {
  return JSON.parse(row.content) as LabelProgramme;
}

/** A programme by its slug: the given version, or its latest. */
export async function getProgramme(db: Db, slug: string, version?: string): Promise<LabelProgramme> {
  const row = version ? await store.findProgramme(db, slug, version) : await store.latestProgramme(db, slug);
  if (!row) throw notFound({ fr: 'Ce programme de label n’existe pas.', en: 'This label programme does not exist.' });
  return parse(row);
}

/** The latest version of every programme published on this service, by slug. */
export async function publishedProgrammes(db: Db): Promise<LabelProgramme[]> {
  const latest = new Map<string, store.LabelProgrammeRow>();
  for (const row of await store.programmeVersions(db)) if (!latest.has(row.slug)) latest.set(row.slug, row);
  return [...latest.values()].map(parse);
}

/**
 * The programme a request addresses by its slug, or, when it names none, the one programme of this
 * service. With several there is no default (a programme added later never takes over silently):
 * the request must name one, and is told which exist.
 */
export async function chosenProgramme(db: Db, slug: string | undefined): Promise<LabelProgramme> {
  if (slug) return getProgramme(db, slug);
  const all = await publishedProgrammes(db);
  if (all.length === 1) return all[0]!;
  if (all.length === 0)
    throw notFound({
      fr: 'Aucun programme de label n’est publié sur ce service.',
      en: 'No label programme is published on this service.',
    });
  const slugs = all.map((p) => p.slug).join(', ');
  throw invalid([{ path: 'programme', message: `programme à choisir : ${slugs}` }], {
    fr: `Plusieurs programmes de label sont publiés sur ce service : précisez lequel (${slugs}).`,
    en: `Several label programmes are published on this service: say which one (${slugs}).`,
  });
}

export async function findProgrammeOrNull(db: Db, slug: string, version: string): Promise<LabelProgramme | null> {
  const row = await store.findProgramme(db, slug, version);
  return row ? parse(row) : null;
}

/** A programme version's title, or null: what a verification shows, without parsing the programme. */
export async function programmeTitleOrNull(db: Db, slug: string, version: string): Promise<string | null> {
  return (await store.findProgrammeTitle(db, slug, version)) ?? null;
}

// The same reads for the route files, which hold the request's deps (they call services only).

/** The latest version of every programme published on this service. */
export function programmesOf(deps: AppDeps): Promise<LabelProgramme[]> {
  return publishedProgrammes(deps.database.db);
}

/** A programme's latest version, by its slug (404 when there is none). */
export function latestProgrammeOf(deps: AppDeps, slug: string): Promise<LabelProgramme> {
  return getProgramme(deps.database.db, slug);
}

/** A programme's given version, or null. */
export function programmeVersionOf(deps: AppDeps, slug: string, version: string): Promise<LabelProgramme | null> {
  return findProgrammeOrNull(deps.database.db, slug, version);
}

// --- what Jalon computes and what binds the committee (shown to the place before it files, and in review)

/** « 1 médiateur certifié sur 1 requis »: the count Jalon made against the programme's minimum. */
export function certifiedFigure(count: number, min: number): Message {
  return {
    fr: `${count} ${plural(count, 'médiateur certifié', 'médiateurs certifiés')} sur ${min} requis`,
    en: `${count} certified ${count === 1 ? 'mediator' : 'mediators'} of ${min} required`,
  };
}

/**
 * The criteria Jalon computes that fall short, by code, with their figure: the committee cannot
 * accept them (only ask for more or reject) while they do.
 */
export function unmetCriteria(
  programme: LabelProgramme,
  facts: { certifiedMediators: number },
): Record<string, Message> {
  const out: Record<string, Message> = {};
  for (const c of programme.criteria)
    if (c.answer.type === 'certified-mediators' && facts.certifiedMediators < c.answer.min)
      out[c.code] = certifiedFigure(facts.certifiedMediators, c.answer.min);
  return out;
}

/** « au moins 2 critères facultatifs sur 4 »: the programme's rule for optional criteria, in words. */
export function optionalRule(programme: LabelProgramme): Message {
  const min = programme.decision.optionalCriteriaMin;
  const of = programme.criteria.filter((c) => !c.required).length;
  return {
    fr: `au moins ${min} ${plural(min, 'critère facultatif', 'critères facultatifs')} sur ${of}`,
    en: `at least ${min} optional ${min === 1 ? 'criterion' : 'criteria'} of ${of}`,
  };
}

/**
 * What an « approve » vote leaves unmet, given the reviewer's decision per criterion: every
 * required criterion accepted, and the programme's minimum of optional ones.
 */
export function approvalProblems(
  programme: LabelProgramme,
  decisions: ReadonlyMap<string, ItemDecision>,
): ReviewProblem[] {
  const problems: ReviewProblem[] = programme.criteria
    .filter((c) => c.required && decisions.has(c.code) && decisions.get(c.code) !== 'accept')
    .map((c) => ({
      path: `items.${c.code}`,
      fr: `« ${c.title} » est obligatoire : le label ne peut pas être accordé sans lui.`,
      en: `“${c.title}” is required: the label cannot be granted without it.`,
    }));
  const accepted = programme.criteria.filter((c) => !c.required && decisions.get(c.code) === 'accept').length;
  if (accepted < programme.decision.optionalCriteriaMin) {
    const rule = optionalRule(programme);
    problems.push({
      path: 'vote',
      fr: `Le programme demande ${rule.fr} acceptés (${accepted} pour l’instant) : le label ne peut pas être accordé.`,
      en: `The programme requires ${rule.en} accepted (${accepted} so far): the label cannot be granted.`,
    });
  }
  return problems;
}

/** The committee's review policy under a programme: its quorum, majority and who votes. */
export function policyOf(p: LabelProgramme): ReviewPolicy {
  const shares: Record<Majority, ReviewPolicy['majority']> = {
    simple: { share: 0.5, strict: true },
    'deux-tiers': { share: 2 / 3, strict: false },
    unanimite: { share: 1, strict: false },
  };
  return { quorum: p.decision.quorum, majority: shares[p.decision.majority], reviewers: p.decision.reviewers };
}

/**
 * What binds the committee on an application: Jalon's count of certified mediators today (a
 * mediator certified or suspended since the place filed counts as they stand now) against the
 * programme's minimum, and the programme's rules for approval.
 */
export function computedFor(programme: LabelProgramme, certifiedNow: number): Computed {
  return {
    titles: Object.fromEntries(programme.criteria.map((c) => [c.code, c.title])),
    unmet: unmetCriteria(programme, { certifiedMediators: certifiedNow }),
    approval: (decisions) => approvalProblems(programme, decisions),
  };
}
