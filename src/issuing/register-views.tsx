import type { FC } from 'hono/jsx';
import { formatDateTime } from '../lib/dates.js';
import type { OrganisationRow } from '../organisations/lookup.js';
import { CellLabel, Field } from '../web/layout.js';
import { Csrf, Table, useLang, useT } from '../web/render.js';
import type { CredentialRow } from './store.js';
import { StatusBadge } from './views.js';

export const BadgesPage: FC<{
  org: OrganisationRow;
  rows: (CredentialRow & { name: string; holder: string | null })[];
  /** Hub admins see a structure's register without managing it. */
  canManage: boolean;
}> = ({ org, rows, canManage }) => {
  const t = useT();
  const lang = useLang();
  return (
    <>
      <h1>
        {t('Badges délivrés', 'Issued badges')} — {org.name}
      </h1>
      {rows.length === 0 ? (
        <p>{t('Aucun badge délivré pour l’instant.', 'No badge issued yet.')}</p>
      ) : (
        <Table
          id="badges"
          caption={t('Badges délivrés, du plus récent au plus ancien', 'Issued badges, newest first')}
          head={[
            t('Badge', 'Badge'),
            t('Personne', 'Person'),
            t('Délivré le', 'Issued'),
            t('État', 'State'),
            t('Gérer', 'Manage'),
          ]}
        >
          {rows.map((r) => {
            const state = r.revokedAt ? 'revoked' : r.suspendedAt ? 'suspended' : 'active';
            return (
              <tr>
                <td>
                  <a href={`/credentials/${r.id}`}>{r.name}</a>
                </td>
                <td>
                  <CellLabel>{t('Personne', 'Person')}</CellLabel>
                  {r.holder ??
                    (r.learnerId
                      ? t('(données effacées)', '(data erased)')
                      : t('(hors accompagnement)', '(not a learner)'))}
                </td>
                <td>
                  <CellLabel>{t('Délivré le', 'Issued')}</CellLabel>
                  {formatDateTime(r.issuedAt, lang)}
                </td>
                <td>
                  <CellLabel>{t('État', 'State')}</CellLabel>
                  <StatusBadge state={state} />
                </td>
                {canManage ? (
                  <td>
                    <details>
                      <summary>
                        {t('Changer l’état', 'Change state')}
                        <span class="visually-hidden"> — {r.name}</span>
                      </summary>
                      <form method="post" action={`/organisations/${org.slug}/badges/${r.id}/statut`} class="stack">
                        <Csrf />
                        <Field
                          id={`reason-${r.id}`}
                          name="reason"
                          label={t('Raison (visible lors de la vérification)', 'Reason (shown on verification)')}
                          required
                        />
                        {/* One button per action, each saying what it does. */}
                        <div class="actions">
                          {state !== 'revoked' ? (
                            <button type="submit" name="action" value="revoke" class="danger">
                              {t('Révoquer ce badge (définitif)', 'Revoke this badge (final)')}
                            </button>
                          ) : null}
                          {state === 'active' && r.suspendable ? (
                            <button type="submit" name="action" value="suspend" class="secondary">
                              {t('Suspendre ce badge', 'Suspend this badge')}
                            </button>
                          ) : null}
                          {state === 'suspended' ? (
                            <button type="submit" name="action" value="reinstate">
                              {t('Rétablir ce badge', 'Reinstate this badge')}
                            </button>
                          ) : null}
                        </div>
                      </form>
                    </details>
                  </td>
                ) : null}
              </tr>
            );
          })}
        </Table>
      )}
    </>
  );
};
