import type { AppDeps, Principal } from '../context.js';
import { forbidden, notFound } from '../errors.js';
import { learnerReferential } from '../learners/service.js';
import { findOrganisationBySlug, listOrganisations, type OrganisationRow } from '../organisations/lookup.js';
import type { StatisticsFilter } from './schemas.js';
import { endOf, type Period, periodOf, startOf } from './period.js';
import { certifiedMediatorsAt, labelledPlacesAt, type Stock } from './stocks.js';
import * as store from './store.js';
import { type Cell, protect, type Sum, type Withheld } from './suppress.js';

export const FIGURE_KEYS = ['learners', 'evaluations', 'observations', 'badges', 'passports'] as const;
export type FigureKey = (typeof FIGURE_KEYS)[number];

/** A published count: exact, or withheld so that it does not single a person out (see suppress.ts). */
export type Count = number | Withheld;

/** One line of figures: a month of one structure, a month, a structure, or a total. */
export type Figures = Record<FigureKey, Count>;
type Exact = Record<FigureKey, number>;

export interface Statistics {
  scope: OrganisationRow;
  /** The months asked for (inclusive), null when open. */
  from: string | null;
  to: string | null;
  period: Period;
  /** Structures holding the label at the end of the period (public facts: never withheld). */
  labelledPlaces: Stock;
  /** Mediators of these structures whose certification stood at the end of the period (public too). */
  certifiedMediators: Stock;
  /** People who progressed by at least one level on a competence during the period. */
  progressed: Count;
  /** Set when a hub's figures are narrowed to one of its structures. */
  only?: OrganisationRow;
  structures: OrganisationRow[];
  letters: string[];
  /** month → structure id → figures */
  rows: { month: string; structureId: string; figures: Figures; badgesByLetter: Record<string, Count> }[];
  total: Figures;
  byMonth: { month: string; figures: Figures }[];
  byStructure: { structure: OrganisationRow; figures: Figures }[];
  byLetter: { letter: string; observations: Count; badges: Count }[];
}

const zero = (): Exact => ({ learners: 0, evaluations: 0, observations: 0, badges: 0, passports: 0 });
const add = (a: Exact, b: Exact): Exact => ({
  learners: a.learners + b.learners,
  evaluations: a.evaluations + b.evaluations,
  observations: a.observations + b.observations,
  badges: a.badges + b.badges,
  passports: a.passports + b.passports,
});

export interface StatisticsScope {
  scope: OrganisationRow;
  structures: OrganisationRow[];
  /** Set when a hub's figures are narrowed to one of its structures (the total is then that structure's). */
  only?: OrganisationRow;
}

/**
 * Who sees which figures: a hub admin sees the hub's structures (and any one of them); people of a
 * structure (admin or mediator) see their own. Anyone else: not found or forbidden. `structure`
 * narrows a hub's figures to one of its structures.
 */
export async function statisticsScope(
  deps: AppDeps,
  actor: Principal,
  slug: string,
  only?: string,
): Promise<StatisticsScope> {
  const seen = await visibleScope(deps, actor, slug);
  if (only === undefined) return seen;
  const structure = seen.structures.find((s) => s.slug === only);
  if (!structure) {
    throw notFound({
      fr: 'Cette structure n’est pas dans ces chiffres.',
      en: 'This structure is not in these figures.',
    });
  }
  return { scope: seen.scope, structures: [structure], only: structure };
}

async function visibleScope(deps: AppDeps, actor: Principal, slug: string): Promise<StatisticsScope> {
  const db = deps.database.db;
  const org = await findOrganisationBySlug(db, slug);
  if (!org) throw notFound({ fr: 'Cette organisation n’existe pas.', en: 'This organisation does not exist.' });
  const has = (orgId: string | null, roles: string[]) =>
    orgId !== null && actor.memberships.some((m) => m.orgId === orgId && roles.includes(m.role));
  if (org.kind === 'hub') {
    if (!has(org.id, ['hub-admin'])) throw forbidden();
    return { scope: org, structures: await listOrganisations(db, { kind: 'structure', hubId: org.id }) };
  }
  if (!has(org.id, ['structure-admin', 'mediator']) && !has(org.hubId, ['hub-admin'])) throw forbidden();
  return { scope: org, structures: [org] };
}

