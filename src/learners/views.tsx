import { Csrf, FormErrors, useLang, useT } from '../web/render.js';
import { raw } from 'hono/html';
import type { FC } from 'hono/jsx';
import type { EvaluationMethod } from '../db/schema.js';
import type { FieldError } from '../errors.js';
import { credentialState } from '../issuing/service.js';
import type { CredentialRow } from '../issuing/store.js';
import { StatusBadge, kindName } from '../issuing/views.js';
import type { OrganisationRow } from '../organisations/store.js';
import type { LearnerCompetence, LearnerReferential } from '../referentials/schema.js';
import { formatDate, type Lang, type T } from '../web/i18n.js';
import { Field } from '../web/layout.js';
import { qrSvg } from '../web/qr.js';
import { ShareLink } from '../web/share.js';
import type { Earned, Standing } from './rules.js';
import type { LearnerWithPersonal } from './store.js';

export function methodName(method: EvaluationMethod, t: T): string {
  switch (method) {
    case 'positioning':
      return t('Positionnement', 'Positioning');
    case 'observation':
      return t('Observation en séance', 'Observation in a session');
    case 'exercise':
      return t('Exercice', 'Exercise');
    case 'self-assessment':
      return t('Auto-évaluation accompagnée', 'Guided self-assessment');
  }
}

/** Filled and empty dots for a level, with the words for screen readers and print. */
const LevelDots: FC<{ ref_: LearnerReferential; level: string }> = ({ ref_, level }) => {
  const rank = ref_.scale.levels.findIndex((l) => l.id === level);
  const label = ref_.scale.levels[rank]?.label ?? level;
  return (
    <span>
      <span class="dots" aria-hidden="true">
        {'●'.repeat(rank + 1)}
        {'○'.repeat(ref_.scale.levels.length - rank - 1)}
      </span>{' '}
      {label}
    </span>
  );
};

function displayName(l: LearnerWithPersonal, t: T): string {
  return l.personal?.displayName ?? t('(données effacées)', '(data erased)');
}

/** The way back to the person's page, above each of their forms. */
const BackTo: FC<{ href: string; name: string; noPrint?: boolean }> = ({ href, name, noPrint }) => (
  <p class={noPrint ? 'muted no-print' : 'muted'}>
    <a href={href}>← {name}</a>
  </p>
);

// --- list

