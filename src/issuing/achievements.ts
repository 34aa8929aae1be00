import type { AppDeps } from '../context.js';
import type { Db } from '../db/client.js';
import { notFound } from '../errors.js';
import { deriveAchievements, type DerivedAchievement } from './derive-achievements.js';
import {
  findReferentialIdentity,
  findReferentialVersion,
  fromRow,
  type StoredReferential,
} from '../referentials/service.js';

export interface AchievementSet extends StoredReferential {
  derived: readonly DerivedAchievement[];
  byKey: ReadonlyMap<string, DerivedAchievement>;
}

// Published referential versions never change: their parsed form and derived achievements are
// cached per isolate, keyed by content hash (a cache of immutable values, not state).
const cache = new Map<string, AchievementSet>();

async function load(deps: AppDeps, db: Db, slug: string, version?: string): Promise<AchievementSet> {
  const missing = () =>
    notFound({
      fr: `Référentiel « ${slug} »${version ? ` ${version}` : ''} introuvable.`,
      en: `Referential “${slug}”${version ? ` ${version}` : ''} not found.`,
    });
  // The identity alone keys the cache; the (large) content is read only on a miss.
  const identity = await findReferentialIdentity(db, slug, version);
  if (!identity) throw missing();
  const cacheKey = `${deps.config.publicUrl}|${identity.slug}@${identity.version}|${identity.contentHash}`;
  let set = cache.get(cacheKey);
  if (!set) {
    const row = await findReferentialVersion(db, identity.slug, identity.version);
    if (!row) throw missing();
    const stored = fromRow(row);
    const derived = deriveAchievements(stored.referential, {
      baseUrl: deps.config.publicUrl,
      ...(stored.rules ? { rules: stored.rules } : {}),
    });
    set = { ...stored, derived, byKey: new Map(derived.map((d) => [d.key, d])) };
    if (cache.size > 64) cache.clear();
    cache.set(cacheKey, set);
  }
  return set;
}

export function achievementSet(deps: AppDeps, slug: string, version?: string): Promise<AchievementSet> {
  return load(deps, deps.database.db, slug, version);
}

/** `abecedaire/1.0.0/competences/A1` → the achievement and its referential. */
export async function findAchievement(
  deps: AppDeps,
  key: string,
): Promise<{ set: AchievementSet; achievement: DerivedAchievement }> {
  const [slug, version] = key.split('/');
  if (!slug || !version) throw notFound();
  const set = await achievementSet(deps, slug, version);
  const achievement = set.byKey.get(key);
  if (!achievement)
    throw notFound({
      fr: 'Ce badge n’existe pas dans ce référentiel.',
      en: 'This badge does not exist in this referential.',
    });
  return { set, achievement };
}

/** Resolves an achievement given as its key or its full URL on this instance. */
export function achievementKeyFrom(deps: AppDeps, value: string): string {
  const prefix = `${deps.config.publicUrl}/achievements/`;
  return value.startsWith(prefix) ? value.slice(prefix.length) : value.replace(/^\/?achievements\//, '');
}