export async function statistics(
  deps: AppDeps,
  scope: StatisticsScope,
  filter: Pick<StatisticsFilter, 'periode' | 'from' | 'to'> = {},
): Promise<Statistics> {
  const db = deps.database.db;
  const ids = scope.structures.map((s) => s.id);
  const ref = (await learnerReferential(deps)).referential;
  const period = periodOf(filter);
  const letterOf = new Map(ref.entries.flatMap((e) => e.competences.map((c) => [c.code, e.letter] as const)));
  const inPeriod = <R extends { month: string }>(rows: R[]) =>
    rows.filter((r) => (!period.from || r.month >= period.from) && (!period.to || r.month <= period.to));
  const [learners, evaluations, observations, creds] = ids.length
    ? await Promise.all([
        store.learnersByMonth(db, ids).then(inPeriod),
        store.evaluationsByMonth(db, ids).then(inPeriod),
        store.observationsByMonth(db, ids).then(inPeriod),
        store.credentialsByMonth(db, ids).then(inPeriod),
      ])
    : [[], [], [], []];
  const cells = new Map<
    string,
    { figures: Exact; badgesByLetter: Record<string, number>; observationsByLetter: Record<string, number> }
  >();
  const cell = (structureId: string, month: string) => {
    const key = `${month}|${structureId}`;
    let c = cells.get(key);
    if (!c) {
      c = { figures: zero(), badgesByLetter: {}, observationsByLetter: {} };
      cells.set(key, c);
    }
    return c;
  };
  for (const r of learners) cell(r.structureId, r.month).figures.learners += Number(r.n);
  for (const r of evaluations) cell(r.structureId, r.month).figures.evaluations += Number(r.n);
  for (const r of observations) {
    const c = cell(r.structureId, r.month);
    c.figures.observations += Number(r.n);
    const letter = letterOf.get(r.code) ?? '?';
    c.observationsByLetter[letter] = (c.observationsByLetter[letter] ?? 0) + Number(r.n);
  }
  for (const r of creds) {
    const c = cell(r.structureId, r.month);
    if (r.kind === 'passport') c.figures.passports += Number(r.n);
    else {
      c.figures.badges += Number(r.n);
      const letter = letterOf.get(r.code) ?? '?';
      c.badgesByLetter[letter] = (c.badgesByLetter[letter] ?? 0) + Number(r.n);
    }
  }
  const rows = [...cells]
    .map(([key, v]) => {
      const [month, structureId] = key.split('|') as [string, string];
      return { month, structureId, ...v };
    })
    .sort((a, b) => a.month.localeCompare(b.month) || a.structureId.localeCompare(b.structureId));
  const months = [...new Set(rows.map((r) => r.month))].sort();
  const seenLetters = new Set(
    rows.flatMap((r) => [...Object.keys(r.badgesByLetter), ...Object.keys(r.observationsByLetter)]),
  );
  const letters = [...ref.entries.map((e) => e.letter), ...(seenLetters.has('?') ? ['?'] : [])];
  const exact = {
    rows,
    total: rows.reduce((acc, r) => add(acc, r.figures), zero()),
    byMonth: months.map((month) => ({
      month,
      figures: rows.filter((r) => r.month === month).reduce((acc, r) => add(acc, r.figures), zero()),
    })),
    byStructure: scope.structures.map((structure) => ({
      structure,
      figures: rows.filter((r) => r.structureId === structure.id).reduce((acc, r) => add(acc, r.figures), zero()),
    })),
    byLetter: letters
      .map((letter) => ({
        letter,
        observations: rows.reduce((n, r) => n + (r.observationsByLetter[letter] ?? 0), 0),
        badges: rows.reduce((n, r) => n + (r.badgesByLetter[letter] ?? 0), 0),
      }))
      .filter((l) => l.observations > 0 || l.badges > 0),
  };
  const pinTotal = scope.scope.kind === 'hub' && !scope.only;
  const now = deps.clock();
  const at = endOf(period.to, now);
  const before = period.previous ? startOf(period.from!) : null;
  const [labelledPlaces, certifiedMediators, progressed] = await Promise.all([
    labelledPlacesAt(deps, ids, at, before),
    certifiedMediatorsAt(deps, ids, at, before),
    store.progressedByStructure(
      db,
      ids,
      ref.scale.levels.map((l) => l.id),
      period,
    ),
  ]);
  return {
    ...scope,
    from: period.from,
    to: period.to,
    period,
    labelledPlaces,
    certifiedMediators,
    ...protectProgressed(progressed, pinTotal),
    letters,
    // The hub's own total stays exact; narrowed to one structure, the total is that structure's.
    ...protectFigures(exact, pinTotal),
  };
}

/**
 * People who progressed, in one published count (per structure counts are not published): like
 * every figure (suppress.ts), 1 to 4 fed by one structure in one month is withheld; the hub's total
 * stays exact.
 */
function protectProgressed(
  rows: { structureId: string; n: number; months: number }[],
  pinTotal: boolean,
): Pick<Statistics, 'progressed'> {
  const cell: Cell = {
    value: rows.reduce((n, r) => n + r.n, 0),
    support: rows.reduce((n, r) => n + r.months, 0),
    pinned: pinTotal,
  };
  return { progressed: protect([cell], [])[0] ?? cell.value };
}

