import type { FC } from 'hono/jsx';
import { roleLabel } from '../auth/views.js';
import type { Role } from '../db/schema.js';
import type { InvitationRow } from '../auth/service.js';
import { formatDate } from '../lib/dates.js';
import { CellLabel, Field } from '../web/layout.js';
import { Callout, Csrf, Table, useApp, useLang, useT } from '../web/render.js';
import { ResetLinkCallout } from '../auth/password-views.js';
import { ShareLink } from '../web/share.js';
import type { OrganisationRow } from './store.js';

export const AdminPage: FC<{
  hubs: OrganisationRow[];
  structures: OrganisationRow[];
  /** Hubs that have not said how their label is named in the national open data. */
  openDataPending?: ReadonlySet<string>;
}> = ({ hubs, structures, openDataPending }) => {
  const t = useT();
  return (
    <>
      <h1>{t('Administration du hub', 'Hub administration')}</h1>
      {hubs.map((hub) => (
        <section aria-labelledby={`hub-${hub.slug}`}>
          <h2 id={`hub-${hub.slug}`}>{hub.name}</h2>
          {openDataPending?.has(hub.id) ? (
            <Callout tone="warn">
              {t(
                'Indiquez sous quel nom votre label paraît dans les données ouvertes nationales : en attendant, vos lieux labellisés y sont publiés sous « autres labels », avec le titre du label et le nom du hub. ',
                'Say under which name your label appears in the national open data: until then, your labelled places are published there under “other labels”, with the label’s title and the hub’s name. ',
              )}
              <a href={`/organisations/${hub.slug}/donnees-ouvertes`}>{t('Choisir ce nom', 'Choose that name')}</a>
            </Callout>
          ) : null}
          <p class="actions">
            <a class="button secondary" href={`/organisations/${hub.slug}/equipe`}>
              {t('Équipe et comité du hub', 'Hub team and committee')}
            </a>
            <a class="button secondary" href={`/issuers/${hub.slug}`}>
              {t('Profil d’émetteur', 'Issuer profile')}
            </a>
            <a class="button secondary" href={`/organisations/${hub.slug}/cles`}>
              {t('Clés de signature', 'Signing keys')}
            </a>
            <a class="button secondary" href={`/organisations/${hub.slug}/donnees-ouvertes`}>
              {t('Le label dans les données ouvertes', 'The label in open data')}
            </a>
          </p>
          <h3>{t('Structures du réseau', 'Structures of the network')}</h3>
          {structures.filter((s) => s.hubId === hub.id).length === 0 ? (
            <p>{t('Aucune structure pour l’instant.', 'No structure yet.')}</p>
          ) : (
            <ul>
              {structures
                .filter((s) => s.hubId === hub.id)
                .map((s) => (
                  <li>
                    <a href={`/organisations/${s.slug}/equipe`}>{s.name}</a> <span class="muted">({s.slug})</span>
                  </li>
                ))}
            </ul>
          )}
          <h3 id={`new-structure-${hub.slug}`}>{t('Ajouter une structure', 'Add a structure')}</h3>
          <form method="post" action="/admin/structures" class="stack" aria-labelledby={`new-structure-${hub.slug}`}>
            <Csrf />
            <input type="hidden" name="hub" value={hub.slug} />
            <Field
              id={`name-${hub.slug}`}
              name="name"
              label={t('Nom de la structure', 'Name of the structure')}
              required
            />
            <Field
              id={`url-${hub.slug}`}
              name="url"
              type="url"
              label={t('Site web (facultatif)', 'Website (optional)')}
            />
            <Field
              id={`email-${hub.slug}`}
              name="email"
              type="email"
              label={t('E-mail de contact (facultatif)', 'Contact e-mail (optional)')}
            />
            <div class="actions">
              <button type="submit">{t('Créer la structure', 'Create the structure')}</button>
            </div>
          </form>
        </section>
      ))}
    </>
  );
};

