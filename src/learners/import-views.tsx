import type { FC } from 'hono/jsx';
import { plural } from '../lib/text.js';
import type { OrganisationRow } from '../organisations/lookup.js';
import { CellLabel } from '../web/layout.js';
import { Callout, Csrf, Table, useT } from '../web/render.js';
import type { CohortPlan, ImportResultLine, Wording } from './cohort.js';
import { COHORT_LIMITS } from './cohort-file.js';

/** How many lines of a preview or a result a page shows (the CSV has them all). */
const SHOWN = 50;

/** The columns the preview and the result share: the file's line, the person, the badge in words. */
const lineHead = (t: (fr: string, en: string) => string) => [
  t('Ligne', 'Line'),
  t('Personne', 'Person'),
  t('Compétence', 'Competence'),
  t('Niveau', 'Level'),
];

const LineCells: FC<{ line: number; person: string; wording: Wording | null }> = ({ line, person, wording }) => {
  const t = useT();
  return (
    <>
      <td>
        <CellLabel>{t('Ligne', 'Line')}</CellLabel>
        {line}
      </td>
      <td>
        <CellLabel>{t('Personne', 'Person')}</CellLabel>
        {person}
      </td>
      <td>
        <CellLabel>{t('Compétence', 'Competence')}</CellLabel>
        {wording?.competence ?? ''}
      </td>
      <td>
        <CellLabel>{t('Niveau', 'Level')}</CellLabel>
        {wording?.level ?? ''}
      </td>
    </>
  );
};

/** One code line per table line: `code` breaks anywhere, so a phone never scrolls sideways. */
const Example: FC = () => {
  const t = useT();
  return (
    <>
      <p>{t('Par exemple :', 'For example:')}</p>
      <p>
        <code>nom;e-mail;année de naissance;compétence;niveau</code>
        <br />
        <code>Awa Diallo;awa@example.org;1968;A1;autonome</code>
        <br />
        <code>Jean Martin;;1975;S1;autonome-si-besoin</code>
      </p>
    </>
  );
};

export const ImportPage: FC<{ org: OrganisationRow; error?: string | undefined }> = ({ org, error }) => {
  const t = useT();
  return (
    <>
      <h1>{t('Importer les badges d’un groupe', 'Import a cohort’s badges')}</h1>
      <p>
        <a href={`/structures/${org.slug}/apprenants`}>{t('← Personnes accompagnées', '← People helped')}</a>
      </p>
      {error ? (
        <Callout tone="bad">
          <p>{error}</p>
        </Callout>
      ) : null}
      <p>
        {t(
          'Un tableau (CSV, séparé par des points-virgules ou des virgules) avec une ligne par personne et par compétence. Colonnes : « nom », « e-mail » (facultatif), « année de naissance » (facultatif), « compétence » (son code dans l’abécédaire, par exemple A1) et « niveau ». Rien n’est délivré avant votre confirmation.',
          'A table (CSV, semicolons or commas) with one line per person and competence. Columns: name, e-mail (optional), birth year (optional), competence (its code, e.g. A1) and level. Nothing is issued before you confirm.',
        )}
      </p>
      <Example />
      <form method="post" action={`/structures/${org.slug}/import`} enctype="multipart/form-data" class="stack">
        <Csrf />
        <div>
          <label for="fichier">{t('Fichier CSV', 'CSV file')}</label>
          <input type="file" id="fichier" name="fichier" accept=".csv,text/csv" />
        </div>
        <div>
          <label for="csv">{t('ou collez le tableau ici', 'or paste the table here')}</label>
          <textarea id="csv" name="csv" rows={6}></textarea>
        </div>
        <p class="hint">
          {t(
            `${COHORT_LIMITS.lines.toLocaleString('fr-FR')} lignes et 1 Mo au plus.`,
            `At most ${COHORT_LIMITS.lines} lines and 1 MB.`,
          )}
        </p>
        <div class="actions">
          <button type="submit">{t('Vérifier le fichier', 'Check the file')}</button>
        </div>
      </form>
    </>
  );
};

