import type { FC } from 'hono/jsx';
import { isHttpUrl } from '../lib/inputs.js';
import type { Profile } from '../ob3/types.js';
import type { OrganisationRow } from '../organisations/lookup.js';
import { useT } from '../web/render.js';
import type { IssuerKeyRow } from './store.js';

export const IssuerPage: FC<{
  org: OrganisationRow;
  profile: Profile;
  hub?: OrganisationRow | undefined;
  keys: IssuerKeyRow[];
}> = ({ org, profile, hub, keys }) => {
  const t = useT();
  return (
    <>
      <h1>{org.name}</h1>
      <p class="lead">
        {org.kind === 'hub'
          ? t(
              'Hub régional : délivre les badges des médiateurs et le label.',
              'Regional hub: issues mediator badges and the label.',
            )
          : t(
              'Lieu de médiation numérique : délivre les badges des personnes accompagnées.',
              'Digital mediation place: issues the badges of the people it helps.',
            )}
      </p>
      {org.description ? <p>{org.description}</p> : null}
      <dl class="meta">
        <dt>{t('Identifiant d’émetteur', 'Issuer identifier')}</dt>
        <dd class="mono">{profile.id}</dd>
        {org.url && isHttpUrl(org.url) ? (
          <>
            <dt>{t('Site web', 'Website')}</dt>
            <dd>
              <a href={org.url}>{org.url}</a>
            </dd>
          </>
        ) : null}
        {hub ? (
          <>
            <dt>{t('Réseau', 'Network')}</dt>
            <dd>
              <a href={`/issuers/${hub.slug}`}>{hub.name}</a>
            </dd>
          </>
        ) : null}
        <dt>{t('Clés publiques', 'Public keys')}</dt>
        <dd>
          <a href={`/issuers/${org.slug}/did.json`}>{t('document DID', 'DID document')}</a> ·{' '}
          <a href={`/issuers/${org.slug}/jwks.json`}>JWKS</a>
          {' — '}
          {keys.filter((k) => k.status === 'active').length} {t('active', 'active')},{' '}
          {keys.filter((k) => k.status === 'retired').length}{' '}
          {t('retirée(s) (elles vérifient encore les anciens badges)', 'retired (they still verify older badges)')}
          {keys.some((k) => k.status === 'compromised')
            ? `, ${keys.filter((k) => k.status === 'compromised').length} ${t('déclarée(s) compromise(s)', 'declared compromised')}`
            : ''}
        </dd>
      </dl>
      <p>
        <a href={`/issuers/${org.slug}`} type="application/ld+json">
          {t('Profil Open Badges (JSON-LD)', 'Open Badges profile (JSON-LD)')}
        </a>
        {' : '}
        <span class="muted">
          {t(
            'demander ce lien avec « Accept: application/ld+json ».',
            'request this link with “Accept: application/ld+json”.',
          )}
        </span>
      </p>
    </>
  );
};
