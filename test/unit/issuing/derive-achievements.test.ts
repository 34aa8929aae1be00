import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { nodeSvgRenderer } from '../../../src/assets/resvg-node.js';
import { deriveAchievements, resultFor } from '../../../src/issuing/derive-achievements.js';
import { badgeSvg } from '../../../src/issuing/badge-image.js';
import type { ResultDescription } from '../../../src/ob3/types.js';
import { BASE_URL, learnerRef, learnerRules, mediatorRef } from '../ob3/helpers.js';

const ACH = `${BASE_URL}/achievements`;

/** Minimal XML well-formedness: balanced tags, quoted attributes, no stray markup. */
function assertWellFormed(xml: string): void {
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->/g;
  let last = 0;
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    if (/[<>]/.test(xml.slice(last, m.index))) throw new Error(`stray markup before offset ${m.index}`);
    last = tag.lastIndex;
    if (!m[2]) continue;
    if (m[1]) {
      if (stack.pop() !== m[2]) throw new Error(`unbalanced </${m[2]}>`);
    } else if (!m[4]) stack.push(m[2]);
  }
  if (/[<>]/.test(xml.slice(last)) || stack.length) throw new Error('unterminated document');
}

describe('achievements derived from a learner referential', () => {
  const derived = deriveAchievements(learnerRef, { baseUrl: `${BASE_URL}/`, rules: learnerRules });

  it('gives one achievement per competence plus the passport, with stable keys and ids', () => {
    expect(derived.map((d) => d.key)).toEqual([
      'abc-test/1.2.0/competences/A1',
      'abc-test/1.2.0/competences/A2',
      'abc-test/1.2.0/competences/F1',
      'abc-test/1.2.0/competences/H1',
      'abc-test/1.2.0/passeport',
    ]);
    for (const d of derived) {
      expect(d.achievement.id).toBe(`${ACH}/${d.key}`);
      expect(d.achievement.criteria.id).toBe(d.achievement.id);
      expect(d.achievement.image).toEqual({
        id: `${d.achievement.id}.svg`,
        type: 'Image',
        caption: expect.stringContaining(d.achievement.name),
      });
      expect(d.achievement).toMatchObject({ type: ['Achievement'], inLanguage: 'fr', version: '1.2.0' });
    }
  });

  it('describes a competence in French with its alignments, themes and level scale', () => {
    const a1 = derived[0]!.achievement;
    expect(a1).toMatchObject({
      name: 'Créer une adresse e-mail et ouvrir sa boîte de réception',
      achievementType: 'Competency',
      humanCode: 'A1',
      tag: ['E-mail'],
    });
    expect(a1.criteria.narrative).toContain('médiatrice numérique a observé');
    expect(a1.criteria.narrative).toContain('à partir du niveau « Autonome avec guidage en cas de besoin »');
    expect(a1.criteria.narrative).toContain('- ouvre seule sa boîte de réception');
    expect(a1.alignment).toEqual([
      {
        type: ['Alignment'],
        targetName: 'Interagir',
        targetUrl: `${BASE_URL}/frameworks/CRCN#2.1`,
        targetCode: '2.1',
        targetFramework: 'Cadre de référence des compétences numériques (CRCN)',
        targetType: 'ceasn:Competency',
      },
      expect.objectContaining({
        targetName: 'Managing digital identity',
        targetUrl: `${BASE_URL}/frameworks/DigComp#2.6`,
        targetCode: '2.6',
      }),
    ]);
    const [rd] = a1.resultDescription!;
    expect(rd).toMatchObject({
      id: `${a1.id}#niveau`,
      type: ['ResultDescription'],
      resultType: 'RubricCriterionLevel',
      requiredLevel: `${a1.id}#niveau-autonome-si-besoin`,
    });
    expect(rd!.rubricCriterionLevel!.map((l) => [l.id, l.name, l.level])).toEqual([
      [`${a1.id}#niveau-avec-guidage`, 'Avec guidage', '1'],
      [`${a1.id}#niveau-autonome-si-besoin`, 'Autonome avec guidage en cas de besoin', '2'],
      [`${a1.id}#niveau-autonome`, 'Autonome', '3'],
    ]);
    expect(rd!.rubricCriterionLevel![1]!.description).toContain('dit ou écrit son adresse e-mail sans erreur');
  });

  it('gives the passport one result description per competence, the award rule in words, and all alignments', () => {
    const passport = derived.find((d) => d.kind === 'passport')!.achievement;
    expect(passport.achievementType).toBe('ext:DigitalSkillsPassport');
    expect(passport.resultDescription!.map((rd) => rd.id)).toEqual(
      ['A1', 'A2', 'F1', 'H1'].map((c) => `${passport.id}#${c}`),
    );
    const byCode: Record<string, ResultDescription> = Object.fromEntries(
      passport.resultDescription!.map((rd) => [rd.id.split('#')[1], rd]),
    );
    expect(byCode.A1!.requiredLevel).toBe(`${passport.id}#niveau-autonome`);
    expect(byCode.A2!.requiredLevel).toBeUndefined(); // not a core competence
    expect(byCode.F1!.rubricCriterionLevel!.map((l) => l.id)).toEqual(
      ['avec-guidage', 'autonome-si-besoin', 'autonome'].map((l) => `${passport.id}#niveau-${l}`),
    );
    expect(passport.criteria.narrative).toContain(
      "- **Autonome** : La personne fait l'action seule, même quand la situation change.",
    );
    expect(passport.alignment!.map((a) => a.targetCode)).toEqual(['2.1', '2.6', '5.2', '2.4', '2.3', '4.1']);
    expect(passport.criteria.narrative).toContain('au moins 2 des 3 compétences essentielles');
    expect(passport.criteria.narrative).toContain("- H1 — Repérer une tentative d'hameçonnage");
    expect(new Set(passport.alignment!.map((a) => `${a.targetFramework}|${a.targetCode}`)).size).toBe(
      passport.alignment!.length,
    );
    expect(passport.tag).toEqual([
      'E-mail',
      'Prendre en main du matériel',
      'Démarches administratives',
      'Prévention en sécurité numérique',
    ]);
  });

  it('builds result entries linked to the right result description and level', () => {
    const a1 = derived[0]!.achievement;
    expect(resultFor(a1, 'autonome')).toEqual({
      type: ['Result'],
      resultDescription: `${a1.id}#niveau`,
      achievedLevel: `${a1.id}#niveau-autonome`,
      value: 'Autonome',
    });
    const passport = derived[4]!.achievement;
    expect(resultFor(passport, 'avec-guidage', 'F1')).toMatchObject({
      resultDescription: `${passport.id}#F1`,
      achievedLevel: `${passport.id}#niveau-avec-guidage`,
    });
    expect(() => resultFor(passport, 'autonome')).toThrow(/competence code/);
    expect(() => resultFor(a1, 'expert')).toThrow(/not on the scale/);
  });

  it('is deterministic, memoised, and frozen', () => {
    const again = deriveAchievements(learnerRef, { baseUrl: BASE_URL, rules: learnerRules });
    expect(again).toBe(derived);
    const fresh = deriveAchievements(structuredClone(learnerRef), { baseUrl: BASE_URL, rules: learnerRules });
    expect(JSON.stringify(fresh)).toBe(JSON.stringify(derived));
    expect(Object.isFrozen(derived[0]!.achievement.alignment)).toBe(true);
  });

  it('describes competences without rules, and refuses rules of another referential', () => {
    const plain = deriveAchievements(learnerRef, { baseUrl: BASE_URL });
    expect(plain[0]!.achievement.resultDescription![0]!.requiredLevel).toBeUndefined();
    expect(plain[4]!.achievement.criteria.narrative).toContain('sur les compétences de l’abécédaire');
    expect(() =>
      deriveAchievements(learnerRef, { baseUrl: BASE_URL, rules: { ...learnerRules, version: '9.9.9' } }),
    ).toThrow(/rules for/);
  });
});