export const ImportPreview: FC<{ org: OrganisationRow; plan: CohortPlan; csv: string; error?: string | undefined }> = ({
  org,
  plan,
  csv,
  error,
}) => {
  const t = useT();
  const toIssue = plan.items.length - plan.held;
  return (
    <>
      <h1>{t('Vérification du fichier', 'File check')}</h1>
      {error ? (
        <Callout tone="bad">
          <p>{error}</p>
        </Callout>
      ) : null}
      <Callout tone={plan.errors.length ? 'warn' : 'ok'}>
        <p>
          {`${plan.lines} ${plural(plan.lines, 'ligne lue', 'lignes lues')} : ${toIssue} ${plural(toIssue, 'badge sera délivré', 'badges seront délivrés')}`}
          {plan.held ? `, ${plan.held} ${plural(plan.held, 'déjà délivré', 'déjà délivrés')}` : ''}
          {plan.errors.length
            ? `, ${plan.errors.length} ${plural(plan.errors.length, 'ligne en erreur', 'lignes en erreur')} (non délivrées)`
            : ''}
          .
        </p>
        {plan.newPeople ? (
          <p>{`${plan.newPeople} ${plural(plan.newPeople, 'nouvelle personne sera inscrite', 'nouvelles personnes seront inscrites')}.`}</p>
        ) : null}
      </Callout>
      {plan.errors.length ? (
        <section aria-labelledby="erreurs">
          <h2 id="erreurs">{t('Lignes à corriger', 'Lines to fix')}</h2>
          <ul class="errors">
            {plan.errors.map((e) => (
              <li>{e.message}</li>
            ))}
          </ul>
          <p>
            {t(
              'Vous pouvez corriger le fichier et le déposer à nouveau, ou délivrer dès maintenant les autres lignes : les lignes corrigées pourront être importées ensuite, rien ne sera délivré deux fois.',
              'Fix the file and upload it again, or issue the other lines now: fixed lines can be imported later, nothing is issued twice.',
            )}
          </p>
        </section>
      ) : null}
      {plan.items.length ? (
        <>
          <h2>{t('Ce qui sera délivré', 'What will be issued')}</h2>
          <Table id="apercu" caption={t('Badges à délivrer', 'Badges to issue')} head={lineHead(t)}>
            {plan.items.slice(0, SHOWN).map((i) => (
              <tr>
                <LineCells
                  line={i.line}
                  person={i.isNew ? `${i.name} (${t('nouvelle', 'new')})` : i.name}
                  wording={i.wording}
                />
              </tr>
            ))}
          </Table>
          {plan.items.length > SHOWN ? (
            <p>
              {t(`… et ${plan.items.length - SHOWN} autres lignes.`, `… and ${plan.items.length - SHOWN} more lines.`)}
            </p>
          ) : null}
          <form method="post" action={`/structures/${org.slug}/import/confirmer`} class="stack">
            <Csrf />
            <textarea name="csv" hidden aria-label={t('Le tableau vérifié', 'The checked table')}>
              {csv}
            </textarea>
            {plan.newPeople ? (
              <div class="check">
                <input type="checkbox" id="accord" name="accord" value="oui" required />
                <label for="accord">
                  {t(
                    plan.newPeople === 1
                      ? 'J’atteste que la nouvelle personne a donné son accord pour que la structure enregistre ses informations et lui délivre des badges, comme à l’inscription.'
                      : `J’atteste que les ${plan.newPeople} nouvelles personnes ont donné leur accord pour que la structure enregistre leurs informations et leur délivre des badges, comme à l’inscription.`,
                    `I attest that the ${plan.newPeople} new people agreed to have their details recorded and badges issued, as at registration.`,
                  )}
                </label>
              </div>
            ) : null}
            <div class="actions">
              <button type="submit">
                {toIssue
                  ? t(`Délivrer ${toIssue} ${plural(toIssue, 'badge', 'badges')}`, `Issue ${toIssue} badges`)
                  : t('Enregistrer (rien de nouveau à délivrer)', 'Record (nothing new to issue)')}
              </button>
            </div>
          </form>
        </>
      ) : null}
      <p>
        <a href={`/structures/${org.slug}/import`}>{t('Déposer un autre fichier', 'Upload another file')}</a>
      </p>
    </>
  );
};

export const ImportResultPage: FC<{
  org: OrganisationRow;
  id: string;
  result: { lines: number; errors: number; newLearners: number; items: ImportResultLine[] };
}> = ({ org, id, result }) => {
  const t = useT();
  const issued = result.items.filter((i) => i.issued).length;
  const held = result.items.length - issued;
  return (
    <>
      <h1>{t('Import terminé', 'Import done')}</h1>
      <Callout tone="ok">
        <p>
          {`${issued} ${plural(issued, 'badge délivré', 'badges délivrés')}`}
          {held ? `, ${held} ${plural(held, 'déjà délivré auparavant', 'déjà délivrés auparavant')}` : ''}
          {result.newLearners
            ? `, ${result.newLearners} ${plural(result.newLearners, 'personne inscrite', 'personnes inscrites')}`
            : ''}
          {result.errors
            ? `, ${result.errors} ${plural(result.errors, 'ligne ignorée', 'lignes ignorées')} (erreurs)`
            : ''}
          .
        </p>
      </Callout>
      <p>
        <a href={`/structures/${org.slug}/import/${id}/resultat.csv`} download>
          {t(
            'Télécharger le résultat (CSV, avec le lien de chaque badge)',
            'Download the result (CSV, each badge’s link)',
          )}
        </a>
      </p>
      <Table
        id="resultat"
        caption={t('Badges de cet import', 'Badges of this import')}
        head={[...lineHead(t), t('Badge', 'Badge')]}
      >
        {result.items.slice(0, SHOWN).map((i) => (
          <tr>
            <LineCells line={i.line} person={i.name ?? t('(effacée)', '(erased)')} wording={i.wording} />
            <td>
              <CellLabel>{t('Badge', 'Badge')}</CellLabel>
              <a href={i.url}>
                {i.issued ? t('Voir le badge', 'View the badge') : t('Voir (déjà délivré)', 'View (already issued)')}
              </a>
            </td>
          </tr>
        ))}
      </Table>
      {result.items.length > SHOWN ? (
        <p>
          {t(
            `… et ${result.items.length - SHOWN} autres : tous sont dans le fichier CSV.`,
            `… and ${result.items.length - SHOWN} more: all are in the CSV file.`,
          )}
        </p>
      ) : null}
      <p>
        <a href={`/structures/${org.slug}/apprenants`}>{t('Personnes accompagnées', 'People helped')}</a>
        {' · '}
        <a href={`/structures/${org.slug}/import`}>{t('Importer un autre fichier', 'Import another file')}</a>
      </p>
    </>
  );
};
