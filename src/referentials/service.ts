import type { AppDeps } from '../context.js';
import { commitAudited } from '../db/audit.js';
import { conflict, invalid, notFound } from '../errors.js';
import { sha256Hex } from '../lib/crypto.js';
import { semverSortKey } from '../lib/semver.js';
import { checkCertificationRules, checkRules, checkSuccession } from './loader.js';
import type { AwardRules, CertificationRules } from './rules-schema.js';
import { referentialSchema, type Referential } from './schema.js';
import * as store from './store.js';

// What other features use of this folder's tables (its store.ts is private to it: ARCHITECTURE.md, "Layers and imports").
export { findReferentialIdentity, findReferentialVersion, listReferentialVersions } from './store.js';

export interface StoredReferential {
  referential: Referential;
  rules: AwardRules | null;
  /** Certification rules (mediator referentials), stored in the same column as award rules. */
  certification: CertificationRules | null;
  createdAt: string;
}

export function fromRow(row: store.ReferentialRow): StoredReferential {
  return {
    referential: JSON.parse(row.content) as Referential,
    rules: row.rules && row.kind === 'learner' ? (JSON.parse(row.rules) as AwardRules) : null,
    certification: row.rules && row.kind === 'mediator' ? (JSON.parse(row.rules) as CertificationRules) : null,
    createdAt: row.createdAt,
  };
}

export async function getReferential(
  deps: Pick<AppDeps, 'database'>,
  slug: string,
  version?: string,
): Promise<StoredReferential> {
  const db = deps.database.db;
  const row = version
    ? await store.findReferentialVersion(db, slug, version)
    : await store.findLatestReferential(db, slug);
  if (!row) {
    throw notFound(
      version
        ? {
            fr: `Le référentiel « ${slug} » n’a pas de version ${version}.`,
            en: `Referential “${slug}” has no version ${version}.`,
          }
        : { fr: `Aucun référentiel « ${slug} ».`, en: `No referential “${slug}”.` },
    );
  }
  return fromRow(row);
}

export type ImportOutcome = 'created' | 'unchanged';

/**
 * Stores a validated referential version (and its award rules) as immutable. Loading a known
 * version again is a no-op when identical and refused when different; a version that removes
 * codes must carry a crosswalk from the version it succeeds.
 */
export async function importReferential(
  deps: AppDeps,
  input: {
    referential: Referential;
    rules?: AwardRules | null;
    certification?: CertificationRules | null;
    actorUserId?: string | null;
  },
): Promise<ImportOutcome> {
  const db = deps.database.db;
  // Values may come from the API: validate again here so that no path stores an unchecked file.
  const parsed = referentialSchema.safeParse(input.referential);
  if (!parsed.success)
    throw invalid(parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })));
  const ref = input.referential;
  const rules = input.rules ?? null;
  if (rules) {
    const checked = checkRules(rules, ref);
    if (!checked.ok) throw invalid(checked.problems.map((p) => ({ path: `rules.${p.path}`, message: p.message })));
  }
  const certification = input.certification ?? null;
  if (certification) {
    const checked = checkCertificationRules(certification, ref);
    if (!checked.ok)
      throw invalid(checked.problems.map((p) => ({ path: `certification.${p.path}`, message: p.message })));
  }
  const content = JSON.stringify(ref);
  const rulesJson = rules ? JSON.stringify(rules) : certification ? JSON.stringify(certification) : null;
  const contentHash = sha256Hex(JSON.stringify([content, rulesJson]));
  const existing = await store.findReferentialVersion(db, ref.slug, ref.version);
  if (existing) {
    if (existing.contentHash === contentHash) return 'unchanged';
    throw conflict({
      fr: `La version ${ref.version} de « ${ref.slug} » est déjà publiée avec un autre contenu. Une version publiée ne change plus : publiez une nouvelle version (par exemple ${bump(ref.version)}).`,
      en: `Version ${ref.version} of “${ref.slug}” is already published with other content. A published version never changes: publish a new version (e.g. ${bump(ref.version)}).`,
    });
  }
  const sortKey = semverSortKey(ref.version);
  const previousRow = await store.findPreviousReferential(db, ref.slug, sortKey);
  const problems = checkSuccession(ref, previousRow ? fromRow(previousRow).referential : undefined);
  if (problems.length)
    throw invalid(problems, {
      fr: 'Cette version ne peut pas succéder à la précédente.',
      en: 'This version cannot succeed the previous one.',
    });
  const at = deps.clock();
  try {
    await commitAudited(
      deps,
      typeof input.actorUserId === 'string' ? { userId: input.actorUserId } : null,
      [
        store.insertReferentialVersion(db, {
          slug: ref.slug,
          version: ref.version,
          kind: ref.kind,
          title: ref.title,
          content,
          contentHash,
          rules: rulesJson,
          sortKey,
          createdAt: at.toISOString(),
        }),
      ],
      {
        action: 'referential.published',
        targetType: 'referential',
        targetId: `${ref.slug}@${ref.version}`,
        data: { kind: ref.kind, contentHash },
      },
      at,
    );
  } catch (err) {
    // Another import of the same version won the race: same rules as above apply.
    const again = await store.findReferentialVersion(db, ref.slug, ref.version);
    if (again?.contentHash === contentHash) return 'unchanged';
    if (again)
      throw conflict({
        fr: `La version ${ref.version} de « ${ref.slug} » vient d’être publiée avec un autre contenu.`,
        en: `Version ${ref.version} of “${ref.slug}” was just published with other content.`,
      });
    throw err;
  }
  return 'created';
}

function bump(version: string): string {
  const [major, minor] = version.split('.');
  return `${major}.${Number(minor) + 1}.0`;
}

/** Every published version, all slugs (the list page and the API). */
export function publishedVersions(deps: Pick<AppDeps, 'database'>) {
  return store.listReferentialVersions(deps.database.db);
}

/** Names the published referentials give to the codes of one framework (its page lists them). */
export async function frameworkUsage(
  deps: Pick<AppDeps, 'database'>,
  framework: string,
): Promise<Record<string, string>> {
  const db = deps.database.db;
  const used: Record<string, string> = {};
  for (const r of await store.listReferentialVersions(db)) {
    const row = await store.findReferentialVersion(db, r.slug, r.version);
    if (!row) continue;
    const ref = fromRow(row).referential;
    const alignments =
      ref.kind === 'learner'
        ? ref.entries.flatMap((e) => e.competences.flatMap((x) => x.alignments))
        : ref.blocks.flatMap((b) => b.alignments);
    for (const a of alignments) if (a.framework === framework && a.name && !used[a.code]) used[a.code] = a.name;
  }
  return used;
}

/** The versions published for one slug (the referential page links them). */
export async function versionsOf(deps: Pick<AppDeps, 'database'>, slug: string): Promise<string[]> {
  return (await store.listReferentialVersions(deps.database.db)).filter((r) => r.slug === slug).map((r) => r.version);
}
