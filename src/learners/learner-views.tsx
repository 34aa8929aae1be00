import type { FC } from 'hono/jsx';
import type { EvaluationMethod } from '../db/schema.js';
import { credentialState } from '../issuing/service.js';
import type { CredentialRow } from '../issuing/service.js';
import { StatusBadge, kindName } from '../issuing/views.js';
import type { OrganisationRow } from '../organisations/lookup.js';
import type { LearnerReferential } from '../referentials/schema.js';
import { formatDate } from '../lib/dates.js';
import { plural } from '../lib/text.js';
import { Csrf, useLang, useT } from '../web/render.js';
import { BackTo, displayName, methodName } from './fields.js';
import type { Earned, Standing } from './rules.js';
import type { LearnerWithPersonal } from './store.js';

/** A person's page (where they stand, their badges and sessions, what to do next) and erasing their data. */

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
              `${plural(staleCount, '# badge porte', '# badges portent')} encore l’ancien nom ou l’ancien e-mail. Délivrez-les à nouveau pour qu’ils correspondent : les anciens seront retirés et remplacés.`,
              `${staleCount} badge(s) still carry the former name or e-mail. Issue them again so that they match: the old ones will be withdrawn and replaced.`,
            )}
          </p>
          <form method="post" action={`${base}/redelivrer`}>
            <Csrf />
            <button type="submit">
              {t(
                `Délivrer à nouveau ${plural(staleCount, '# badge', '# badges')} avec le nom corrigé`,
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
              {t('Corriger l’identité', 'Correct the identity')}
            </a>
          </li>
        </ul>
      </nav>
      <h2 id="socle">{t('Vers le passeport numérique', 'Towards the digital passport')}</h2>
      <p>
        {earned.passportProgress.minCount > 0
          ? t(
              `${plural(earned.passportProgress.coreReached, '# compétence du socle', '# compétences du socle')} au niveau « ${levelLabel(earned.passportProgress.minLevel)} » — ${plural(earned.passportProgress.minCount, '# suffit', '# suffisent')} pour le passeport.`,
              `${plural(earned.passportProgress.coreReached, '# core competence', '# core competences')} at level “${levelLabel(earned.passportProgress.minLevel)}” — ${earned.passportProgress.minCount} are enough for the passport.`,
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
              {formatDate(e.date, lang)} — {methodName(e.method, t)} (
              {t(plural(e.count, '# compétence', '# compétences'), plural(e.count, '# competence', '# competences'))}){' '}
              <a href={`${base}/seances/${e.id}/modifier`}>
                {t('Corriger cette séance', 'Correct this session')}
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
