import type { FC } from 'hono/jsx';
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
      <form method="post" action={`/organisations/${org.slug}/cles/rotation`} class="actions">
        <Csrf />
        <button type="submit">{t('Changer de clé (rotation)', 'Rotate the key')}</button>
      </form>
    </>
  );
};
