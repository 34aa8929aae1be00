import '../lib/zod-fr.js';
import { z } from 'zod';
import { SEMVER_PATTERN } from '../lib/semver.js';
import { SLUG_PATTERN } from '../lib/slug.js';
import { CRCN_COMPETENCES, DIGCOMP_COMPETENCES, FRAMEWORKS } from './frameworks.js';

/**
 * The referential file format (YAML on disk, canonical JSON in the database and the API).
 * One schema for both kinds; cross-field rules (indicators per level, unique codes, known
 * framework codes) are checked in `superRefine` so that every problem is reported with its path.
 */

const slug = z
  .string()
  .regex(SLUG_PATTERN, 'identifiant attendu : minuscules, chiffres et tirets (ex. « abecedaire »)');
const semver = z.string().regex(SEMVER_PATTERN, 'version attendue au format x.y.z (ex. « 1.0.0 »)');
export const codeSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/,
    'code attendu : lettres, chiffres, « . », « _ » ou « - » (40 caractères au plus)',
  );
const text = z.string().trim().min(1, 'texte vide');

export const levelSchema = z.strictObject({
  id: slug,
  label: text,
  description: text,
});

export const scaleSchema = z.strictObject({
  levels: z.array(levelSchema).min(2, 'une échelle compte au moins deux niveaux'),
});

export const alignmentSchema = z.strictObject({
  framework: z.enum(FRAMEWORKS),
  code: text,
  name: text.optional(),
});

const indicatorsSchema = z.record(slug, z.array(text).min(1, 'au moins un indicateur par niveau'));

export const learnerCompetenceSchema = z.strictObject({
  code: codeSchema,
  title: text,
  description: text,
  indicators: indicatorsSchema,
  alignments: z.array(alignmentSchema),
  themes: z.array(text),
});

export const entrySchema = z.strictObject({
  letter: z.string().regex(/^[A-Z]$/, 'lettre majuscule de A à Z attendue'),
  competences: z.array(learnerCompetenceSchema).min(1, 'une lettre porte au moins une compétence'),
});

export const mediatorCompetenceSchema = z.strictObject({
  code: codeSchema,
  title: text,
  description: text,
  indicators: indicatorsSchema,
  evidence: z.array(text).min(1, 'indiquer au moins une preuve attendue'),
});

export const blockSchema = z.strictObject({
  code: codeSchema,
  title: text,
  description: text,
  alignments: z.array(alignmentSchema),
  competences: z.array(mediatorCompetenceSchema).min(1, 'un bloc porte au moins une compétence'),
});

export const crosswalkSchema = z.strictObject({
  from: semver,
  map: z.array(z.strictObject({ from: codeSchema, to: z.array(codeSchema) })),
});

// Key order here is the order of the canonical JSON (zod outputs keys in shape order).
const head = { slug, version: semver };
const body = {
  title: text,
  description: text,
  language: z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'code de langue attendu (ex. « fr »)'),
  scale: scaleSchema,
};

export const learnerReferentialSchema = z.strictObject({
  ...head,
  kind: z.literal('learner'),
  ...body,
  entries: z.array(entrySchema).min(1),
  crosswalk: crosswalkSchema.optional(),
});

export const mediatorReferentialSchema = z.strictObject({
  ...head,
  kind: z.literal('mediator'),
  ...body,
  blocks: z.array(blockSchema).min(1),
  crosswalk: crosswalkSchema.optional(),
});

export type Issue = { path: (string | number)[]; message: string };

function checkAlignment(a: z.infer<typeof alignmentSchema>, path: (string | number)[], issues: Issue[]): void {
  if (a.framework === 'CRCN' && !(a.code in CRCN_COMPETENCES)) {
    issues.push({ path: [...path, 'code'], message: `code CRCN inconnu « ${a.code} » (attendu 1.1 à 5.2)` });
  }
  if (a.framework === 'DigComp' && !(a.code in DIGCOMP_COMPETENCES)) {
    issues.push({ path: [...path, 'code'], message: `code DigComp inconnu « ${a.code} » (attendu 1.1 à 5.4)` });
  }
  if (a.framework === 'REMN' && !/^CCP[1-3](\.[a-d])?$/.test(a.code)) {
    issues.push({
      path: [...path, 'code'],
      message: `code REMN inconnu « ${a.code} » (attendu CCP1, CCP2, CCP3, éventuellement suivi de .a à .d)`,
    });
  }
  if (a.framework === 'MediateurNumerique2025' && !a.name) {
    issues.push({ path: [...path, 'name'], message: 'nommer l’activité du titre Médiateur numérique alignée' });
  }
}

