import type { FC } from 'hono/jsx';
import type { DerivedAchievement } from '../ob3/achievements.js';
import type { OpenBadgeCredential, Profile } from '../ob3/types.js';
import type { OrganisationRow } from '../organisations/store.js';
import { formatDate, formatDateTime, type T } from '../web/i18n.js';
import { CellLabel, CsrfField, Field, Layout, type PageProps } from '../web/layout.js';
import type { CredentialRow, IssuerKeyRow } from './store.js';
import { isHttpUrl } from '../lib/inputs.js';

type Page = Omit<PageProps, 'children'>;

export function kindName(kind: string, t: T): string {
  switch (kind) {
    case 'competence':
      return t('Badge de compétence', 'Competence badge');
    case 'passport':
      return t('Passeport numérique', 'Digital passport');
    case 'block':
      return t('Bloc de compétences de médiateur', 'Mediator skill block');
    case 'certification':
      return t('Médiateur numérique certifié', 'Certified digital mediator');
    default:
      return t('Badge', 'Badge');
  }
}

export const StatusBadge: FC<{ state: 'active' | 'revoked' | 'suspended'; t: T }> = ({ state, t }) =>
  state === 'active' ? (
    <span class="badge-status ok">{t('Valide', 'Valid')}</span>
  ) : state === 'revoked' ? (
    <span class="badge-status bad">{t('Révoqué', 'Revoked')}</span>
  ) : (
    <span class="badge-status warn">{t('Suspendu', 'Suspended')}</span>
  );

export const IssuerPage: FC<{
  page: Page;
  t: T;
  org: OrganisationRow;
  profile: Profile;
  hub?: OrganisationRow | undefined;
  keys: IssuerKeyRow[];
}> = ({ page, t, org, profile, hub, keys }) => (
  <Layout {...page}>
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
  </Layout>
);

