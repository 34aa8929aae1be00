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

export async function getProgramme(db: Db, slug?: string, version?: string): Promise<LabelProgramme> {
  const row = slug && version ? await store.findProgramme(db, slug, version) : await store.latestProgramme(db, slug);
  if (!row)
    throw notFound({
      fr: 'Aucun programme de label n’est publié sur ce service.',
      en: 'No label programme is published on this service.',
    });
  return parse(row);
}

export async function findProgrammeOrNull(db: Db, slug: string, version: string): Promise<LabelProgramme | null> {
  const row = await store.findProgramme(db, slug, version);
  return row ? parse(row) : null;
}
