import type { LearnerCompetence, LearnerReferential } from '../referentials/schema.js';
import type { LearnerWithPersonal } from './store.js';

/**
 * Searching without script, for people and for competences: what a search box narrows, the same
 * on the server (GET forms) and in the page's small script (the `data-words` it filters on).
 */

/** Lower case without accents, for searching competences by words. */
export function searchable(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** The words of a text, for matching typed words against their starts ("e-mail" gives "e" and "mail"). */
function wordsOf(text: string): string[] {
  return searchable(text)
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * What a competence is found by: its code, the words of its title and its themes — not its
 * description nor its indicators, which mention other competences' subjects in passing (the bank
 * competence says "e-mail", the keyboard one "adresse e-mail"). One space before each word, so that
 * the page's script matches word starts the same way (`hay.includes(' ' + typed)`).
 */
export function competenceWords(c: LearnerCompetence): string {
  return ` ${[c.code.toLowerCase(), ...wordsOf([c.title, ...c.themes].join(' '))].join(' ')}`;
}

/** Does a competence match a search: every word typed starts a word of its code, title or themes? */
export function matchesSearch(c: LearnerCompetence, q: string): boolean {
  const typed = wordsOf(q);
  if (typed.length === 0) return true;
  const hay = competenceWords(c);
  return typed.every((w) => hay.includes(` ${w}`));
}

/** Does a person match a search of the list (part of the name, or of the identifier with or without dashes)? */
export function matchesLearner(l: Pick<LearnerWithPersonal, 'publicId' | 'personal'>, q: string): boolean {
  const wanted = searchable(q);
  return (
    searchable(l.personal?.displayName ?? '').includes(wanted) ||
    l.publicId.toLowerCase().replace(/-/g, '').includes(wanted.replace(/[-\s]/g, ''))
  );
}

/** Every theme of the alphabet, once, in French order (the positioning's first step). */
export function themesOf(referential: LearnerReferential): string[] {
  return [...new Set(referential.entries.flatMap((e) => e.competences.flatMap((x) => x.themes)))].sort((a, b) =>
    a.localeCompare(b, 'fr'),
  );
}
