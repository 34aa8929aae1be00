import type { FC } from 'hono/jsx';
import type { FieldError } from '../errors.js';
import { formatDateTime } from '../lib/dates.js';
import { Field } from '../web/layout.js';
import { Csrf, FormErrors, useT } from '../web/render.js';
import { ShareLink } from '../web/share.js';
import { PASSWORD_MIN_LENGTH } from './password.js';

const err = (errors: FieldError[], path: string) => errors.find((e) => e.path === path)?.message;

/** The new password, with the rule it must follow (change and reset forms). */
const NewPasswordField: FC<{ error: string | undefined }> = ({ error }) => {
  const t = useT();
  return (
    <Field
      id="password"
      name="password"
      type="password"
      label={t('Nouveau mot de passe', 'New password')}
      hint={t(
        `Au moins ${PASSWORD_MIN_LENGTH} caractères. Une phrase de plusieurs mots est facile à retenir.`,
        `At least ${PASSWORD_MIN_LENGTH} characters. A phrase of several words is easy to remember.`,
      )}
      required
      autocomplete="new-password"
      error={error}
    />
  );
};

export const ChangePasswordPage: FC<{ liveTokens: number; revokeTokens: boolean; errors: FieldError[] }> = ({
  liveTokens,
  revokeTokens,
  errors,
}) => {
  const t = useT();
  return (
    <>
      <p class="muted">
        <a href="/compte">← {t('Mon compte', 'My account')}</a>
      </p>
      <h1>{t('Changer mon mot de passe', 'Change my password')}</h1>
      <FormErrors errors={errors} fieldIds={{ current: 'current', password: 'password' }} />
      <form method="post" action="/compte/mot-de-passe" class="stack">
        <Csrf />
        <Field
          id="current"
          name="current"
          type="password"
          label={t('Mot de passe actuel', 'Current password')}
          required
          autocomplete="current-password"
          error={err(errors, 'current')}
        />
        <NewPasswordField error={err(errors, 'password')} />
        <p class="muted">
          {t('Vos autres appareils connectés seront déconnectés.', 'Your other signed-in devices will be signed out.')}
        </p>
        {liveTokens > 0 ? (
          // Not ticked by default: a program may rely on a token; closing them is the person's decision.
          <div>
            <label class="choice" for="revokeTokens">
              <input
                id="revokeTokens"
                type="checkbox"
                name="revokeTokens"
                value="oui"
                checked={revokeTokens}
                aria-describedby="revokeTokens-hint"
              />
              <span>{t('Fermer aussi les jetons d’API', 'Also close the API tokens')}</span>
            </label>
            <span class="hint" id="revokeTokens-hint">
              {t(
                `Votre compte a ${liveTokens === 1 ? 'un jeton' : `${liveTokens} jetons`} d’API. Cochez si quelqu’un d’autre a pu en obtenir un : les logiciels qui s’en servent n’auront plus accès.`,
                `Your account has ${liveTokens === 1 ? 'one API token' : `${liveTokens} API tokens`}. Tick if someone else may have obtained one: the programs that use them will lose access.`,
              )}
            </span>
          </div>
        ) : null}
        <div class="actions">
          <button type="submit">{t('Changer le mot de passe', 'Change the password')}</button>
        </div>
      </form>
    </>
  );
};

export const ForgotPasswordPage: FC<{ canEmail: boolean }> = ({ canEmail }) => {
  const t = useT();
  return (
    <>
      <h1>{t('Mot de passe oublié', 'Forgotten password')}</h1>
      <p class="lead">
        {t(
          'Demandez à une personne qui administre votre structure (ou votre hub) de vous créer un lien pour choisir un nouveau mot de passe. Elle le fait depuis la page « Équipe ». Si vous avez un rôle au hub, ou dans plusieurs structures, demandez à une personne qui administre le hub.',
          'Ask a person who administers your structure (or hub) to create a link for you to choose a new password. They do it from the “Team” page. If you have a role in the hub, or in several structures, ask a person who administers the hub.',
        )}
      </p>
      <p>
        {canEmail
          ? t(
              'Le lien vous sera envoyé par e-mail, à l’adresse de votre compte. Il fonctionne une seule fois, pendant 24 heures.',
              'The link will be e-mailed to your account’s address. It works once, for 24 hours.',
            )
          : t(
              'Elle vous le donnera en main propre, par message ou par SMS. Il fonctionne une seule fois, pendant 24 heures.',
              'They will give it to you in person, by message or text. It works once, for 24 hours.',
            )}
      </p>
      <p>
        <a href="/connexion">← {t('Se connecter', 'Sign in')}</a>
      </p>
    </>
  );
};

export const ResetPasswordPage: FC<{ token: string; email: string; errors?: FieldError[] }> = ({
  token,
  email,
  errors = [],
}) => {
  const t = useT();
  return (
    <>
      <h1>{t('Choisir un nouveau mot de passe', 'Choose a new password')}</h1>
      <p>
        {t('Pour le compte', 'For the account')} <strong>{email}</strong>
      </p>
      <FormErrors errors={errors} fieldIds={{ password: 'password' }} />
      <form method="post" action={`/mot-de-passe/${token}`} class="stack">
        <Csrf />
        <input type="hidden" name="username" value={email} autocomplete="username" />
        <NewPasswordField error={err(errors, 'password')} />
        <p class="muted">
          {t(
            'Toutes les sessions ouvertes et tous les jetons d’API de ce compte seront fermés : un logiciel qui se servait d’un jeton devra en recevoir un nouveau.',
            'Every open session and every API token of this account will be closed: a program that used a token will need a new one.',
          )}
        </p>
        <div class="actions">
          <button type="submit">{t('Enregistrer le mot de passe', 'Save the password')}</button>
        </div>
      </form>
    </>
  );
};

/** The reset link just created, for the admin to hand over (shown once). */
export const ResetLinkCallout: FC<{
  link: { url: string; expiresAt: string; name: string; email: string; emailed: boolean };
}> = ({ link }) => {
  const t = useT();
  return (
    <section class="callout ok" aria-labelledby="lien-mdp">
      <h2 id="lien-mdp" class="flush-top">
        {t('Lien pour un nouveau mot de passe', 'Link for a new password')} — {link.name}
      </h2>
      <p>
        {link.emailed
          ? t(
              `Le lien a été envoyé à ${link.email}. Vous pouvez aussi le transmettre vous-même.`,
              `The link was e-mailed to ${link.email}. You can also hand it over yourself.`,
            )
          : t('Transmettez ce lien à la personne.', 'Hand this link to the person.')}{' '}
        {t(
          `Il fonctionne une seule fois, jusqu’au ${formatDateTime(link.expiresAt, 'fr')}.`,
          `It works once, until ${formatDateTime(link.expiresAt, 'en')}.`,
        )}
      </p>
      <ShareLink
        id="lien-mot-de-passe"
        url={link.url}
        email={link.email}
        subject={t('Jalon : choisir un nouveau mot de passe', 'Jalon: choose a new password')}
        message={t(
          'Bonjour, voici le lien pour choisir un nouveau mot de passe sur Jalon (il fonctionne une fois, pendant 24 heures) :',
          'Hello, here is the link to choose a new password on Jalon (it works once, for 24 hours):',
        )}
      />
    </section>
  );
};
