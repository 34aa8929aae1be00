import type { Hono } from 'hono';
import { allow, PUBLIC } from '../auth/access.js';
import type { AppEnv } from '../context.js';
import { documentType } from '../web/negotiate.js';
import { params } from '../web/route.js';
import { AchievementPage } from './achievement-views.js';
import { findAchievement } from './achievements.js';
import { achievementPng } from './artefacts.js';
import { badgeSvg } from './badge-image.js';
import { achievementParams } from './schemas.js';

const IMMUTABLE = 'public, max-age=86400';

/** What a badge attests (public): its page, its JSON, its image (SVG or PNG). */
export function achievementRoutes(app: Hono<AppEnv>): void {
  app.get('/achievements/:slug/:version/:path{.+}', allow(PUBLIC), params(achievementParams), async (c) => {
    const { slug, version, path } = c.req.valid('param');
    const ext = /\.(json|svg|png)$/.exec(path)?.[1];
    const key = `${slug}/${version}/${ext ? path.slice(0, -(ext.length + 1)) : path}`;
    const { set, achievement } = await findAchievement(c.var.deps, key);
    if (ext === 'svg')
      return c.body(badgeSvg(achievement.badge), 200, {
        'content-type': 'image/svg+xml; charset=utf-8',
        'cache-control': IMMUTABLE,
      });
    if (ext === 'png') {
      const png = await achievementPng(c.var.deps, achievement.achievement.id, () => badgeSvg(achievement.badge));
      return c.body(png as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'image/png', 'cache-control': IMMUTABLE });
    }
    if (ext === 'json' || (!ext && documentType(c) !== 'text/html')) {
      c.header('cache-control', IMMUTABLE);
      return c.json(achievement.achievement);
    }
    return c.render(
      <AchievementPage
        derived={achievement}
        referentialTitle={set.referential.title}
        svgUrl={`${achievement.achievement.id}.svg`}
      />,
      { title: achievement.achievement.name },
    );
  });
}
