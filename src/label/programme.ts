import type { AppDeps } from '../context.js';
import { commitAudited } from '../db/audit.js';
import type { Db } from '../db/client.js';
import { conflict, invalid, notFound } from '../errors.js';
import { sha256Hex } from '../lib/crypto.js';
import { semverSortKey } from '../lib/semver.js';
import { labelProgrammeSchema, type LabelProgramme } from '../referentials/label-schema.js';
import * as store from './store.js';

/**
 * Label programme versions: stored as immutable canonical JSON, like referentials. Loading a
 * known version again is a no-op when identical and refused when different.
 */
export async function importLabelProgramme(
  deps: AppDeps,
  programme: LabelProgramme,
  actorUserId: string | null = null,
): Promise<'created' | 'unchanged'> {
  const db = deps.database.db;
  const parsed = labelProgrammeSchema.safeParse(programme);
  if (!parsed.success)
    throw invalid(parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })));
  const content = JSON.stringify(parsed.data);
  const contentHash = await sha256Hex(content);
  const existing = await store.findProgramme(db, programme.slug, programme.version);
  if (existing) {
    if (existing.contentHash === contentHash) return 'unchanged';
    throw conflict({
      fr: `La version ${programme.version} du label « ${programme.slug} » est déjà publiée avec un autre contenu : publiez une nouvelle version.`,
      en: `Version ${programme.version} of label “${programme.slug}” is already published with other content: publish a new version.`,
    });
  }
  const at = deps.clock();
  await commitAudited(
    deps,
    actorUserId ? { userId: actorUserId } : null,
    [
      store.insertProgramme(db, {
        slug: programme.slug,
        version: programme.version,
        title: programme.title,
        content,
        contentHash,
        sortKey: semverSortKey(programme.version),
        createdAt: at.toISOString(),
      }),
    ],
    {
      action: 'label-programme.published',
      targetType: 'label-programme',
      targetId: `${programme.slug}@${programme.version}`,
      data: { contentHash },
    },
    at,
  );
  return 'created';
}

function parse(row: store.LabelProgrammeRow): LabelProgramme {
  return JSON.parse(row.content) as LabelProgramme;
}

/** A programme by its slug: the given version, or its latest. */
export async function getProgramme(db: Db, slug: string, version?: string): Promise<LabelProgramme> {
  const row = version ? await store.findProgramme(db, slug, version) : await store.latestProgramme(db, slug);
  if (!row) throw notFound({ fr: 'Ce programme de label n’existe pas.', en: 'This label programme does not exist.' });
  return parse(row);
}

/** The latest version of every programme published on this service, by slug. */
export async function publishedProgrammes(db: Db): Promise<LabelProgramme[]> {
  const latest = new Map<string, store.LabelProgrammeRow>();
  for (const row of await store.programmeVersions(db)) if (!latest.has(row.slug)) latest.set(row.slug, row);
  return [...latest.values()].map(parse);
}

/**
 * The programme a request addresses by its slug, or, when it names none, the one programme of this
 * service. With several there is no default (a programme added later never takes over silently):
 * the request must name one, and is told which exist.
 */
export async function chosenProgramme(db: Db, slug: string | undefined): Promise<LabelProgramme> {
  if (slug) return getProgramme(db, slug);
  const all = await publishedProgrammes(db);
  if (all.length === 1) return all[0]!;
  if (all.length === 0)
    throw notFound({
      fr: 'Aucun programme de label n’est publié sur ce service.',
      en: 'No label programme is published on this service.',
    });
  const slugs = all.map((p) => p.slug).join(', ');
  throw invalid([{ path: 'programme', message: `programme à choisir : ${slugs}` }], {
    fr: `Plusieurs programmes de label sont publiés sur ce service : précisez lequel (${slugs}).`,
    en: `Several label programmes are published on this service: say which one (${slugs}).`,
  });
}

export async function findProgrammeOrNull(db: Db, slug: string, version: string): Promise<LabelProgramme | null> {
  const row = await store.findProgramme(db, slug, version);
  return row ? parse(row) : null;
}

// The same reads for the route files, which hold the request's deps (they call services only).

/** The latest version of every programme published on this service. */
export function programmesOf(deps: AppDeps): Promise<LabelProgramme[]> {
  return publishedProgrammes(deps.database.db);
}

/** A programme's latest version, by its slug (404 when there is none). */
export function latestProgrammeOf(deps: AppDeps, slug: string): Promise<LabelProgramme> {
  return getProgramme(deps.database.db, slug);
}

/** A programme's given version, or null. */
export function programmeVersionOf(deps: AppDeps, slug: string, version: string): Promise<LabelProgramme | null> {
  return findProgrammeOrNull(deps.database.db, slug, version);
}
