import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CRCN_COMPETENCES, DIGCOMP_COMPETENCES } from '../../../src/referentials/frameworks.js';
import { checkSuccession, loadReferentialText } from '../../../src/referentials/loader.js';
import {
  listReferentialFiles,
  readReferentialFile,
  shippedReferentials,
  SHIPPED_REFERENTIALS_DIR,
} from '../../../src/referentials/files.js';
import {
  competenceCodes,
  type LearnerReferential,
  type MediatorReferential,
} from '../../../src/referentials/schema.js';
import { SHIPPED_REFERENTIALS } from '../../../src/referentials/shipped.generated.js';

const FIX = join(import.meta.dirname, '../../fixtures/referentials');

function shipped(slug: string) {
  const file = join(SHIPPED_REFERENTIALS_DIR, slug, '1.0.0.yaml');
  const result = readReferentialFile(file);
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result.value;
}

describe('shipped learner alphabet (abecedaire 1.0.0)', () => {
  const { referential, rules } = shipped('abecedaire');
  const ref = referential as LearnerReferential;
  const competences = ref.entries.flatMap((e) => e.competences);

  it('is a learner referential on the national 3-step autonomy scale, in French', () => {
    expect(ref.kind).toBe('learner');
    expect(ref.language).toBe('fr');
    expect(ref.scale.levels.map((l) => l.id)).toEqual(['avec-guidage', 'autonome-si-besoin', 'autonome']);
    expect(ref.scale.levels.map((l) => l.label)).toEqual([
      'Avec guidage',
      'Autonome avec guidage en cas de besoin',
      'Autonome',
    ]);
  });

  it('covers at least 22 letters and 35 competences with unique codes', () => {
    expect(ref.entries.length).toBeGreaterThanOrEqual(22);
    expect(competences.length).toBeGreaterThanOrEqual(35);
    expect(new Set(competenceCodes(ref)).size).toBe(competences.length);
  });

  it('gives every competence indicators for every level, a CRCN and a DigComp alignment with real codes, and themes', () => {
    for (const c of competences) {
      for (const level of ref.scale.levels)
        expect(c.indicators[level.id]?.length, `${c.code} ${level.id}`).toBeGreaterThan(0);
      const crcn = c.alignments.filter((a) => a.framework === 'CRCN');
      const digcomp = c.alignments.filter((a) => a.framework === 'DigComp');
      expect(crcn.length, c.code).toBeGreaterThan(0);
      expect(digcomp.length, c.code).toBeGreaterThan(0);
      for (const a of crcn) expect(Object.keys(CRCN_COMPETENCES)).toContain(a.code);
      for (const a of digcomp) expect(Object.keys(DIGCOMP_COMPETENCES)).toContain(a.code);
      expect(c.themes.length, c.code).toBeGreaterThan(0);
    }
  });

  it('covers the everyday themes of digital mediation', () => {
    const text = JSON.stringify(ref).toLowerCase();
    for (const word of [
      'smartphone',
      'e-mail',
      'mot de passe',
      'franceconnect',
      'données personnelles',
      'santé',
      'emploi',
      'banque',
      'famille',
      'information',
      'éco',
      'intelligence artificielle',
    ]) {
      expect(text, word).toContain(word);
    }
  });

  it('ships award rules whose levels and core codes exist in the alphabet', () => {
    expect(rules).not.toBeNull();
    expect(rules!.competenceBadge.minLevel).toBe('autonome-si-besoin');
    expect(rules!.passport.minLevel).toBe('autonome');
    const codes = new Set(competenceCodes(ref));
    for (const code of rules!.passport.core) expect(codes.has(code), code).toBe(true);
    expect(rules!.passport.minCount).toBeLessThanOrEqual(rules!.passport.core.length);
  });
});

describe('shipped mediator referential (mediateurs 1.0.0)', () => {
  const ref = shipped('mediateurs').referential as MediatorReferential;
  const competences = ref.blocks.flatMap((b) => b.competences);

  it('has a 4-level scale, at least 6 blocks and 24 competences', () => {
    expect(ref.kind).toBe('mediator');
    expect(ref.scale.levels).toHaveLength(4);
    expect(ref.blocks.length).toBeGreaterThanOrEqual(6);
    expect(competences.length).toBeGreaterThanOrEqual(24);
  });

  it('aligns blocks to REMN (CCP1–CCP3) and to the 2025 Médiateur numérique strands', () => {
    const remn = new Set(
      ref.blocks.flatMap((b) => b.alignments.filter((a) => a.framework === 'REMN').map((a) => a.code.slice(0, 4))),
    );
    expect([...remn].sort()).toEqual(['CCP1', 'CCP2', 'CCP3']);
    const strands = ref.blocks.flatMap((b) => b.alignments.filter((a) => a.framework === 'MediateurNumerique2025'));
    expect(strands.length).toBeGreaterThan(0);
    const names = JSON.stringify(ref).toLowerCase();
    for (const word of ['diagnostic', 'aller vers', 'accessibilit', 'données personnelles', 'réseau', 'atelier'])
      expect(names, word).toContain(word);
  });

  it('gives every competence indicators per level and the evidence that proves it', () => {
    for (const c of competences) {
      for (const level of ref.scale.levels)
        expect(c.indicators[level.id]?.length, `${c.code} ${level.id}`).toBeGreaterThan(0);
      expect(c.evidence.length, c.code).toBeGreaterThan(0);
    }
  });
});