/** `**bold**` inside a line of the criteria narrative; other Markdown marks are dropped. */
const Inline: FC<{ text: string }> = ({ text }) => (
  <>
    {text
      .replace(/^\s*(#+|>)\s*/, '')
      // French spacing: no line break inside « … » or before a colon.
      .replace(/« /g, '«\u00a0')
      .replace(/ ([»:;!?])/g, '\u00a0$1')
      .split(/(\*\*[^*]+\*\*)/)
      .map((part) => (/^\*\*[^*]+\*\*$/.test(part) ? <strong>{part.slice(2, -2)}</strong> : part.replace(/\*/g, '')))}
  </>
);

/**
 * The criteria narrative is a small Markdown text (paragraphs, `- ` lists, `**bold**`): shown as real
 * paragraphs and lists, so that a list reads as a list (RGAA 9.3) instead of dashes run into a paragraph.
 */
const Narrative: FC<{ text: string }> = ({ text }) => (
  <>
    {text
      .split(/\n{2,}/)
      .filter((block) => block.trim())
      .map((block) => {
        const lines = block.split('\n');
        const groups: { list: boolean; lines: string[] }[] = [];
        for (const line of lines) {
          const list = /^\s*[-*]\s+/.test(line);
          const last = groups[groups.length - 1];
          if (last && last.list === list) last.lines.push(list ? line.replace(/^\s*[-*]\s+/, '') : line);
          else groups.push({ list, lines: [list ? line.replace(/^\s*[-*]\s+/, '') : line] });
        }
        return groups.map((g) =>
          g.list ? (
            <ul>
              {g.lines.map((l) => (
                <li>
                  <Inline text={l} />
                </li>
              ))}
            </ul>
          ) : (
            <p>
              <Inline text={g.lines.join(' ')} />
            </p>
          ),
        );
      })}
  </>
);

export const AchievementPage: FC<{
  page: Page;
  t: T;
  derived: DerivedAchievement;
  referentialTitle: string;
  svgUrl: string;
}> = ({ page, t, derived, referentialTitle, svgUrl }) => {
  const a = derived.achievement;
  return (
    <Layout {...page}>
      <div class="hero">
        <img class="badge" src={svgUrl} alt="" width={112} height={112} />
        <div>
          <p class="muted">{kindName(derived.kind, t)}</p>
          <h1>{a.name}</h1>
          <p class="lead">{a.description}</p>
        </div>
      </div>
      <h2>{t('Critères', 'Criteria')}</h2>
      <div class="callout criteria">
        <Narrative text={a.criteria.narrative ?? ''} />
      </div>
      {a.resultDescription?.length && derived.kind !== 'passport' ? (
        <>
          <h2>{t('Niveaux', 'Levels')}</h2>
          <ol>
            {a.resultDescription[0]!.rubricCriterionLevel?.map((l) => (
              <li>
                <strong>{l.name}</strong>
                {l.description ? ` — ${l.description}` : ''}
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {a.alignment?.length ? (
        <>
          <h2>{t('Correspondances', 'Alignments')}</h2>
          <ul>
            {a.alignment.map((al) => (
              <li>
                <a href={al.targetUrl}>
                  {al.targetFramework} {al.targetCode}
                </a>{' '}
                — {al.targetName}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <dl class="meta">
        <dt>{t('Référentiel', 'Framework')}</dt>
        <dd>
          {referentialTitle} ({a.version})
        </dd>
        <dt>{t('Données', 'Data')}</dt>
        <dd>
          <a href={`${a.id}.json`}>JSON</a> · <a href={svgUrl}>SVG</a> · <a href={`${a.id}.png`}>PNG</a>
        </dd>
      </dl>
    </Layout>
  );
};

export const CredentialPage: FC<{
  page: Page;
  t: T;
  row: CredentialRow;
  credential: OpenBadgeCredential;
  issuer: OrganisationRow;
  kind: string;
}> = ({ page, t, row, credential, issuer, kind }) => {
  const state = row.revokedAt ? 'revoked' : row.suspendedAt ? 'suspended' : 'active';
  const base = `/credentials/${row.id}`;
  const a = credential.credentialSubject.achievement;
  return (
    <Layout {...page} noindex>
      <div class="hero">
        <img class="badge" src={`${base}.svg`} alt="" width={112} height={112} />
        <div>
          <p class="muted">{kindName(kind, t)}</p>
          <h1>{a.name}</h1>
          <p>
            <StatusBadge state={state} t={t} />
          </p>
        </div>
      </div>
      {state === 'revoked' ? (
        <div class="callout bad" role="status">
          <p>
            {t('Ce badge a été révoqué par son émetteur le', 'This badge was revoked by its issuer on')}{' '}
            {formatDate(row.revokedAt!, page.lang)}
            {row.revocationReason ? ` : ${row.revocationReason}` : '.'}
          </p>
        </div>
      ) : state === 'suspended' ? (
        <div class="callout warn" role="status">
          <p>
            {t('Ce badge est suspendu depuis le', 'This badge has been suspended since')}{' '}
            {formatDate(row.suspendedAt!, page.lang)}
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
        <dd>{formatDate(credential.validFrom, page.lang)}</dd>
        {credential.validUntil ? (
          <>
            <dt>{t('Valable jusqu’au', 'Valid until')}</dt>
            <dd>{formatDate(credential.validUntil, page.lang)}</dd>
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
      <p class="muted">
        {t(
          'Le nom du titulaire n’apparaît pas ici : il est inscrit dans le badge sous forme chiffrée. Pour le contrôler, utilisez la vérification et saisissez le nom.',
          'The holder’s name does not appear here: it is recorded in the badge in hashed form. To check it, use verification and enter the name.',
        )}
      </p>
      <div class="actions">
        <a class="button" href={`/verifier?credential=${encodeURIComponent(credential.id)}`}>
          {t('Vérifier ce badge', 'Verify this badge')}
        </a>
      </div>
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
      </ul>
    </Layout>
  );
};

export const BadgesPage: FC<{
  page: Page;
  t: T;
  org: OrganisationRow;
  rows: (CredentialRow & { name: string; holder: string | null })[];
  /** Hub admins see a structure's register without managing it. */
  canManage: boolean;
}> = ({ page, t, org, rows, canManage }) => (
  <Layout {...page} noindex>
    <h1>
      {t('Badges délivrés', 'Issued badges')} — {org.name}
    </h1>
    {rows.length === 0 ? (
      <p>{t('Aucun badge délivré pour l’instant.', 'No badge issued yet.')}</p>
    ) : (
      <div class="table-wrap" role="region" aria-labelledby="badges-caption" tabindex={0}>
        <table class="cards-sm">
          <caption id="badges-caption" class="visually-hidden">
            {t('Badges délivrés, du plus récent au plus ancien', 'Issued badges, newest first')}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('Badge', 'Badge')}</th>
              <th scope="col">{t('Personne', 'Person')}</th>
              <th scope="col">{t('Délivré le', 'Issued')}</th>
              <th scope="col">{t('État', 'State')}</th>
              {canManage ? <th scope="col">{t('Gérer', 'Manage')}</th> : null}
            </tr>
          </thead>
          <tbody>
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
                    {formatDateTime(r.issuedAt, page.lang)}
                  </td>
                  <td>
                    <CellLabel>{t('État', 'State')}</CellLabel>
                    <StatusBadge state={state} t={t} />
                  </td>
                  {canManage ? (
                    <td>
                      <details>
                        <summary>
                          {t('Changer l’état', 'Change state')}
                          <span class="visually-hidden"> — {r.name}</span>
                        </summary>
                        <form method="post" action={`/organisations/${org.slug}/badges/${r.id}/statut`} class="stack">
                          <CsrfField token={page.csrfToken} />
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
          </tbody>
        </table>
      </div>
    )}
  </Layout>
);

export const KeysPage: FC<{ page: Page; t: T; org: OrganisationRow; keys: IssuerKeyRow[]; did: string }> = ({
  page,
  t,
  org,
  keys,
  did,
}) => (
  <Layout {...page} noindex>
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
    <div class="table-wrap" role="region" aria-labelledby="keys-caption" tabindex={0}>
      <table class="cards-sm">
        <caption id="keys-caption" class="visually-hidden">
          {t('Clés de l’émetteur', 'Issuer keys')}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('Clé', 'Key')}</th>
            <th scope="col">{t('Créée le', 'Created')}</th>
            <th scope="col">{t('État', 'State')}</th>
            <th scope="col">{t('Action', 'Action')}</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr>
              <td class="mono">#{k.fragment}</td>
              <td>
                <CellLabel>{t('Créée le', 'Created')}</CellLabel>
                {formatDateTime(k.createdAt, page.lang)}
              </td>
              <td>
                <CellLabel>{t('État', 'State')}</CellLabel>
                {k.status === 'active'
                  ? t('active', 'active')
                  : k.status === 'retired'
                    ? `${t('retirée le', 'retired on')} ${formatDate(k.retiredAt!, page.lang)}`
                    : `${t('compromise depuis le', 'compromised since')} ${formatDate(k.compromisedAt!, page.lang)}`}
              </td>
              <td>
                {k.status === 'compromised' ? null : (
                  <details>
                    <summary>
                      {t('Déclarer compromise', 'Declare compromised')}
                      <span class="visually-hidden"> #{k.fragment}</span>
                    </summary>
                    <form
                      method="post"
                      action={`/organisations/${org.slug}/cles/${k.fragment}/compromise`}
                      class="stack"
                    >
                      <CsrfField token={page.csrfToken} />
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
        </tbody>
      </table>
    </div>
    <form method="post" action={`/organisations/${org.slug}/cles/rotation`} class="actions">
      <CsrfField token={page.csrfToken} />
      <button type="submit">{t('Changer de clé (rotation)', 'Rotate the key')}</button>
    </form>
  </Layout>
);