export const TeamPage: FC<{
  org: OrganisationRow;
  roles: Role[];
  members: { userId: string; email: string; displayName: string; role: Role; since: string }[];
  invitations: InvitationRow[];
  /** Accounts the viewer may act on (every role of theirs is in organisations the viewer runs). */
  manageable: ReadonlySet<string>;
  createdLink?: { url: string; expiresAt: string; role: Role } | undefined;
  resetLink?: { url: string; expiresAt: string; emailed: boolean; name: string; email: string } | undefined;
}> = ({ org, roles, members, invitations, manageable, createdLink, resetLink }) => {
  const t = useT();
  const lang = useLang();
  const selfId = useApp().var.principal?.userId;
  return (
    <>
      <h1>
        {t('Équipe', 'Team')} — {org.name}
      </h1>
      {createdLink ? (
        <Callout tone="ok">
          <p>
            <strong>{t('Invitation créée.', 'Invitation created.')}</strong>{' '}
            {t(
              `Transmettez ce lien à la personne (par e-mail ou en main propre). Il ne fonctionne qu’une fois, jusqu’au ${formatDate(createdLink.expiresAt, 'fr')}.`,
              `Give this link to the person (by e-mail or in person). It works once, until ${formatDate(createdLink.expiresAt, 'en')}.`,
            )}
          </p>
          <ShareLink
            id="lien-invitation"
            url={createdLink.url}
            subject={t('Invitation à rejoindre Jalon', 'Invitation to join Jalon')}
            message={t(
              `Bonjour, voici votre invitation à rejoindre ${org.name} sur Jalon (elle fonctionne une fois) :`,
              `Hello, here is your invitation to join ${org.name} on Jalon (it works once):`,
            )}
          />
        </Callout>
      ) : null}
      {resetLink ? <ResetLinkCallout link={resetLink} /> : null}
      <h2>{t('Membres', 'Members')}</h2>
      {members.length === 0 ? (
        <p>{t('Personne pour l’instant.', 'Nobody yet.')}</p>
      ) : (
        <Table
          id="members"
          caption={t('Membres et rôles', 'Members and roles')}
          head={[t('Nom', 'Name'), t('E-mail', 'E-mail'), t('Rôle', 'Role'), { hidden: t('Action', 'Action') }]}
        >
          {members.map((m) => (
            <tr>
              <td>{m.displayName}</td>
              <td>
                <CellLabel>{t('E-mail', 'E-mail')}</CellLabel>
                {m.email}
              </td>
              <td>
                <CellLabel>{t('Rôle', 'Role')}</CellLabel>
                {roleLabel(m.role, t)}
              </td>
              <td>
                {m.userId !== selfId && !manageable.has(m.userId) ? (
                  <span class="muted">
                    {t(
                      'Rôle aussi ailleurs : seule une personne qui administre tous ses rôles peut agir sur ce compte.',
                      'Also has a role elsewhere: only someone who administers all their roles may act on this account.',
                    )}
                  </span>
                ) : null}
                {m.userId !== selfId && roles.length && manageable.has(m.userId) ? (
                  <form method="post" action={`/organisations/${org.slug}/membres/${m.userId}/mot-de-passe`}>
                    <Csrf />
                    <button type="submit" class="secondary">
                      {t('Lien pour un nouveau mot de passe', 'Link for a new password')}
                      <span class="visually-hidden"> — {m.displayName}</span>
                    </button>
                  </form>
                ) : null}
                {roles.includes(m.role) &&
                manageable.has(m.userId) &&
                !(m.userId === selfId && m.role === 'hub-admin') ? (
                  <form method="post" action={`/organisations/${org.slug}/membres/retirer`}>
                    <Csrf />
                    <input type="hidden" name="userId" value={m.userId} />
                    <input type="hidden" name="role" value={m.role} />
                    <button type="submit" class="secondary">
                      {t('Retirer ce rôle', 'Remove this role')}
                      <span class="visually-hidden"> — {m.displayName}</span>
                    </button>
                  </form>
                ) : null}
              </td>
            </tr>
          ))}
        </Table>
      )}
      <h2>{t('Invitations en attente', 'Pending invitations')}</h2>
      {invitations.length === 0 ? (
        <p>{t('Aucune.', 'None.')}</p>
      ) : (
        <ul>
          {invitations.map((inv) => (
            <li>
              {roleLabel(inv.role, t)}
              {inv.email ? ` — ${inv.email}` : ''} — {t('expire le', 'expires')} {formatDate(inv.expiresAt, lang)}{' '}
              <form
                method="post"
                action={`/organisations/${org.slug}/invitations/${inv.id}/annuler`}
                class="inline-form"
              >
                <Csrf />
                <button type="submit" class="linklike">
                  {t('Annuler', 'Cancel')}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <h2 id="inviter">{t('Inviter quelqu’un', 'Invite someone')}</h2>
      <form method="post" action={`/organisations/${org.slug}/invitations`} class="stack" aria-labelledby="inviter">
        <Csrf />
        <fieldset>
          <legend>{t('Rôle', 'Role')}</legend>
          <div class="choices">
            {roles.map((r, i) => (
              <label class="choice">
                <input type="radio" name="role" value={r} checked={i === roles.length - 1} required />
                <span>{roleLabel(r, t)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <Field
          id="invite-email"
          name="email"
          type="email"
          label={t('E-mail de la personne (facultatif)', 'The person’s e-mail (optional)')}
          hint={t(
            'Si vous l’indiquez, seule cette adresse pourra utiliser le lien.',
            'If given, only this address can use the link.',
          )}
        />
        <div class="actions">
          <button type="submit">{t('Créer le lien d’invitation', 'Create the invitation link')}</button>
        </div>
      </form>
    </>
  );
};
