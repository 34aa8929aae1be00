import { raw } from 'hono/html';
import type { FC } from 'hono/jsx';
import { credentialState } from '../issuing/service.js';
import type { CredentialRow } from '../issuing/service.js';
import { ShareBadge } from '../issuing/share-views.js';
import { StatusBadge, kindName } from '../issuing/views.js';
import type { OrganisationRow } from '../organisations/lookup.js';
import { formatDate } from '../lib/dates.js';
import { qrSvg } from '../web/qr.js';
import { Csrf, useLang, useT } from '../web/render.js';
import { ShareLink } from '../web/share.js';
import { BackTo } from './fields.js';

/** The personal link: the mediator's page that creates it (and the card to print), and the holder's page. */

export const HolderLinkPage: FC<{
  base: string;
  name: string;
  org: OrganisationRow;
  email?: string | null | undefined;
  created?: string | undefined;
  hasLink: boolean;
}> = ({ base, name, org, email, created, hasLink }) => {
  const t = useT();
  return (
    <>
      <BackTo href={base} name={name} noPrint />
      <h1>{t('Lien personnel', 'Personal link')}</h1>
      {created ? (
        <>
          <section class="card-sheet" aria-labelledby="carte-titre">
            <h2 id="carte-titre" class="flush-top">
              {t('Vos badges numériques', 'Your digital badges')}
            </h2>
            <p>
              <strong>{name}</strong>
            </p>
            {raw(
              qrSvg(
                created,
                t(`Code à scanner pour ouvrir les badges de ${name}`, `Code to scan to open ${name}’s badges`),
              ),
            )}
            <ol class="steps">
              <li>{t('Ouvrez l’appareil photo de votre téléphone.', 'Open your phone’s camera.')}</li>
              <li>
                {t(
                  'Visez ce code carré, puis touchez le lien qui apparaît.',
                  'Point it at this square code, then tap the link that appears.',
                )}
              </li>
              <li>
                {t(
                  'Vous voyez vos badges. Vous pouvez télécharger votre relevé de compétences ou votre passeport numérique.',
                  'You see your badges. You can download your record of competences or your digital passport.',
                )}
              </li>
            </ol>
            <p>
              {t(
                'Gardez cette carte pour vous : elle ouvre vos badges sans mot de passe. Si vous la perdez, demandez-en une nouvelle.',
                'Keep this card to yourself: it opens your badges without a password. If you lose it, ask for a new one.',
              )}
            </p>
            <p>
              {org.name}
              {org.email ? (
                <>
                  {' · '}
                  <span class="mono">{org.email}</span>
                </>
              ) : null}
              {org.url ? (
                <>
                  {' · '}
                  <span class="mono">{org.url}</span>
                </>
              ) : null}
            </p>
          </section>
          <p class="actions no-print">
            <button type="button" data-print hidden>
              {t('Imprimer la carte', 'Print the card')}
            </button>
          </p>
          <div class="no-print">
            <h2>{t('Donner le lien', 'Hand over the link')}</h2>
            <ShareLink
              id="lien-personnel"
              url={created}
              email={email}
              subject={t('Vos badges numériques', 'Your digital badges')}
              message={t(
                `Bonjour, voici le lien vers vos badges numériques délivrés par ${org.name}. Gardez-le pour vous :`,
                `Hello, here is the link to your digital badges issued by ${org.name}. Keep it to yourself:`,
              )}
            />
            <p class="muted">
              {t(
                'Ce lien ne sera plus affiché : imprimez la carte ou envoyez-le maintenant. Vous pourrez en créer un nouveau (l’ancien cessera de fonctionner).',
                'This link will not be shown again: print the card or send it now. You can create a new one (the old one will stop working).',
              )}
            </p>
          </div>
        </>
      ) : (
        <p>
          {hasLink
            ? t(
                'Un lien personnel est actif. Pour des raisons de sécurité, il ne peut pas être réaffiché : créez-en un nouveau si la personne l’a perdu.',
                'A personal link is active. For security it cannot be shown again: create a new one if the person lost it.',
              )
            : t(
                'Aucun lien personnel actif. Avec ce lien, la personne retrouve ses badges sans compte ni mot de passe.',
                'No active personal link. With it, the person finds their badges without an account or password.',
              )}
        </p>
      )}
      <div class="actions no-print">
        <form method="post" action={`${base}/lien`}>
          <Csrf />
          <button type="submit">
            {hasLink || created
              ? t('Créer un nouveau lien (l’ancien est désactivé)', 'Create a new link (the old one stops working)')
              : t('Créer le lien personnel et la carte', 'Create the personal link and the card')}
          </button>
        </form>
        {hasLink || created ? (
          <form method="post" action={`${base}/lien/revoquer`}>
            <Csrf />
            <button type="submit" class="danger">
              {t('Désactiver le lien', 'Disable the link')}
            </button>
          </form>
        ) : null}
      </div>
    </>
  );
};

/** What the holder's page says of their document (null before any valid badge). */
export interface HolderSummary {
  kind: 'passport' | 'record';
  competences: { code: string; title: string; level: string }[];
}

/**
 * The holder's own page, in plain language (FALC, see ARCHITECTURE.md): one sentence that sums it
 * up, the document to download and the link to send on the first screen; the rest folded.
 */
