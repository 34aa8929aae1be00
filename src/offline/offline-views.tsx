import type { FC } from 'hono/jsx';
import { useT } from '../web/render.js';
import { KEEP_DAYS, KEEP_PAGES } from './offline-policy.js';

/**
 * What waits on this phone: filled by /static/hors-ligne.js from the device's storage (the server
 * knows nothing of it). The same page is the one shown when a page was never opened with network.
 */
export const OutboxPage: FC = () => {
  const t = useT();
  return (
    <div class="stack" data-outbox>
      <h1>{t('Envois en attente sur ce téléphone', 'Sending queue on this phone')}</h1>
      <p role="status" aria-live="polite" data-outbox-status />
      <noscript>
        <p class="callout warn">
          {t(
            'Cette page a besoin de JavaScript. Sans lui, les formulaires sont envoyés tout de suite, comme d’habitude.',
            'This page needs JavaScript. Without it, forms are sent at once, as usual.',
          )}
        </p>
      </noscript>
      <ul class="plain-list stack" data-outbox-list />
      <p data-outbox-empty>{t('Rien n’attend sur ce téléphone.', 'Nothing waits on this phone.')}</p>
      <section data-outbox-sent hidden>
        <h2>{t('Envoyé', 'Sent')}</h2>
        <ul />
      </section>
      <details>
        <summary>
          {t('Ce que ce téléphone garde, et comment l’effacer', 'What this phone keeps, and how to erase it')}
        </summary>
        <ul>
          <li>
            {t(
              `Les pages de personnes que vous avez ouvertes, pour les consulter sans réseau : les ${KEEP_PAGES} dernières, ${KEEP_DAYS} jours au plus.`,
              `The pages of people you opened, to read them without network: the last ${KEEP_PAGES}, for ${KEEP_DAYS} days at most.`,
            )}
          </li>
          <li>
            {t(
              'Les formulaires remplis sans réseau, jusqu’à leur envoi.',
              'Forms filled in without network, until they are sent.',
            )}
          </li>
          <li>
            {t(
              '« Se déconnecter » efface tout cela de ce téléphone. Une page ouverte par un autre compte efface aussi les pages gardées.',
              '“Sign out” erases all of it from this phone. A page opened by another account also erases the kept pages.',
            )}
          </li>
        </ul>
      </details>
    </div>
  );
};
