import type { FC } from 'hono/jsx';
import { formatDate } from '../lib/dates.js';
import type { OpenBadgeCredential } from '../ob3/types.js';
import type { OrganisationRow } from '../organisations/lookup.js';
import { Csrf, useLang, useT } from '../web/render.js';
import type { AchievementKind } from './kinds.js';
import { ShareBadge } from './share-views.js';
import type { CredentialRow } from './store.js';
import { kindName, StatusBadge } from './views.js';

export const CredentialPage: FC<{
  row: CredentialRow;
  credential: OpenBadgeCredential;
  issuer: OrganisationRow;
  kind: AchievementKind;
}> = ({ row, credential, issuer, kind }) => {
  const t = useT();
  const lang = useLang();
  const state = row.revokedAt ? 'revoked' : row.suspendedAt ? 'suspended' : 'active';
  const base = `/credentials/${row.id}`;
  const a = credential.credentialSubject.achievement;
  return (
    <>
      <div class="hero">
        <img class="badge" src={`${base}.svg`} alt="" width={112} height={112} />
        <div>
          <p class="muted">{kindName(kind, t)}</p>
          <h1>{a.name}</h1>
          <p>
            <StatusBadge state={state} />
          </p>
        </div>
      </div>
      {state === 'revoked' ? (
        <div class="callout bad" role="status">
          <p>
            {t('Ce badge a été révoqué par son émetteur le', 'This badge was revoked by its issuer on')}{' '}
            {formatDate(row.revokedAt!, lang)}
            {row.revocationReason ? ` : ${row.revocationReason}` : '.'}
          </p>
        </div>
      ) : state === 'suspended' ? (
        <div class="callout warn" role="status">
          <p>
            {t('Ce badge est suspendu depuis le', 'This badge has been suspended since')}{' '}
            {formatDate(row.suspendedAt!, lang)}
            {row.suspensionReason ? ` : ${row.suspensionReason}` : '.'}
          </p>
        </div>
      ) : null}
      <p>{a.description}</p>
      <dl class="meta">
        <dt>{t('Délivré par', 'Issued by')}</dt>
        <dd>
          <a href={`/issuers/${issuer.slug}`}>{issuer.name}</a>
        </dd>
        <dt>{t('Le', 'On')}</dt>
        <dd>{formatDate(credential.validFrom, lang)}</dd>
        {credential.validUntil ? (
          <>
            <dt>{t('Valable jusqu’au', 'Valid until')}</dt>
            <dd>{formatDate(credential.validUntil, lang)}</dd>
          </>
        ) : null}
        {credential.credentialSubject.result?.length ? (
          <>
            <dt>{t('Niveau', 'Level')}</dt>
            <dd>
              {credential.credentialSubject.result
                .map((r) => r.value)
                .filter(Boolean)
                .join(', ')}
            </dd>
          </>
        ) : null}
        <dt>{t('Critères', 'Criteria')}</dt>
        <dd>
          <a href={a.id}>{t('ce que ce badge atteste', 'what this badge attests')}</a>
        </dd>
      </dl>
      <form method="post" action="/verifier" class="stack card no-print" aria-labelledby="verifier-badge">
        <h2 id="verifier-badge" class="flush-top">
          {t('Vérifier ce badge', 'Verify this badge')}
        </h2>
        <Csrf />
        <input type="hidden" name="value" value={credential.id} />
        {state === 'active' ? (
          <div>
            <label for="holderName">{t('Nom du titulaire (facultatif)', 'Holder’s name (optional)')}</label>
            <span class="hint" id="holder-hint">
              {t(
                'Le nom n’apparaît pas ici : il est chiffré dans le badge. Saisissez-le pour vérifier que le badge est bien à cette personne. Les accents et les majuscules ne comptent pas.',
                'The name does not appear here: it is hashed in the badge. Enter it to check the badge is this person’s. Accents and capitals do not matter.',
              )}
            </span>
            <input id="holderName" name="holderName" type="text" autocomplete="off" aria-describedby="holder-hint" />
          </div>
        ) : null}
        <div class="actions">
          <button type="submit">{t('Vérifier ce badge', 'Verify this badge')}</button>
        </div>
      </form>
      {state === 'active' ? (
        <>
          <h2>{t('Ajouter ce badge', 'Add this badge')}</h2>
          <ShareBadge
            badge={{
              id: row.id,
              name: a.name,
              issuerName: issuer.name,
              validFrom: credential.validFrom,
              validUntil: credential.validUntil,
            }}
          />
        </>
      ) : null}
      <h2>{t('Télécharger', 'Download')}</h2>
      <ul>
        <li>
          <a href={`${base}.png`} download={`badge-${row.id}.png`}>
            {t('Image PNG avec le badge signé à l’intérieur', 'PNG image with the signed badge inside')}
          </a>
        </li>
        <li>
          <a href={`${base}.svg`} download={`badge-${row.id}.svg`}>
            {t('Image SVG avec le badge signé à l’intérieur', 'SVG image with the signed badge inside')}
          </a>
        </li>
        <li>
          <a href={`${base}.json`}>{t('Badge au format JSON (Open Badges 3.0)', 'Badge as JSON (Open Badges 3.0)')}</a>
        </li>
        <li>
          <a href={`${base}.jwt`}>
            {t('Badge signé (JWT), pour un portefeuille numérique', 'Signed badge (JWT), for a digital wallet')}
          </a>
        </li>
        <li>
          <a href={`${base}.ldp.json`} download={`badge-${row.id}.ldp.json`}>
            {t(
              'Badge signé (JSON-LD, Data Integrity), pour les portefeuilles ouverts',
              'Signed badge (JSON-LD, Data Integrity), for open wallets',
            )}
          </a>
        </li>
      </ul>
    </>
  );
};
