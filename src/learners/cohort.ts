import { z } from 'zod';
import type { AppDeps, Principal } from '../context.js';
import { auditEventsAbout, commitAudited } from '../db/audit.js';
import { forbidden, invalid, notFound } from '../errors.js';
import { credentialUrl } from '../issuing/service.js';
import { iso } from '../lib/dates.js';
import { nameProblem } from '../lib/inputs.js';
import { normaliseEmail } from '../lib/text.js';
import { nameKey } from '../ob3/recipient.js';
import { findOrganisationBySlug, type OrganisationRow } from '../organisations/lookup.js';
import { levelRank, type LearnerReferential } from '../referentials/schema.js';
import { type AwardOutcome, awardMany, codesOf } from './awards.js';
import { type CohortError, type CohortLine, fold } from './cohort-file.js';
import { CONSENT_TEXT_VERSION, learnerReferential, newPublicId } from './service.js';
import * as store from './store.js';

/**
 * Cohort import: a table of people and the badges they earned (after a workshop, or when a place
 * moves from spreadsheets), checked line by line before anything is written, then issued in one
 * batch. People are matched to those the structure already has (see ARCHITECTURE.md, "Cohort
 * import"); a badge already held is not issued again, so the same file imported twice issues once.
 */

/** A competence and a level as a person reads them: « A1 — Allumer un appareil », « Autonome ». */
export interface Wording {
  competence: string;
  level: string;
}

export interface PlannedLine {
  line: number;
  name: string;
  code: string;
  level: string;
  wording: Wording;
  learner: store.LearnerWithPersonal;
  /** Registered by this import. */
  isNew: boolean;
}

export interface CohortPlan {
  /** Lines read (the header excluded). */
  lines: number;
  errors: CohortError[];
  items: PlannedLine[];
  /** People this import registers (their consent must be attested). */
  newPeople: number;
  /** Lines whose badge the person already holds at this level or higher. */
  held: number;
}

// --- checking and matching

/** The words of a code and a level in the referential (the code itself where it has none). */
function wordingIn(ref: LearnerReferential): (code: string, level: string) => Wording {
  const titles = new Map(ref.entries.flatMap((e) => e.competences.map((x) => [x.code, x.title] as const)));
  const levels = new Map(ref.scale.levels.map((l) => [l.id, l.label] as const));
  return (code, level) => ({
    competence: titles.has(code) ? `${code} — ${titles.get(code)}` : code,
    level: levels.get(level) ?? level,
  });
}

const emailCheck = z.string().email();

interface Person {
  learner: store.LearnerWithPersonal;
  isNew: boolean;
  key: string;
}

/** Same person: same name (spelling-tolerant), and the same e-mail and birth year wherever both sides have one. */
function compatible(p: store.PersonalRow, email: string | undefined, birthYear: number | undefined): boolean {
  if (email && p.email && normaliseEmail(p.email) !== email) return false;
  if (birthYear && p.birthYear && p.birthYear !== birthYear) return false;
  return true;
}

/**
 * Checks every line and matches its person, before anything is written: what the preview shows
 * and what `importCohort` issues. `where` names a line in messages (« ligne » for a file, « élément »
 * for a JSON list).
 */
