import { parseDocument, type YAMLParseError, LineCounter } from 'yaml';
import type { FieldError } from '../errors.js';
import {
  awardRulesSchema,
  type AwardRules,
  type CertificationRules,
  certificationRulesSchema,
} from './rules-schema.js';
import { allCodes, crossFieldIssues, referentialSchema, type Referential } from './schema.js';

/**
 * From file text to a validated referential: YAML (or JSON, a subset of YAML) → zod → canonical
 * form. Pure and edge-safe: the CLI, the Node bootstrap and the HTTP API all come through here.
 */

export interface Problem extends FieldError {
  /** 1-based line in the source file, when the path can be located. */
  line?: number;
}

export type LoadResult<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

export function parseYaml(
  text: string,
): { data: unknown; locate: (path: (string | number)[]) => number | undefined } | { problems: Problem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((e: YAMLParseError) => ({
        path: '',
        message: `YAML illisible : ${e.message.split('\n')[0]}`,
        ...(e.linePos?.[0] ? { line: e.linePos[0].line } : {}),
      })),
    };
  }
  const locate = (path: (string | number)[]) => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  return { data: doc.toJS(), locate };
}

/** Puts each competence's indicators in the order of the scale, so equal content hashes equal. */
function canonicalise(ref: Referential): Referential {
  const order = ref.scale.levels.map((l) => l.id);
  const sortIndicators = (ind: Record<string, string[]>) =>
    Object.fromEntries(order.filter((id) => id in ind).map((id) => [id, ind[id]!]));
  if (ref.kind === 'learner') {
    return {
      ...ref,
      entries: ref.entries.map((e) => ({
        ...e,
        competences: e.competences.map((c) => ({ ...c, indicators: sortIndicators(c.indicators) })),
      })),
    };
  }
  return {
    ...ref,
    blocks: ref.blocks.map((b) => ({
      ...b,
      competences: b.competences.map((c) => ({ ...c, indicators: sortIndicators(c.indicators) })),
    })),
  };
}

export function loadReferentialText(text: string): LoadResult<Referential> {
  const parsed = parseYaml(text);
  if ('problems' in parsed) return { ok: false, problems: parsed.problems };
  const result = referentialSchema.safeParse(parsed.data);
  if (!result.success) {
    // Structural errors stop zod before the cross-field rules: run those too, for one full report.
    const issues = [
      ...result.error.issues.map((i) => ({ path: i.path as (string | number)[], message: i.message })),
      ...crossFieldIssues(parsed.data),
    ];
    const seen = new Set<string>();
    return {
      ok: false,
      problems: issues.flatMap((i) => {
        const key = `${i.path.join('.')}|${i.message}`;
        if (seen.has(key)) return [];
        seen.add(key);
        const line = parsed.locate(i.path);
        return [{ path: i.path.map(String).join('.'), message: i.message, ...(line ? { line } : {}) }];
      }),
    };
  }
  return { ok: true, value: canonicalise(result.data) };
}

export function loadRulesText(text: string, ref: Referential): LoadResult<AwardRules> {
  const parsed = parseYaml(text);
  if ('problems' in parsed) return { ok: false, problems: parsed.problems };
  const result = awardRulesSchema.safeParse(parsed.data);
  if (!result.success) {
    return {
      ok: false,
      problems: result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    };
  }
  return checkRules(result.data, ref);
}

/** Rules must name this referential version, levels of its scale and codes it has. */
export function checkRules(rules: AwardRules, ref: Referential): LoadResult<AwardRules> {
  const problems: Problem[] = [];
  if (rules.referential !== ref.slug || rules.version !== ref.version) {
    problems.push({
      path: 'referential',
      message: `ces règles visent ${rules.referential} ${rules.version}, pas ${ref.slug} ${ref.version}`,
    });
  }
  const levels = ref.scale.levels.map((l) => l.id);
  for (const [path, level] of [
    ['competenceBadge.minLevel', rules.competenceBadge.minLevel],
    ['passport.minLevel', rules.passport.minLevel],
  ] as const) {
    if (!levels.includes(level))
      problems.push({ path, message: `niveau « ${level} » absent de l’échelle (${levels.join(', ')})` });
  }
  const codes = new Set(allCodes(ref));
  rules.passport.core.forEach((code, i) => {
    if (!codes.has(code))
      problems.push({ path: `passport.core.${i}`, message: `compétence « ${code} » absente du référentiel` });
  });
  if (rules.passport.minCount > rules.passport.core.length) {
    problems.push({
      path: 'passport.minCount',
      message: `${rules.passport.minCount} compétences exigées sur ${rules.passport.core.length} listées`,
    });
  }
  return problems.length ? { ok: false, problems } : { ok: true, value: rules };
}

