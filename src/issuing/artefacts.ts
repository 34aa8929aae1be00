import type { AppDeps } from '../context.js';
import { type BadgeImageInput, badgeSvg, LABEL_MARK } from './badge-image.js';
import { credentialOfRow } from './issuance.js';
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

/** The picture of a credential's achievement: its id (cache key) and what the badge shows. */
async function pictureOf(deps: AppDeps, row: CredentialRow): Promise<{ id: string; badge: BadgeImageInput }> {
  if (row.achievementKind === 'label') {
    // A label's achievement comes from its programme, not from a referential: the picture is drawn
    // from the signed credential's own achievement (the same title and mark as the programme's badge).
    const { id, name } = credentialOfRow(row).credentialSubject.achievement;
    return { id, badge: { title: name, mark: LABEL_MARK, kind: 'label' } };
  }
  const { achievement } = await findAchievement(deps, achievementKeyFrom(deps, row.achievementId));
  return { id: achievement.achievement.id, badge: achievement.badge };
}

/** The badge image of a credential's achievement, with the signed credential baked in (OB 3.0 §5.3). */
export async function bakedSvg(deps: AppDeps, row: CredentialRow): Promise<string> {
  const { badge } = await pictureOf(deps, row);
  return bakeSvg(badgeSvg(badge), row.jwt);
}

export async function bakedPng(deps: AppDeps, row: CredentialRow): Promise<Uint8Array> {
  const { id, badge } = await pictureOf(deps, row);
  return bakePng(await achievementPng(deps, id, () => badgeSvg(badge)), row.jwt);
}
