import type { FC } from 'hono/jsx';
import type { FieldError } from '../errors.js';
import type { OrganisationRow } from '../organisations/lookup.js';
import type { LabelProgramme } from '../referentials/label-schema.js';
import type { ReviewState } from '../review/rules.js';
import type { ApplicationRow } from '../review/service.js';
import {
  answerName,
  askedForMore,
  commentsOn,
  type DecisionWords,
  reviewStateName,
  type VoteWords,
} from '../review/views.js';
import { formatDate } from '../lib/dates.js';
import type { T } from '../web/i18n.js';
import { Callout, Csrf, FormErrors, useLang, useT } from '../web/render.js';
import type { ApplicationView } from './applications.js';
import { type LabelState, labelStateName, type StructureLabelStatus } from './state.js';
import { certifiedFigure, optionalRule } from './programme.js';
import { labelSentence } from './registry-views.js';

export function stateName(state: ReviewState, t: T): string {
  return reviewStateName(state, t, {
    submitted: ['Déposée, en cours d’examen', 'Filed, under review'],
    'changes-requested': ['Compléments demandés', 'More asked for'],
    approved: ['Label accordé', 'Label granted'],
  });
}

/** A criterion's decision and a vote, as decided and as offered in the review form. */
export const DECISIONS: DecisionWords = {
  accept: ['Accepté', 'Accepted'],
  more: ['Compléments demandés', 'More asked for'],
  reject: ['Refusé', 'Rejected'],
};
export const VOTE_WORDS: VoteWords = {
  approve: ['Favorable', 'In favour'],
  changes: ['Demande des compléments', 'Asks for more'],
  reject: ['Refusé', 'Rejected'],
};

