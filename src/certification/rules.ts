/**
 * Mediator certification, as pure rules over a mediator referential and its certification rules
 * (`<version>.rules.yaml`): what a claim needs, which blocks a decision validates, when the
 * "médiateur numérique certifié" credential is earned, validity and renewal dates.
 */
import { addMonths } from '../lib/dates.js';
import type { Message } from '../errors.js';
import type { Computed, ItemDecision, ReviewPolicy, ReviewProblem } from '../review/rules.js';
import type { CertificationRules } from '../referentials/rules-schema.js';
import { levelRank, type MediatorReferential } from '../referentials/schema.js';

export interface Claim {
  /** Self-assessed level (a level id of the scale). */
  level: string;
  /** Evidence ids at the time of the claim. */
  evidence: { id: string; kind: 'text' | 'link' | 'file'; text?: string; url?: string; fileName?: string }[];
}

export function policyOf(rules: CertificationRules): ReviewPolicy {
  return { quorum: rules.review.quorum, majority: rules.review.majority, reviewers: rules.review.reviewers };
}

export function blockOf(ref: MediatorReferential, code: string) {
  return ref.blocks.find((b) => b.code === code);
}

export interface ClaimProblem {
  path: string;
  code: string;
  fr: string;
}

/**
 * A block can be applied for when each of its competences has a self-assessed level at least
 * the rules' `block.minLevel` and at least one piece of evidence.
 */
export function checkClaims(
  ref: MediatorReferential,
  rules: CertificationRules,
  blocks: readonly string[],
  portfolio: ReadonlyMap<string, Claim>,
): ClaimProblem[] {
  const problems: ClaimProblem[] = [];
  if (blocks.length === 0) problems.push({ path: 'blocks', code: '', fr: 'Choisissez au moins un bloc.' });
  const min = levelRank(ref, rules.block.minLevel);
  const minLabel = ref.scale.levels[min]?.label ?? rules.block.minLevel;
  for (const code of blocks) {
    const block = blockOf(ref, code);
    if (!block) {
      problems.push({ path: 'blocks', code, fr: `Le bloc « ${code} » n’existe pas dans ce référentiel.` });
      continue;
    }
    for (const c of block.competences) {
      // Named by its title, as the mediator reads it on the block's page, not by its code alone.
      const named = `${c.code} — ${c.title}`;
      const claim = portfolio.get(c.code);
      if (!claim || levelRank(ref, claim.level) < 0)
        problems.push({ path: `competences.${c.code}`, code: c.code, fr: `${named} : indiquez votre niveau.` });
      else if (levelRank(ref, claim.level) < min)
        problems.push({
          path: `competences.${c.code}`,
          code: c.code,
          fr: `${named} : le bloc demande au moins le niveau « ${minLabel} ».`,
        });
      if (!claim || claim.evidence.length === 0)
        problems.push({ path: `competences.${c.code}`, code: c.code, fr: `${named} : ajoutez au moins une preuve.` });
    }
  }
  return problems;
}

/** Blocks whose every competence the committee accepted (at a claimed level of at least `minLevel`). */
export function validatedBlocks(
  ref: MediatorReferential,
  rules: CertificationRules,
  items: readonly { code: string; claim: Claim; outcome: ItemDecision | null }[],
): string[] {
  const byCode = new Map(items.map((i) => [i.code, i]));
  const min = levelRank(ref, rules.block.minLevel);
  return ref.blocks
    .filter((b) =>
      b.competences.every((c) => {
        const item = byCode.get(c.code);
        return item?.outcome === 'accept' && levelRank(ref, item.claim.level) >= min;
      }),
    )
    .map((b) => b.code);
}

/** Whether the blocks held (validated now or still valid from before) earn the certification. */
export function earnsCertification(rules: CertificationRules, heldBlocks: Iterable<string>): boolean {
  const held = new Set(heldBlocks);
  return rules.certification.requiredBlocks.every((b) => held.has(b)) && held.size >= rules.certification.minBlocks;
}

