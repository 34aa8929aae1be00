import type { FC } from 'hono/jsx';
import type { T } from './i18n.js';
import { useT } from './render.js';

/**
 * Handing a link over: the link to read or copy by hand, and — without any script — an e-mail and a
 * text message already written in plain French. The copy button appears only when /static/app.js
 * runs (progressive enhancement; the CSP forbids inline scripts), and the phone's own share sheet
 * (`nativeShare`) only where the browser has one (`navigator.share`).
 */
export const ShareLink: FC<{
  /** Only for pages still rendered with `c.html`; pages rendered with `c.render` read the language. */
  t?: T;
  id: string;
  url: string;
  /** Short message for e-mail and SMS; the link is appended. */
  message: string;
  subject: string;
  email?: string | null | undefined;
  /** A "Partager" button opening the phone's share sheet (Web Share API), where there is one. */
  nativeShare?: boolean;
  /**
   * The link in the text's font rather than a monospace one (whose zero is slashed or dotted), for
   * a reader who reads little; a secret token keeps the monospace that tells 0 from O.
   */
  plain?: boolean;
}> = ({ t: given, id, url, message, subject, email, nativeShare, plain }) => {
  const t = given ?? useT();
  const body = `${message}\n${url}`;
  return (
    <div class="share">
      <p class={plain ? 'secret' : 'secret mono'} id={id}>
        {url}
      </p>
      <p class="actions no-print">
        {nativeShare ? (
          <button type="button" data-share-url={url} data-share-title={subject} data-share-text={message} hidden>
            {t('Partager', 'Share')}
          </button>
        ) : null}
        <button type="button" class="secondary" data-copy-for={id} hidden>
          {t('Copier le lien', 'Copy the link')}
        </button>
        <a
          class="button secondary"
          href={`mailto:${email ? encodeURIComponent(email) : ''}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`}
        >
          {t('Envoyer par e-mail', 'Send by e-mail')}
        </a>
        <a class="button secondary" href={`sms:?&body=${encodeURIComponent(body)}`}>
          {t('Envoyer par SMS', 'Send by text message')}
        </a>
      </p>
      <p class="muted no-print" aria-live="polite" data-copied-for={id} />
    </div>
  );
};
