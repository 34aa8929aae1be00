import type { FC } from 'hono/jsx';
import { useApp, useT } from '../web/render.js';

/** What LinkedIn's form is filled with: what the badge's public page already shows, never the holder's name. */
export interface SharedBadge {
  /** The credential's UUID. */
  id: string;
  /** The badge's name as the holder sees it. */
  name: string;
  issuerName: string;
  validFrom: string;
  validUntil?: string | null | undefined;
}

/**
 * LinkedIn's "Add to profile" link for a certification (its documented parameters: name,
 * organizationName, issueYear/issueMonth, expirationYear/expirationMonth, certUrl, certId). The
 * credential URL is the badge's public page, which shows no name.
 */
export function linkedInAddUrl(badge: SharedBadge, publicUrl: string): string {
  const url = new URL('https://www.linkedin.com/profile/add');
  const from = new Date(badge.validFrom);
  url.searchParams.set('startTask', 'CERTIFICATION_NAME');
  url.searchParams.set('name', badge.name);
  url.searchParams.set('organizationName', badge.issuerName);
  url.searchParams.set('issueYear', String(from.getUTCFullYear()));
  url.searchParams.set('issueMonth', String(from.getUTCMonth() + 1));
  if (badge.validUntil) {
    const until = new Date(badge.validUntil);
    url.searchParams.set('expirationYear', String(until.getUTCFullYear()));
    url.searchParams.set('expirationMonth', String(until.getUTCMonth() + 1));
  }
  url.searchParams.set('certUrl', `${publicUrl}/credentials/${badge.id}`);
  url.searchParams.set('certId', badge.id);
  return url.toString();
}

/**
 * "Add to LinkedIn" and "Add to a wallet" for one badge, each with one plain sentence. The wallet
 * file is the Data Integrity form, the one open wallets read. No deep link into a wallet app: the
 * Learner Credential Wallet's (`lcw.app/request…`) needs an exchange service that receives the
 * holder's signed request, which Jalon does not run.
 */
export const ShareBadge: FC<{ badge: SharedBadge; folded?: boolean }> = ({ badge, folded }) => {
  const t = useT();
  const publicUrl = useApp().var.deps.config.publicUrl;
  const block = (
    <div class="share-badge stack">
      <div>
        <a
          class="button secondary"
          href={linkedInAddUrl(badge, publicUrl)}
          rel="noopener noreferrer"
          data-share="linkedin"
        >
          {t('Ajouter à LinkedIn', 'Add to LinkedIn')}
        </a>
        <p class="muted tight">
          {t(
            'LinkedIn s’ouvre avec le nom du badge, l’organisme, la date et le lien de vérification déjà remplis ; votre nom n’est pas envoyé, et vous relisez avant d’enregistrer.',
            'LinkedIn opens with the badge’s name, the organisation, the date and the verification link filled in; your name is not sent, and you check before saving.',
          )}
        </p>
      </div>
      <div>
        <a
          class="button secondary"
          href={`/credentials/${badge.id}.ldp.json?telecharger=1`}
          download={`badge-${badge.id}.ldp.json`}
          data-share="wallet"
        >
          {t('Ajouter à un portefeuille', 'Add to a wallet')}
        </a>
        <p class="muted tight">
          {t(
            'Enregistre le badge dans un fichier à ouvrir avec votre application de portefeuille de badges (par exemple Learner Credential Wallet) : il y garde sa signature, et chacun peut le vérifier.',
            'Saves the badge in a file to open with your badge wallet app (for example Learner Credential Wallet): it keeps its signature there, and anyone can verify it.',
          )}
        </p>
      </div>
    </div>
  );
  return folded ? (
    <details>
      <summary>
        {t('Ajouter à LinkedIn ou à un portefeuille', 'Add to LinkedIn or to a wallet')}
        <span class="visually-hidden"> — {badge.name}</span>
      </summary>
      {block}
    </details>
  ) : (
    block
  );
};