export function validUntilFrom(rules: CertificationRules, issuedAt: Date): Date {
  return addMonths(issuedAt, rules.validity.months);
}

/** Renewal opens `renewalOpensMonthsBefore` months before expiry (and stays open after it). */
export function renewalOpensAt(rules: CertificationRules, validUntil: Date): Date {
  return addMonths(validUntil, -rules.validity.renewalOpensMonthsBefore);
}

export function renewalOpen(rules: CertificationRules, validUntil: Date, now: Date): boolean {
  return now >= renewalOpensAt(rules, validUntil);
}

// --- what Jalon computes and what binds the committee

/** A competence's claim against the rules: the claimed level and evidence, as figures; unmet when short. */
export function claimCheck(
  ref: MediatorReferential,
  rules: CertificationRules,
  claim: Claim,
): { met: boolean; fr: string; en: string } {
  const min = levelRank(ref, rules.block.minLevel);
  const label = (id: string) => ref.scale.levels.find((l) => l.id === id)?.label ?? id;
  if (levelRank(ref, claim.level) < min)
    return {
      met: false,
      fr: `niveau déclaré « ${label(claim.level) || '—'} », le bloc demande au moins « ${label(rules.block.minLevel)} »`,
      en: `claimed level “${label(claim.level) || '—'}”, the block needs at least “${label(rules.block.minLevel)}”`,
    };
  if (claim.evidence.length === 0) return { met: false, fr: 'aucune preuve', en: 'no evidence' };
  return {
    met: true,
    fr: `niveau « ${label(claim.level)} » (au moins « ${label(rules.block.minLevel)} » requis)`,
    en: `level “${label(claim.level)}” (at least “${label(rules.block.minLevel)}” required)`,
  };
}

/** The blocks an application covers, each with its competences (in the referential's order). */
function blocksCovered(ref: MediatorReferential, codes: ReadonlySet<string>) {
  return ref.blocks.filter((b) => b.competences.some((c) => codes.has(c.code)));
}

/**
 * What a vote must respect on an application: competences whose claim falls short of the rules
 * cannot be accepted, and « approve » needs at least one block of the application complete —
 * every competence of it accepted — since only complete blocks are certified.
 */
export function computedFor(
  ref: MediatorReferential,
  rules: CertificationRules,
  items: readonly { code: string; claim: Claim }[],
): Computed {
  const titles = Object.fromEntries(
    ref.blocks.flatMap((b) => b.competences).map((c) => [c.code, `${c.code} — ${c.title}`]),
  );
  const unmet: Record<string, Message> = {};
  for (const i of items) {
    const check = claimCheck(ref, rules, i.claim);
    if (!check.met) unmet[i.code] = { fr: check.fr, en: check.en };
  }
  const blocks = blocksCovered(ref, new Set(items.map((i) => i.code)));
  const approval = (decisions: ReadonlyMap<string, ItemDecision>): ReviewProblem[] => {
    const accepted = (b: (typeof blocks)[number]) =>
      b.competences.filter((c) => decisions.get(c.code) === 'accept' && !unmet[c.code]).length;
    if (blocks.some((b) => accepted(b) === b.competences.length)) return [];
    const figures = blocks.map((b) => ({
      fr: `bloc ${b.code} : ${accepted(b)} compétence(s) acceptée(s) sur ${b.competences.length}`,
      en: `block ${b.code}: ${accepted(b)} of ${b.competences.length} competences accepted`,
    }));
    return [
      {
        path: 'vote',
        fr: `Aucun bloc ne serait validé (${figures.map((f) => f.fr).join(' ; ')}) : un bloc est validé quand toutes ses compétences sont acceptées. Demandez des compléments ou refusez.`,
        en: `No block would be validated (${figures.map((f) => f.en).join('; ')}): a block is validated when all its competences are accepted. Ask for more or reject.`,
      },
    ];
  };
  return { titles, unmet, approval };
}