describe('achievements derived from a mediator referential', () => {
  const derived = deriveAchievements(mediatorRef, { baseUrl: BASE_URL });

  it('gives one achievement per block plus the certification', () => {
    expect(derived.map((d) => [d.key, d.kind, d.code])).toEqual([
      ['mediateurs-test/2.0.0/blocs/B1', 'block', 'B1'],
      ['mediateurs-test/2.0.0/blocs/B2', 'block', 'B2'],
      ['mediateurs-test/2.0.0/certification', 'certification', undefined],
    ]);
  });

  it('describes a block as a committee-reviewed competency with its evidence and REMN alignment', () => {
    const b1 = derived[0]!.achievement;
    expect(b1).toMatchObject({ achievementType: 'Competency', humanCode: 'B1' });
    expect(b1.criteria.narrative).toContain('comité de certification');
    expect(b1.criteria.narrative).toContain("- une fiche d'atelier");
    expect(b1.alignment).toEqual([
      expect.objectContaining({
        targetCode: 'CCP1',
        targetUrl: `${BASE_URL}/frameworks/REMN#CCP1`,
        targetName: expect.stringContaining('Accompagner différents publics'),
      }),
    ]);
    expect(b1.resultDescription!.map((rd) => rd.id)).toEqual([`${b1.id}#B1.1`, `${b1.id}#B1.2`]);
    expect(resultFor(b1, 'maitrise', 'B1.2')).toMatchObject({
      achievedLevel: `${b1.id}#niveau-maitrise`,
      value: 'Maîtrise',
    });
  });

  it('makes the certification a Certification aligned to every block alignment', () => {
    const cert = derived[2]!.achievement;
    expect(cert.achievementType).toBe('Certification');
    expect(cert.alignment!.map((a) => a.targetCode)).toEqual(['CCP1', 'CCP1.c', 'AT3']);
    expect(cert.alignment![2]!.targetName).toBe('Accompagner les démarches en ligne');
    expect(cert.criteria.narrative).toContain('- B2 — Agir avec éthique');
  });
});

