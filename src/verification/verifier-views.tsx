import type { FC } from 'hono/jsx';
import { Callout, Csrf, useT } from '../web/render.js';
import { documentKind } from './verdict.js';
import { isWithdrawnBadge, TechnicalDetails, VerdictCard, type VerificationView } from './verdict-views.js';

/** The verifier's page (`/verifier`): the form of a new verification, or a result with its name check. */

/** A small form to check a name against what is shown, sent by POST (a name never goes in a URL). */
const NameForm: FC<{ v: VerificationView }> = ({ v }) => {
  const t = useT();
  return (
    <form method="post" action="/verifier" class="stack card no-print" aria-labelledby="nom-titulaire">
      <h2 id="nom-titulaire" class="flush-top">
        {v.typedName
          ? t('Vérifier un autre nom', 'Check another name')
          : t('Vérifier le nom du titulaire', 'Check the holder’s name')}
      </h2>
      <Csrf />
      {v.passport ? <input type="hidden" name="passeport" value={v.passport} /> : null}
      {v.value ? <input type="hidden" name="value" value={v.value} /> : null}
      <div>
        <label for="holderNameCheck">
          {t('Nom inscrit sur le passeport ou la pièce d’identité', 'Name on the passport or ID')}
        </label>
        <span class="hint" id="holder-check-hint">
          {t(
            'Les accents, majuscules, tirets et apostrophes ne comptent pas. Pour un nom écrit dans un autre alphabet, vous pouvez aussi le saisir en lettres latines, comme sur ses papiers.',
            'Accents, capitals, hyphens and apostrophes do not matter. For a name in another script, you may also type it in Latin letters, as on their papers.',
          )}
        </span>
        <input
          id="holderNameCheck"
          name="holderName"
          type="text"
          value={v.typedName ?? ''}
          autocomplete="off"
          aria-describedby="holder-check-hint"
        />
      </div>
      <div class="actions">
        <button type="submit" class="secondary">
          {t('Vérifier ce nom', 'Check this name')}
        </button>
      </div>
    </form>
  );
};

/**
 * The form of a new verification: what to verify first and the button right under it, so that on a
 * phone it all fits the first screen; the explanations come after.
 */
const VerifyForm: FC<{ value?: string | undefined; holderName?: string | undefined }> = ({ value, holderName }) => {
  const t = useT();
  return (
    <form method="post" action="/verifier" enctype="multipart/form-data" class="stack no-print">
      <Csrf />
      <div>
        <label for="file">{t('Fichier du badge ou du passeport', 'Badge or passport file')}</label>
        <span class="hint" id="file-hint">
          {t('Le passeport (PDF) ou l’image d’un badge.', 'The passport (PDF) or a badge image.')}
        </span>
        <input
          id="file"
          name="file"
          type="file"
          accept=".pdf,.png,.svg,.json,.jwt,.txt,application/pdf,image/png,image/svg+xml,application/json"
          aria-describedby="file-hint"
        />
      </div>
      <div>
        <label for="value">{t('Ou lien / texte du badge', 'Or the badge’s link / text')}</label>
        <textarea id="value" name="value" rows={2} spellcheck={false}>
          {value ?? ''}
        </textarea>
      </div>
      <div>
        <label for="holderName">{t('Nom du titulaire (facultatif)', 'Holder’s name (optional)')}</label>
        <span class="hint" id="holder-hint">
          {t('Les accents et les majuscules ne comptent pas.', 'Accents and capitals do not matter.')}
        </span>
        <input
          id="holderName"
          name="holderName"
          type="text"
          value={holderName ?? ''}
          autocomplete="off"
          aria-describedby="holder-hint"
        />
      </div>
      <div class="actions">
        <button type="submit">{t('Vérifier', 'Verify')}</button>
      </div>
    </form>
  );
};

/** What the empty form's fields mean, after the form: a reader who needs it scrolls, the others verify. */
const HowItWorks: FC = () => {
  const t = useT();
  return (
    <>
      <p class="muted">
        {t(
          'Un passeport a un QR code : scannez-le avec l’appareil photo, il ouvre la vérification. Rien n’est conservé.',
          'A passport has a QR code: scan it with the camera, it opens the verification. Nothing is kept.',
        )}
      </p>
      <details>
        <summary>{t('Comment le nom est vérifié', 'How the name is checked')}</summary>
        <p>
          {t(
            'Le nom n’est pas écrit en clair dans le badge : il y est chiffré. Saisissez le nom tel qu’il figure sur le passeport ou les papiers de la personne. Les accents, majuscules, tirets et apostrophes ne comptent pas. Pour un nom écrit dans un autre alphabet, vous pouvez aussi le saisir en lettres latines.',
            'The name is not written in clear in the badge: it is hashed. Enter the name as on the passport or the person’s papers. Accents, capitals, hyphens and apostrophes do not matter. For a name in another script, you may also type it in Latin letters.',
          )}
        </p>
        <p>
          {t(
            'Fichiers acceptés : PDF, PNG, SVG, JSON, 10 Mo au plus.',
            'Files accepted: PDF, PNG, SVG, JSON, 10 MB at most.',
          )}
        </p>
      </details>
    </>
  );
};

export const VerifierPage: FC<{
  view?: VerificationView;
  value?: string;
  holderName?: string;
  error?: string;
}> = ({ view, value, holderName, error }) => {
  const t = useT();
  const withdrawn = view ? isWithdrawnBadge(view) : false;
  // One name field and one button: the short name form when the badge can be verified again without
  // sending it (a link, a passport), else the whole form again; none for a withdrawn badge.
  const nameForm = view && (view.passport || view.value) && view.verdict.code !== 'unreadable' && !withdrawn;
  const kind = view
    ? documentKind(
        view.items.map((i) => i.result),
        Boolean(view.passport || view.pdf),
      )
    : 'badge';
  return (
    <>
      <h1>
        {!view
          ? t('Vérifier un badge ou un passeport', 'Verify a badge or a passport')
          : kind === 'passport'
            ? t('Vérification d’un passeport numérique', 'Verification of a digital passport')
            : kind === 'record'
              ? t('Vérification d’un relevé de compétences', 'Verification of a record of competences')
              : t('Résultat de la vérification', 'Verification result')}
      </h1>
      {error ? (
        <Callout tone="bad">
          <p>{error}</p>
        </Callout>
      ) : null}
      {view ? (
        <>
          <VerdictCard v={view} />
          {nameForm ? <NameForm v={view} /> : null}
          {!nameForm && !withdrawn ? (
            <>
              <h2 class="no-print">{t('Vérifier à nouveau', 'Verify again')}</h2>
              <VerifyForm value={value} holderName={holderName} />
            </>
          ) : null}
          <TechnicalDetails items={view.items} />
          <p class="no-print">
            <a href="/verifier">{t('Vérifier un autre badge ou passeport', 'Verify another badge or passport')}</a>
          </p>
        </>
      ) : (
        <>
          <VerifyForm value={value} holderName={holderName} />
          <HowItWorks />
        </>
      )}
    </>
  );
};