export async function planCohort(
  deps: AppDeps,
  org: OrganisationRow,
  lines: readonly CohortLine[],
  where: 'ligne' | 'élément' = 'ligne',
): Promise<CohortPlan> {
  const set = await learnerReferential(deps);
  const ref = set.referential;
  const codes = new Map([...codesOf(ref)].map((c) => [c.toUpperCase(), c]));
  const levels = new Map(
    ref.scale.levels.flatMap((l) => [[fold(l.id), l.id] as const, [fold(l.label), l.id] as const]),
  );
  const minLevel = set.rules?.competenceBadge.minLevel;
  const wordingOf = wordingIn(ref);
  const existing = await store.learnersOf(deps.database.db, org.id);
  const byName = new Map<string, Person[]>();
  const add = (p: Person) => byName.set(p.key, [...(byName.get(p.key) ?? []), p]);
  for (const learner of existing)
    if (learner.personal) add({ learner, isNew: false, key: nameKey(learner.personal.displayName) });

  const errors: CohortError[] = [];
  const items: PlannedLine[] = [];
  const seen = new Map<string, number>();
  const now = iso(deps.clock());
  const thisYear = deps.clock().getUTCFullYear();
  for (const l of lines) {
    const fail = (message: string) => errors.push({ line: l.line, message: `${where} ${l.line} : ${message}` });
    const nameIssue = l.name ? nameProblem(l.name) : 'nom manquant';
    if (nameIssue) {
      fail(nameIssue);
      continue;
    }
    if (l.name.length > 120) {
      fail('nom trop long (120 caractères au plus)');
      continue;
    }
    const email = l.email ? normaliseEmail(l.email) : undefined;
    if (email && (!emailCheck.safeParse(email).success || email.length > 254)) {
      fail(`adresse e-mail invalide « ${l.email} »`);
      continue;
    }
    if (
      l.birthYear !== undefined &&
      !(Number.isInteger(l.birthYear) && l.birthYear >= 1900 && l.birthYear <= thisYear)
    ) {
      fail('année de naissance invalide (quatre chiffres, par exemple 1968)');
      continue;
    }
    const code = codes.get(l.achievement.toUpperCase());
    if (!code) {
      fail(l.achievement ? `compétence inconnue « ${l.achievement} »` : 'compétence manquante');
      continue;
    }
    const level = levels.get(fold(l.level));
    if (!level) {
      fail(`niveau inconnu « ${l.level} » (attendu : ${ref.scale.levels.map((x) => `« ${x.id} »`).join(', ')})`);
      continue;
    }
    if (minLevel && levelRank(ref, level) < levelRank(ref, minLevel)) {
      fail(`le niveau « ${level} » ne donne pas de badge (au moins « ${minLevel} »)`);
      continue;
    }
    const key = nameKey(l.name);
    const candidates = (byName.get(key) ?? []).filter(
      (p) => p.learner.personal && compatible(p.learner.personal, email, l.birthYear),
    );
    if (candidates.length > 1) {
      fail(
        `plusieurs personnes portent le nom « ${l.name} » : ajoutez l’e-mail ou l’année de naissance pour dire laquelle`,
      );
      continue;
    }
    let person = candidates[0];
    if (!person) {
      const id = crypto.randomUUID();
      person = {
        key,
        isNew: true,
        learner: {
          id,
          structureId: org.id,
          publicId: newPublicId(),
          createdBy: null,
          createdAt: now,
          erasedAt: null,
          personal: {
            learnerId: id,
            displayName: l.name,
            latinName: null,
            email: email ?? null,
            birthYear: l.birthYear ?? null,
            consentAt: now,
            consentText: CONSENT_TEXT_VERSION,
          },
        },
      };
      add(person);
    }
    const twice = seen.get(`${person.learner.id}|${code}`);
    if (twice !== undefined) {
      fail(`même personne et même compétence qu’à la ${where} ${twice}`);
      continue;
    }
    seen.set(`${person.learner.id}|${code}`, l.line);
    items.push({
      line: l.line,
      name: l.name,
      code,
      level,
      wording: wordingOf(code, level),
      learner: person.learner,
      isNew: person.isNew,
    });
  }
  const held = await heldCount(deps, ref, items);
  return {
    lines: lines.length,
    errors,
    items,
    newPeople: new Set(items.filter((i) => i.isNew).map((i) => i.learner.id)).size,
    held,
  };
}

async function heldCount(deps: AppDeps, ref: LearnerReferential, items: PlannedLine[]): Promise<number> {
  const known = [...new Set(items.filter((i) => !i.isNew).map((i) => i.learner.id))];
  if (known.length === 0) return 0;
  const rows = await store.credentialsOfLearners(deps.database.db, known);
  return items.filter((i) =>
    rows.some(
      (r) =>
        r.learnerId === i.learner.id &&
        r.achievementKind === 'competence' &&
        r.competenceCode === i.code &&
        r.referentialSlug === ref.slug &&
        !r.revokedAt &&
        !r.supersededBy &&
        levelRank(ref, r.level ?? '') >= levelRank(ref, i.level),
    ),
  ).length;
}

// --- who may import

/** Structure admins of the structure, and the admins of its hub. */
export async function importableStructure(deps: AppDeps, actor: Principal, slug: string): Promise<OrganisationRow> {
  const org = await findOrganisationBySlug(deps.database.db, slug);
  if (org?.kind !== 'structure')
    throw notFound({ fr: 'Cette structure n’existe pas.', en: 'This structure does not exist.' });
  const may = actor.memberships.some(
    (m) => (m.orgId === org.id && m.role === 'structure-admin') || (m.orgId === org.hubId && m.role === 'hub-admin'),
  );
  if (!may) throw forbidden();
  return org;
}

// --- issuing

export interface ImportedLine {
  line: number;
  name: string;
  code: string;
  level: string;
  learnerId: string;
  newLearner: boolean;
  outcome: AwardOutcome;
}

