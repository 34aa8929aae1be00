import { Csrf, Table, useLang, useT } from '../web/render.js';
import type { FC } from 'hono/jsx';
import type { DerivedAchievement } from './derive-achievements.js';
import { type AchievementKind, KIND_POLICY } from './kinds.js';
import type { OpenBadgeCredential, Profile } from '../ob3/types.js';
import type { OrganisationRow } from '../organisations/lookup.js';
import { formatDate, formatDateTime } from '../lib/dates.js';
import type { T } from '../web/i18n.js';
import { CellLabel, Field } from '../web/layout.js';
import type { CredentialRow, IssuerKeyRow } from './store.js';
import { isHttpUrl } from '../lib/inputs.js';

export function kindName(kind: AchievementKind, t: T): string {
  const { name } = KIND_POLICY[kind];
  return t(name.fr, name.en);
}

export const StatusBadge: FC<{ state: 'active' | 'revoked' | 'suspended' }> = ({ state }) => {
  const t = useT();
  return state === 'active' ? (
    <span class="badge-status ok">{t('Valide', 'Valid')}</span>
  ) : state === 'revoked' ? (
    <span class="badge-status bad">{t('Révoqué', 'Revoked')}</span>
  ) : (
    <span class="badge-status warn">{t('Suspendu', 'Suspended')}</span>
  );
};

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
  derived: DerivedAchievement;
  referentialTitle: string;
  svgUrl: string;
}> = ({ derived, referentialTitle, svgUrl }) => {
  const t = useT();
  const a = derived.achievement;
  return (
    <>
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
    </>
  );
};

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
