import { deepFreeze } from '../lib/json.js';
import { CRCN_COMPETENCES, DIGCOMP_COMPETENCES, FRAMEWORK_TITLES, REMN_BLOCKS } from '../referentials/frameworks.js';
import type { AwardRules } from '../referentials/rules-schema.js';
import type {
  Alignment as ReferentialAlignment,
  LearnerCompetence,
  LearnerReferential,
  MediatorReferential,
  Referential,
  ReferentialLevel,
} from '../referentials/schema.js';
import type { Achievement, Alignment, Result, ResultDescription, RubricCriterionLevel } from '../ob3/types.js';
import type { AchievementKind } from './kinds.js';

/**
 * Achievements (badge classes) derived from a referential version:
 * - learner referential: one per competence, plus one "passeport numérique";
 * - mediator referential: one per block, plus one "médiateur certifié".
 * Output is deterministic and memoised per referential object, so it is cheap per request.
 */

/** What badge-image.ts needs to draw the badge of an achievement. */
export interface BadgeSpec {
  title: string;
  mark: string;
  kind: AchievementKind;
  subtitle?: string;
}

export interface DerivedAchievement {
  /** Path under `${baseUrl}/achievements/`, e.g. `abecedaire/1.0.0/competences/A1`. */
  key: string;
  kind: AchievementKind;
  /** Competence or block code. */
  code?: string;
  achievement: Achievement;
  badge: BadgeSpec;
}

export interface DeriveOptions {
  /** PUBLIC_URL of the instance, without trailing slash. */
  baseUrl: string;
  /** Award rules of this learner referential version (minimum levels, passport rule). */
  rules?: AwardRules;
}

const RESULT_FRAGMENT = 'niveau';

function levelId(achievementId: string, level: string): string {
  return `${achievementId}#niveau-${level}`;
}

function frameworkCompetenceName(a: ReferentialAlignment): string {
  if (a.name) return a.name;
  const table =
    a.framework === 'CRCN'
      ? CRCN_COMPETENCES
      : a.framework === 'DigComp'
        ? DIGCOMP_COMPETENCES
        : a.framework === 'REMN'
          ? REMN_BLOCKS
          : {};
  return table[a.code] ?? `${a.framework} ${a.code}`;
}

function alignmentsOf(baseUrl: string, alignments: readonly ReferentialAlignment[]): Alignment[] {
  const seen = new Set<string>();
  const out: Alignment[] = [];
  for (const a of alignments) {
    const id = `${a.framework}#${a.code}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({
      type: ['Alignment'],
      targetName: frameworkCompetenceName(a),
      // Jalon serves a page per framework with an anchor per code.
      targetUrl: `${baseUrl}/frameworks/${encodeURIComponent(a.framework)}#${encodeURIComponent(a.code)}`,
      targetCode: a.code,
      targetFramework: FRAMEWORK_TITLES[a.framework],
      targetType: 'ceasn:Competency',
    });
  }
  return out;
}

function quote(text: string): string {
  return `« ${text} »`;
}

function findLevel(ref: Referential, id: string, what: string): ReferentialLevel {
  const level = ref.scale.levels.find((l) => l.id === id);
  if (!level) throw new Error(`${what}: level ${id} is not on the scale of ${ref.slug} ${ref.version}`);
  return level;
}

function scaleLevels(
  achievementId: string,
  ref: Referential,
  describe?: (level: ReferentialLevel) => string,
): RubricCriterionLevel[] {
  return ref.scale.levels.map((level, i) => ({
    id: levelId(achievementId, level.id),
    type: ['RubricCriterionLevel'],
    name: level.label,
    description: describe ? describe(level) : level.description,
    level: String(i + 1),
  }));
}

function levelsInWords(ref: Referential): string {
  return ref.scale.levels.map((l) => quote(l.label)).join(', ');
}

function indicatorsMarkdown(ref: Referential, indicators: Record<string, string[]>): string {
  return ref.scale.levels
    .map((level) =>
      [`**${level.label}** : ${level.description}`, ...(indicators[level.id] ?? []).map((i) => `- ${i}`)].join('\n'),
    )
    .join('\n\n');
}

function sourceLine(ref: Referential): string {
  return `Référentiel : ${quote(ref.title)}, version ${ref.version}.`;
}

function imageOf(id: string, name: string): Achievement['image'] {
  return { id: `${id}.svg`, type: 'Image', caption: `Badge ${quote(name)}` };
}