/** Certification rules of a mediator referential (`<version>.rules.yaml`), checked against it. */
export function loadCertificationRulesText(text: string, ref: Referential): LoadResult<CertificationRules> {
  const parsed = parseYaml(text);
  if ('problems' in parsed) return { ok: false, problems: parsed.problems };
  const result = certificationRulesSchema.safeParse(parsed.data);
  if (!result.success) {
    return {
      ok: false,
      problems: result.error.issues.map((i) => {
        const line = parsed.locate(i.path as (string | number)[]);
        return { path: i.path.map(String).join('.'), message: i.message, ...(line ? { line } : {}) };
      }),
    };
  }
  return checkCertificationRules(result.data, ref);
}

/** Rules must name this mediator referential version, a level of its scale and blocks it has. */
export function checkCertificationRules(rules: CertificationRules, ref: Referential): LoadResult<CertificationRules> {
  const problems: Problem[] = [];
  if (ref.kind !== 'mediator')
    return {
      ok: false,
      problems: [{ path: '', message: 'règles de certification pour un référentiel de médiateurs seulement' }],
    };
  if (rules.referential !== ref.slug || rules.version !== ref.version)
    problems.push({
      path: 'referential',
      message: `ces règles visent ${rules.referential} ${rules.version}, pas ${ref.slug} ${ref.version}`,
    });
  const levels = ref.scale.levels.map((l) => l.id);
  if (!levels.includes(rules.block.minLevel))
    problems.push({
      path: 'block.minLevel',
      message: `niveau « ${rules.block.minLevel} » absent de l’échelle (${levels.join(', ')})`,
    });
  const blocks = ref.blocks.map((b) => b.code);
  rules.certification.requiredBlocks.forEach((code, i) => {
    if (!blocks.includes(code))
      problems.push({ path: `certification.requiredBlocks.${i}`, message: `bloc « ${code} » absent du référentiel` });
  });
  if (rules.certification.minBlocks > blocks.length)
    problems.push({
      path: 'certification.minBlocks',
      message: `${rules.certification.minBlocks} blocs exigés sur ${blocks.length}`,
    });
  if (rules.certification.minBlocks < rules.certification.requiredBlocks.length)
    problems.push({ path: 'certification.minBlocks', message: 'moins de blocs exigés que de blocs obligatoires' });
  if (rules.validity.renewalOpensMonthsBefore >= rules.validity.months)
    problems.push({
      path: 'validity.renewalOpensMonthsBefore',
      message: 'le renouvellement doit s’ouvrir après la délivrance',
    });
  return problems.length ? { ok: false, problems } : { ok: true, value: rules };
}

/**
 * A new version must account for every code of the version it replaces: a code that disappears
 * needs a crosswalk entry, so that credentials issued against the old code stay interpretable.
 */
export function checkSuccession(next: Referential, previous: Referential | undefined): Problem[] {
  if (!previous) {
    return next.crosswalk
      ? [
          {
            path: 'crosswalk.from',
            message: `aucune version précédente de « ${next.slug} » n’est chargée (${next.crosswalk.from})`,
          },
        ]
      : [];
  }
  const problems: Problem[] = [];
  if (previous.kind !== next.kind)
    problems.push({ path: 'kind', message: `« ${next.slug} » est un référentiel de type ${previous.kind}` });
  const before = allCodes(previous);
  const after = new Set(allCodes(next));
  const removed = before.filter((code) => !after.has(code));
  if (next.crosswalk && next.crosswalk.from !== previous.version) {
    problems.push({
      path: 'crosswalk.from',
      message: `la table de correspondance doit partir de la version précédente ${previous.version}`,
    });
  }
  if (removed.length > 0 && !next.crosswalk) {
    problems.push({
      path: 'crosswalk',
      message: `codes retirés ou renommés depuis ${previous.version} sans table de correspondance : ${removed.join(', ')}`,
    });
  } else if (next.crosswalk) {
    const mapped = new Set(next.crosswalk.map.map((m) => m.from));
    for (const code of removed) {
      if (!mapped.has(code))
        problems.push({
          path: 'crosswalk.map',
          message: `le code « ${code} » de la version ${previous.version} n’a pas de correspondance`,
        });
    }
    const known = new Set(before);
    next.crosswalk.map.forEach((m, i) => {
      if (!known.has(m.from))
        problems.push({
          path: `crosswalk.map.${i}.from`,
          message: `code « ${m.from} » absent de la version ${previous.version}`,
        });
    });
  }
  return problems;
}