describe('referential validation', () => {
  it('reports every problem of a broken file with its path and line', () => {
    const result = loadReferentialText(readFileSync(join(FIX, 'broken.yaml'), 'utf8'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const byPath = Object.fromEntries(result.problems.map((p) => [p.path, p]));
    expect(Object.keys(byPath)).toEqual(
      expect.arrayContaining([
        'slug',
        'version',
        'entries.0.letter',
        'entries.0.competences.0',
        'entries.0.competences.0.indicators.autonome',
        'entries.0.competences.0.alignments.0.code',
      ]),
    );
    expect(byPath['slug']!.line).toBe(1);
    expect(byPath['version']!.line).toBe(2);
    expect(byPath['entries.0.competences.0.alignments.0.code']!.message).toContain('9.9');
    expect(byPath['entries.0.competences.0']!.message).toMatch(/unexpected/);
  });

  it('reports unreadable YAML with its line instead of throwing', () => {
    const result = loadReferentialText(readFileSync(join(FIX, 'not-yaml.yaml'), 'utf8'));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems[0]!.message).toMatch(/YAML illisible/);
      expect(result.problems[0]!.line).toBeGreaterThan(0);
    }
  });

  it('puts indicators in scale order so that equal content is canonically equal', () => {
    const text = readFileSync(join(FIX, 'mini-1.0.0.yaml'), 'utf8');
    const swapped = text.replace(
      /avec-guidage: \[ ?"allume avec aide" ?\]\n(\s+)autonome: \[ ?"allume seul" ?\]/,
      'autonome: [ "allume seul" ]\n$1avec-guidage: [ "allume avec aide" ]',
    );
    expect(swapped).not.toBe(text);
    const a = loadReferentialText(text);
    const b = loadReferentialText(swapped);
    expect(a.ok && b.ok && JSON.stringify(a.value) === JSON.stringify(b.value)).toBe(true);
  });

  it('requires a crosswalk from the previous version when codes disappear', () => {
    const v1 = loadReferentialText(readFileSync(join(FIX, 'mini-1.0.0.yaml'), 'utf8'));
    const v2 = loadReferentialText(readFileSync(join(FIX, 'mini-2.0.0.yaml'), 'utf8'));
    const v2bad = loadReferentialText(readFileSync(join(FIX, 'mini-2.0.0-no-crosswalk.yaml'), 'utf8'));
    if (!v1.ok || !v2.ok || !v2bad.ok) throw new Error('fixtures must parse');
    expect(checkSuccession(v2.value, v1.value)).toEqual([]);
    const problems = checkSuccession(v2bad.value, v1.value);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toContain('A2');
  });

  it('abecedaire 1.1.0 rewords 1.0.0 in neutral words and keeps every code, level and rule', () => {
    const files = shippedReferentials().filter((f) => f.referential.slug === 'abecedaire');
    const v1 = files.find((f) => f.referential.version === '1.0.0')!;
    const v11 = files.find((f) => f.referential.version === '1.1.0')!;
    const codes = (f: typeof v1) =>
      f.referential.kind === 'learner' ? f.referential.entries.flatMap((e) => e.competences.map((c) => c.code)) : [];
    expect(codes(v11)).toEqual(codes(v1));
    expect(v11.referential.scale).toEqual({
      levels: v1.referential.scale.levels.map((l) => ({ ...l, description: expect.any(String) })),
    });
    expect({ ...v11.rules, version: '1.0.0' }).toEqual(v1.rules);
    const indicators = (f: typeof v1) =>
      f.referential.kind === 'learner'
        ? f.referential.entries.flatMap((e) => e.competences.flatMap((c) => Object.values(c.indicators).flat()))
        : [];
    expect(indicators(v1).filter((i) => /\bseule\b|elle-même/.test(i)).length).toBeGreaterThan(40);
    expect(indicators(v11).filter((i) => /\bseule\b|elle-même/.test(i))).toEqual([]);
  });

  it('lists shipped files by slug and version and embeds exactly them for Workers', () => {
    expect(listReferentialFiles(SHIPPED_REFERENTIALS_DIR).map((f) => f.split('/').slice(-2).join('/'))).toEqual([
      'abecedaire/1.0.0.yaml',
      'abecedaire/1.1.0.yaml',
      'mediateurs/1.0.0.yaml',
    ]);
    expect(JSON.parse(JSON.stringify(SHIPPED_REFERENTIALS))).toEqual(JSON.parse(JSON.stringify(shippedReferentials())));
  });
});
