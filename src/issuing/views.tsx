import type { FC } from 'hono/jsx';
import type { T } from '../web/i18n.js';
import { useT } from '../web/render.js';
import { type AchievementKind, KIND_POLICY } from './kinds.js';

/**
 * The words of issuing that other pages share (a learner's badges, the holder's page): a kind's name
 * and a credential's state. Each area's pages are in its `<area>-views.tsx`.
 */

export function kindName(kind: AchievementKind, t: T): string {
  const { name } = KIND_POLICY[kind];
  return t(name.fr, name.en);
}

export const StatusBadge: FC<{ state: 'active' | 'revoked' | 'suspended' }> = ({ state }) => {
  const t = useT();
  return state === 'active' ? (
    <span class="badge-status ok">{t('Valide', 'Valid')}</span>
  ) : state === 'revoked' ? (
    <span class="badge-status bad">{t('Révoqué', 'Revoked')}</span>
  ) : (
    <span class="badge-status warn">{t('Suspendu', 'Suspended')}</span>
  );
};
