import type { FC } from 'hono/jsx';
import type { FieldError } from '../errors.js';
import type { OrganisationRow } from '../organisations/lookup.js';
import { formatDate } from '../lib/dates.js';
import { describedByOf, Field, Labelled } from '../web/layout.js';
import { Callout, Csrf, FormErrors, useLang, useT } from '../web/render.js';
import type { StructureDetailsView } from './details.js';
import { FRAIS, SERVICES } from './opendata.js';

const FIELD_IDS: Record<string, string> = {
  pivot: 'pivot',
  adresse: 'adresse',
  complementAdresse: 'complementAdresse',
  codePostal: 'codePostal',
  commune: 'commune',
  codeInsee: 'codeInsee',
  telephone: 'telephone',
  courriel: 'courriel',
  siteWeb: 'siteWeb',
  horaires: 'horaires',
  presentationResume: 'presentationResume',
  services: 'services-0',
  fraisACharge: 'frais-0',
  ficheAccesLibre: 'ficheAccesLibre',
  priseRdv: 'priseRdv',
};

const TextArea: FC<{ id: string; label: string; hint?: string; value?: string; error?: string; max: number }> = (p) => (
  <Labelled id={p.id} label={p.label} hint={p.hint} error={p.error}>
    <textarea
      id={p.id}
      name={p.id}
      maxlength={p.max}
      aria-invalid={p.error ? 'true' : undefined}
      aria-describedby={describedByOf(p)}
    >
      {p.value ?? ''}
    </textarea>
  </Labelled>
);

const Choices: FC<{
  name: string;
  idPrefix: string;
  legend: string;
  hint?: string;
  values: readonly string[];
  chosen: readonly string[];
  error?: string;
}> = (p) => (
  <fieldset aria-describedby={p.error ? `${p.idPrefix}-error` : undefined}>
    <legend>{p.legend}</legend>
    {p.hint ? <span class="hint">{p.hint}</span> : null}
    {p.error ? (
      <p class="field-error" id={`${p.idPrefix}-error`}>
        {p.error}
      </p>
    ) : null}
    <div class="choices">
      {p.values.map((v, i) => (
        <label class="choice" for={`${p.idPrefix}-${i}`}>
          <input type="checkbox" id={`${p.idPrefix}-${i}`} name={p.name} value={v} checked={p.chosen.includes(v)} />
          <span>{v}</span>
        </label>
      ))}
    </div>
  </fieldset>
);

