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
import { CsrfField, ErrorSummary, Field, Layout, type PageProps } from '../web/layout.js';
import { qrSvg } from '../web/qr.js';
import type { Earned, Standing } from './rules.js';
import type { LearnerWithPersonal } from './store.js';

type Page = Omit<PageProps, 'children'>;

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
  page: Page;
  t: T;
  org: OrganisationRow;
  learners: LearnerWithPersonal[];
  canConfigure: boolean;
  errors?: FieldError[];
  values?: Record<string, string>;
}> = ({ page, t, org, learners, canConfigure, errors = [], values = {} }) => {
  const err = (path: string) => errors.find((e) => e.path === path)?.message;
  return (
    <Layout {...page} noindex>
      <h1>
        {t('Personnes accompagnées', 'People helped')} — {org.name}
      </h1>
      {learners.length === 0 ? (
        <p>{t('Aucune personne enregistrée pour l’instant.', 'Nobody registered yet.')}</p>
      ) : (
        <ul class="cards">
          {learners.map((l) => (
            <li class="card">
              <h2 class="flush">
                <a href={`/structures/${org.slug}/apprenants/${l.id}`}>{displayName(l, t)}</a>
              </h2>
              <p class="muted tight">
                {t('Identifiant', 'Identifier')} <span class="mono">{l.publicId}</span> · {t('depuis le', 'since')}{' '}
                {formatDate(l.createdAt, page.lang)}
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
      <ErrorSummary
        errors={errors}
        t={t}
        fieldIds={{
          displayName: 'displayName',
          latinName: 'latinName',
          email: 'email',
          birthYear: 'birthYear',
          consent: 'consent',
        }}
      />
      <form
        method="post"
        action={`/structures/${org.slug}/apprenants`}
        class="stack"
        aria-labelledby="nouvelle-personne"
      >
        <CsrfField token={page.csrfToken} />
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
        <div class="actions">
          <button type="submit">{t('Enregistrer', 'Register')}</button>
        </div>
      </form>
      {canConfigure ? (
        <>
          <h2 id="reglages">{t('Réglages de la structure', 'Structure settings')}</h2>
          <form method="post" action={`/structures/${org.slug}/reglages`} class="stack" aria-labelledby="reglages">
            <CsrfField token={page.csrfToken} />
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
    </Layout>
  );
};

// --- progress

export const LearnerPage: FC<{
  page: Page;
  t: T;
  org: OrganisationRow;
  learner: LearnerWithPersonal;
  ref_: LearnerReferential;
  standings: Map<string, Standing>;
  earned: Earned;
  credentials: CredentialRow[];
  names: Map<string, string>;
  evaluations: { id: string; date: string; method: EvaluationMethod; count: number }[];
  notice?: string | undefined;
}> = ({ page, t, org, learner, ref_, standings, earned, credentials, names, evaluations, notice }) => {
  const base = `/structures/${org.slug}/apprenants/${learner.id}`;
  const newCount = earned.competences.length + (earned.passport ? 1 : 0);
  const levelLabel = (id: string) => ref_.scale.levels.find((l) => l.id === id)?.label ?? id;
  const current = credentials.filter((c) => !c.supersededBy);
  return (
    <Layout {...page} noindex>
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
      {notice ? (
        <div class="callout ok" role="status">
          <p>{notice}</p>
        </div>
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
            <CsrfField token={page.csrfToken} />
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
          {current.length ? (
            <li>
              <a class="button secondary" href={`${base}/passeport.pdf`}>
                {t('Passeport (PDF)', 'Passport (PDF)')}
              </a>
            </li>
          ) : null}
          <li>
            <a class="button secondary" href={`${base}/lien`}>
              {t('Lien personnel', 'Personal link')}
            </a>
          </li>
        </ul>
      </nav>
      <h2>{t('Vers le passeport numérique', 'Towards the digital passport')}</h2>
      <p>
        {earned.passportProgress.minCount > 0
          ? t(
              `${earned.passportProgress.coreReached} compétence(s) du socle sur les ${earned.passportProgress.minCount} demandées au niveau « ${levelLabel(earned.passportProgress.minLevel)} ».`,
              `${earned.passportProgress.coreReached} core competence(s) of the ${earned.passportProgress.minCount} required at level “${levelLabel(earned.passportProgress.minLevel)}”.`,
            )
          : null}
      </p>
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
              {c.level ? ` — ${levelLabel(c.level)}` : ''} · {formatDate(c.issuedAt, page.lang)}{' '}
              <StatusBadge state={credentialState(c)} t={t} />
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
                          <span class="muted">({formatDate(s.date, page.lang)})</span>
                          {s.history.length > 1 ? (
                            <>
                              <br />
                              <span class="muted">
                                {t('Première observation :', 'First observed:')} {levelLabel(s.first.level)} (
                                {formatDate(s.first.date, page.lang)}) → {t('maintenant', 'now')} :{' '}
                                {levelLabel(s.level)}
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
              {formatDate(e.date, page.lang)} — {methodName(e.method, t)} ({e.count}{' '}
              {t('compétence(s)', 'competence(s)')})
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
    </Layout>
  );
};

// --- positioning and evaluation forms

const CompetenceChoice: FC<{
  c: LearnerCompetence;
  ref_: LearnerReferential;
  t: T;
  current?: string | undefined;
  withNote: boolean;
}> = ({ c, ref_, t, current, withNote }) => (
  <fieldset id={`c-${c.code}`}>
    <legend>
      {c.title} <span class="muted">({c.code})</span>
    </legend>
    <p class="hint">{c.description}</p>
    <div class="choices">
      <label class="choice">
        <input type="radio" name={`niveau.${c.code}`} value="" checked />
        <span>{t('Pas évalué', 'Not assessed')}</span>
      </label>
      {ref_.scale.levels.map((l) => (
        <label class="choice">
          <input type="radio" name={`niveau.${c.code}`} value={l.id} />
          <span>
            <strong>{l.label}</strong>
            {c.indicators[l.id]?.[0] ? <span class="hint">{`Par exemple : ${c.indicators[l.id]![0]}`}</span> : null}
          </span>
        </label>
      ))}
    </div>
    {current ? (
      <p class="muted">
        {t('Dernier niveau observé :', 'Last observed level:')} {ref_.scale.levels.find((l) => l.id === current)?.label}
      </p>
    ) : null}
    {withNote ? (
      <div>
        <label for={`note-${c.code}`}>{t('Note (facultatif)', 'Note (optional)')}</label>
        <span class="hint" id={`note-hint-${c.code}`}>
          {t(
            'Ce qui a été observé. Pas de donnée personnelle : la note reste dans Jalon.',
            'What was observed. No personal data: the note stays in Jalon.',
          )}
        </span>
        <textarea
          id={`note-${c.code}`}
          name={`note.${c.code}`}
          rows={2}
          aria-describedby={`note-hint-${c.code}`}
          class="note"
        />
      </div>
    ) : null}
  </fieldset>
);

export const PositioningPage: FC<{
  page: Page;
  t: T;
  action: string;
  backHref: string;
  name: string;
  ref_: LearnerReferential;
  themes: string[];
  chosen: string[];
  today: string;
  errors?: FieldError[];
}> = ({ page, t, action, backHref, name, ref_, themes, chosen, today, errors = [] }) => {
  const competences = ref_.entries.flatMap((e) => e.competences.map((c) => ({ letter: e.letter, c })));
  const shown = chosen.length ? competences.filter(({ c }) => c.themes.some((th) => chosen.includes(th))) : [];
  return (
    <Layout {...page} noindex>
      <BackTo href={backHref} name={name} />
      <h1>{t('Positionnement', 'Positioning')}</h1>
      <p class="lead">
        {t(
          'Avec la personne, choisissez d’abord les thèmes qui comptent pour elle. Puis, pour chaque compétence, notez ce que vous observez, ou laissez « pas évalué ».',
          'With the person, first choose the themes that matter to them. Then, for each competence, note what you observe, or leave “not assessed”.',
        )}
      </p>
      <form method="get" action={action} class="stack">
        <fieldset>
          <legend>{t('1. Les thèmes qui comptent pour la personne', '1. The themes that matter to the person')}</legend>
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
      {shown.length ? (
        <>
          <h2>{t('2. Ce que vous observez', '2. What you observe')}</h2>
          <ErrorSummary errors={errors} t={t} />
          <form method="post" action={action} class="stack">
            <CsrfField token={page.csrfToken} />
            {chosen.map((th) => (
              <input type="hidden" name="themes" value={th} />
            ))}
            <Field
              id="date"
              name="date"
              type="date"
              label={t('Date de la séance', 'Date of the session')}
              value={today}
              max={today}
              required
            />
            {shown.map(({ c }) => (
              <CompetenceChoice c={c} ref_={ref_} t={t} withNote={false} />
            ))}
            <div class="actions">
              <button type="submit">{t('Enregistrer le positionnement', 'Save the positioning')}</button>
            </div>
          </form>
        </>
      ) : null}
    </Layout>
  );
};

export const EvaluationPage: FC<{
  page: Page;
  t: T;
  action: string;
  backHref: string;
  name: string;
  ref_: LearnerReferential;
  standings: Map<string, Standing>;
  today: string;
  errors?: FieldError[];
}> = ({ page, t, action, backHref, name, ref_, standings, today, errors = [] }) => (
  <Layout {...page} noindex>
    <BackTo href={backHref} name={name} />
    <h1>{t('Nouvelle évaluation', 'New evaluation')}</h1>
    <p class="lead">
      {t(
        'Notez les compétences travaillées pendant la séance. Les lettres déjà observées sont ouvertes ; les autres se déplient.',
        'Record the competences worked on in the session. Letters already observed are open; the others unfold.',
      )}
    </p>
    <ErrorSummary errors={errors} t={t} />
    <form method="post" action={action} class="stack wide">
      <CsrfField token={page.csrfToken} />
      <div class="levels">
        <Field
          id="date"
          name="date"
          type="date"
          label={t('Date de la séance', 'Date of the session')}
          value={today}
          max={today}
          required
        />
        <div>
          <label for="method">{t('Façon d’évaluer', 'How it was assessed')}</label>
          <select id="method" name="method">
            {(['observation', 'exercise', 'self-assessment'] as const).map((m) => (
              <option value={m}>{methodName(m, t)}</option>
            ))}
          </select>
        </div>
      </div>
      {ref_.entries.map((entry) => {
        const seen = entry.competences.some((c) => standings.has(c.code));
        return (
          <details open={seen}>
            <summary>
              <span class="letter small" aria-hidden="true">
                {entry.letter}
              </span>
              <span>
                {t('Lettre', 'Letter')} {entry.letter} — {entry.competences[0]!.title}
                {entry.competences.length > 1 ? (
                  <span class="muted">
                    {' '}
                    {t(`et ${entry.competences.length - 1} autre(s)`, `and ${entry.competences.length - 1} more`)}
                  </span>
                ) : null}
              </span>
            </summary>
            {entry.competences.map((c) => (
              <CompetenceChoice c={c} ref_={ref_} t={t} current={standings.get(c.code)?.level} withNote />
            ))}
          </details>
        );
      })}
      <div class="actions">
        <button type="submit">{t('Enregistrer l’évaluation', 'Save the evaluation')}</button>
      </div>
    </form>
  </Layout>
);

// --- holder link, erasure

export const HolderLinkPage: FC<{
  page: Page;
  t: T;
  base: string;
  name: string;
  created?: string | undefined;
  hasLink: boolean;
}> = ({ page, t, base, name, created, hasLink }) => (
  <Layout {...page} noindex>
    <BackTo href={base} name={name} noPrint />
    <h1>{t('Lien personnel', 'Personal link')}</h1>
    {created ? (
      <section class="card" aria-labelledby="lien-cree">
        <h2 id="lien-cree" class="flush-top">
          {t('Lien personnel de', 'Personal link of')} {name}
        </h2>
        <p>
          {t(
            'Avec ce lien, la personne retrouve ses badges et son passeport sans compte ni mot de passe. Donnez-le lui, ou imprimez cette page : elle pourra scanner le code avec son téléphone. Gardez-le secret : toute personne qui l’a voit ses badges.',
            'With this link, the person finds their badges and passport without an account or password. Give it to them, or print this page: they can scan the code with their phone. Keep it secret: anyone who has it sees their badges.',
          )}
        </p>
        {raw(qrSvg(created, t(`QR code du lien personnel de ${name}`, `QR code of ${name}’s personal link`)))}
        <p class="secret mono">{created}</p>
        <p class="muted">
          {t(
            'Ce lien ne sera plus affiché. Vous pourrez en créer un nouveau (l’ancien cessera de fonctionner).',
            'This link will not be shown again. You can create a new one (the old one will stop working).',
          )}
        </p>
      </section>
    ) : (
      <p>
        {hasLink
          ? t(
              'Un lien personnel est actif. Pour des raisons de sécurité, il ne peut pas être réaffiché : créez-en un nouveau si la personne l’a perdu.',
              'A personal link is active. For security it cannot be shown again: create a new one if the person lost it.',
            )
          : t('Aucun lien personnel actif.', 'No active personal link.')}
      </p>
    )}
    <div class="actions no-print">
      <form method="post" action={`${base}/lien`}>
        <CsrfField token={page.csrfToken} />
        <button type="submit">
          {hasLink || created
            ? t('Créer un nouveau lien (l’ancien est désactivé)', 'Create a new link (the old one stops working)')
            : t('Créer le lien personnel', 'Create the personal link')}
        </button>
      </form>
      {hasLink || created ? (
        <form method="post" action={`${base}/lien/revoquer`}>
          <CsrfField token={page.csrfToken} />
          <button type="submit" class="danger">
            {t('Désactiver le lien', 'Disable the link')}
          </button>
        </form>
      ) : null}
    </div>
  </Layout>
);

export const ErasePage: FC<{ page: Page; t: T; base: string; name: string; credentialCount: number }> = ({
  page,
  t,
  base,
  name,
  credentialCount,
}) => (
  <Layout {...page} noindex>
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
      <CsrfField token={page.csrfToken} />
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
  </Layout>
);

// --- holder (no account)

export const HolderPage: FC<{
  page: Page;
  t: T;
  lang: Lang;
  token: string;
  name: string;
  org: OrganisationRow;
  credentials: CredentialRow[];
  names: Map<string, string>;
  levelLabel: (id: string) => string;
  verifyUrl: string;
}> = ({ page, t, token, name, org, credentials, names, levelLabel, verifyUrl }) => (
  <Layout {...page} noindex>
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
                {formatDate(c.issuedAt, page.lang)} <StatusBadge state={credentialState(c)} t={t} />
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
                  {t('Image PNG (pour un portefeuille de badges)', 'PNG image (for a badge wallet)')}
                </a>
              </li>
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
                <a href={`/credentials/${c.id}`}>{t('Page publique du badge', 'Public page of the badge')}</a>
              </li>
            </ul>
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
  </Layout>
);
