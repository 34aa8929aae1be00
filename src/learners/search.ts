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
