import type { FC } from 'hono/jsx';
import type { EndorsementState } from '../label/service.js';
import { formatDate } from '../lib/dates.js';
import { isHttpUrl } from '../lib/inputs.js';
import type { Profile } from '../ob3/types.js';
import type { OrganisationRow } from '../organisations/lookup.js';
import { useLang, useT } from '../web/render.js';
import type { IssuerKeyRow } from './store.js';

export const IssuerPage: FC<{
  org: OrganisationRow;
  profile: Profile;
  hub?: OrganisationRow | undefined;
  keys: IssuerKeyRow[];
  endorsement?: EndorsementState | null;
}> = ({ org, profile, hub, keys, endorsement }) => {
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
        {endorsement && hub ? (
          <>
            <dt>{t('Recommandation du réseau', 'Endorsement by the network')}</dt>
            <dd id="recommandation">
              <Endorsement state={endorsement} hubName={hub.name} />
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

/** The hub's endorsement in plain words: it follows the place's label (suspended or withdrawn with it). */
const Endorsement: FC<{ state: EndorsementState; hubName: string }> = ({ state, hubName }) => {
  const t = useT();
  const lang = useLang();
  const date = formatDate(state.date, lang);
  const why = state.reason ? ` (${state.reason.trim().replace(/[.\s]+$/, '')})` : '';
  switch (state.state) {
    case 'active':
      return (
        <>
          {t(
            `${hubName} recommande ce lieu : il a son label jusqu’au ${date}.`,
            `${hubName} endorses this place: it holds its label until ${date}.`,
          )}
        </>
      );
    case 'suspended':
      return (
        <>
          <strong>{t('Recommandation suspendue', 'Endorsement suspended')}</strong>
          {t(
            ` depuis le ${date} : le label du lieu est suspendu${why}.`,
            ` since ${date}: the place’s label is suspended${why}.`,
          )}
        </>
      );
    case 'withdrawn':
      return (
        <>
          <strong>{t('Recommandation retirée', 'Endorsement withdrawn')}</strong>
          {t(
            ` le ${date} : le label du lieu lui a été retiré${why}.`,
            ` on ${date}: the place’s label was withdrawn${why}.`,
          )}
        </>
      );
    case 'expired':
      return (
        <>
          <strong>{t('Recommandation terminée', 'Endorsement ended')}</strong>
          {t(` le ${date}, avec la fin du label du lieu.`, ` on ${date}, when the place’s label ended.`)}
        </>
      );
  }
};
