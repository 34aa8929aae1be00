import type { FC } from 'hono/jsx';
import type { AppDeps, Principal } from '../context.js';
import { useT } from './render.js';

/**
 * What a committee asks of the signed-in person (more evidence on an application), as /espace shows
 * it. The features that run committees (certification, label) find their own requests; this frame
 * only knows the shape, so that /espace reads them without importing the features.
 */
export interface CommitteeRequest {
  /** What the request is about (« Votre demande de certification »), French then English. */
  about: readonly [fr: string, en: string];
  /** The application's page: the committee's remarks, the answer, sending it back. */
  href: string;
  /** Each item the committee flagged: its title, what the committee wrote, where to add evidence. */
  items: { title: string; messages: string[]; href: string }[];
}

/** The requests awaiting the person, from one feature. */
export type CommitteeRequestSource = (deps: AppDeps, actor: Principal) => Promise<CommitteeRequest[]>;

/** One box per request, first on the person's space: each flagged item links straight to its evidence form. */
export const CommitteeRequests: FC<{ requests: CommitteeRequest[] }> = ({ requests }) => {
  const t = useT();
  return (
    <>
      {requests.map((r, i) => (
        <section class="callout warn" aria-labelledby={`demande-comite-${i}`}>
          <h2 id={`demande-comite-${i}`} class="flush-top">
            {t('Le comité demande des compléments', 'The committee asks for more')}
          </h2>
          <p>{t(r.about[0], r.about[1])}</p>
          <ul class="asked">
            {r.items.map((item) => (
              <li>
                <a href={item.href}>{item.title}</a>
                {item.messages.map((m) => (
                  <p class="tight">
                    {t('Le comité :', 'The committee:')} « {m} »
                  </p>
                ))}
              </li>
            ))}
          </ul>
          <p class="flush">
            <a href={r.href}>{t('Voir la demande et la renvoyer au comité', 'See the application and send it back')}</a>
          </p>
        </section>
      ))}
    </>
  );
};