/** The structure admin's form for the details the national open-data schema needs. */
export const DetailsPage: FC<{
  org: OrganisationRow;
  details: StructureDetailsView;
  values?: Record<string, string | string[]>;
  errors?: FieldError[];
  saved?: boolean;
  mediators: { displayName: string; consent: boolean }[];
}> = ({ org, details, values, errors = [], saved, mediators }) => {
  const t = useT();
  const lang = useLang();
  const err = (path: string) => errors.find((e) => e.path === path)?.message;
  const v = (key: keyof StructureDetailsView): string => {
    const raw = values ? values[key] : details[key];
    return typeof raw === 'string' ? raw : '';
  };
  const list = (key: 'services' | 'fraisACharge'): string[] => {
    const raw = values ? values[key] : details[key];
    return Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
  };
  return (
    <>
      <p class="muted">
        <a href={`/lieux/${org.slug}`}>{t('Voir la page publique du lieu', 'See the place’s public page')}</a>
      </p>
      <h1>
        {t('Fiche du lieu', 'Place details')} — {org.name}
      </h1>
      <p class="lead">
        {t(
          'Ces informations sont publiques : elles figurent sur la page du lieu, dans le registre des lieux labellisés et dans les données ouvertes nationales des lieux de médiation numérique.',
          'These details are public: they appear on the place’s page, in the registry of labelled places and in the national open data of digital mediation places.',
        )}
      </p>
      {saved ? (
        <Callout tone="ok">
          <p>{t('La fiche a été enregistrée.', 'The details were saved.')}</p>
        </Callout>
      ) : null}
      {details.updatedAt ? (
        <p class="muted">
          {t('Dernière mise à jour :', 'Last updated:')} {formatDate(details.updatedAt, lang)}
        </p>
      ) : null}
      <FormErrors errors={errors} fieldIds={FIELD_IDS} />
      <form
        method="post"
        action={`/structures/${org.slug}/fiche`}
        class="stack"
        aria-label={t('Fiche du lieu', 'Place details')}
      >
        <Csrf />
        <Field
          id="pivot"
          name="pivot"
          label={t('Numéro SIRET ou RNA', 'SIRET or RNA number')}
          hint={t(
            'SIRET : 14 chiffres (annuaire-entreprises.data.gouv.fr). RNA, pour une association sans SIRET : W suivi de 9 chiffres.',
            'SIRET: 14 digits. RNA, for an association without SIRET: W followed by 9 digits.',
          )}
          value={v('pivot')}
          required
          inputmode="text"
          autocomplete="off"
          error={err('pivot')}
        />
        <Field
          id="adresse"
          name="adresse"
          label={t('Adresse (numéro et voie)', 'Address (number and street)')}
          value={v('adresse')}
          required
          autocomplete="street-address"
          error={err('adresse')}
        />
        <Field
          id="complementAdresse"
          name="complementAdresse"
          label={t('Complément d’adresse (facultatif)', 'Address details (optional)')}
          hint={t('Étage, bâtiment, entrée…', 'Floor, building, entrance…')}
          value={v('complementAdresse')}
          error={err('complementAdresse')}
        />
        <Field
          id="codePostal"
          name="codePostal"
          label={t('Code postal', 'Postcode')}
          value={v('codePostal')}
          required
          inputmode="numeric"
          autocomplete="postal-code"
          error={err('codePostal')}
        />
        <Field
          id="commune"
          name="commune"
          label={t('Commune', 'Town')}
          value={v('commune')}
          required
          autocomplete="address-level2"
          error={err('commune')}
        />
        <Field
          id="codeInsee"
          name="codeInsee"
          label={t('Code INSEE de la commune (facultatif)', 'INSEE town code (optional)')}
          value={v('codeInsee')}
          error={err('codeInsee')}
        />
        <Choices
          name="services"
          idPrefix="services"
          legend={t('Services proposés', 'Services offered')}
          hint={t(
            'Les mots du jeu de données national. Au moins un.',
            'The words of the national dataset. At least one.',
          )}
          values={SERVICES}
          chosen={list('services')}
          error={err('services')}
        />
        <Choices
          name="fraisACharge"
          idPrefix="frais"
          legend={t('Conditions d’accès (facultatif)', 'Access conditions (optional)')}
          values={FRAIS}
          chosen={list('fraisACharge')}
          error={err('fraisACharge')}
        />
        <TextArea
          id="horaires"
          label={t('Horaires d’ouverture (facultatif)', 'Opening hours (optional)')}
          hint={t(
            'Par exemple : Mo-Fr 09:00-12:00,14:00-17:00 (format OpenStreetMap) ou en toutes lettres.',
            'For example: Mo-Fr 09:00-12:00,14:00-17:00 (OpenStreetMap format) or in words.',
          )}
          value={v('horaires')}
          error={err('horaires')}
          max={500}
        />
        <Field
          id="telephone"
          name="telephone"
          type="tel"
          inputmode="tel"
          label={t('Téléphone (facultatif)', 'Telephone (optional)')}
          value={v('telephone')}
          autocomplete="tel"
          error={err('telephone')}
        />
        <Field
          id="courriel"
          name="courriel"
          type="email"
          label={t('E-mail de contact du lieu (facultatif)', 'Contact e-mail of the place (optional)')}
          hint={t('Une adresse générique, pas celle d’une personne.', 'A generic address, not a person’s.')}
          value={v('courriel')}
          autocomplete="email"
          error={err('courriel')}
        />
        <Field
          id="siteWeb"
          name="siteWeb"
          type="url"
          label={t('Site web (facultatif)', 'Website (optional)')}
          value={v('siteWeb')}
          autocomplete="url"
          error={err('siteWeb')}
        />
        <TextArea
          id="presentationResume"
          label={t('Présentation courte (facultatif, 280 caractères)', 'Short presentation (optional, 280 characters)')}
          value={v('presentationResume')}
          error={err('presentationResume')}
          max={280}
        />
        <Field
          id="ficheAccesLibre"
          name="ficheAccesLibre"
          type="url"
          label={t('Fiche Acceslibre (facultatif)', 'Acceslibre page (optional)')}
          hint="https://acceslibre.beta.gouv.fr/…"
          value={v('ficheAccesLibre')}
          error={err('ficheAccesLibre')}
        />
        <Field
          id="priseRdv"
          name="priseRdv"
          type="url"
          label={t('Prise de rendez-vous en ligne (facultatif)', 'Online booking (optional)')}
          value={v('priseRdv')}
          error={err('priseRdv')}
        />
        <div class="actions">
          <button type="submit">{t('Enregistrer la fiche', 'Save the details')}</button>
        </div>
      </form>
      <h2>{t('Médiateurs nommés sur la page publique', 'Mediators named on the public page')}</h2>
      <p>
        {t(
          'Seuls les médiateurs qui l’ont accepté eux-mêmes sont nommés ; les autres sont seulement comptés. Chacun choisit depuis la page « Mon nom sur la page du lieu ».',
          'Only mediators who agreed themselves are named; the others are only counted. Each chooses on the page “My name on the place’s page”.',
        )}
      </p>
      {mediators.length === 0 ? (
        <p class="muted">{t('Aucun médiateur dans l’équipe.', 'No mediator in the team.')}</p>
      ) : (
        <ul>
          {mediators.map((m) => (
            <li>
              {m.displayName} —{' '}
              {m.consent ? t('accepte d’être nommé', 'agrees to be named') : t('non nommé', 'not named')}
            </li>
          ))}
        </ul>
      )}
    </>
  );
};

/** A mediator's own choice to be named on the structure's public page. */
export const VisibilityPage: FC<{ org: OrganisationRow; consent: boolean; saved?: boolean }> = ({
  org,
  consent,
  saved,
}) => {
  const t = useT();
  return (
    <>
      <h1>
        {t('Mon nom sur la page du lieu', 'My name on the place’s page')} — {org.name}
      </h1>
      {saved ? (
        <Callout tone="ok">
          <p>{t('Votre choix a été enregistré.', 'Your choice was saved.')}</p>
        </Callout>
      ) : null}
      <p>
        {t(
          'La page publique du lieu indique combien de médiateurs certifiés y travaillent. Si vous l’acceptez, votre nom y figure aussi, avec votre certification. Vous pouvez changer d’avis à tout moment.',
          'The place’s public page says how many certified mediators work there. If you agree, your name appears too, with your certification. You can change your mind at any time.',
        )}
      </p>
      <form method="post" action={`/structures/${org.slug}/visibilite`} class="stack">
        <Csrf />
        <label class="choice" for="consent">
          <input type="checkbox" id="consent" name="consent" value="oui" checked={consent} />
          <span>
            {t(
              'J’accepte que mon nom figure sur la page publique du lieu.',
              'I agree to my name appearing on the place’s public page.',
            )}
          </span>
        </label>
        <div class="actions">
          <button type="submit">{t('Enregistrer mon choix', 'Save my choice')}</button>
        </div>
      </form>
    </>
  );
};
