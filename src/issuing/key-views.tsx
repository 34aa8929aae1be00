import type { FC } from 'hono/jsx';
import { multikeyFragment } from '../ob3/did.js';
import { formatDate, formatDateTime } from '../lib/dates.js';
import type { OrganisationRow } from '../organisations/lookup.js';
import { CellLabel, Field } from '../web/layout.js';
import { Csrf, Table, useLang, useT } from '../web/render.js';
import type { IssuerKeyRow } from './store.js';

export const KeysPage: FC<{ org: OrganisationRow; keys: IssuerKeyRow[]; did: string }> = ({ org, keys, did }) => {
  const t = useT();
  const lang = useLang();
  return (
    <>
      <h1>
        {t('Clés de signature', 'Signing keys')} — {org.name}
      </h1>
      <p class="lead">
        {t(
          'Les badges sont signés avec la clé active. Changer de clé (rotation) ne touche pas les badges déjà délivrés : l’ancienne clé reste publiée pour les vérifier. Déclarer une clé compromise rend invalides tous les badges qu’elle a signés.',
          'Badges are signed with the active key. Rotating keys does not affect issued badges: the old key stays published to verify them. Declaring a key compromised invalidates every badge it signed.',
        )}
      </p>
      <p>
        {t(
          'Chaque clé a deux formes, l’une pour les badges habituels, l’autre pour les portefeuilles de badges ouverts : changer de clé ou la déclarer compromise agit sur les deux à la fois.',
          'Each key has two forms, one for the usual badges, the other for open badge wallets: rotating a key or declaring it compromised acts on both at once.',
        )}
      </p>
      <p>
        {t('Identifiant d’émetteur :', 'Issuer identifier:')} <span class="mono">{did}</span>
      </p>
      <Table
        id="keys"
        caption={t('Clés de l’émetteur', 'Issuer keys')}
        head={[t('Clé', 'Key'), t('Créée le', 'Created'), t('État', 'State'), t('Action', 'Action')]}
      >
        {keys.map((k) => (
          <tr>
            <td class="mono">#{k.fragment}</td>
            <td>
              <CellLabel>{t('Créée le', 'Created')}</CellLabel>
              {formatDateTime(k.createdAt, lang)}
            </td>
            <td>
              <CellLabel>{t('État', 'State')}</CellLabel>
              {k.status === 'active'
                ? t('active', 'active')
                : k.status === 'retired'
                  ? `${t('retirée le', 'retired on')} ${formatDate(k.retiredAt!, lang)}`
                  : `${t('compromise depuis le', 'compromised since')} ${formatDate(k.compromisedAt!, lang)}`}
            </td>
            <td>
              {k.status === 'compromised' ? null : (
                <details>
                  <summary>
                    {t('Déclarer compromise', 'Declare compromised')}
                    <span class="visually-hidden"> #{k.fragment}</span>
                  </summary>
                  <form method="post" action={`/organisations/${org.slug}/cles/${k.fragment}/compromise`} class="stack">
                    <Csrf />
                    <Field
                      id={`why-${k.fragment}`}
                      name="reason"
                      label={t('Que s’est-il passé ?', 'What happened?')}
                      required
                    />
                    <button type="submit" class="danger">
                      {t('Déclarer cette clé compromise', 'Declare this key compromised')}
                    </button>
                  </form>
                </details>
              )}
            </td>
          </tr>
        ))}
      </Table>
      <details id="cles-specialistes">
        <summary>{t('Pour les spécialistes', 'For specialists')}</summary>
        <ul>
          {keys.map((k) => (
            <li>
              <span class="mono">#{k.fragment}</span> — ES256 (VC-JWT, JWK)
              {k.status === 'compromised' ? ` — ${t('compromise', 'compromised')}` : ''}
              <br />
              {k.multikeyPublic ? (
                <>
                  <span class="mono">#{multikeyFragment(k.fragment)}</span> — Ed25519 (Data Integrity eddsa-rdfc-2022,
                  Multikey) <span class="mono">{k.multikeyPublic}</span>
                </>
              ) : (
                t(
                  'Ed25519 (Data Integrity) : créée à la première demande d’un badge sous cette forme.',
                  'Ed25519 (Data Integrity): created on the first request for a badge in that form.',
                )
              )}
            </li>
          ))}
        </ul>
        <p>
          {t(
            'Le document DID publie les deux moitiés des clés actives et retirées, jamais celles d’une clé compromise.',
            'The DID document publishes both halves of active and retired keys, never those of a compromised key.',
          )}
        </p>
      </details>
      <form method="post" action={`/organisations/${org.slug}/cles/rotation`} class="actions">
        <Csrf />
        <button type="submit">{t('Changer de clé (rotation)', 'Rotate the key')}</button>
      </form>
    </>
  );
};
