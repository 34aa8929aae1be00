import { Callout, Csrf, FormErrors, Table, useLang, useT } from '../web/render.js';
import type { FC } from 'hono/jsx';
import type { Principal } from '../context.js';
import type { Role } from '../db/schema.js';
import type { FieldError } from '../errors.js';
import type { OrganisationRow } from '../organisations/lookup.js';
import { formatDate, formatDateTime } from '../lib/dates.js';
import type { T } from '../web/i18n.js';
import { CellLabel, Field } from '../web/layout.js';
import type { ApiTokenRow } from './store.js';
import { PASSWORD_MIN_LENGTH } from './password.js';

export function roleLabel(role: Role, t: T): string {
  switch (role) {
    case 'hub-admin':
      return t('administration du hub', 'hub administrator');
    case 'committee':
      return t('membre du comité de labellisation', 'label committee member');
    case 'structure-admin':
      return t('responsable de la structure', 'structure administrator');
    case 'mediator':
      return t('médiateur ou médiatrice', 'mediator');
  }
}

export const SignInPage: FC<{ next: string; email?: string; error?: string }> = ({ next, email, error }) => {
  const t = useT();
  return (
    <>
      <h1>{t('Se connecter', 'Sign in')}</h1>
      <p class="lead">
        {t(
          'Espace réservé aux médiateurs, aux structures et au comité de labellisation. Les personnes accompagnées n’ont pas besoin de compte : leur lien personnel suffit.',
          'For mediators, structures and the label committee. People who are helped need no account: their personal link is enough.',
        )}
      </p>
      {error ? (
        <Callout tone="bad">
          <p>{error}</p>
        </Callout>
      ) : null}
      <form method="post" action="/connexion" class="stack">
        <Csrf />
        <input type="hidden" name="suite" value={next} />
        <Field
          id="email"
          name="email"
          type="email"
          label={t('Adresse e-mail', 'E-mail address')}
          value={email ?? ''}
          required
          autocomplete="username"
        />
        <Field
          id="password"
          name="password"
          type="password"
          label={t('Mot de passe', 'Password')}
          required
          autocomplete="current-password"
        />
        <div class="actions">
          <button type="submit">{t('Se connecter', 'Sign in')}</button>
        </div>
      </form>
      <p>
        <a href="/mot-de-passe-oublie">{t('Mot de passe oublié ?', 'Forgotten password?')}</a>
      </p>
      <p class="muted">
        {t(
          'Pas encore de compte ? Demandez une invitation à la personne qui administre votre structure ou votre hub.',
          'No account yet? Ask your structure’s or hub’s administrator for an invitation.',
        )}
      </p>
    </>
  );
};

export const InvitationPage: FC<{
  token: string;
  org: OrganisationRow;
  role: Role;
  boundEmail: string | null;
  values?: { email?: string; displayName?: string };
  errors?: FieldError[];
  error?: string;
}> = ({ token, org, role, boundEmail, values, errors = [], error }) => {
  const t = useT();
  const fieldError = (path: string) => errors.find((e) => e.path === path)?.message;
  return (
    <>
      <h1>
        {t('Rejoindre', 'Join')} {org.name}
      </h1>
      <p class="lead">
        {t('Vous êtes invité ou invitée avec le rôle :', 'You are invited with the role:')}{' '}
        <strong>{roleLabel(role, t)}</strong>.
      </p>
      {error ? (
        <Callout tone="bad">
          <p>{error}</p>
        </Callout>
      ) : null}
      <FormErrors errors={errors} fieldIds={{ email: 'email', displayName: 'displayName', password: 'password' }} />
      <form method="post" action={`/invitations/${token}`} class="stack">
        <Csrf />
        <Field
          id="email"
          name="email"
          type="email"
          label={t('Adresse e-mail', 'E-mail address')}
          value={boundEmail ?? values?.email ?? ''}
          required
          autocomplete="username"
          error={fieldError('email')}
        />
        <Field
          id="displayName"
          name="displayName"
          label={t('Nom affiché', 'Display name')}
          hint={t('Tel qu’il apparaîtra à vos collègues.', 'As your colleagues will see it.')}
          value={values?.displayName ?? ''}
          required
          autocomplete="name"
          error={fieldError('displayName')}
        />
        <Field
          id="password"
          name="password"
          type="password"
          label={t('Mot de passe', 'Password')}
          hint={t(
            `${PASSWORD_MIN_LENGTH} caractères au moins. Si vous avez déjà un compte avec cette adresse, saisissez son mot de passe.`,
            `At least ${PASSWORD_MIN_LENGTH} characters. If you already have an account with this address, enter its password.`,
          )}
          required
          autocomplete="new-password"
          error={fieldError('password')}
        />
        <div class="actions">
          <button type="submit">{t('Accepter l’invitation', 'Accept the invitation')}</button>
        </div>
      </form>
    </>
  );
};

