import type { FC } from 'hono/jsx';
import type { OrganisationRow } from '../organisations/lookup.js';
import type { LabelProgramme } from '../referentials/label-schema.js';
import { CellLabel } from '../web/layout.js';
import { Callout, Table, useLang, useT } from '../web/render.js';
import { formatDate } from '../lib/dates.js';
import type { Lang, T } from '../web/i18n.js';
import type { StructureDetailsView } from './details.js';
import type { CertifiedMediator } from './mediators.js';
import type { RegistryEntry } from './registry.js';
import type { StructureLabelStatus } from './state.js';

/** One plain sentence for a structure's label state, used on its page and by verification. */
export function labelSentence(status: StructureLabelStatus, t: T, lang: Lang): string {
  const l = status.label;
  if (!l) return t('Ce lieu n’est pas labellisé.', 'This place is not labelled.');
  switch (status.state) {
    case 'active':
      return t(
        `Lieu labellisé depuis le ${formatDate(status.since!, 'fr')}, jusqu’au ${formatDate(l.validUntil, 'fr')}.`,
        `Place labelled since ${formatDate(status.since!, lang)}, until ${formatDate(l.validUntil, lang)}.`,
      );
    case 'suspended':
      return t(
        `Label suspendu depuis le ${formatDate(l.suspendedAt!, 'fr')}${l.suspensionReason ? ` : ${l.suspensionReason}` : ''}.`,
        `Label suspended since ${formatDate(l.suspendedAt!, lang)}${l.suspensionReason ? `: ${l.suspensionReason}` : ''}.`,
      );
    case 'withdrawn':
      return t(
        `Label retiré le ${formatDate(l.revokedAt!, 'fr')}${l.revocationReason ? ` : ${l.revocationReason}` : ''}.`,
        `Label withdrawn on ${formatDate(l.revokedAt!, lang)}${l.revocationReason ? `: ${l.revocationReason}` : ''}.`,
      );
    case 'expired':
      return t(
        `Label arrivé à échéance le ${formatDate(l.validUntil, 'fr')}.`,
        `Label expired on ${formatDate(l.validUntil, lang)}.`,
      );
    default:
      return t('Label accordé, pas encore en vigueur.', 'Label granted, not yet in force.');
  }
}

