import { describe, expect, it } from 'vitest';
import { newlyEarned, standings, type Holdings, type Observation } from '../../../src/learners/rules.js';
import type { AwardRules } from '../../../src/referentials/rules-schema.js';
import { referentialSchema, type LearnerReferential } from '../../../src/referentials/schema.js';

const level = (id: string) => ({ id, label: id, description: id });
const competence = (code: string) => ({
  code,
  title: code,
  description: code,
  indicators: { g: ['x'], s: ['x'], a: ['x'] },
  alignments: [],
  themes: ['t'],
});
const ref = referentialSchema.parse({
  slug: 'r',
  version: '1.0.0',
  kind: 'learner',
  title: 'r',
  description: 'r',
  language: 'fr',
  scale: { levels: [level('g'), level('s'), level('a')] },
  entries: [
    { letter: 'A', competences: [competence('A1'), competence('A2')] },
    { letter: 'B', competences: [competence('B1')] },
  ],
}) as LearnerReferential;
const rules: AwardRules = {
  referential: 'r',
  version: '1.0.0',
  competenceBadge: { minLevel: 's' },
  passport: { minLevel: 'a', minCount: 2, core: ['A1', 'A2', 'B1'] },
};
const none: Holdings = { competences: new Map(), passport: null };

let n = 0;
const obs = (code: string, lvl: string, date: string): Observation => ({
  code,
  level: lvl,
  date,
  recordedAt: `2026-01-01T00:00:${String(n++).padStart(2, '0')}Z`,
  evaluationId: `e${n}`,
});

describe('award rules', () => {
  it('awards a competence badge from the minimum level up, at the level reached now', () => {
    const earned = newlyEarned(
      ref,
      rules,
      [obs('A1', 'g', '2026-01-01'), obs('A2', 's', '2026-01-02'), obs('B1', 'a', '2026-01-03')],
      none,
    );
    expect(earned.competences).toEqual([
      { code: 'A2', level: 's' },
      { code: 'B1', level: 'a' },
    ]);
  });

  it('uses the latest observation (by date, then by recording order), not the best one', () => {
    const history = [obs('A1', 'a', '2026-02-01'), obs('A1', 'g', '2026-03-01')];
    expect(newlyEarned(ref, rules, history, none).competences).toEqual([]);
    const sameDay = [obs('A1', 'g', '2026-04-01'), obs('A1', 'a', '2026-04-01')];
    expect(standings(sameDay).get('A1')).toMatchObject({ level: 'a', first: { level: 'g' } });
  });

  it('does not award again what is held, but awards a higher level', () => {
    const held: Holdings = { competences: new Map([['A1', 's']]), passport: null };
    expect(newlyEarned(ref, rules, [obs('A1', 's', '2026-01-01')], held).competences).toEqual([]);
    expect(newlyEarned(ref, rules, [obs('A1', 'a', '2026-01-01')], held).competences).toEqual([
      { code: 'A1', level: 'a' },
    ]);
  });

  it('awards the passport when enough core competences reach the passport level, with every competence reached', () => {
    const one = newlyEarned(ref, rules, [obs('A1', 'a', '2026-01-01'), obs('A2', 's', '2026-01-01')], none);
    expect(one.passport).toBeNull();
    expect(one.passportProgress).toEqual({ coreReached: 1, minCount: 2, minLevel: 'a' });
    const two = newlyEarned(
      ref,
      rules,
      [obs('A1', 'a', '2026-01-01'), obs('A2', 's', '2026-01-01'), obs('B1', 'a', '2026-01-01')],
      none,
    );
    expect(two.passport).toEqual({
      coreReached: 2,
      results: [
        { code: 'A1', level: 'a' },
        { code: 'A2', level: 's' },
        { code: 'B1', level: 'a' },
      ],
    });
  });

  it('issues a new passport only when it would say more than the last one', () => {
    const observations = [obs('A1', 'a', '2026-01-01'), obs('B1', 'a', '2026-01-01')];
    const held: Holdings = {
      competences: new Map(),
      passport: new Map([
        ['A1', 'a'],
        ['B1', 'a'],
      ]),
    };
    expect(newlyEarned(ref, rules, observations, held).passport).toBeNull();
    expect(
      newlyEarned(ref, rules, [...observations, obs('A2', 's', '2026-02-01')], held).passport?.results,
    ).toHaveLength(3);
  });
});