export const AccountPage: FC<{ principal: Principal; tokens: ApiTokenRow[]; newToken?: string }> = ({
  principal,
  tokens,
  newToken,
}) => {
  const t = useT();
  const lang = useLang();
  return (
    <>
      <h1>{t('Mon compte', 'My account')}</h1>
      <dl class="meta">
        <dt>{t('Nom', 'Name')}</dt>
        <dd>{principal.displayName}</dd>
        <dt>{t('E-mail', 'E-mail')}</dt>
        <dd>{principal.email}</dd>
      </dl>
      <p class="actions">
        <a class="button secondary" href="/compte/mot-de-passe">
          {t('Changer mon mot de passe', 'Change my password')}
        </a>
      </p>
      <h2>{t('Mes rôles', 'My roles')}</h2>
      {principal.memberships.length === 0 ? (
        <p>{t('Aucun rôle pour l’instant.', 'No role yet.')}</p>
      ) : (
        <ul>
          {principal.memberships.map((m) => (
            <li>
              {m.orgName} — {roleLabel(m.role, t)}
            </li>
          ))}
        </ul>
      )}
      <h2 id="jetons">{t('Jetons d’accès à l’API', 'API access tokens')}</h2>
      <p>
        {t(
          'Un jeton permet à un logiciel d’utiliser l’API en votre nom, avec vos rôles. Il ne s’affiche qu’une fois : conservez-le en lieu sûr.',
          'A token lets a program use the API on your behalf, with your roles. It is shown only once: keep it somewhere safe.',
        )}
      </p>
      {newToken ? (
        <Callout tone="ok">
          <p>
            <strong>{t('Nouveau jeton (copiez-le maintenant) :', 'New token (copy it now):')}</strong>
          </p>
          <p class="secret mono">{newToken}</p>
        </Callout>
      ) : null}
      {tokens.length ? (
        <Table
          id="tokens"
          caption={t('Vos jetons', 'Your tokens')}
          head={[
            t('Nom', 'Name'),
            t('Début', 'Prefix'),
            t('Créé le', 'Created'),
            t('État', 'State'),
            { hidden: t('Action', 'Action') },
          ]}
        >
          {tokens.map((tok) => (
            <tr>
              <td>{tok.name}</td>
              <td>
                <CellLabel>{t('Début', 'Prefix')}</CellLabel>
                <span class="mono">{tok.prefix}…</span>
              </td>
              <td>
                <CellLabel>{t('Créé le', 'Created')}</CellLabel>
                {formatDate(tok.createdAt, lang)}
              </td>
              <td>
                <CellLabel>{t('État', 'State')}</CellLabel>
                {tok.revokedAt
                  ? t('révoqué', 'revoked')
                  : tok.lastUsedAt
                    ? `${t('utilisé le', 'used')} ${formatDateTime(tok.lastUsedAt, lang)}`
                    : t('jamais utilisé', 'never used')}
              </td>
              <td>
                {tok.revokedAt ? null : (
                  <form method="post" action={`/compte/jetons/${tok.id}/revoquer`}>
                    <Csrf />
                    <button type="submit" class="secondary">
                      {t('Révoquer', 'Revoke')}
                      <span class="visually-hidden"> {tok.name}</span>
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </Table>
      ) : null}
      <form method="post" action="/compte/jetons" class="stack">
        <Csrf />
        <Field
          id="token-name"
          name="name"
          label={t('Nom du nouveau jeton', 'Name of the new token')}
          hint={t('Par exemple : « import depuis notre logiciel »', 'For example: “import from our software”')}
          required
        />
        <div class="actions">
          <button type="submit">{t('Créer un jeton', 'Create a token')}</button>
        </div>
      </form>
    </>
  );
};