export const HolderPage: FC<{
  token: string;
  name: string;
  org: OrganisationRow;
  summary: HolderSummary | null;
  credentials: CredentialRow[];
  names: Map<string, string>;
  levelLabel: (id: string) => string;
  verifyUrl: string;
}> = ({ token, name, org, summary, credentials, names, levelLabel, verifyUrl }) => {
  const t = useT();
  const lang = useLang();
  const n = summary?.competences.length ?? 0;
  const record = summary?.kind !== 'passport';
  return (
    <>
      <h1>
        {t('Bonjour', 'Hello')} {name}
      </h1>
      <p class="summary">
        {n === 0
          ? t('Vous n’avez pas encore de compétence reconnue.', 'You have no recognised competence yet.')
          : n === 1
            ? t('Vous avez 1 compétence reconnue.', 'You have 1 recognised competence.')
            : t(`Vous avez ${n} compétences reconnues.`, `You have ${n} recognised competences.`)}
      </p>
      {summary ? (
        <div class="actions">
          <a class="button" href={`/p/${token}/passeport.pdf`}>
            {record
              ? t('Télécharger mon relevé de compétences', 'Download my record of competences')
              : t('Télécharger mon passeport numérique', 'Download my digital passport')}
            <span class="visually-hidden"> (PDF)</span>
          </a>
        </div>
      ) : (
        <p>{t('Vos badges apparaîtront ici.', 'Your badges will appear here.')}</p>
      )}
      {summary ? (
        <section aria-labelledby="montrer">
          <h2 id="montrer">{t('Montrer mes compétences', 'Show my competences')}</h2>
          <p>
            {t(
              'Envoyez ce lien à un employeur. Il ne montre pas votre nom.',
              'Send this link to an employer. It does not show your name.',
            )}
          </p>
          <ShareLink
            id="lien-verification"
            url={verifyUrl}
            nativeShare
            plain
            subject={t('Mes compétences numériques', 'My digital skills')}
            message={t(
              'Bonjour, voici mes compétences numériques reconnues. Vous pouvez les vérifier ici :',
              'Hello, here are my recognised digital skills. You can check them here:',
            )}
          />
        </section>
      ) : null}
      {n ? (
        <details>
          <summary>
            {t('Mes compétences', 'My competences')} ({n})
          </summary>
          <ul>
            {summary!.competences.map((c) => (
              <li>
                {c.title} <span class="muted">— {c.level}</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {credentials.length ? (
        <details>
          <summary>
            {t('Mes badges', 'My badges')} ({credentials.length})
          </summary>
          <ul class="cards">
            {credentials.map((c) => (
              <li class="card">
                <div class="entry flush">
                  <img class="badge small" src={`/credentials/${c.id}.svg`} alt="" width={80} height={80} />
                  <div>
                    <h3 class="flush-top">
                      {c.achievementKind === 'passport'
                        ? kindName('passport', t)
                        : (names.get(c.competenceCode ?? '') ?? kindName(c.achievementKind, t))}
                    </h3>
                    <p class="muted tight">
                      {c.level ? `${levelLabel(c.level)} · ` : ''}
                      {formatDate(c.issuedAt, lang)} <StatusBadge state={credentialState(c)} />
                    </p>
                  </div>
                </div>
                <details>
                  <summary>
                    {t('Télécharger', 'Download')}
                    <span class="visually-hidden">
                      {' '}
                      — {names.get(c.competenceCode ?? '') ?? kindName(c.achievementKind, t)}
                    </span>
                  </summary>
                  <ul>
                    <li>
                      <a href={`/credentials/${c.id}.png`} download={`badge-${c.id}.png`}>
                        {t('Image du badge (pour un portefeuille de badges)', 'Badge image (for a badge wallet)')}
                      </a>
                    </li>
                    <li>
                      <a href={`/credentials/${c.id}`}>{t('Page publique du badge', 'Public page of the badge')}</a>
                    </li>
                  </ul>
                  <details>
                    <summary>{t('Pour les spécialistes', 'For specialists')}</summary>
                    <ul>
                      <li>
                        <a href={`/credentials/${c.id}.svg`} download={`badge-${c.id}.svg`}>
                          {t('Image SVG', 'SVG image')}
                        </a>
                      </li>
                      <li>
                        <a href={`/credentials/${c.id}.json`}>JSON (Open Badges 3.0)</a>
                      </li>
                      <li>
                        <a href={`/credentials/${c.id}.jwt`}>{t('Badge signé (JWT)', 'Signed badge (JWT)')}</a>
                      </li>
                      <li>
                        <a href={`/credentials/${c.id}.ldp.json`} download={`badge-${c.id}.ldp.json`}>
                          {t(
                            'Badge signé (JSON-LD, Data Integrity), pour les portefeuilles ouverts',
                            'Signed badge (JSON-LD, Data Integrity), for open wallets',
                          )}
                        </a>
                      </li>
                    </ul>
                  </details>
                </details>
                {credentialState(c) === 'active' ? (
                  <ShareBadge
                    folded
                    badge={{
                      id: c.id,
                      name:
                        c.achievementKind === 'passport'
                          ? kindName('passport', t)
                          : (names.get(c.competenceCode ?? '') ?? kindName(c.achievementKind, t)),
                      issuerName: org.name,
                      validFrom: c.validFrom,
                      validUntil: c.validUntil,
                    }}
                  />
                ) : null}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <details>
        <summary>{t('Cette page est à vous', 'This page is yours')}</summary>
        <p>
          {t(
            'L’adresse de cette page est secrète. Ne la donnez pas.',
            'The address of this page is secret. Do not give it.',
          )}
        </p>
        <p>
          {t(
            'Pour montrer vos compétences, envoyez le lien ci-dessus.',
            'To show your competences, send the link above.',
          )}
        </p>
        <p>
          {t(`Vos badges viennent de ${org.name}.`, `Your badges come from ${org.name}.`)}{' '}
          {t('Une question ? Demandez à votre médiateur ou à votre médiatrice.', 'A question? Ask your mediator.')}
        </p>
      </details>
    </>
  );
};