function checkIndicators(
  indicators: Record<string, string[]>,
  levelIds: string[],
  path: (string | number)[],
  issues: Issue[],
): void {
  for (const id of levelIds) {
    if (!indicators[id])
      issues.push({ path: [...path, 'indicators', id], message: `indicateurs manquants pour le niveau « ${id} »` });
  }
  for (const id of Object.keys(indicators)) {
    if (!levelIds.includes(id))
      issues.push({ path: [...path, 'indicators', id], message: `niveau « ${id} » absent de l’échelle` });
  }
}

/**
 * Cross-field rules (indicators per scale level, unique codes and letters, known framework codes,
 * crosswalk targets). Tolerant of malformed input, so that a file with structural errors still gets
 * these problems reported in the same pass.
 */
export function crossFieldIssues(data: unknown): Issue[] {
  const issues: Issue[] = [];
  const obj = (v: unknown): Record<string, unknown> =>
    v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  const ref = obj(data);
  const levelIds = arr(obj(ref['scale'])['levels'])
    .map((l) => obj(l)['id'])
    .filter((id): id is string => typeof id === 'string');
  if (new Set(levelIds).size !== levelIds.length)
    issues.push({ path: ['scale', 'levels'], message: 'identifiants de niveau en double' });
  const seen = new Map<string, string>();
  const claim = (code: unknown, path: (string | number)[]) => {
    if (typeof code !== 'string') return;
    const prev = seen.get(code);
    if (prev) issues.push({ path, message: `code « ${code} » déjà utilisé (${prev})` });
    else seen.set(code, path.join('.'));
  };
  const alignments = (list: unknown, path: (string | number)[]) =>
    arr(list).forEach((a, k) => {
      const parsed = alignmentSchema.safeParse(a);
      if (parsed.success) checkAlignment(parsed.data, [...path, 'alignments', k], issues);
    });
  const indicators = (c: Record<string, unknown>, path: (string | number)[]) => {
    const ind = obj(c['indicators']);
    if (levelIds.length) checkIndicators(ind as Record<string, string[]>, levelIds, path, issues);
  };
  if (ref['kind'] === 'learner') {
    const letters = new Set<unknown>();
    arr(ref['entries']).forEach((e, i) => {
      const entry = obj(e);
      if (letters.has(entry['letter']))
        issues.push({ path: ['entries', i, 'letter'], message: `lettre « ${String(entry['letter'])} » en double` });
      letters.add(entry['letter']);
      arr(entry['competences']).forEach((x, j) => {
        const c = obj(x);
        const path = ['entries', i, 'competences', j];
        claim(c['code'], [...path, 'code']);
        indicators(c, path);
        alignments(c['alignments'], path);
      });
    });
  } else if (ref['kind'] === 'mediator') {
    arr(ref['blocks']).forEach((b, i) => {
      const block = obj(b);
      claim(block['code'], ['blocks', i, 'code']);
      alignments(block['alignments'], ['blocks', i]);
      arr(block['competences']).forEach((x, j) => {
        const c = obj(x);
        const path = ['blocks', i, 'competences', j];
        claim(c['code'], [...path, 'code']);
        indicators(c, path);
      });
    });
  }
  arr(obj(ref['crosswalk'])['map']).forEach((m, i) => {
    arr(obj(m)['to']).forEach((code, k) => {
      if (typeof code === 'string' && !seen.has(code))
        issues.push({ path: ['crosswalk', 'map', i, 'to', k], message: `code « ${code} » absent de cette version` });
    });
  });
  return issues;
}

export const referentialSchema = z
  .discriminatedUnion('kind', [learnerReferentialSchema, mediatorReferentialSchema])
  .superRefine((ref, ctx) => {
    for (const issue of crossFieldIssues(ref))
      ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  });

export type Referential = z.infer<typeof referentialSchema>;
export type LearnerReferential = z.infer<typeof learnerReferentialSchema>;
export type MediatorReferential = z.infer<typeof mediatorReferentialSchema>;
export type ReferentialLevel = z.infer<typeof levelSchema>;
export type Alignment = z.infer<typeof alignmentSchema>;
export type LearnerCompetence = z.infer<typeof learnerCompetenceSchema>;

/** Position of a level in the referential's scale (0 = the lowest); -1 for a level the scale does not have. */
export function levelRank(ref: Referential, level: string): number {
  return ref.scale.levels.findIndex((l) => l.id === level);
}

/** Every competence code of a referential, in document order. */
export function competenceCodes(ref: Referential): string[] {
  return ref.kind === 'learner'
    ? ref.entries.flatMap((e) => e.competences.map((c) => c.code))
    : ref.blocks.flatMap((b) => b.competences.map((c) => c.code));
}

/** Every code a crosswalk may refer to: competences, and for mediators the blocks too. */
export function allCodes(ref: Referential): string[] {
  return ref.kind === 'learner'
    ? competenceCodes(ref)
    : ref.blocks.flatMap((b) => [b.code, ...b.competences.map((c) => c.code)]);
}