/** Criteria with what the structure stated (and the committee's comments, when shown). */
export const Evidence: FC<{ view: ApplicationView; showReviews: boolean }> = ({ view, showReviews }) => {
  const t = useT();
  return (
    <ol class="criteria">
      {view.items.map((item) => {
        const comments = commentsOn(view.reviews, item.code);
        return (
          <li>
            <h3>
              {item.criterion.title}{' '}
              {item.criterion.required ? null : <span class="tag">{t('facultatif', 'optional')}</span>}
            </h3>
            {item.claim.certifiedMediators !== undefined ? (
              <p>
                {t(
                  `Médiateurs certifiés comptés par Jalon : ${item.claim.certifiedMediators} (au moins ${item.claim.min} attendu).`,
                  `Certified mediators counted by Jalon: ${item.claim.certifiedMediators} (at least ${item.claim.min} expected).`,
                )}
              </p>
            ) : item.claim.text ? (
              <p>{item.claim.text}</p>
            ) : (
              <p class="muted">{t('Pas de preuve donnée.', 'No evidence given.')}</p>
            )}
            {item.response ? (
              <p>
                <strong>{t('Réponse du lieu :', 'The place’s answer:')}</strong> {item.response}
              </p>
            ) : null}
            {item.outcome ? (
              <p>
                <strong>{t('Décision :', 'Decision:')}</strong> {answerName(DECISIONS, item.outcome, t)}
              </p>
            ) : null}
            {showReviews && comments.length ? (
              <ul>
                {comments.map(({ review, item: c }) => (
                  <li>
                    {t(`Tour ${review.round}`, `Round ${review.round}`)} — {answerName(DECISIONS, c.decision, t)} :{' '}
                    {c.comment}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
};

/**
 * What the committee's decision rests on, told before the place files: the rules Jalon applies
 * itself (every required criterion, the optional-criteria minimum, the certified mediators it
 * counts), with today's count in red while it falls short.
 */
const DecisionRules: FC<{ programme: LabelProgramme; certifiedNow: number }> = ({ programme, certifiedNow }) => {
  const t = useT();
  const rule = optionalRule(programme);
  const counted = programme.criteria.flatMap((c) =>
    c.answer.type === 'certified-mediators' ? [{ min: c.answer.min }] : [],
  );
  return (
    <Callout>
      <p class="tight">
        {t('Le comité ne peut accorder le label que si :', 'The committee can grant the label only if:')}
      </p>
      <ul class="tight">
        <li>{t('chaque critère obligatoire est accepté ;', 'every required criterion is accepted;')}</li>
        <li>{t(`${rule.fr} sont documentés et acceptés ;`, `${rule.en} are documented and accepted;`)}</li>
        {counted.map(({ min }) => {
          const figure = certifiedFigure(certifiedNow, min);
          return (
            <li class={certifiedNow >= min ? 'met' : 'unmet'}>
              {certifiedNow >= min ? '✓ ' : '✗ '}
              {t(
                `médiateurs certifiés, comptés par Jalon aujourd’hui : ${figure.fr}.`,
                `certified mediators, counted by Jalon today: ${figure.en}.`,
              )}
              {certifiedNow >= min
                ? ''
                : t(
                    ' Tant qu’il en manque, le label ne peut pas être accordé : faites d’abord certifier un médiateur du lieu.',
                    ' While some are missing, the label cannot be granted: first have a mediator of the place certified.',
                  )}
            </li>
          );
        })}
      </ul>
    </Callout>
  );
};

/** With several label programmes on the service: the structure admin chooses which label the page is about. */
export const ProgrammeChoicePage: FC<{ org: OrganisationRow; programmes: LabelProgramme[] }> = ({
  org,
  programmes,
}) => {
  const t = useT();
  return (
    <>
      <h1>
        {t('Label', 'Label')} — {org.name}
      </h1>
      <p>{t('Choisissez le label que vous demandez ou suivez :', 'Choose the label you apply for or follow:')}</p>
      <ul>
        {programmes.map((p) => (
          <li>
            <a href={`/structures/${org.slug}/label/${p.slug}`}>{p.title}</a>
          </li>
        ))}
      </ul>
    </>
  );
};

/** The structure admin's label page for one programme: status, current application, evidence form. */
export const StructureLabelPage: FC<{
  org: OrganisationRow;
  programme: LabelProgramme;
  /** Where the form posts: the page's own address. */
  action: string;
  status: StructureLabelStatus;
  detailsComplete: boolean;
  open: ApplicationView | null;
  past: (ApplicationRow & { labelState: LabelState | null })[];
  canEdit: boolean;
  /** The place's certified mediators, counted by Jalon now. */
  certifiedNow: number;
  values?: Record<string, string>;
  errors?: FieldError[];
  saved?: boolean;
}> = ({
  org,
  programme,
  action,
  status,
  detailsComplete,
  open,
  past,
  canEdit,
  certifiedNow,
  values,
  errors = [],
  saved,
}) => {
  const t = useT();
  const lang = useLang();
  const value = (code: string) => values?.[code] ?? open?.items.find((i) => i.code === code)?.claim.text ?? '';
  const asked =
    open?.app.state === 'changes-requested' ? askedForMore(open.reviews, open.app.round) : new Set<string>();
  const fieldIds = Object.fromEntries(programme.criteria.map((c) => [`answers.${c.code}`, `c-${c.code}`]));
  return (
    <>
      <h1>
        {programme.title} — {org.name}
      </h1>
      <Callout tone={status.state === 'active' ? 'ok' : undefined}>
        <p>{labelSentence(status, t, lang)}</p>
        <p>
          <a href={`/lieux/${org.slug}`}>{t('Page publique du lieu', 'The place’s public page')}</a> ·{' '}
          <a href={`/label/${programme.slug}/${programme.version}`}>
            {t('Les critères du label', 'The label’s criteria')}
          </a>
        </p>
      </Callout>
      {saved ? (
        <Callout tone="ok">
          <p>{t('La demande a été enregistrée.', 'The application was saved.')}</p>
        </Callout>
      ) : null}
      {!detailsComplete ? (
        <Callout tone="warn">
          <p>
            {t(
              'Avant de demander le label, complétez la fiche du lieu : elle est publiée avec le label.',
              'Before applying, complete the place’s details: they are published with the label.',
            )}{' '}
            <a href={`/structures/${org.slug}/fiche`}>{t('Compléter la fiche du lieu', 'Complete the details')}</a>
          </p>
        </Callout>
      ) : null}
      {open ? (
        <>
          <h2>{t('Demande en cours', 'Current application')}</h2>
          <p>
            <strong>{stateName(open.app.state, t)}</strong>
            {open.app.renews ? ` — ${t('renouvellement', 'renewal')}` : ''}
          </p>
          {open.app.state === 'changes-requested' ? (
            <p>
              {t(
                'Le comité demande des compléments : lisez ses remarques sous chaque critère, complétez, puis déposez à nouveau la demande.',
                'The committee asks for more: read its remarks under each criterion, complete, then file the application again.',
              )}
            </p>
          ) : null}
          {!canEdit ? <Evidence view={open} showReviews /> : null}
        </>
      ) : null}
      {canEdit && detailsComplete ? (
        <>
          <DecisionRules programme={programme} certifiedNow={certifiedNow} />
          <h2 id="formulaire">
            {open
              ? t('Compléter la demande', 'Complete the application')
              : t('Demander le label', 'Apply for the label')}
          </h2>
          <FormErrors errors={errors} fieldIds={fieldIds} />
          <form method="post" action={action} class="stack wide" aria-labelledby="formulaire">
            <Csrf />
            {programme.criteria.map((c) => {
              const item = open?.items.find((i) => i.code === c.code);
              const err = errors.find((e) => e.path === `answers.${c.code}`)?.message;
              if (c.answer.type === 'certified-mediators')
                return (
                  <fieldset id={`critere-${c.code}`} class="anchored">
                    <legend>{c.title}</legend>
                    <p>
                      {t(
                        `Jalon compte les médiateurs certifiés du lieu : ${certifiedFigure(certifiedNow, c.answer.min).fr}. Rien à écrire.`,
                        `Jalon counts the place’s certified mediators: ${certifiedFigure(certifiedNow, c.answer.min).en}. Nothing to write.`,
                      )}
                    </p>
                  </fieldset>
                );
              // Reviewers who wrote the same words are read once.
              const comments = open
                ? [
                    ...new Set(
                      commentsOn(
                        open.reviews.filter((r) => r.round === open.app.round),
                        c.code,
                      ).map((x) => x.item.comment),
                    ),
                  ]
                : [];
              return (
                // The anchor /espace links to: the criterion with the committee's remarks, then its field.
                <div id={`critere-${c.code}`} class="anchored">
                  <label for={`c-${c.code}`}>
                    {c.title} {c.required ? null : <span class="tag">{t('facultatif', 'optional')}</span>}
                  </label>
                  <span class="hint" id={`c-${c.code}-hint`}>
                    {t('Preuves attendues :', 'Expected evidence:')} {c.evidence.join(' ; ')}
                  </span>
                  {err ? (
                    <p class="field-error" id={`c-${c.code}-error`}>
                      {err}
                    </p>
                  ) : null}
                  {comments.length ? (
                    <p class="callout warn">
                      {t('Le comité :', 'The committee:')} {comments.join(' — ')}
                    </p>
                  ) : null}
                  <textarea
                    id={`c-${c.code}`}
                    name={c.code}
                    maxlength={4000}
                    aria-invalid={err ? 'true' : undefined}
                    aria-describedby={`c-${c.code}-hint${err ? ` c-${c.code}-error` : ''}`}
                  >
                    {value(c.code)}
                  </textarea>
                  {asked.has(c.code) ? (
                    <div>
                      <label for={`r-${c.code}`}>{t('Votre réponse au comité', 'Your answer to the committee')}</label>
                      <textarea id={`r-${c.code}`} name={`reponse.${c.code}`} maxlength={2000}>
                        {values?.[`reponse.${c.code}`] ?? item?.response ?? ''}
                      </textarea>
                    </div>
                  ) : null}
                </div>
              );
            })}
            <div class="actions">
              <button type="submit" name="action" value="deposer">
                {open?.app.state === 'changes-requested'
                  ? t('Déposer à nouveau la demande', 'File the application again')
                  : t('Déposer la demande', 'File the application')}
              </button>
              <button type="submit" name="action" value="enregistrer" class="secondary">
                {t('Enregistrer sans déposer', 'Save without filing')}
              </button>
            </div>
          </form>
        </>
      ) : null}
      {past.length ? (
        <>
          <h2>{t('Demandes passées', 'Past applications')}</h2>
          <ul>
            {past.map((a) => (
              <li>
                {formatDate(a.createdAt, lang)} —{' '}
                {a.state === 'approved' && a.labelState ? labelStateName(a.labelState, t) : stateName(a.state, t)}
                {a.decidedAt ? ` (${formatDate(a.decidedAt, lang)})` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
};
