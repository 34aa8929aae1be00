/**
 * Mediator certification, as pure rules over a mediator referential and its certification rules
 * (`<version>.rules.yaml`): what a claim needs, which blocks a decision validates, when the
 * "médiateur numérique certifié" credential is earned, validity and renewal dates.
 */
import { addMonths } from '../lib/dates.js';
import type { ItemDecision, ReviewPolicy } from '../review/rules.js';
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
