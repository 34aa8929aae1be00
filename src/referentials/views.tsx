import { useLang, useT } from '../web/render.js';
import type { FC } from 'hono/jsx';
import { formatDate } from '../lib/dates.js';
import type { T } from '../web/i18n.js';
import { CRCN_COMPETENCES, DIGCOMP_COMPETENCES, FRAMEWORK_TITLES, REMN_BLOCKS, type Framework } from './frameworks.js';
import type { Alignment, Referential, ReferentialLevel } from './schema.js';
import type { ReferentialRow } from './store.js';

export function kindLabel(kind: Referential['kind'], t: T): string {
  return kind === 'learner'
    ? t('compétences des personnes accompagnées', 'skills of the people helped')
    : t('compétences des médiateurs', 'mediator skills');
}

export const ReferentialListPage: FC<{
  rows: Pick<ReferentialRow, 'slug' | 'version' | 'kind' | 'title' | 'createdAt'>[];
}> = ({ rows }) => {
  const t = useT();
  const latest = new Map<string, (typeof rows)[number]>();
  for (const r of rows) if (!latest.has(r.slug)) latest.set(r.slug, r);
  return (
    <>
      <h1>{t('Référentiels de compétences', 'Competence frameworks')}</h1>
      <p class="lead">
        {t(
          'Les référentiels décrivent les compétences que Jalon permet de reconnaître. Chaque version publiée est figée : un badge renvoie toujours à la version qui a servi à l’évaluer.',
          'Frameworks describe the skills Jalon recognises. Each published version is frozen: a badge always points to the version it was assessed against.',
        )}
      </p>
      <ul class="cards">
        {[...latest.values()].map((r) => (
          <li class="card">
            <h2 class="flush-top">
              <a href={`/referentials/${r.slug}`}>{r.title}</a>
            </h2>
            <p class="muted">
              {kindLabel(r.kind, t)} — {t('version', 'version')} {r.version}
            </p>
            {rows.filter((x) => x.slug === r.slug).length > 1 ? (
              <p>
                {t('Autres versions :', 'Other versions:')}{' '}
                {rows
                  .filter((x) => x.slug === r.slug && x.version !== r.version)
                  .map((x) => (
                    <>
                      <a href={`/referentials/${x.slug}/${x.version}`}>{x.version}</a>{' '}
                    </>
                  ))}
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
};

const Alignments: FC<{ list: Alignment[] }> = ({ list }) => {
  const t = useT();
  return list.length ? (
    <p class="muted">
      {t('Correspond à', 'Aligned to')}{' '}
      {list.map((a, i) => (
        <>
          {i > 0 ? ' · ' : ''}
          <a href={`/frameworks/${a.framework}#${encodeURIComponent(a.code)}`}>
            {a.framework} {a.code}
          </a>
          {a.name ? ` (${a.name})` : ''}
        </>
      ))}
    </p>
  ) : null;
};

const Levels: FC<{ levels: ReferentialLevel[]; indicators: Record<string, string[]>; headingLevel: 3 | 4 }> = ({
  levels,
  indicators,
}) => (
  <div class="levels">
    {levels.map((level, i) => (
      <div class="level">
        <h4>
          <span class="dots" aria-hidden="true">
            {'●'.repeat(i + 1)}
            {'○'.repeat(levels.length - i - 1)}
          </span>{' '}
          {level.label}
        </h4>
        <ul>
          {(indicators[level.id] ?? []).map((line) => (
            <li>{line}</li>
          ))}
        </ul>
      </div>
    ))}
  </div>
);

export const ReferentialPage: FC<{
  ref: Referential;
  createdAt: string;
  versions: string[];
  /** What the passport needs (learner referentials with award rules). */
  passport?: { core: string[]; minCount: number; minLevel: string } | undefined;
}> = ({ ref, createdAt, versions, passport }) => {
  const t = useT();
  const lang = useLang();
  return (
    <>
      <h1>{ref.title}</h1>
      <p class="lead">{ref.description}</p>
      <dl class="meta">
        <dt>{t('Version', 'Version')}</dt>
        <dd>
          {ref.version} ({t('publiée le', 'published')} {formatDate(createdAt, lang)})
          {versions.length > 1 ? (
            <>
              {' — '}
              {t('versions :', 'versions:')}{' '}
              {versions.map((v) => (
                <>
                  <a href={`/referentials/${ref.slug}/${v}`} aria-current={v === ref.version ? 'page' : undefined}>
                    {v}
                  </a>{' '}
                </>
              ))}
            </>
          ) : null}
        </dd>
        <dt>{t('Public', 'For')}</dt>
        <dd>{kindLabel(ref.kind, t)}</dd>
      </dl>
      {passport && ref.kind === 'learner' ? (
        <section aria-labelledby="socle">
          <h2 id="socle">{t('Le socle du passeport numérique', 'The core of the digital passport')}</h2>
          <p>
            {t(
              `Le passeport numérique est délivré quand ${passport.minCount} de ces ${passport.core.length} compétences sont atteintes au niveau « ${ref.scale.levels.find((l) => l.id === passport.minLevel)?.label ?? passport.minLevel} ».`,
              `The digital passport is issued when ${passport.minCount} of these ${passport.core.length} competences are reached at level “${ref.scale.levels.find((l) => l.id === passport.minLevel)?.label ?? passport.minLevel}”.`,
            )}
          </p>
          <ul>
            {passport.core.map((code) => (
              <li>
                {ref.entries.flatMap((e) => e.competences).find((c) => c.code === code)?.title ?? code}{' '}
                <span class="muted">({code})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <h2>{t('Les niveaux', 'The levels')}</h2>
      <ol>
        {ref.scale.levels.map((l) => (
          <li>
            <strong>{l.label}</strong> — {l.description}
          </li>
        ))}
      </ol>
      {ref.crosswalk ? (
        <details>
          <summary>
            {t('Correspondance avec la version', 'Crosswalk from version')} {ref.crosswalk.from}
          </summary>
          <ul>
            {ref.crosswalk.map.map((m) => (
              <li>
                {m.from} → {m.to.length ? m.to.join(', ') : t('retiré', 'removed')}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {ref.kind === 'learner' ? (
        <>
          <h2 id="alphabet">{t('L’abécédaire', 'The alphabet')}</h2>
          <nav aria-label={t('Lettres', 'Letters')}>
            <ul class="alphabet-nav">
              {ref.entries.map((e) => (
                <li>
                  <a href={`#lettre-${e.letter}`}>{e.letter}</a>
                </li>
              ))}
            </ul>
          </nav>
          {ref.entries.map((entry) => (
            <section class="letter-section" id={`lettre-${entry.letter}`} aria-labelledby={`titre-${entry.letter}`}>
              <h3 id={`titre-${entry.letter}`}>
                <span class="letter" aria-hidden="true">
                  {entry.letter}
                </span>
                <span class="visually-hidden">
                  {t('Lettre', 'Letter')} {entry.letter}
                </span>
              </h3>
              <div>
                {entry.competences.map((c) => (
                  <details id={c.code}>
                    <summary>
                      {c.title} <span class="muted">({c.code})</span>
                    </summary>
                    <p>{c.description}</p>
                    <Levels levels={ref.scale.levels} indicators={c.indicators} headingLevel={4} />
                    <Alignments list={c.alignments} />
                    <p>
                      {c.themes.map((th) => (
                        <span class="tag">{th}</span>
                      ))}
                    </p>
                  </details>
                ))}
                <a class="to-letters" href="#alphabet">
                  {t('Revenir aux lettres', 'Back to the letters')}
                </a>
              </div>
            </section>
          ))}
        </>
      ) : (
        <>
          <h2>{t('Les blocs de compétences', 'Skill blocks')}</h2>
          {ref.blocks.map((block) => (
            <section id={block.code} aria-labelledby={`bloc-${block.code}`}>
              <h3 id={`bloc-${block.code}`}>
                {block.code} — {block.title}
              </h3>
              <p>{block.description}</p>
              <Alignments list={block.alignments} />
              {block.competences.map((c) => (
                <details id={c.code}>
                  <summary>
                    {c.code} — {c.title}
                  </summary>
                  <p>{c.description}</p>
                  <Levels levels={ref.scale.levels} indicators={c.indicators} headingLevel={4} />
                  <h4>{t('Preuves attendues', 'Expected evidence')}</h4>
                  <ul>
                    {c.evidence.map((e) => (
                      <li>{e}</li>
                    ))}
                  </ul>
                </details>
              ))}
            </section>
          ))}
        </>
      )}
      <details class="specialists">
        <summary>{t('Pour les spécialistes', 'For specialists')}</summary>
        <p>
          <a href={`/api/v1/referentials/${ref.slug}/${ref.version}`}>
            {t('Le référentiel au format JSON', 'The framework as JSON')}
          </a>
        </p>
      </details>
    </>
  );
};

export const FrameworkPage: FC<{ framework: Framework; used: Record<string, string> }> = ({ framework, used }) => {
  const t = useT();
  const official: Readonly<Record<string, string>> =
    framework === 'CRCN'
      ? CRCN_COMPETENCES
      : framework === 'DigComp'
        ? DIGCOMP_COMPETENCES
        : framework === 'REMN'
          ? REMN_BLOCKS
          : {};
  // Codes named only in the referentials (REMN activities, 2025 strands) are listed as they name them.
  const codes: Record<string, string> = { ...used, ...official };
  const sorted = Object.keys(codes).sort((a, b) => a.localeCompare(b, 'fr', { numeric: true }));
  return (
    <>
      <h1>{FRAMEWORK_TITLES[framework]}</h1>
      <p class="lead">
        {t(
          'Les référentiels de Jalon s’alignent sur ce cadre public. Cette page liste les codes utilisés dans les badges.',
          'Jalon’s frameworks align to this public framework. This page lists the codes used in badges.',
        )}
      </p>
      <dl class="meta codes">
        {sorted.map((code) => (
          <>
            <dt id={code}>{code}</dt>
            <dd>{codes[code]}</dd>
          </>
        ))}
      </dl>
    </>
  );
};
