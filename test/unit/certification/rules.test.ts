import { describe, expect, it } from 'vitest';
import {
  checkClaims,
  type Claim,
  earnsCertification,
  renewalOpen,
  validatedBlocks,
  validUntilFrom,
} from '../../../src/certification/rules.js';
import { cleanFileName, sniffEvidence } from '../../../src/certification/evidence.js';
import { addMonths } from '../../../src/lib/dates.js';
import { checkCertificationRules, loadCertificationRulesText } from '../../../src/referentials/loader.js';
import type { CertificationRules } from '../../../src/referentials/rules-schema.js';
import type { MediatorReferential } from '../../../src/referentials/schema.js';
import { shippedReferentials } from '../../../src/referentials/files.js';

const shipped = shippedReferentials().find((f) => f.referential.slug === 'mediateurs')!;
const ref = shipped.referential as MediatorReferential;
const rules = shipped.certification!;
const codesOf = (block: string) => ref.blocks.find((b) => b.code === block)!.competences.map((c) => c.code);
const claim = (level: string, evidence = 1): Claim => ({
  level,
  evidence: Array.from({ length: evidence }, (_, i) => ({ id: `e${i}`, kind: 'text' as const, text: 'x' })),
});

describe('shipped certification rules', () => {
  it('are loaded with the mediator referential and valid against it', () => {
    expect(rules.review).toEqual({ quorum: 2, majority: { share: 0.5, strict: true } });
    expect(checkCertificationRules(rules, ref).ok).toBe(true);
  });

  it('refuse a non-strict 50 % majority, unknown blocks and levels, with paths and lines', () => {
    const bad = loadCertificationRulesText(
      [
        'referential: mediateurs',
        'version: 1.0.0',
        'review: { quorum: 2, majority: { share: 0.5, strict: false } }',
        'block: { minLevel: pratique-autonome }',
        'certification: { requiredBlocks: [M1], minBlocks: 1 }',
        'validity: { months: 36, renewalOpensMonthsBefore: 6 }',
      ].join('\n'),
      ref,
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems[0]).toMatchObject({ path: 'review.majority', line: 3 });
    const wrong: CertificationRules = {
      ...rules,
      block: { minLevel: 'génie' },
      certification: { requiredBlocks: ['M9'], minBlocks: 9 },
    };
    const checked = checkCertificationRules(wrong, ref);
    expect(checked.ok ? [] : checked.problems.map((p) => p.path)).toEqual([
      'block.minLevel',
      'certification.requiredBlocks.0',
      'certification.minBlocks',
    ]);
  });
});

describe('claims', () => {
  it('need a level at least the rules’ minimum and one piece of evidence per competence of the block', () => {
    const portfolio = new Map<string, Claim>(codesOf('M1').map((c) => [c, claim('maitrise')]));
    expect(checkClaims(ref, rules, ['M1'], portfolio)).toEqual([]);
    const [first, second, third] = codesOf('M1');
    portfolio.set(first!, claim('notions'));
    portfolio.set(second!, claim('maitrise', 0));
    portfolio.delete(third!);
    expect(checkClaims(ref, rules, ['M1'], portfolio).map((p) => [p.code, p.fr.split(' : ')[1]])).toEqual([
      [first, 'le bloc demande au moins le niveau « Pratique autonome ».'],
      [second, 'ajoutez au moins une preuve.'],
      [third, 'indiquez votre niveau.'],
      [third, 'ajoutez au moins une preuve.'],
    ]);
    // Each problem names the competence by its title, not by its code alone.
    const title = ref.blocks[0]!.competences.find((c) => c.code === third)!.title;
    expect(checkClaims(ref, rules, ['M1'], portfolio)[2]?.fr).toBe(`${third} — ${title} : indiquez votre niveau.`);
    expect(checkClaims(ref, rules, [], portfolio)[0]?.path).toBe('blocks');
    expect(checkClaims(ref, rules, ['M42'], portfolio)[0]?.fr).toContain('n’existe pas');
  });
});

describe('decisions', () => {
  const items = (block: string, outcome: 'accept' | 'more' | 'reject', level = 'maitrise') =>
    codesOf(block).map((code) => ({ code, claim: claim(level), outcome }));

  it('validate a block only when every competence of it is accepted', () => {
    const m2 = items('M2', 'accept');
    m2[0]!.outcome = 'more';
    expect(validatedBlocks(ref, rules, [...items('M1', 'accept'), ...m2])).toEqual(['M1']);
  });

  it('earn the certification with the required blocks and enough blocks', () => {
    expect(earnsCertification(rules, ['M1', 'M2', 'M3', 'M5', 'M8'])).toBe(true);
    expect(earnsCertification(rules, ['M1', 'M2', 'M3', 'M4', 'M8'])).toBe(false); // M5 missing
    expect(earnsCertification(rules, ['M1', 'M2', 'M3', 'M5'])).toBe(false); // 4 of 5
  });
});

describe('validity and renewal', () => {
  it('counts calendar months, clamping the end of month', () => {
    expect(addMonths(new Date('2026-01-31T10:00:00Z'), 1).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(validUntilFrom(rules, new Date('2026-03-02T09:00:00Z')).toISOString()).toBe('2029-03-02T09:00:00.000Z');
  });
  it('opens renewal six months before expiry', () => {
    const until = new Date('2029-03-02T09:00:00Z');
    expect(renewalOpen(rules, until, new Date('2028-09-01T09:00:00Z'))).toBe(false);
    expect(renewalOpen(rules, until, new Date('2028-09-02T09:00:00Z'))).toBe(true);
  });
});

describe('evidence files', () => {
  it('recognise PDF, PNG and JPEG by their first bytes only', () => {
    const bytes = (...b: number[]) => new Uint8Array([...b, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(sniffEvidence(new TextEncoder().encode('%PDF-1.7'))).toBe('application/pdf');
    expect(sniffEvidence(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).toBe('image/png');
    expect(sniffEvidence(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('image/jpeg');
    expect(sniffEvidence(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffEvidence(new TextEncoder().encode('GIF89a'))).toBeNull();
  });
  it('keep a file name without path, quotes or control characters', () => {
    expect(cleanFileName('../../etc/pass"wd\u0000.pdf')).toBe('passwd.pdf');
    expect(cleanFileName('C:\\Users\\x\\trame accueil.pdf')).toBe('trame accueil.pdf');
    expect(cleanFileName('')).toBe('preuve');
  });
});
