import type { FC } from 'hono/jsx';
import { reviewStateName } from '../review/views.js';
import { useT } from '../web/render.js';
import type { queue } from './issuance.js';

/** The committee's queue: the applications to review first, then the others. */
export const QueuePage: FC<{
  rows: Awaited<ReturnType<typeof queue>>;
}> = ({ rows }) => {
  const t = useT();
  const waiting = rows.filter((r) => r.app.state === 'submitted' || r.app.state === 'resubmitted');
  const others = rows.filter((r) => !(r.app.state === 'submitted' || r.app.state === 'resubmitted'));
  const List: FC<{ items: typeof rows }> = ({ items }) =>
    items.length === 0 ? (
      <p>{t('Aucune.', 'None.')}</p>
    ) : (
      <ul class="plain-list">
        {items.map((r) => (
          <li>
            <a href={`/certification/demandes/${r.app.id}`}>{r.applicantName}</a> — {reviewStateName(r.app.state, t)} ·{' '}
            {r.votes} {t('avis', 'reviews')}
            {r.conflict
              ? ` · ${t('conflit d’intérêts : vous ne pouvez pas l’examiner', 'conflict of interest: you cannot review it')}`
              : ''}
          </li>
        ))}
      </ul>
    );
  return (
    <>
      <h1>{t('Demandes de certification', 'Certification applications')}</h1>
      <h2>{t('À examiner', 'To review')}</h2>
      <List items={waiting} />
      <h2>{t('Autres demandes', 'Other applications')}</h2>
      <List items={others} />
    </>
  );
};