export const LearnersPage: FC<{
  org: OrganisationRow;
  learners: LearnerWithPersonal[];
  canConfigure: boolean;
  /** Search of the list (name or identifier); the list shows only what matches. */
  q?: string;
  total?: number;
  errors?: FieldError[];
  values?: Record<string, string>;
  /** People already registered with the same name (and birth year): registering needs a confirmation. */
  duplicates?: LearnerWithPersonal[];
}> = ({ org, learners, canConfigure, q = '', total, errors = [], values = {}, duplicates = [] }) => {
  const t = useT();
  const lang = useLang();
  const err = (path: string) => errors.find((e) => e.path === path)?.message;
  return (
    <>
      <h1>
        {t('Personnes accompagnées', 'People helped')} — {org.name}
      </h1>
      <nav aria-label={t('Pour la structure', 'For the structure')}>
        <ul class="actions">
          <li>
            <a class="button" href="#nouvelle-personne">
              {t('Enregistrer une personne', 'Register a person')}
            </a>
          </li>
          <li>
            <a class="button secondary" href={`/structures/${org.slug}/atelier`}>
              {t('Séance de groupe (atelier)', 'Group session (workshop)')}
            </a>
          </li>
          <li>
            <a class="button secondary" href={`/organisations/${org.slug}/badges`}>
              {t('Badges délivrés', 'Issued badges')}
            </a>
          </li>
          <li>
            <a class="button secondary" href={`/organisations/${org.slug}/chiffres`}>
              {t('Chiffres', 'Figures')}
            </a>
          </li>
        </ul>
      </nav>
      {/* biome-ignore lint/a11y/useSemanticElements: a form with role="search" is announced everywhere; <search> is too recent for some readers. */}
      <form method="get" action={`/structures/${org.slug}/apprenants`} role="search" class="stack">
        <div>
          <label for="recherche">{t('Chercher une personne', 'Search for a person')}</label>
          <span class="hint" id="recherche-hint">
            {t('Nom ou identifiant', 'Name or identifier')}
          </span>
          <input id="recherche" name="q" type="search" value={q} autocomplete="off" aria-describedby="recherche-hint" />
        </div>
        <div class="actions">
          <button type="submit" class="secondary">
            {t('Chercher', 'Search')}
          </button>
          {q ? (
            <a class="button secondary" href={`/structures/${org.slug}/apprenants`}>
              {t('Toute la liste', 'Whole list')}
            </a>
          ) : null}
        </div>
      </form>
      {q ? (
        <p role="status">
          {t(
            `${learners.length} personne(s) sur ${total ?? learners.length}.`,
            `${learners.length} of ${total ?? learners.length} people.`,
          )}
        </p>
      ) : null}
      {learners.length === 0 ? (
        <p>
          {q
            ? t('Personne ne correspond à cette recherche.', 'Nobody matches this search.')
            : t('Aucune personne enregistrée pour l’instant.', 'Nobody registered yet.')}
        </p>
      ) : (
        <ul class="cards">
          {learners.map((l) => (
            <li class="card">
              <h2 class="flush">
                <a href={`/structures/${org.slug}/apprenants/${l.id}`}>{displayName(l, t)}</a>
              </h2>
              <p class="muted tight">
                {t('Identifiant', 'Identifier')} <span class="mono">{l.publicId}</span> · {t('depuis le', 'since')}{' '}
                {formatDate(l.createdAt, lang)}
              </p>
            </li>
          ))}
        </ul>
      )}
      <h2 id="nouvelle-personne">{t('Enregistrer une personne', 'Register a person')}</h2>
      <p>
        {t(
          'Le minimum suffit : un nom. L’e-mail et l’année de naissance sont facultatifs. Expliquez à la personne ce que Jalon conserve et recueillez son accord.',
          'The minimum is enough: a name. E-mail and birth year are optional. Explain to the person what Jalon keeps and ask for their consent.',
        )}
      </p>
      <FormErrors
        errors={errors}
        fieldIds={{
          displayName: 'displayName',
          latinName: 'latinName',
          email: 'email',
          birthYear: 'birthYear',
          consent: 'consent',
        }}
      />
      {duplicates.length ? (
        <div class="callout warn" role="alert" aria-labelledby="doublon-titre" tabindex={-1}>
          <h3 id="doublon-titre" class="flush-top">
            {t('Cette personne est peut-être déjà enregistrée', 'This person may already be registered')}
          </h3>
          <ul>
            {duplicates.map((d) => (
              <li>
                <a href={`/structures/${org.slug}/apprenants/${d.id}`}>{displayName(d, t)}</a>{' '}
                <span class="muted">
                  {d.personal?.birthYear ? `(${d.personal.birthYear}) ` : ''}
                  {t('enregistrée le', 'registered on')} {formatDate(d.createdAt, lang)}
                </span>
              </li>
            ))}
          </ul>
          <p>
            {t(
              'Si c’est bien une autre personne, cochez la case sous le formulaire et enregistrez de nouveau.',
              'If it really is someone else, tick the box under the form and register again.',
            )}
          </p>
        </div>
      ) : null}
      <form
        method="post"
        action={`/structures/${org.slug}/apprenants`}
        class="stack"
        aria-labelledby="nouvelle-personne"
      >
        <Csrf />
        <LearnerDetailsFields values={values} errors={errors} />
        <div>
          {err('consent') ? (
            <p class="field-error" id="consent-error">
              {err('consent')}
            </p>
          ) : null}
          <label class="choice" for="consent">
            <input
              id="consent"
              type="checkbox"
              name="consent"
              value="oui"
              required
              checked={values.consent === 'oui'}
              aria-describedby={err('consent') ? 'consent-error' : undefined}
            />
            <span>
              {t(
                'La personne accepte que sa structure enregistre son nom et ses progrès pour lui délivrer des badges. Elle peut demander à tout moment à voir ou effacer ses données.',
                'The person agrees that their structure records their name and progress to issue badges to them. They can ask at any time to see or erase their data.',
              )}
            </span>
          </label>
        </div>
        {duplicates.length ? (
          <label class="choice" for="autrePersonne">
            <input id="autrePersonne" type="checkbox" name="autrePersonne" value="oui" />
            <span>
              {t('C’est une autre personne : l’enregistrer quand même', 'It is someone else: register anyway')}
            </span>
          </label>
        ) : null}
        <div class="actions">
          <button type="submit">{t('Enregistrer', 'Register')}</button>
        </div>
      </form>
      {canConfigure ? (
        <>
          <h2 id="reglages">{t('Réglages de la structure', 'Structure settings')}</h2>
          <form method="post" action={`/structures/${org.slug}/reglages`} class="stack" aria-labelledby="reglages">
            <Csrf />
            <label class="choice" for="autoIssue">
              <input id="autoIssue" type="checkbox" name="autoIssue" value="oui" checked={org.autoIssue} />
              <span>
                {t(
                  'Délivrer automatiquement les badges obtenus après chaque évaluation',
                  'Issue earned badges automatically after each evaluation',
                )}
              </span>
            </label>
            <div class="actions">
              <button type="submit" class="secondary">
                {t('Enregistrer les réglages', 'Save settings')}
              </button>
            </div>
          </form>
        </>
      ) : null}
    </>
  );
};

// --- progress

