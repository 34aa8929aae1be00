import type { FC } from 'hono/jsx';
import { useT } from '../web/render.js';
import type { DerivedAchievement } from './derive-achievements.js';
import { kindName } from './views.js';

/** `**bold**` inside a line of the criteria narrative; other Markdown marks are dropped. */
const Inline: FC<{ text: string }> = ({ text }) => (
  <>
    {text
      .replace(/^\s*(#+|>)\s*/, '')
      // French spacing: no line break inside « … » or before a colon.
      .replace(/« /g, '«\u00a0')
      .replace(/ ([»:;!?])/g, '\u00a0$1')
      .split(/(\*\*[^*]+\*\*)/)
      .map((part) => (/^\*\*[^*]+\*\*$/.test(part) ? <strong>{part.slice(2, -2)}</strong> : part.replace(/\*/g, '')))}
  </>
);

/**
 * The criteria narrative is a small Markdown text (paragraphs, `- ` lists, `**bold**`): shown as real
 * paragraphs and lists, so that a list reads as a list (RGAA 9.3) instead of dashes run into a paragraph.
 */
const Narrative: FC<{ text: string }> = ({ text }) => (
  <>
    {text
      .split(/\n{2,}/)
      .filter((block) => block.trim())
      .map((block) => {
        const lines = block.split('\n');
        const groups: { list: boolean; lines: string[] }[] = [];
        for (const line of lines) {
          const list = /^\s*[-*]\s+/.test(line);
          const last = groups[groups.length - 1];
          if (last && last.list === list) last.lines.push(list ? line.replace(/^\s*[-*]\s+/, '') : line);
          else groups.push({ list, lines: [list ? line.replace(/^\s*[-*]\s+/, '') : line] });
        }
        return groups.map((g) =>
          g.list ? (
            <ul>
              {g.lines.map((l) => (
                <li>
                  <Inline text={l} />
                </li>
              ))}
            </ul>
          ) : (
            <p>
              <Inline text={g.lines.join(' ')} />
            </p>
          ),
        );
      })}
  </>
);

export const AchievementPage: FC<{
  derived: DerivedAchievement;
  referentialTitle: string;
  svgUrl: string;
}> = ({ derived, referentialTitle, svgUrl }) => {
  const t = useT();
  const a = derived.achievement;
  return (
    <>
      <div class="hero">
        <img class="badge" src={svgUrl} alt="" width={112} height={112} />
        <div>
          <p class="muted">{kindName(derived.kind, t)}</p>
          <h1>{a.name}</h1>
          <p class="lead">{a.description}</p>
        </div>
      </div>
      <h2>{t('Critères', 'Criteria')}</h2>
      <div class="callout criteria">
        <Narrative text={a.criteria.narrative ?? ''} />
      </div>
      {a.resultDescription?.length && derived.kind !== 'passport' ? (
        <>
          <h2>{t('Niveaux', 'Levels')}</h2>
          <ol>
            {a.resultDescription[0]!.rubricCriterionLevel?.map((l) => (
              <li>
                <strong>{l.name}</strong>
                {l.description ? ` — ${l.description}` : ''}
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {a.alignment?.length ? (
        <>
          <h2>{t('Correspondances', 'Alignments')}</h2>
          <ul>
            {a.alignment.map((al) => (
              <li>
                <a href={al.targetUrl}>
                  {al.targetFramework} {al.targetCode}
                </a>{' '}
                — {al.targetName}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <dl class="meta">
        <dt>{t('Référentiel', 'Framework')}</dt>
        <dd>
          {referentialTitle} ({a.version})
        </dd>
        <dt>{t('Données', 'Data')}</dt>
        <dd>
          <a href={`${a.id}.json`}>JSON</a> · <a href={svgUrl}>SVG</a> · <a href={`${a.id}.png`}>PNG</a>
        </dd>
      </dl>
    </>
  );
};