export const RegistryPage: FC<{
  entries: RegistryEntry[];
  query: string;
  /** The latest version of each programme of the service. */
  programmes: LabelProgramme[];
}> = ({ entries, query, programmes }) => {
  const t = useT();
  const lang = useLang();
  const [only] = programmes.length === 1 ? programmes : [];
  return (
    <>
      <h1>{t('Lieux labellisés', 'Labelled places')}</h1>
      <p class="lead">
        {only
          ? t(
              `Les lieux de médiation numérique qui détiennent aujourd’hui le « ${only.title} ».`,
              `Digital mediation places that hold the “${only.title}” today.`,
            )
          : t('Les lieux de médiation numérique labellisés.', 'Labelled digital mediation places.')}{' '}
        {only ? (
          <a href={`/label/${only.slug}/${only.version}`}>{t('Les critères du label', 'The label’s criteria')}</a>
        ) : null}
      </p>
      {programmes.length > 1 ? (
        <p>
          {t('Les critères de chaque label :', 'The criteria of each label:')}{' '}
          {programmes.map((p, i) => (
            <>
              {i ? ' · ' : ''}
              <a href={`/label/${p.slug}/${p.version}`}>{p.title}</a>
            </>
          ))}
        </p>
      ) : null}
      {/* biome-ignore lint/a11y/useSemanticElements: a form with role="search" is announced everywhere; <search> is too recent for some readers. */}
      <form method="get" action="/registre" role="search" class="stack">
        <div>
          <label for="q">{t('Chercher par nom ou par commune', 'Search by name or town')}</label>
          <input type="search" id="q" name="q" value={query} maxlength={100} autocomplete="off" />
        </div>
        <div class="actions">
          <button type="submit">{t('Chercher', 'Search')}</button>
          {query ? <a href="/registre">{t('Voir tous les lieux', 'See all places')}</a> : null}
        </div>
      </form>
      <p role="status">
        {entries.length === 0
          ? query
            ? t(`Aucun lieu labellisé ne correspond à « ${query} ».`, `No labelled place matches “${query}”.`)
            : t('Aucun lieu n’est labellisé pour l’instant.', 'No place is labelled yet.')
          : t(`${entries.length} lieu(x) labellisé(s).`, `${entries.length} labelled place(s).`)}
      </p>
      {entries.length ? (
        <Table
          id="registry"
          caption={t('Lieux labellisés', 'Labelled places')}
          head={[
            t('Lieu', 'Place'),
            t('Commune', 'Town'),
            t('Labellisé depuis', 'Labelled since'),
            t('Valable jusqu’au', 'Valid until'),
            t('Médiateurs certifiés', 'Certified mediators'),
          ]}
        >
          {entries.map((e) => (
            <tr>
              <td>
                <a href={`/lieux/${e.slug}`}>{e.name}</a>
              </td>
              <td>
                <CellLabel>{t('Commune', 'Town')}</CellLabel>
                {[e.codePostal, e.commune].filter(Boolean).join(' ') || '—'}
              </td>
              <td>
                <CellLabel>{t('Labellisé depuis', 'Labelled since')}</CellLabel>
                {formatDate(e.label.since, lang)}
              </td>
              <td>
                <CellLabel>{t('Valable jusqu’au', 'Valid until')}</CellLabel>
                {formatDate(e.label.validUntil, lang)}
              </td>
              <td>
                <CellLabel>{t('Médiateurs certifiés', 'Certified mediators')}</CellLabel>
                {e.certifiedMediators}
              </td>
            </tr>
          ))}
        </Table>
      ) : null}
      <h2>{t('Données ouvertes', 'Open data')}</h2>
      <p>
        {t(
          'La liste est publiée au format du standard national des lieux de médiation numérique (Licence Ouverte) :',
          'The list is published in the national standard format of digital mediation places (Open Licence):',
        )}{' '}
        <a href="/api/v1/registry?format=csv" download="lieux-labellises.csv">
          {t('télécharger le fichier CSV', 'download the CSV file')}
        </a>{' '}
        · <a href="/api/v1/registry">JSON</a>
      </p>
    </>
  );
};