describe('badge images', () => {
  const derived = [
    ...deriveAchievements(learnerRef, { baseUrl: BASE_URL, rules: learnerRules }),
    ...deriveAchievements(mediatorRef, { baseUrl: BASE_URL }),
  ];

  it('draws a well-formed, accessible SVG with a French title and no text elements', () => {
    for (const d of derived) {
      const svg = badgeSvg(d.badge);
      assertWellFormed(svg);
      expect(svg).toMatch(
        /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="512" height="512" viewBox="0 0 512 512" role="img" aria-labelledby="badge-title-/,
      );
      const id = /aria-labelledby="(badge-title-[a-z0-9]+)/.exec(svg)![1];
      expect(svg).toContain(`<title id="${id}">`);
      expect(svg).not.toMatch(/<text[\s>]/);
      expect(svg).toContain('<path');
    }
    expect(badgeSvg(derived[0]!.badge)).toContain('<title id="badge-title-');
    expect(badgeSvg(derived[0]!.badge)).toContain(
      'Badge de compétence : Créer une adresse e-mail et ouvrir sa boîte de réception</title>',
    );
  });

  it('is deterministic and escapes markup in titles', () => {
    const input = { title: 'Tom & Jerry <script> « test »', mark: 'T', kind: 'competence' as const };
    expect(badgeSvg(input)).toBe(badgeSvg(input));
    expect(badgeSvg(input)).toContain('Tom &amp; Jerry &lt;script&gt;');
    assertWellFormed(badgeSvg(input));
  });

  it('wraps a long title on at most three lines', () => {
    const svg = badgeSvg({
      title:
        'Accompagner différents publics vers l’autonomie dans les usages des technologies, services et médias numériques, avec un titre beaucoup trop long',
      mark: 'CCP1',
      kind: 'block',
    });
    // One path for the label, one for the mark, the ribbon shape, then one per title line.
    const paths = svg.match(/<path /g)!.length;
    expect(paths).toBeGreaterThanOrEqual(3 + 2);
    expect(paths).toBeLessThanOrEqual(3 + 3);
    expect(svg).toContain('avec un titre beaucoup trop long</title>');
    assertWellFormed(svg);
  });

  it('renders to a 512×512 PNG with resvg on Node', async () => {
    const render = await nodeSvgRenderer();
    const png = await render(badgeSvg(derived[0]!.badge));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const image = PNG.sync.read(Buffer.from(png));
    expect([image.width, image.height]).toEqual([512, 512]);
    // The medal is drawn: the centre pixel is the competence blue, not transparent.
    const centre = (256 * 512 + 256) * 4;
    expect(image.data[centre + 3]).toBe(255);
  });
});