export const LearnerPage: FC<{
  org: OrganisationRow;
  learner: LearnerWithPersonal;
  ref_: LearnerReferential;
  standings: Map<string, Standing>;
  earned: Earned;
  credentials: CredentialRow[];
  names: Map<string, string>;
  evaluations: { id: string; date: string; method: EvaluationMethod; count: number }[];
  /** Core competences the passport needs (the socle). */
  socle: string[];
  /** Current badges that still carry the name before a correction. */
  staleCount: number;
  /** Valid badges whose level no recorded evaluation reaches any more (after a correction). */
  unsupported: { id: string; title: string; level: string }[];
}> = ({ org, learner, ref_, standings, earned, credentials, names, evaluations, socle, staleCount, unsupported }) => {
  const t = useT();
  const lang = useLang();
  const base = `/structures/${org.slug}/apprenants/${learner.id}`;
  const hasPassport = credentials.some((c) => c.achievementKind === 'passport' && credentialState(c) !== 'revoked');
  const newCount = earned.competences.length + (earned.passport ? 1 : 0);
  const levelLabel = (id: string) => ref_.scale.levels.find((l) => l.id === id)?.label ?? id;
  const current = credentials.filter((c) => !c.supersededBy);
  return (
    <>
      <p class="muted">
        <a href={`/structures/${org.slug}/apprenants`}>{t('← Personnes accompagnées', '← People helped')}</a>
      </p>
      <h1>{displayName(learner, t)}</h1>
      <p class="muted">
        {learner.personal?.latinName ? (
          <>
            {t('En lettres latines : ', 'In Latin letters: ')}
            {learner.personal.latinName}
            <br />
          </>
        ) : null}
        {t('Identifiant', 'Identifier')} <span class="mono">{learner.publicId}</span>
        {learner.personal?.email ? ` · ${learner.personal.email}` : ''}
      </p>
      {staleCount > 0 ? (
        <section class="callout warn" aria-labelledby="nom-corrige">
          <h2 id="nom-corrige">{t('Badges avec l’ancien nom', 'Badges with the former name')}</h2>
          <p>
            {t(
              `${staleCount} badge(s) portent encore l’ancien nom ou l’ancien e-mail. Délivrez-les à nouveau pour qu’ils correspondent : les anciens seront retirés et remplacés.`,
              `${staleCount} badge(s) still carry the former name or e-mail. Issue them again so that they match: the old ones will be withdrawn and replaced.`,
            )}
          </p>
          <form method="post" action={`${base}/redelivrer`}>
            <Csrf />
            <button type="submit">
              {t(
                `Délivrer à nouveau ${staleCount} badge(s) avec le nom corrigé`,
                `Issue ${staleCount} badge(s) again with the corrected name`,
              )}
            </button>
          </form>
        </section>
      ) : null}
      {unsupported.length > 0 ? (
        <section class="callout warn" aria-labelledby="badges-a-revoir">
          <h2 id="badges-a-revoir">
            {t('Badges que les séances ne justifient plus', 'Badges the sessions no longer support')}
          </h2>
          <p>
            {t(
              'Après une correction, aucune séance enregistrée n’atteint plus le niveau de ces badges. Ils restent valables tant que vous ne les retirez pas.',
              'After a correction, no recorded session reaches these badges’ level any more. They stay valid until you withdraw them.',
            )}
          </p>
          <ul>
            {unsupported.map((b) => (
              <li>
                {b.title} — {b.level}{' '}
                <a href={`${base}/badges/${b.id}/retirer`}>
                  {t('Retirer ce badge', 'Withdraw this badge')}
                  <span class="visually-hidden"> — {b.title}</span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {newCount > 0 ? (
        <section class="callout ok" aria-labelledby="a-delivrer">
          <h2 id="a-delivrer">{t('Nouveaux badges obtenus', 'Newly earned badges')}</h2>
          <ul>
            {earned.competences.map((c) => (
              <li>
                {names.get(c.code) ?? c.code} — {levelLabel(c.level)}
              </li>
            ))}
            {earned.passport ? (
              <li>
                <strong>{t('Passeport numérique', 'Digital passport')}</strong> ({earned.passport.results.length}{' '}
                {t('compétences', 'competences')})
              </li>
            ) : null}
          </ul>
          <form method="post" action={`${base}/attribuer`}>
            <Csrf />
            <button type="submit">
              {t(
                `Délivrer ${newCount > 1 ? `les ${newCount} badges` : 'le badge'}`,
                `Issue ${newCount > 1 ? `the ${newCount} badges` : 'the badge'}`,
              )}
            </button>
          </form>
        </section>
      ) : null}
      <nav aria-label={t('Actions', 'Actions')}>
        <ul class="actions">
          <li>
            <a class="button" href={`${base}/positionnement`}>
              {t('Positionnement', 'Positioning')}
            </a>
          </li>
          <li>
            <a class="button" href={`${base}/evaluation`}>
              {t('Nouvelle évaluation', 'New evaluation')}
            </a>
          </li>
          {current.some((c) => credentialState(c) !== 'revoked') ? (
            <li>
              <a class="button secondary" href={`${base}/passeport.pdf`}>
                {hasPassport
                  ? t('Passeport numérique (PDF)', 'Digital passport (PDF)')
                  : t('Relevé de compétences (PDF)', 'Record of competences (PDF)')}
              </a>
            </li>
          ) : null}
          <li>
            <a class="button secondary" href={`${base}/lien`}>
              {t('Lien personnel et carte', 'Personal link and card')}
            </a>
          </li>
          <li>
            <a class="button secondary" href={`${base}/modifier`}>
              {t('Corriger ses informations', 'Correct their details')}
            </a>
          </li>
        </ul>
      </nav>
      <h2 id="socle">{t('Vers le passeport numérique', 'Towards the digital passport')}</h2>
      <p>
        {earned.passportProgress.minCount > 0
          ? t(
              `${earned.passportProgress.coreReached} compétence(s) du socle sur les ${earned.passportProgress.minCount} demandées au niveau « ${levelLabel(earned.passportProgress.minLevel)} ».`,
              `${earned.passportProgress.coreReached} core competence(s) of the ${earned.passportProgress.minCount} required at level “${levelLabel(earned.passportProgress.minLevel)}”.`,
            )
          : null}
      </p>
      {socle.length ? (
        <details>
          <summary>{t('Les compétences du socle', 'The core competences')}</summary>
          <ul>
            {socle.map((code) => {
              const s = standings.get(code);
              return (
                <li>
                  {names.get(code) ?? code} <span class="muted">({code})</span>
                  {' — '}
                  {s ? levelLabel(s.level) : t('pas encore observée', 'not observed yet')}
                </li>
              );
            })}
          </ul>
        </details>
      ) : null}
      <h2>{t('Badges délivrés', 'Issued badges')}</h2>
      {current.length === 0 ? (
        <p>{t('Aucun badge pour l’instant.', 'No badge yet.')}</p>
      ) : (
        <ul>
          {current.map((c) => (
            <li>
              <a href={`/credentials/${c.id}`}>
                {c.achievementKind === 'passport'
                  ? kindName('passport', t)
                  : (names.get(c.competenceCode ?? '') ?? kindName(c.achievementKind, t))}
              </a>
              {c.level ? ` — ${levelLabel(c.level)}` : ''} · {formatDate(c.issuedAt, lang)}{' '}
              <StatusBadge state={credentialState(c)} />
              {credentialState(c) === 'revoked' ? (
                c.revocationReason ? (
                  <span class="muted"> — {c.revocationReason}</span>
                ) : null
              ) : (
                <>
                  {' '}
                  <a href={`${base}/badges/${c.id}/retirer`}>
                    {t('Retirer ce badge', 'Withdraw this badge')}
                    <span class="visually-hidden">
                      {' '}
                      —{' '}
                      {c.achievementKind === 'passport'
                        ? kindName('passport', t)
                        : (names.get(c.competenceCode ?? '') ?? '')}
                    </span>
                  </a>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <h2>{t('Où en est la personne', 'Where the person stands')}</h2>
      {standings.size === 0 ? (
        <p>
          {t(
            'Aucune compétence observée pour l’instant : commencez par un positionnement.',
            'No competence observed yet: start with a positioning.',
          )}
        </p>
      ) : (
        ref_.entries
          .filter((e) => e.competences.some((c) => standings.has(c.code)))
          .map((entry) => (
            <section class="entry" aria-labelledby={`l-${entry.letter}`}>
              <span class="letter" aria-hidden="true">
                {entry.letter}
              </span>
              <div>
                <h3 id={`l-${entry.letter}`} class="visually-hidden">
                  {t('Lettre', 'Letter')} {entry.letter}
                </h3>
                <ul class="plain-list">
                  {entry.competences
                    .filter((c) => standings.has(c.code))
                    .map((c) => {
                      const s = standings.get(c.code)!;
                      return (
                        <li class="spaced">
                          <strong>{c.title}</strong>
                          <br />
                          <LevelDots ref_={ref_} level={s.level} />{' '}
                          <span class="muted">({formatDate(s.date, lang)})</span>
                          {s.history.length > 1 ? (
                            <>
                              <br />
                              <span class="muted">
                                {t('Première observation :', 'First observed:')} {levelLabel(s.first.level)} (
                                {formatDate(s.first.date, lang)}) → {t('maintenant', 'now')} : {levelLabel(s.level)}
                              </span>
                            </>
                          ) : null}
                        </li>
                      );
                    })}
                </ul>
              </div>
            </section>
          ))
      )}
      <h2>{t('Séances', 'Sessions')}</h2>
      {evaluations.length === 0 ? (
        <p>{t('Aucune séance enregistrée.', 'No session recorded.')}</p>
      ) : (
        <ul>
          {evaluations.map((e) => (
            <li>
              {formatDate(e.date, lang)} — {methodName(e.method, t)} ({e.count} {t('compétence(s)', 'competence(s)')}){' '}
              <a href={`${base}/seances/${e.id}/modifier`}>
                {t('Corriger', 'Correct')}
                <span class="visually-hidden">
                  {' '}
                  — {formatDate(e.date, lang)}, {methodName(e.method, t)}
                </span>
              </a>{' '}
              ·{' '}
              <a href={`${base}/seances/${e.id}/supprimer`}>
                {t('Supprimer', 'Delete')}
                <span class="visually-hidden">
                  {' '}
                  — {formatDate(e.date, lang)}, {methodName(e.method, t)}
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
      <h2>{t('Données personnelles', 'Personal data')}</h2>
      <p class="actions">
        <a class="button secondary" href={`${base}/export.json`} download={`donnees-${learner.publicId}.json`}>
          {t('Exporter ses données (JSON)', 'Export their data (JSON)')}
        </a>
        <a class="button danger" href={`${base}/effacer`}>
          {t('Effacer ses données', 'Erase their data')}
        </a>
      </p>
    </>
  );
};

// --- positioning and evaluation forms

/** What was typed in an evaluation form, kept when the form comes back with an error. */
export interface EvaluationValues {
  date?: string;
  method?: string;
  levels?: Record<string, string>;
  notes?: Record<string, string>;
}

/** Lower case without accents, for searching competences by words. */
export function searchable(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

export function competenceWords(c: LearnerCompetence): string {
  return searchable([c.code, c.title, c.description, ...c.themes, ...Object.values(c.indicators).flat()].join(' '));
}

/** Does a competence match a search (its code, or every word typed)? */
export function matchesSearch(c: LearnerCompetence, q: string): boolean {
  const words = searchable(q).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  if (words.length === 1 && words[0] === c.code.toLowerCase()) return true;
  const hay = competenceWords(c);
  return words.every((w) => hay.includes(w));
}

const CompetenceChoice: FC<{
  c: LearnerCompetence;
  ref_: LearnerReferential;
  current?: string | undefined;
  withNote: boolean;
  values?: EvaluationValues;
  /** Name prefix for several people in one form (workshop). */
  prefix?: string;
  withdrawn?: boolean;
}> = ({ c, ref_, current, withNote, values = {}, prefix = '', withdrawn }) => {
  const t = useT();
  const chosen = values.levels?.[c.code] ?? '';
  const id = `${prefix.replace(/[^A-Za-z0-9-]/g, '-')}${c.code}`;
  return (
    <fieldset id={`c-${id}`} class="competence" data-words={competenceWords(c)}>
      <legend>
        {c.title} <span class="muted">({c.code})</span>
      </legend>
      {current ? (
        <p class="muted tight compact-hint">
          {t('Dernier niveau observé :', 'Last observed level:')}{' '}
          {ref_.scale.levels.find((l) => l.id === current)?.label}
          {withdrawn ? t(' (badge retiré)', ' (badge withdrawn)') : ''}
        </p>
      ) : null}
      <div class="choices">
        <label class="choice">
          <input type="radio" name={`${prefix}niveau.${c.code}`} value="" checked={chosen === ''} />
          <span>{t('Pas évalué', 'Not assessed')}</span>
        </label>
        {ref_.scale.levels.map((l) => (
          <label class="choice">
            <input type="radio" name={`${prefix}niveau.${c.code}`} value={l.id} checked={chosen === l.id} />
            <span>{l.label}</span>
          </label>
        ))}
      </div>
      <details class="compact-hint">
        <summary>
          {t('Exemples pour chaque niveau', 'Examples for each level')}
          <span class="visually-hidden"> — {c.title}</span>
        </summary>
        <p class="hint">{c.description}</p>
        <ul>
          {ref_.scale.levels.map((l) =>
            c.indicators[l.id]?.[0] ? (
              <li>
                <strong>{l.label}</strong> : {c.indicators[l.id]![0]}
              </li>
            ) : null,
          )}
        </ul>
      </details>
      {withNote ? (
        <div>
          <label for={`note-${id}`}>{t('Note (facultatif)', 'Note (optional)')}</label>
          <span class="hint" id={`note-hint-${id}`}>
            {t(
              'Ce qui a été observé. Pas de donnée personnelle : la note reste dans Jalon.',
              'What was observed. No personal data: the note stays in Jalon.',
            )}
          </span>
          <textarea
            id={`note-${id}`}
            name={`${prefix}note.${c.code}`}
            rows={1}
            aria-describedby={`note-hint-${id}`}
            class="note"
          >
            {values.notes?.[c.code] ?? ''}
          </textarea>
        </div>
      ) : null}
    </fieldset>
  );
};

/**
 * Finding the competences worked on today, without script: a search by code or words, and a picker
 * of codes; both are a GET that narrows the form below. With the script, the search filters as one
 * types.
 */
const CompetenceFinder: FC<{
  action: string;
  ref_: LearnerReferential;
  q: string;
  picked: string[];
  keep?: Record<string, string[]>;
  target: string;
  /** The picker stays closed (correcting a session: its competences are already shown). */
  collapsed?: boolean;
}> = ({ action, ref_, q, picked, keep = {}, target, collapsed }) => {
  const t = useT();
  return (
    // biome-ignore lint/a11y/useSemanticElements: a form with role="search" is announced everywhere; <search> is too recent for some readers.
    <form method="get" action={action} class="stack wide no-print" role="search" aria-labelledby="chercher-titre">
      <h2 id="chercher-titre" class="visually-hidden">
        {t('Trouver une compétence', 'Find a competence')}
      </h2>
      {Object.entries(keep).flatMap(([name, list]) => list.map((v) => <input type="hidden" name={name} value={v} />))}
      <div>
        <label for="q">{t('Chercher une compétence (code ou mots)', 'Search a competence (code or words)')}</label>
        <span class="hint" id="q-hint">
          {t('Par exemple « A1 », « mail » ou « mot de passe ».', 'For example “A1”, “mail” or “password”.')}
        </span>
        <input
          id="q"
          name="q"
          type="search"
          value={q}
          aria-describedby="q-hint"
          data-filter={target}
          autocomplete="off"
        />
      </div>
      <details open={!collapsed && picked.length > 0}>
        <summary>
          {t('Choisir les compétences travaillées aujourd’hui', 'Pick the competences worked on today')}
        </summary>
        <div class="choices inline">
          {ref_.entries.flatMap((e) =>
            e.competences.map((c) => (
              <label class="choice" for={`pick-${c.code}`}>
                <input
                  id={`pick-${c.code}`}
                  type="checkbox"
                  name="codes"
                  value={c.code}
                  checked={picked.includes(c.code)}
                />
                <span>
                  {c.code}
                  <span class="visually-hidden"> — {c.title}</span>
                </span>
              </label>
            )),
          )}
        </div>
      </details>
      <div class="actions">
        <button type="submit" class="secondary">
          {t('Afficher', 'Show')}
        </button>
        {q || picked.length ? (
          <a class="button secondary" href={action}>
            {t('Tout afficher', 'Show all')}
          </a>
        ) : null}
      </div>
    </form>
  );
};

/** The competences of the form, letter by letter, every letter collapsed unless a search or a pick opens it. */
const LetterGroups: FC<{
  ref_: LearnerReferential;
  shown: (c: LearnerCompetence) => boolean;
  narrowed: boolean;
  standings?: Map<string, Standing>;
  withdrawn?: ReadonlySet<string>;
  values?: EvaluationValues;
  withNote: boolean;
}> = ({ ref_, shown, narrowed, standings, withdrawn, values = {}, withNote }) => {
  const t = useT();
  return (
    <>
      {ref_.entries
        .filter((entry) => entry.competences.some(shown))
        .map((entry) => {
          const list = entry.competences.filter(shown);
          const typed = list.some((c) => values.levels?.[c.code]);
          return (
            <details open={narrowed || typed} class="letter-group">
              <summary>
                <span class="letter small" aria-hidden="true">
                  {entry.letter}
                </span>
                <span class="summary-title">
                  <span class="visually-hidden">
                    {t('Lettre', 'Letter')} {entry.letter} —{' '}
                  </span>
                  {list[0]!.title}
                  {list.length > 1 ? (
                    <span class="muted"> {t(`et ${list.length - 1} autre(s)`, `and ${list.length - 1} more`)}</span>
                  ) : null}
                </span>
              </summary>
              {list.map((c) => (
                <CompetenceChoice
                  c={c}
                  ref_={ref_}
                  current={standings?.get(c.code)?.level}
                  withdrawn={withdrawn?.has(c.code)}
                  withNote={withNote}
                  values={values}
                />
              ))}
            </details>
          );
        })}
    </>
  );
};

export const PositioningPage: FC<{
  action: string;
  backHref: string;
  name: string;
  ref_: LearnerReferential;
  themes: string[];
  chosen: string[];
  today: string;
  q?: string;
  errors?: FieldError[];
  values?: EvaluationValues;
}> = ({ action, backHref, name, ref_, themes, chosen, today, q = '', errors = [], values = {} }) => {
  const t = useT();
  const inThemes = (c: LearnerCompetence) => c.themes.some((th) => chosen.includes(th));
  const shown = (c: LearnerCompetence) => inThemes(c) && matchesSearch(c, q);
  return (
    <>
      <BackTo href={backHref} name={name} />
      <h1>{t('Positionnement', 'Positioning')}</h1>
      <p class="lead">
        {t(
          'Avec la personne, choisissez d’abord les thèmes qui comptent pour elle. Puis, pour chaque compétence, notez ce que vous observez, ou laissez « pas évalué ».',
          'With the person, first choose the themes that matter to them. Then, for each competence, note what you observe, or leave “not assessed”.',
        )}
      </p>
      {/* Once themes are chosen they fold away (one line), so that the competences come first on a phone. */}
      <details open={chosen.length === 0} class="letter-group">
        <summary>
          <span class="summary-title">
            {chosen.length
              ? `${t('1. Thèmes :', '1. Themes:')} ${chosen.join(', ')}`
              : t('1. Les thèmes qui comptent pour la personne', '1. The themes that matter to the person')}
          </span>
        </summary>
        <form method="get" action={action} class="stack">
          <fieldset>
            <legend>{t('Les thèmes qui comptent pour la personne', 'The themes that matter to the person')}</legend>
            <div class="choices inline">
              {themes.map((th, i) => (
                <label class="choice" for={`theme-${i}`}>
                  <input id={`theme-${i}`} type="checkbox" name="themes" value={th} checked={chosen.includes(th)} />
                  <span>{th}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <div class="actions">
            <button type="submit" class="secondary">
              {t('Afficher les compétences de ces thèmes', 'Show the competences of these themes')}
            </button>
          </div>
        </form>
      </details>
      {chosen.length ? (
        <>
          <h2>{t('2. Ce que vous observez', '2. What you observe')}</h2>
          <CompetenceFinder
            action={action}
            ref_={ref_}
            q={q}
            picked={[]}
            keep={{ themes: chosen }}
            target="#positionnement"
          />
          <FormErrors errors={errors} fieldIds={{ date: 'date' }} />
          <form method="post" action={action} class="stack wide" id="positionnement">
            <Csrf />
            {chosen.map((th) => (
              <input type="hidden" name="themes" value={th} />
            ))}
            <Field
              id="date"
              name="date"
              type="date"
              label={t('Date de la séance', 'Date of the session')}
              value={values.date ?? today}
              max={today}
              required
              error={errors.find((e) => e.path === 'date')?.message}
            />
            <LetterGroups ref_={ref_} shown={shown} narrowed={q !== ''} values={values} withNote={false} />
            <div class="actions">
              <button type="submit">{t('Enregistrer le positionnement', 'Save the positioning')}</button>
            </div>
          </form>
        </>
      ) : null}
    </>
  );
};

/** A required reason, kept in the audit log: what a correction needs to be understood later. */
export const ReasonField: FC<{ value?: string | undefined; error?: string | undefined; hint: string }> = ({
  value,
  error,
  hint,
}) => {
  const t = useT();
  return (
    <div>
      <label for="reason">{t('Raison', 'Reason')}</label>
      <span class="hint" id="reason-hint">
        {hint}
      </span>
      {error ? (
        <p class="field-error" id="reason-error">
          {error}
        </p>
      ) : null}
      <textarea
        id="reason"
        name="reason"
        rows={2}
        required
        maxlength={500}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? 'reason-hint reason-error' : 'reason-hint'}
      >
        {value ?? ''}
      </textarea>
    </div>
  );
};

export const EvaluationPage: FC<{
  action: string;
  backHref: string;
  name: string;
  ref_: LearnerReferential;
  standings: Map<string, Standing>;
  withdrawn: ReadonlySet<string>;
  today: string;
  q?: string;
  picked?: string[];
  errors?: FieldError[];
  values?: EvaluationValues;
  /** Correcting a recorded session: a reason is required, a positioning stays one. */
  edit?: { positioning: boolean; reason?: string | undefined };
}> = ({
  action,
  backHref,
  name,
  ref_,
  standings,
  withdrawn,
  today,
  q = '',
  picked = [],
  errors = [],
  values = {},
  edit,
}) => {
  const t = useT();
  const shown = (c: LearnerCompetence) =>
    (picked.length === 0 || picked.includes(c.code) || Boolean(values.levels?.[c.code])) && matchesSearch(c, q);
  return (
    <>
      <BackTo href={backHref} name={name} />
      <h1>{edit ? t('Corriger une séance', 'Correct a session') : t('Nouvelle évaluation', 'New evaluation')}</h1>
      <p class="lead">
        {edit
          ? t(
              'Changez les niveaux, les notes ou la date, puis dites pourquoi : la correction est gardée dans le journal. « Pas évalué » retire la compétence de la séance.',
              'Change the levels, notes or date, then say why: the correction is kept in the log. “Not assessed” removes the competence from the session.',
            )
          : t(
              'Cherchez ou choisissez les compétences travaillées pendant la séance, puis notez le niveau observé.',
              'Search or pick the competences worked on in the session, then note the level observed.',
            )}
      </p>
      <CompetenceFinder
        action={action}
        ref_={ref_}
        q={q}
        picked={picked}
        target="#evaluation"
        collapsed={Boolean(edit)}
      />
      <FormErrors errors={errors} fieldIds={{ date: 'date', items: 'evaluation', reason: 'reason' }} />
      <form method="post" action={action} class="stack wide" id="evaluation" tabindex={-1}>
        <Csrf />
        <div class="levels">
          <SessionDateField value={values.date} today={today} errors={errors} />
          {edit?.positioning ? (
            <input type="hidden" name="method" value="positioning" />
          ) : (
            <div>
              <label for="method">{t('Façon d’évaluer', 'How it was assessed')}</label>
              <select id="method" name="method">
                {(['observation', 'exercise', 'self-assessment'] as const).map((m) => (
                  <option value={m} selected={values.method === m}>
                    {methodName(m, t)}
                  </option>
                ))}
              </select>
            </div>
          )}
        </div>
        <LetterGroups
          ref_={ref_}
          shown={shown}
          narrowed={q !== '' || picked.length > 0}
          standings={standings}
          withdrawn={withdrawn}
          values={values}
          withNote
        />
        {edit ? (
          <ReasonField
            value={edit.reason}
            error={errors.find((e) => e.path === 'reason')?.message}
            hint={t(
              'Par exemple : « niveau noté sur la mauvaise ligne ». Elle reste dans le journal de la structure.',
              'For example: “level noted on the wrong line”. It stays in the structure’s log.',
            )}
          />
        ) : null}
        <div class="actions">
          <button type="submit">
            {edit
              ? t('Enregistrer la correction', 'Save the correction')
              : t('Enregistrer l’évaluation', 'Save the evaluation')}
          </button>
        </div>
      </form>
    </>
  );
};

// --- holder link, erasure

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

export const ErasePage: FC<{ base: string; name: string; credentialCount: number }> = ({
  base,
  name,
  credentialCount,
}) => {
  const t = useT();
  return (
    <>
      <BackTo href={base} name={name} />
      <h1>
        {t('Effacer les données de', 'Erase the data of')} {name}
      </h1>
      <div class="callout warn">
        <p>{t('L’effacement est définitif. Seront supprimés :', 'Erasure is final. The following will be deleted:')}</p>
        <ul>
          <li>{t('le nom, l’e-mail et l’année de naissance ;', 'the name, e-mail and birth year;')}</li>
          <li>
            {t(
              'les évaluations et leurs notes (seuls des totaux anonymes restent pour les statistiques) ;',
              'evaluations and their notes (only anonymous totals remain for statistics);',
            )}
          </li>
          <li>{t('le lien personnel.', 'the personal link.')}</li>
        </ul>
        <p>
          {t(
            `Les ${credentialCount} badge(s) déjà délivré(s) restent vérifiables : la personne les garde. Ils ne contiennent pas son nom en clair. Vous pourrez encore les révoquer depuis le registre de la structure.`,
            `The ${credentialCount} badge(s) already issued stay verifiable: the person keeps them. They do not contain their name in clear. You can still revoke them from the structure’s register.`,
          )}
        </p>
      </div>
      <p>
        {t(
          'Pensez à exporter ses données avant si la personne les demande.',
          'Export their data first if the person asks for it.',
        )}
      </p>
      <form method="post" action={`${base}/effacer`} class="stack">
        <Csrf />
        <label class="choice" for="confirm">
          <input id="confirm" type="checkbox" name="confirm" value="oui" required />
          <span>
            {t(
              'Je confirme l’effacement, à la demande de la personne ou après la fin de l’accompagnement.',
              'I confirm the erasure, at the person’s request or after the end of the accompaniment.',
            )}
          </span>
        </label>
        <div class="actions">
          <button type="submit" class="danger">
            {t('Effacer définitivement', 'Erase permanently')}
          </button>
        </div>
      </form>
    </>
  );
};

// --- holder (no account)

export const HolderPage: FC<{
  lang: Lang;
  token: string;
  name: string;
  org: OrganisationRow;
  credentials: CredentialRow[];
  names: Map<string, string>;
  levelLabel: (id: string) => string;
  verifyUrl: string;
}> = ({ token, name, org, credentials, names, levelLabel, verifyUrl }) => {
  const t = useT();
  const lang = useLang();
  return (
    <>
      <h1>
        {t('Bonjour', 'Hello')} {name}
      </h1>
      <p class="lead">
        {t(
          `Voici les badges que ${org.name} vous a délivrés. Ils prouvent vos compétences numériques : vous pouvez les montrer à un employeur, à un ou une conseillère, à un organisme de formation.`,
          `Here are the badges ${org.name} issued to you. They prove your digital skills: you can show them to an employer, an adviser, a training body.`,
        )}
      </p>
      {credentials.length ? (
        <div class="actions">
          <a class="button" href={`/p/${token}/passeport.pdf`}>
            {t('Télécharger mon passeport (PDF)', 'Download my passport (PDF)')}
          </a>
        </div>
      ) : (
        <p>{t('Pas encore de badge : ils apparaîtront ici.', 'No badge yet: they will appear here.')}</p>
      )}
      <h2>{t('Mes badges', 'My badges')}</h2>
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
          </li>
        ))}
      </ul>
      {credentials.length ? (
        <>
          <h2>{t('Partager', 'Share')}</h2>
          <p>
            {t(
              'Pour qu’une personne vérifie vos badges, donnez-lui ce lien de vérification (il ne montre pas votre nom). Ne partagez pas l’adresse de cette page : elle est personnelle.',
              'For someone to verify your badges, give them this verification link (it does not show your name). Do not share the address of this page: it is personal.',
            )}
          </p>
          <p class="secret mono">{verifyUrl}</p>
        </>
      ) : null}
    </>
  );
};

/** The person's details, as registered and as corrected (the same fields, the same words). */
export const LearnerDetailsFields: FC<{ values: Record<string, string>; errors: FieldError[] }> = ({
  values,
  errors,
}) => {
  const t = useT();
  const err = (path: string) => errors.find((e) => e.path === path)?.message;
  return (
    <>
      <Field
        id="displayName"
        name="displayName"
        label={t('Nom (comme la personne l’écrit)', 'Name (as the person writes it)')}
        hint={t('Il sera imprimé sur son passeport.', 'It will be printed on their passport.')}
        value={values.displayName ?? ''}
        required
        autocomplete="off"
        error={err('displayName')}
      />
      <Field
        id="latinName"
        name="latinName"
        label={t(
          'Nom en lettres latines, comme sur ses papiers (facultatif)',
          'Name in Latin letters, as on their papers (optional)',
        )}
        hint={t(
          'Pour un nom écrit dans un autre alphabet (arabe, cyrillique…) : un employeur pourra aussi vérifier le passeport avec cette écriture.',
          'For a name written in another script (Arabic, Cyrillic…): an employer can then also check the passport with this spelling.',
        )}
        value={values.latinName ?? ''}
        autocomplete="off"
        error={err('latinName')}
      />
      <Field
        id="email"
        name="email"
        type="email"
        label={t('E-mail (facultatif)', 'E-mail (optional)')}
        value={values.email ?? ''}
        autocomplete="off"
        error={err('email')}
      />
      <Field
        id="birthYear"
        name="birthYear"
        type="number"
        inputmode="numeric"
        min="1900"
        max="2030"
        label={t('Année de naissance (facultatif)', 'Birth year (optional)')}
        value={values.birthYear ?? ''}
        error={err('birthYear')}
      />
    </>
  );
};

/** The session's date: today by default, never in the future. */
export const SessionDateField: FC<{ value: string | undefined; today: string; errors: FieldError[] }> = ({
  value,
  today,
  errors,
}) => {
  const t = useT();
  return (
    <Field
      id="date"
      name="date"
      type="date"
      label={t('Date de la séance', 'Date of the session')}
      value={value ?? today}
      max={today}
      required
      error={errors.find((e) => e.path === 'date')?.message}
    />
  );
};