export const PlacePage: FC<{
  org: OrganisationRow;
  hub: OrganisationRow | undefined;
  details: StructureDetailsView;
  status: StructureLabelStatus;
  programme: LabelProgramme | null;
  mediators: CertifiedMediator[];
}> = ({ org, hub, details, status, programme, mediators }) => {
  const t = useT();
  const lang = useLang();
  const named = mediators.filter((m) => m.consent);
  const address = [
    details.adresse,
    details.complementAdresse,
    [details.codePostal, details.commune].filter(Boolean).join(' '),
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <>
      <p class="muted">
        <a href="/registre">← {t('Lieux labellisés', 'Labelled places')}</a>
      </p>
      <h1>{org.name}</h1>
      {hub ? <p class="muted">{t(`Lieu du réseau ${hub.name}`, `Place of the ${hub.name} network`)}</p> : null}
      <Callout tone={status.state === 'active' ? 'ok' : status.state === 'none' ? undefined : 'warn'}>
        <h2 class="flush-top">{programme?.title ?? t('Label régional', 'Regional label')}</h2>
        <p>{labelSentence(status, t, lang)}</p>
        {programme ? (
          <p>
            <a href={`/label/${programme.slug}/${programme.version}`}>
              {t('Ce que garantit le label', 'What the label guarantees')}
            </a>
          </p>
        ) : null}
      </Callout>
      <h2>{t('Médiatrices et médiateurs certifiés', 'Certified mediators')}</h2>
      <p>
        {mediators.length === 0
          ? t(
              'Aucun médiateur certifié n’est rattaché à ce lieu pour l’instant.',
              'No certified mediator works here yet.',
            )
          : t(
              `${mediators.length} médiateur(s) certifié(s) travaillent ici.`,
              `${mediators.length} certified mediator(s) work here.`,
            )}
      </p>
      {named.length ? (
        <ul>
          {named.map((m) => (
            <li>{m.displayName}</li>
          ))}
        </ul>
      ) : null}
      {mediators.length > named.length && named.length ? (
        <p class="muted">{t('Les autres ont préféré ne pas être nommés.', 'The others preferred not to be named.')}</p>
      ) : null}
      <h2>{t('Informations pratiques', 'Practical information')}</h2>
      <dl class="meta">
        {address ? (
          <>
            <dt>{t('Adresse', 'Address')}</dt>
            <dd>{address}</dd>
          </>
        ) : null}
        {details.horaires ? (
          <>
            <dt>{t('Horaires', 'Opening hours')}</dt>
            <dd>{details.horaires}</dd>
          </>
        ) : null}
        {details.services?.length ? (
          <>
            <dt>{t('Services', 'Services')}</dt>
            <dd>
              <ul class="plain-list">
                {details.services.map((s) => (
                  <li>{s}</li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        {details.fraisACharge?.length ? (
          <>
            <dt>{t('Accès', 'Access')}</dt>
            <dd>{details.fraisACharge.join(', ')}</dd>
          </>
        ) : null}
        {details.telephone ? (
          <>
            <dt>{t('Téléphone', 'Telephone')}</dt>
            <dd>
              <a href={`tel:${details.telephone}`}>{details.telephone}</a>
            </dd>
          </>
        ) : null}
        {details.courriel ? (
          <>
            <dt>{t('E-mail', 'E-mail')}</dt>
            <dd>
              <a href={`mailto:${details.courriel}`}>{details.courriel}</a>
            </dd>
          </>
        ) : null}
        {details.siteWeb ? (
          <>
            <dt>{t('Site web', 'Website')}</dt>
            <dd>
              <a href={details.siteWeb} rel="noopener">
                {details.siteWeb}
              </a>
            </dd>
          </>
        ) : null}
        {details.ficheAccesLibre ? (
          <>
            <dt>{t('Accessibilité', 'Accessibility')}</dt>
            <dd>
              <a href={details.ficheAccesLibre} rel="noopener">
                {t('Fiche Acceslibre', 'Acceslibre page')}
              </a>
            </dd>
          </>
        ) : null}
      </dl>
      <details>
        <summary>{t('Pour les spécialistes', 'For specialists')}</summary>
        <p>
          {t('Profil d’émetteur :', 'Issuer profile:')} <a href={`/issuers/${org.slug}`}>{`/issuers/${org.slug}`}</a>
        </p>
      </details>
    </>
  );
};

export const ProgrammePage: FC<{ programme: LabelProgramme }> = ({ programme }) => {
  const t = useT();
  return (
    <>
      <div class="hero">
        <img class="badge" src={`/label/${programme.slug}/${programme.version}/badge.svg`} alt="" />
        <div>
          <p class="muted">
            {t('Programme de label, version', 'Label programme, version')} {programme.version}
          </p>
          <h1>{programme.title}</h1>
        </div>
      </div>
      <p class="lead">{programme.description}</p>
      <h2>{t('Les critères', 'The criteria')}</h2>
      <ol class="criteria">
        {programme.criteria.map((c) => (
          <li>
            <h3>
              {c.title} {c.required ? null : <span class="tag">{t('facultatif', 'optional')}</span>}
            </h3>
            <p>{c.description}</p>
            <p class="tight">
              <strong>{t('Preuves attendues :', 'Expected evidence:')}</strong>
            </p>
            <ul>
              {c.evidence.map((e) => (
                <li>{e}</li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
      <h2>{t('La décision', 'The decision')}</h2>
      <ul>
        <li>
          {t(
            `Tous les critères obligatoires, et au moins ${programme.decision.optionalCriteriaMin} critère(s) facultatif(s).`,
            `Every required criterion, and at least ${programme.decision.optionalCriteriaMin} optional one(s).`,
          )}
        </li>
        <li>
          {t(
            `Au moins ${programme.decision.quorum} avis de membres du comité ; majorité : ${programme.decision.majority}.`,
            `At least ${programme.decision.quorum} committee reviews; majority: ${programme.decision.majority}.`,
          )}
        </li>
        <li>
          {t(
            `Label valable ${programme.decision.validityMonths} mois ; renouvellement possible ${programme.decision.renewalNoticeDays} jours avant l’échéance.`,
            `Label valid ${programme.decision.validityMonths} months; renewal possible ${programme.decision.renewalNoticeDays} days before it ends.`,
          )}
        </li>
      </ul>
    </>
  );
};