export interface CohortImport {
  id: string;
  plan: CohortPlan;
  lines: ImportedLine[];
}

/**
 * Issues the lines without errors: the new people registered and every badge written in one
 * transaction per 500 badges (all or nothing each), then the import recorded (its lines and
 * credential ids, no names) so that its result can be read again. `consent`: the importer attests
 * that every new person agreed, as the registration form asks.
 */
export async function importCohort(
  deps: AppDeps,
  actor: Principal,
  org: OrganisationRow,
  plan: CohortPlan,
  consent: boolean,
): Promise<CohortImport> {
  if (plan.newPeople > 0 && !consent)
    throw invalid([{ path: 'consent', message: 'l’accord des nouvelles personnes est nécessaire' }], {
      fr: `Ce fichier inscrit ${plan.newPeople} nouvelle(s) personne(s) : attestez qu’elles ont donné leur accord, comme à l’inscription.`,
      en: `This file registers ${plan.newPeople} new person(s): attest that they consented, as at registration.`,
    });
  const db = deps.database.db;
  const at = deps.clock();
  const fresh = [...new Map(plan.items.filter((i) => i.isNew).map((i) => [i.learner.id, i.learner])).values()].map(
    (l) => ({ ...l, createdBy: actor.userId, createdAt: iso(at), personal: { ...l.personal!, consentAt: iso(at) } }),
  );
  const writes = {
    statements: store.insertLearners(
      db,
      fresh.map(({ personal, ...learner }) => ({ learner, personal })),
    ),
    events: fresh.map((l) => ({
      action: 'learner.registered',
      orgId: org.id,
      targetType: 'learner',
      targetId: l.id,
      data: { via: 'import' },
    })),
  };
  const outcomes = await awardMany(
    deps,
    actor,
    org,
    plan.items.map((i) => ({ learner: i.learner, code: i.code, level: i.level })),
    { hubAdmins: true, ...(fresh.length ? { writes } : {}) },
  );
  const id = crypto.randomUUID();
  const lines = plan.items.map((i, n) => ({
    line: i.line,
    name: i.name,
    code: i.code,
    level: i.level,
    learnerId: i.learner.id,
    newLearner: i.isNew,
    outcome: outcomes[n]!,
  }));
  await commitAudited(deps, actor, [], {
    action: 'cohort.imported',
    orgId: org.id,
    targetType: 'cohort-import',
    targetId: id,
    data: {
      lines: plan.lines,
      errors: plan.errors.length,
      newLearners: fresh.length,
      consent: fresh.length > 0,
      // Line, credential id, 1 when issued by this import: enough to give the result again.
      credentials: lines.map((l) => [l.line, l.outcome.credential.id, l.outcome.status === 'issued' ? 1 : 0]),
    },
  });
  return { id, plan, lines };
}

export interface ImportResultLine {
  line: number;
  name: string | null;
  code: string | null;
  level: string | null;
  wording: Wording | null;
  url: string;
  issued: boolean;
}

/** An import's result, read again from its record (names from the people's current data). */
export async function importResult(
  deps: AppDeps,
  org: OrganisationRow,
  id: string,
): Promise<{ at: string; lines: number; errors: number; newLearners: number; items: ImportResultLine[] }> {
  const [event] = await auditEventsAbout(deps.database.db, 'cohort-import', id);
  if (!event || event.orgId !== org.id)
    throw notFound({ fr: 'Cet import n’existe pas.', en: 'This import does not exist.' });
  const data = JSON.parse(event.data) as {
    lines: number;
    errors: number;
    newLearners: number;
    credentials: [number, string, 0 | 1][];
  };
  const names = new Map(
    (await store.learnersOf(deps.database.db, org.id)).map((l) => [l.id, l.personal?.displayName ?? null]),
  );
  const rows = new Map(
    (
      await store.credentialsByIds(
        deps.database.db,
        data.credentials.map(([, cid]) => cid),
      )
    ).map((r) => [r.id, r]),
  );
  const wordingOf = wordingIn((await learnerReferential(deps)).referential);
  const items = data.credentials.map(([line, credentialId, issued]) => {
    const row = rows.get(credentialId);
    return {
      line,
      name: row?.learnerId ? (names.get(row.learnerId) ?? null) : null,
      code: row?.competenceCode ?? null,
      level: row?.level ?? null,
      wording: row?.competenceCode ? wordingOf(row.competenceCode, row.level ?? '') : null,
      url: credentialUrl(deps, credentialId),
      issued: issued === 1,
    };
  });
  return { at: event.at, lines: data.lines, errors: data.errors, newLearners: data.newLearners, items };
}
