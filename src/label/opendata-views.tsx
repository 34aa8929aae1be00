import type { FC } from 'hono/jsx';
import type { FieldError } from '../errors.js';
import type { OrganisationRow } from '../organisations/lookup.js';
import type { LabelProgramme } from '../referentials/label-schema.js';
import { Field, Labelled } from '../web/layout.js';
import { Callout, Csrf, FormErrors, useT } from '../web/render.js';
import { FORMATIONS_LABELS, type OpenDataLabel } from './opendata.js';

export interface OpenDataChoice {
  programme: LabelProgramme;
  chosen?: { formationsLabels: string | null; autresFormationsLabels: string | null } | undefined;
  published: OpenDataLabel;
}

/** The hub admin says how its label is named in the national open data of mediation places. */
export const OpenDataLabelPage: FC<{
  hub: OrganisationRow;
  choices: OpenDataChoice[];
  saved?: boolean;
  /** The programme whose form was sent back with errors, and what was typed. */
  failed?: { slug: string; errors: FieldError[]; values: Record<string, string> } | undefined;
}> = ({ hub, choices, saved, failed }) => {
  const t = useT();
  return (
    <>
      <h1>
        {t('Le label dans les données ouvertes', 'The label in open data')} — {hub.name}
      </h1>
      <p class="lead">
        {t(
          'Les lieux que vous labellisez sont publiés dans le fichier national des lieux de médiation numérique. Dites sous quel nom votre label y apparaît.',
          'The places you label are published in the national file of digital mediation places. Say under which name your label appears there.',
        )}
      </p>
      {saved ? <Callout tone="ok">{t('Enregistré.', 'Saved.')}</Callout> : null}
      {choices.map(({ programme, chosen, published }) => {
        const mine = failed?.slug === programme.slug ? failed : undefined;
        const select = `formationsLabels-${programme.slug}`;
        const other = `autresFormationsLabels-${programme.slug}`;
        const value = (name: 'formationsLabels' | 'autresFormationsLabels') =>
          mine ? (mine.values[name] ?? '') : (chosen?.[name] ?? '');
        const errorOf = (name: string) => mine?.errors.find((e) => e.path === name)?.message;
        return (
          <section aria-labelledby={`programme-${programme.slug}`}>
            <h2 id={`programme-${programme.slug}`}>{programme.title}</h2>
            {chosen ? (
              <p>
                {t('Publié aujourd’hui sous le nom', 'Published today as')} « {published.value} ».
              </p>
            ) : (
              <Callout tone="warn">
                {t(
                  `Pas encore choisi : vos lieux labellisés sont publiés pour l’instant sous « autres labels », avec le nom « ${published.value} ».`,
                  `Not chosen yet: your labelled places are published for now under “other labels”, named “${published.value}”.`,
                )}
              </Callout>
            )}
            {mine ? (
              <FormErrors errors={mine.errors} fieldIds={{ formationsLabels: select, autresFormationsLabels: other }} />
            ) : null}
            <form method="post" action={`/organisations/${hub.slug}/donnees-ouvertes/${programme.slug}`} class="stack">
              <Csrf />
              <Labelled
                id={select}
                label={t('Votre label figure dans la liste nationale', 'Your label is in the national list')}
                hint={t(
                  'Choisissez-le seulement si c’est bien le label de votre réseau : la plupart de ces noms désignent une région.',
                  'Choose it only if it is really your network’s label: most of these names designate a region.',
                )}
                error={errorOf('formationsLabels')}
              >
                <select
                  id={select}
                  name="formationsLabels"
                  aria-invalid={errorOf('formationsLabels') ? 'true' : undefined}
                  aria-describedby={errorOf('formationsLabels') ? `${select}-hint ${select}-error` : `${select}-hint`}
                >
                  <option value="">{t('— Il n’y figure pas —', '— It is not there —')}</option>
                  {FORMATIONS_LABELS.map((v) => (
                    <option value={v} selected={value('formationsLabels') === v}>
                      {v}
                    </option>
                  ))}
                </select>
              </Labelled>
              <Field
                id={other}
                name="autresFormationsLabels"
                label={t('Sinon, le nom de votre label', 'Otherwise, your label’s name')}
                hint={t(
                  'Par exemple « Label Numérique Inclusif Occitanie ». Remplissez l’un ou l’autre, pas les deux.',
                  'For example “Label Numérique Inclusif Occitanie”. Fill in one or the other, not both.',
                )}
                value={value('autresFormationsLabels')}
                error={errorOf('autresFormationsLabels')}
              />
              <button type="submit">{t('Enregistrer', 'Save')}</button>
            </form>
          </section>
        );
      })}
    </>
  );
};