function uniqueInOrder(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

// ---------------------------------------------------------------- learner referential

function competenceAchievement(
  ref: LearnerReferential,
  c: LearnerCompetence,
  letter: string,
  opts: DeriveOptions,
): DerivedAchievement {
  const key = `${ref.slug}/${ref.version}/competences/${c.code}`;
  const id = `${opts.baseUrl}/achievements/${key}`;
  const minLevel = opts.rules
    ? findLevel(ref, opts.rules.competenceBadge.minLevel, 'competenceBadge.minLevel')
    : undefined;
  const narrative = [
    'Un médiateur ou une médiatrice numérique a observé la personne utiliser cette compétence dans une situation réelle, ' +
      `et a noté le niveau d’autonomie atteint sur l’échelle : ${levelsInWords(ref)}.`,
    minLevel ? `Le badge est délivré à partir du niveau ${quote(minLevel.label)}.` : '',
    'Ce que le médiateur ou la médiatrice observe, niveau par niveau :',
    indicatorsMarkdown(ref, c.indicators),
    sourceLine(ref),
  ].filter(Boolean);
  const resultDescription: ResultDescription = {
    id: `${id}#${RESULT_FRAGMENT}`,
    type: ['ResultDescription'],
    name: `Niveau d’autonomie atteint : ${c.title}`,
    resultType: 'RubricCriterionLevel',
    // Each level's description says what was observed, with the competence's own indicators.
    rubricCriterionLevel: scaleLevels(id, ref, (level) =>
      [level.description, ...(c.indicators[level.id] ?? []).map((i) => `– ${i}`)].join('\n'),
    ),
    ...(minLevel && { requiredLevel: levelId(id, minLevel.id) }),
  };
  const achievement: Achievement = {
    id,
    type: ['Achievement'],
    name: c.title,
    description: c.description,
    criteria: { id, narrative: narrative.join('\n\n') },
    // Competency: the badge attests one observed competence of the alphabet.
    achievementType: 'Competency',
    image: imageOf(id, c.title),
    alignment: alignmentsOf(opts.baseUrl, c.alignments),
    resultDescription: [resultDescription],
    tag: uniqueInOrder(c.themes),
    humanCode: c.code,
    inLanguage: 'fr',
    version: ref.version,
  };
  return {
    key,
    kind: 'competence',
    code: c.code,
    achievement,
    // The letter is the alphabet's visual language; a code is used when one letter holds several competences.
    badge: {
      title: c.title,
      mark: c.code.length <= 4 ? c.code : letter,
      kind: 'competence',
      subtitle: `Lettre ${letter}`,
    },
  };
}

function passportNarrative(ref: LearnerReferential, rules: AwardRules | undefined): string {
  const all = ref.entries.flatMap((e) => e.competences);
  const title = (code: string) => all.find((c) => c.code === code)?.title ?? code;
  const parts: string[] = [];
  if (rules) {
    const level = findLevel(ref, rules.passport.minLevel, 'passport.minLevel');
    const { minCount, core } = rules.passport;
    const count = minCount >= core.length ? `toutes les ${core.length}` : `au moins ${minCount} des ${core.length}`;
    parts.push(
      `Le passeport est délivré quand la personne atteint au moins le niveau ${quote(level.label)} dans ${count} compétences essentielles suivantes :`,
      core.map((code) => `- ${code} — ${title(code)}`).join('\n'),
    );
  } else {
    parts.push(
      'Le passeport est délivré par un médiateur ou une médiatrice numérique qui a observé la personne sur les compétences de l’abécédaire.',
    );
  }
  parts.push(
    'Chaque compétence est observée par un médiateur ou une médiatrice numérique, en situation réelle. ' +
      'Le passeport indique, pour chaque compétence observée, le niveau atteint sur cette échelle :',
    ref.scale.levels.map((l) => `- **${l.label}** : ${l.description}`).join('\n'),
    sourceLine(ref),
  );
  return parts.join('\n\n');
}

function passportAchievement(ref: LearnerReferential, opts: DeriveOptions): DerivedAchievement {
  const key = `${ref.slug}/${ref.version}/passeport`;
  const id = `${opts.baseUrl}/achievements/${key}`;
  const competences = ref.entries.flatMap((e) => e.competences);
  const core = new Set(opts.rules?.passport.core ?? []);
  const minLevel = opts.rules ? findLevel(ref, opts.rules.passport.minLevel, 'passport.minLevel') : undefined;
  // The scale is shared by every competence: its levels share their ids, and are described once
  // in the criteria rather than in each of the 50-odd result descriptions. Likewise each
  // competence's alignments stay on its own achievement (the passport lists their union): the
  // whole achievement is embedded in every passport credential, which must stay small enough to
  // bake into an image and attach to a PDF.
  const levels = scaleLevels(id, ref).map(({ description: _description, ...level }) => level);
  const name = `Passeport numérique — ${ref.title}`;
  const achievement: Achievement = {
    id,
    type: ['Achievement'],
    name,
    description:
      'Reconnaît les compétences numériques du quotidien qu’une personne a montrées devant un médiateur ou une médiatrice numérique, ' +
      `d’après le référentiel ${quote(ref.title)} (version ${ref.version}). Les résultats du passeport donnent le niveau atteint pour chaque compétence.`,
    criteria: { id, narrative: passportNarrative(ref, opts.rules) },
    // No value of the closed list fits: Certificate/Certification suggest a formal qualification,
    // Badge/Achievement say nothing. An extension value states what it is; displayers fall back
    // to a generic label for ext: values.
    achievementType: 'ext:DigitalSkillsPassport',
    image: imageOf(id, name),
    alignment: alignmentsOf(
      opts.baseUrl,
      competences.flatMap((c) => c.alignments),
    ),
    // One per competence, so that the credential can carry one result per competence reached.
    resultDescription: competences.map((c) => ({
      id: `${id}#${c.code}`,
      type: ['ResultDescription'],
      name: `${c.code} — ${c.title}`,
      resultType: 'RubricCriterionLevel',
      rubricCriterionLevel: levels.map((l) => ({ ...l })),
      ...(minLevel && core.has(c.code) && { requiredLevel: levelId(id, minLevel.id) }),
    })),
    tag: uniqueInOrder(competences.flatMap((c) => c.themes)),
    inLanguage: 'fr',
    version: ref.version,
  };
  return { key, kind: 'passport', achievement, badge: { title: ref.title, mark: 'A–Z', kind: 'passport' } };
}

// ---------------------------------------------------------------- mediator referential

function blockAchievement(
  ref: MediatorReferential,
  block: MediatorReferential['blocks'][number],
  opts: DeriveOptions,
): DerivedAchievement {
  const key = `${ref.slug}/${ref.version}/blocs/${block.code}`;
  const id = `${opts.baseUrl}/achievements/${key}`;
  const levels = scaleLevels(id, ref);
  const narrative = [
    'Ce bloc est reconnu par le comité de certification du hub, après examen du portfolio de la médiatrice ou du médiateur : ' +
      'pour chaque compétence du bloc, une auto-évaluation appuyée par des preuves (textes, liens, documents).',
    'Le comité examine les preuves, peut demander des compléments, puis décide selon sa règle de quorum. ' +
      `Chaque compétence est située sur l’échelle : ${levelsInWords(ref)}.`,
    'Compétences du bloc et preuves attendues :',
    block.competences
      .map((c) => [`**${c.code} — ${c.title}**`, ...c.evidence.map((e) => `- ${e}`)].join('\n'))
      .join('\n\n'),
    sourceLine(ref),
  ];
  const achievement: Achievement = {
    id,
    type: ['Achievement'],
    name: block.title,
    description: block.description,
    criteria: { id, narrative: narrative.join('\n\n') },
    // Competency: a block is a coherent set of professional competences (like a CCP).
    achievementType: 'Competency',
    image: imageOf(id, block.title),
    alignment: alignmentsOf(opts.baseUrl, block.alignments),
    resultDescription: block.competences.map((c) => ({
      id: `${id}#${c.code}`,
      type: ['ResultDescription'],
      name: `${c.code} — ${c.title}`,
      resultType: 'RubricCriterionLevel',
      rubricCriterionLevel: levels.map((l) => ({ ...l })),
    })),
    humanCode: block.code,
    inLanguage: 'fr',
    version: ref.version,
  };
  return {
    key,
    kind: 'block',
    code: block.code,
    achievement,
    badge: { title: block.title, mark: block.code, kind: 'block' },
  };
}

function certificationAchievement(ref: MediatorReferential, opts: DeriveOptions): DerivedAchievement {
  const key = `${ref.slug}/${ref.version}/certification`;
  const id = `${opts.baseUrl}/achievements/${key}`;
  const name = 'Certification « Médiateur numérique »';
  const narrative = [
    `La certification est délivrée quand le comité de certification du hub a validé les blocs du référentiel ${quote(ref.title)} qu’exigent ses règles de certification (blocs obligatoires et nombre minimal de blocs), ` +
      'sur examen du portfolio de la médiatrice ou du médiateur (auto-évaluation et preuves pour chaque compétence). Blocs du référentiel :',
    ref.blocks.map((b) => `- ${b.code} — ${b.title}`).join('\n'),
    'Le comité examine les preuves, peut demander des compléments, puis décide selon sa règle de quorum. ' +
      'La certification peut être suspendue ou retirée par le hub.',
    sourceLine(ref),
  ];
  const achievement: Achievement = {
    id,
    type: ['Achievement'],
    name,
    description: `Atteste qu’une médiatrice ou un médiateur numérique a démontré les compétences du référentiel ${quote(ref.title)} (version ${ref.version}) devant le comité de certification du hub.`,
    criteria: { id, narrative: narrative.join('\n\n') },
    // Certification: a professional certification granted by the hub's committee (not a state
    // title; the alignments say which titles its blocks relate to).
    achievementType: 'Certification',
    image: imageOf(id, name),
    alignment: alignmentsOf(
      opts.baseUrl,
      ref.blocks.flatMap((b) => b.alignments),
    ),
    inLanguage: 'fr',
    version: ref.version,
  };
  return {
    key,
    kind: 'certification',
    achievement,
    badge: { title: 'Médiateur numérique certifié', mark: '✓', kind: 'certification' },
  };
}

// ---------------------------------------------------------------- entry points

function derive(ref: Referential, opts: DeriveOptions): readonly DerivedAchievement[] {
  if (
    opts.rules &&
    ref.kind === 'learner' &&
    (opts.rules.referential !== ref.slug || opts.rules.version !== ref.version)
  ) {
    throw new Error(`rules for ${opts.rules.referential} ${opts.rules.version} given for ${ref.slug} ${ref.version}`);
  }
  if (ref.kind === 'learner') {
    const competences = ref.entries.flatMap((e) =>
      e.competences.map((c) => competenceAchievement(ref, c, e.letter, opts)),
    );
    return [...competences, passportAchievement(ref, opts)];
  }
  return [...ref.blocks.map((b) => blockAchievement(ref, b, opts)), certificationAchievement(ref, opts)];
}

// Memo per referential object (published versions are immutable), then per baseUrl + rules.
const memo = new WeakMap<Referential, Map<string, readonly DerivedAchievement[]>>();

/** Achievements of a referential version, frozen (copy before changing anything). */
export function deriveAchievements(ref: Referential, options: DeriveOptions): readonly DerivedAchievement[] {
  const opts: DeriveOptions = { ...options, baseUrl: options.baseUrl.replace(/\/+$/, '') };
  if (ref.kind === 'mediator') delete opts.rules; // award rules are for learner referentials
  const memoKey = `${opts.baseUrl}\n${opts.rules ? JSON.stringify(opts.rules) : ''}`;
  let byKey = memo.get(ref);
  if (!byKey) {
    byKey = new Map();
    memo.set(ref, byKey);
  }
  let derived = byKey.get(memoKey);
  if (!derived) {
    derived = deepFreeze(derive(ref, opts));
    byKey.set(memoKey, derived);
  }
  return derived;
}

/**
 * The `result` entry for a level reached: linked to the achievement's ResultDescription (the one
 * of competence `code` for a passport or a block) and to the level's RubricCriterionLevel.
 */
export function resultFor(achievement: Achievement, level: string, code?: string): Result {
  const descriptions = achievement.resultDescription ?? [];
  const rdId = code === undefined ? `${achievement.id}#${RESULT_FRAGMENT}` : `${achievement.id}#${code}`;
  const rd =
    descriptions.find((d) => d.id === rdId) ??
    (code === undefined && descriptions.length === 1 ? descriptions[0] : undefined);
  if (!rd)
    throw new Error(
      code === undefined
        ? `${achievement.id} has several result descriptions: give a competence code`
        : `no result description for ${code} in ${achievement.id}`,
    );
  const rcl = rd.rubricCriterionLevel?.find((l) => l.id === levelId(achievement.id, level));
  if (!rcl) throw new Error(`level ${level} is not on the scale of ${rd.id}`);
  return { type: ['Result'], resultDescription: rd.id, achievedLevel: rcl.id, value: rcl.name };
}