type ExactFigures = {
  rows: {
    month: string;
    structureId: string;
    figures: Exact;
    badgesByLetter: Record<string, number>;
    observationsByLetter: Record<string, number>;
  }[];
  total: Exact;
  byMonth: { month: string; figures: Exact }[];
  byStructure: { structure: OrganisationRow; figures: Exact }[];
  byLetter: { letter: string; observations: number; badges: number }[];
};

/**
 * Every published count, withheld where it could single someone out (suppress.ts): the cells of
 * the month × structure grid (the CSV), their sums by month and by structure, the total, and the
 * letters (each cell's badges by letter, the scope's observations and badges by letter), with every
 * sum a reader could subtract from.
 */
function protectFigures(
  exact: ExactFigures,
  pinTotal: boolean,
): Pick<Statistics, 'rows' | 'total' | 'byMonth' | 'byStructure' | 'byLetter'> {
  const cells: Cell[] = [];
  const sums: Sum[] = [];
  const put = (value: number, support: number, pinned = false) => cells.push({ value, support, pinned }) - 1;
  const nonZero = (values: number[]) => values.filter((v) => v > 0).length;
  const { rows } = exact;
  const at = (fn: (r: ExactFigures['rows'][number]) => boolean) => rows.flatMap((r, i) => (fn(r) ? [i] : []));
  const ids = (key: FigureKey) => {
    const row = rows.map((r) => put(r.figures[key], r.figures[key] > 0 ? 1 : 0));
    const line = (members: number[]) => {
      const index = put(
        members.reduce((n, i) => n + rows[i]!.figures[key], 0),
        nonZero(members.map((i) => rows[i]!.figures[key])),
      );
      sums.push({ total: index, parts: members.map((i) => row[i]!) });
      return index;
    };
    const byMonth = exact.byMonth.map((m) => line(at((r) => r.month === m.month)));
    const byStructure = exact.byStructure.map((s) => line(at((r) => r.structureId === s.structure.id)));
    const total = put(exact.total[key], nonZero(rows.map((r) => r.figures[key])), pinTotal);
    sums.push({ total, parts: byMonth }, { total, parts: byStructure });
    return { row, byMonth, byStructure, total };
  };
  const index = Object.fromEntries(FIGURE_KEYS.map((k) => [k, ids(k)])) as Record<FigureKey, ReturnType<typeof ids>>;
  // Letters: each cell's badges by letter add up to its badges; the scope's letters to the total.
  const letterBadges = rows.map((r, i) => {
    const parts = Object.entries(r.badgesByLetter).map(([l, n]) => [l, put(n, n > 0 ? 1 : 0)] as const);
    sums.push({ total: index.badges.row[i]!, parts: parts.map(([, p]) => p) });
    return Object.fromEntries(parts);
  });
  const byLetter = exact.byLetter.map((l) => {
    const observations = put(l.observations, nonZero(rows.map((r) => r.observationsByLetter[l.letter] ?? 0)));
    const badgeParts = letterBadges.flatMap((b) => (b[l.letter] === undefined ? [] : [b[l.letter]!]));
    const badges = put(l.badges, nonZero(rows.map((r) => r.badgesByLetter[l.letter] ?? 0)));
    sums.push({ total: badges, parts: badgeParts });
    return { letter: l.letter, observations, badges };
  });
  sums.push(
    { total: index.observations.total, parts: byLetter.map((l) => l.observations) },
    { total: index.badges.total, parts: byLetter.map((l) => l.badges) },
  );
  const shown = protect(cells, sums);
  const count = (i: number): Count => shown[i] ?? cells[i]!.value;
  const figures = (pick: (k: ReturnType<typeof ids>) => number) =>
    Object.fromEntries(FIGURE_KEYS.map((k) => [k, count(pick(index[k]))])) as Figures;
  return {
    rows: rows.map((r, i) => ({
      month: r.month,
      structureId: r.structureId,
      figures: figures((k) => k.row[i]!),
      badgesByLetter: Object.fromEntries(Object.entries(letterBadges[i]!).map(([l, p]) => [l, count(p)])),
    })),
    total: figures((k) => k.total),
    byMonth: exact.byMonth.map((m, j) => ({ month: m.month, figures: figures((k) => k.byMonth[j]!) })),
    byStructure: exact.byStructure.map((s, j) => ({
      structure: s.structure,
      figures: figures((k) => k.byStructure[j]!),
    })),
    byLetter: byLetter.map((l) => ({ letter: l.letter, observations: count(l.observations), badges: count(l.badges) })),
  };
}
