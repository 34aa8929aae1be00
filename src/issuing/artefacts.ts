import type { AppDeps } from '../context.js';
import { badgeSvg } from './badge-image.js';
import { bakePng, bakeSvg } from '../ob3/baking.js';
import { achievementKeyFrom, findAchievement } from './achievements.js';
import type { CredentialRow } from './store.js';

// Rendered badge PNGs by achievement id: immutable for a published referential; bounded per isolate.
const pngCache = new Map<string, Promise<Uint8Array>>();

/** `svg` is only drawn on a cache miss. */
export function achievementPng(deps: AppDeps, achievementId: string, svg: () => string): Promise<Uint8Array> {
  let png = pngCache.get(achievementId);
  if (!png) {
    png = deps.svgToPng(svg());
    png.catch(() => pngCache.delete(achievementId));
    if (pngCache.size > 256) pngCache.clear();
    pngCache.set(achievementId, png);
  }
  return png;
}

/** The badge image of a credential's achievement, with the signed credential baked in (OB 3.0 §5.3). */
export async function bakedSvg(deps: AppDeps, row: CredentialRow): Promise<string> {
  const { achievement } = await findAchievement(deps, achievementKeyFrom(deps, row.achievementId));
  return bakeSvg(badgeSvg(achievement.badge), row.jwt);
}

export async function bakedPng(deps: AppDeps, row: CredentialRow): Promise<Uint8Array> {
  const { achievement } = await findAchievement(deps, achievementKeyFrom(deps, row.achievementId));
  return bakePng(await achievementPng(deps, achievement.achievement.id, () => badgeSvg(achievement.badge)), row.jwt);
}
