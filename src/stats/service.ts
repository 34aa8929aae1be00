import type { AppDeps, Principal } from '../context.js';
import { forbidden, notFound } from '../errors.js';
import { csvText } from '../lib/csv.js';
import { learnerReferential } from '../learners/service.js';
import { findOrganisationBySlug, listOrganisations, type OrganisationRow } from '../organisations/lookup.js';
import type { StatisticsFilter } from './schemas.js';
import * as store from './store.js';

/** One line of figures: a month of one structure (or a total). */
export interface Figures {
  learners: number;
  evaluations: number;
  observations: number;
  badges: number;
  passports: number;
}

export interface Statistics {
  scope: OrganisationRow;
  /** The months asked for (inclusive), null when open. */
  from: string | null;
  to: string | null;
  structures: OrganisationRow[];
  letters: string[];
  /** month → structure id → figures */
  rows: { month: string; structureId: string; figures: Figures; badgesByLetter: Record<string, number> }[];
  total: Figures;
  byMonth: { month: string; figures: Figures }[];
  byStructure: { structure: OrganisationRow; figures: Figures }[];
  byLetter: { letter: string; observations: number; badges: number }[];
}

const zero = (): Figures => ({ learners: 0, evaluations: 0, observations: 0, badges: 0, passports: 0 });
const add = (a: Figures, b: Figures): Figures => ({
  learners: a.learners + b.learners,
  evaluations: a.evaluations + b.evaluations,
  observations: a.observations + b.observations,
  badges: a.badges + b.badges,
  passports: a.passports + b.passports,
});

export interface StatisticsScope {
  scope: OrganisationRow;
  structures: OrganisationRow[];
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
  return { scope: seen.scope, structures: [structure] };
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
  period: Pick<StatisticsFilter, 'from' | 'to'> = {},
): Promise<Statistics> {
  const db = deps.database.db;
  const ids = scope.structures.map((s) => s.id);
  const ref = (await learnerReferential(deps)).referential;
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
  const cells = new Map<string, { figures: Figures; badgesByLetter: Record<string, number> }>();
  const cell = (structureId: string, month: string) => {
    const key = `${month}|${structureId}`;
    let c = cells.get(key);
    if (!c) {
      c = { figures: zero(), badgesByLetter: {} };
      cells.set(key, c);
    }
    return c;
  };
  const letterObs = new Map<string, number>();
  const letterBadges = new Map<string, number>();
  for (const r of learners) cell(r.structureId, r.month).figures.learners += Number(r.n);
  for (const r of evaluations) cell(r.structureId, r.month).figures.evaluations += Number(r.n);
  for (const r of observations) {
    cell(r.structureId, r.month).figures.observations += Number(r.n);
    const letter = letterOf.get(r.code) ?? '?';
    letterObs.set(letter, (letterObs.get(letter) ?? 0) + Number(r.n));
  }
  for (const r of creds) {
    const c = cell(r.structureId, r.month);
    if (r.kind === 'passport') c.figures.passports += Number(r.n);
    else {
      c.figures.badges += Number(r.n);
      const letter = letterOf.get(r.code) ?? '?';
      c.badgesByLetter[letter] = (c.badgesByLetter[letter] ?? 0) + Number(r.n);
      letterBadges.set(letter, (letterBadges.get(letter) ?? 0) + Number(r.n));
    }
  }
  const rows = [...cells]
    .map(([key, v]) => {
      const [month, structureId] = key.split('|') as [string, string];
      return { month, structureId, ...v };
    })
    .sort((a, b) => a.month.localeCompare(b.month) || a.structureId.localeCompare(b.structureId));
  const months = [...new Set(rows.map((r) => r.month))].sort();
  const letters = [...ref.entries.map((e) => e.letter), ...(letterObs.has('?') || letterBadges.has('?') ? ['?'] : [])];
  return {
    ...scope,
    from: period.from ?? null,
    to: period.to ?? null,
    letters,
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
      .map((letter) => ({ letter, observations: letterObs.get(letter) ?? 0, badges: letterBadges.get(letter) ?? 0 }))
      .filter((l) => l.observations > 0 || l.badges > 0),
  };
}

/** CSV for a spreadsheet (semicolons and a BOM, as French spreadsheet software expects): one line per month and structure. */
export function statisticsCsv(stats: Statistics): string {
  const names = new Map(stats.structures.map((s) => [s.id, s.name]));
  const header = [
    'Mois',
    'Structure',
    'Personnes accompagnées (nouvelles)',
    'Évaluations',
    'Compétences observées',
    'Badges délivrés',
    'Passeports délivrés',
    ...stats.letters.map((l) => `Badges lettre ${l}`),
  ];
  const lines = stats.rows.map((r) => [
    r.month,
    names.get(r.structureId) ?? r.structureId,
    r.figures.learners,
    r.figures.evaluations,
    r.figures.observations,
    r.figures.badges,
    r.figures.passports,
    ...stats.letters.map((l) => r.badgesByLetter[l] ?? 0),
  ]);
  return `\uFEFF${csvText([header, ...lines], ';')}`;
}
