/**
 * One verdict for what was verified (a badge, or every badge of a passport), in plain words, with a
 * stable code for programs; and what a reader needs at a glance: who, by whom, when, which
 * competences. Pure: results in, verdict out (the printed-name check hashes, hence async).
 */
import { isRecord } from '../lib/json.js';
import { plural } from '../lib/text.js';
import { matchIdentifier, nameKey } from '../ob3/recipient.js';
import type { IdentityObject, OpenBadgeCredential } from '../ob3/types.js';
import type { BadgeProblem, VerificationResult } from '../ob3/verify.js';

/**
 * - `valid`: every badge is authentic and valid (and the names checked match);
 * - `partially_valid`: some badges are valid, others not (revoked, expired…);
 * - `invalid`: no badge is valid;
 * - `name_mismatch`: the badges are valid but the name entered is not their holder's;
 * - `printed_name_mismatch`: the name the passport PDF carries is not the holder's of its badges, or
 *   the file says two different names;
 * - `unreadable`: nothing that could be read as a badge.
 */
export const VERDICT_CODES = [
  'valid',
  'partially_valid',
  'invalid',
  'name_mismatch',
  'printed_name_mismatch',
  'unreadable',
] as const;
export type VerdictCode = (typeof VERDICT_CODES)[number];

export const PRINTED_NAME_OUTCOMES = ['match', 'mismatch', 'altered', 'absent', 'unchecked'] as const;
export type PrintedNameOutcome = (typeof PRINTED_NAME_OUTCOMES)[number];

export interface PrintedNameCheck {
  /**
   * `match`: the name matches every authentic badge; `mismatch`: not all of them; `altered`: the file
   * carries two different names (Info and XMP, or metadata and the printed page); `absent`: the PDF carries no name (not a Jalon passport, or made
   * before names were written in it); `unchecked`: no authentic badge to compare with.
   */
  outcome: PrintedNameOutcome;
  /** The name the PDF carries (its metadata's; the page's text when it has no metadata). */
  name?: string;
  /** Authentic badges compared, and how many of them match. */
  checked: number;
  matching: number;
  message: string;
  messageEn: string;
}

export interface Verdict {
  code: VerdictCode;
  /** Short headline ("Passeport authentique et valide"). */
  title: string;
  titleEn: string;
  /** One or two plain sentences. */
  message: string;
  messageEn: string;
  /** Badges verified, and how many are valid (the name aside). */
  total: number;
  valid: number;
}

/** Problems that mean the badge's content cannot be trusted at all (so its identifiers neither). */
const UNTRUSTED: ReadonlySet<BadgeProblem> = new Set([
  'unreadable',
  'not_authentic',
  'unknown_issuer',
  'issuer_unchecked',
  'key_compromised',
]);

/** An authentic badge: its signed content (holder identifiers, issuer, results) can be read. */
export function isAuthentic(r: VerificationResult): boolean {
  return Boolean(r.credential) && !(r.problem && UNTRUSTED.has(r.problem));
}

function identifiersOf(credential: OpenBadgeCredential): IdentityObject[] {
  const ids = (credential.credentialSubject as unknown as Record<string, unknown>).identifier;
  return Array.isArray(ids) ? (ids.filter(isRecord) as unknown as IdentityObject[]) : [];
}

const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/u;

/**
 * Is the text read from the page the same name as the metadata's? Compared on name form 2 (line
 * breaks and spacing differ); right-to-left text is drawn in visual order, so it is also compared
 * reversed and, for names mixing directions, letter for letter regardless of order.
 */
export function samePrintedName(printed: string, name: string): boolean {
  const a = nameKey(printed);
  const b = nameKey(name);
  if (a === b) return true;
  if (!RTL.test(name)) return false;
  if ([...a].reverse().join('') === b) return true;
  return [...a].sort().join('') === [...b].sort().join('');
}

/** Compares the name a passport PDF carries with the hashed name of each authentic badge inside it. */
export async function checkPrintedName(
  sources: { info?: string; xmp?: string; text?: string },
  results: readonly VerificationResult[],
): Promise<PrintedNameCheck> {
  const { info, xmp, text } = sources;
  if (info !== undefined && xmp !== undefined && info !== xmp) {
    return {
      outcome: 'altered',
      name: info,
      checked: 0,
      matching: 0,
      message: `Ce fichier a été modifié : il porte deux noms différents (« ${info} » et « ${xmp} »). Ne vous fiez pas au nom imprimé.`,
      messageEn: `This file was altered: it carries two different names (“${info}” and “${xmp}”). Do not trust the printed name.`,
    };
  }
  const recorded = info ?? xmp;
  if (recorded !== undefined && text !== undefined && !samePrintedName(text, recorded)) {
    return {
      outcome: 'altered',
      name: recorded,
      checked: 0,
      matching: 0,
      message: `Ce fichier a été modifié : le nom imprimé sur la page (« ${text} ») n’est pas celui inscrit dans le fichier (« ${recorded} »). Ne vous fiez pas au nom imprimé.`,
      messageEn: `This file was altered: the name printed on the page (“${text}”) is not the one recorded in the file (“${recorded}”). Do not trust the printed name.`,
    };
  }
  const name = recorded ?? text;
  if (name === undefined || name.trim() === '') {
    return {
      outcome: 'absent',
      checked: 0,
      matching: 0,
      message:
        'Ce fichier n’indique pas le nom de son titulaire : saisissez le nom imprimé sur le passeport pour le vérifier.',
      messageEn: 'This file does not say who its holder is: enter the name printed on the passport to check it.',
    };
  }
  const authentic = results.filter(isAuthentic);
  let matching = 0;
  for (const r of authentic)
    if ((await matchIdentifier(identifiersOf(r.credential!), 'name', name)) === true) matching++;
  const checked = authentic.length;
  if (checked === 0) {
    return {
      outcome: 'unchecked',
      name,
      checked,
      matching,
      message: `Le nom imprimé, « ${name} », n’a pas pu être comparé : aucun badge de ce fichier n’est authentique.`,
      messageEn: `The printed name, “${name}”, could not be compared: no badge in this file is authentic.`,
    };
  }
  if (matching === checked) {
    return {
      outcome: 'match',
      name,
      checked,
      matching,
      message:
        checked === 1
          ? `Le nom imprimé sur ce passeport, « ${name} », correspond à son badge.`
          : `Le nom imprimé sur ce passeport, « ${name} », correspond à ses ${checked} badges.`,
      messageEn:
        checked === 1
          ? `The name printed on this passport, “${name}”, matches its badge.`
          : `The name printed on this passport, “${name}”, matches its ${checked} badges.`,
    };
  }
  const wrong = checked - matching;
  return {
    outcome: 'mismatch',
    name,
    checked,
    matching,
    message:
      matching === 0
        ? `Le nom imprimé sur ce passeport, « ${name} », ne correspond à aucun de ses badges : ils ont été délivrés à une autre personne. Le fichier a pu être modifié.`
        : `Le nom imprimé sur ce passeport, « ${name} », ne correspond pas à ${wrong} de ses ${checked} badges : ${plural(wrong, 'il a été délivré', 'ils ont été délivrés')} à une autre personne.`,
    messageEn:
      matching === 0
        ? `The name printed on this passport, “${name}”, matches none of its badges: they were issued to someone else. The file may have been altered.`
        : `The name printed on this passport, “${name}”, does not match ${wrong} of its ${checked} badges: issued to someone else.`,
  };
}

/** The passport credential's achievement type (see issuing's derived achievements). */
const PASSPORT_TYPE = 'ext:DigitalSkillsPassport';

export type DocumentKind = 'passport' | 'record' | 'badge';

/**
 * What the reader holds, named as the document names itself: a set of badges is a "Passeport
 * numérique" once it holds a valid passport credential, a "Relevé de compétences" before (the PDF's
 * own title, passport/view.ts); a single badge is the passport when it is the passport credential.
 */
export function documentKind(results: readonly VerificationResult[], passport: boolean): DocumentKind {
  // In a set, only a valid passport credential makes it a passport (the PDF says so on the same rule).
  const hasPassport = results.some(
    (r) =>
      isAuthentic(r) &&
      (!passport || !r.problem) &&
      // An endorsement (a hub's, copied from a place's profile) has no achievement.
      r.credential?.credentialSubject.achievement?.achievementType === PASSPORT_TYPE,
  );
  if (hasPassport) return 'passport';
  return passport ? 'record' : 'badge';
}

const DOCUMENT_WORDS: Record<DocumentKind, { fr: string; en: string; these: string; theseEn: string }> = {
  passport: { fr: 'Passeport numérique', en: 'Digital passport', these: 'ce passeport', theseEn: 'this passport' },
  record: {
    fr: 'Relevé de compétences',
    en: 'Record of competences',
    these: 'ce relevé',
    theseEn: 'this record',
  },
  badge: { fr: 'Badge', en: 'Badge', these: 'ce badge', theseEn: 'this badge' },
};

/** The document's name for headings ("Relevé de compétences", "Passeport numérique", "Badge"). */
export const documentWordsOf = (kind: DocumentKind) => DOCUMENT_WORDS[kind];

/** The overall verdict; `passport` when the results are the badges of one passport (or record). */
export function verdictOf(
  results: readonly VerificationResult[],
  options: { passport?: boolean; printedName?: PrintedNameCheck | undefined } = {},
): Verdict {
  const total = results.length;
  const valid = results.filter((r) => !r.problem).length;
  const passport = options.passport ?? total > 1;
  const base = { total, valid };
  const what = DOCUMENT_WORDS[documentKind(results, passport)];
  if (total === 0 || results.every((r) => r.problem === 'unreadable')) {
    const first = results[0];
    return {
      ...base,
      code: 'unreadable',
      title: 'Aucun badge lisible',
      titleEn: 'No readable badge',
      message: first?.summary ?? 'Ce document n’est pas un badge lisible.',
      messageEn: first?.summaryEn ?? 'This document is not a readable badge.',
    };
  }
  if (valid === 0) {
    const only = total === 1 ? results[0]! : undefined;
    return {
      ...base,
      code: 'invalid',
      title: `${what.fr} non valide`,
      titleEn: `${what.en} not valid`,
      message: only
        ? only.summary
        : `Aucun des ${total} badges de ${what.these} n’est valide : voir les raisons ci-dessous.`,
      messageEn: only
        ? only.summaryEn
        : `None of the ${total} badges of ${what.theseEn} is valid: see the reasons below.`,
    };
  }
  const printed = options.printedName;
  if (printed && (printed.outcome === 'mismatch' || printed.outcome === 'altered')) {
    return {
      ...base,
      code: 'printed_name_mismatch',
      title: 'Le nom imprimé ne correspond pas',
      titleEn: 'The printed name does not match',
      message: printed.message,
      messageEn: printed.messageEn,
    };
  }
  const validResults = results.filter((r) => !r.problem);
  const nameWrong = validResults.filter((r) => r.holder === 'mismatch').length;
  if (nameWrong > 0) {
    return {
      ...base,
      code: 'name_mismatch',
      title: 'Le nom saisi ne correspond pas',
      titleEn: 'The name entered does not match',
      message: `${
        valid === 1
          ? 'Le badge est authentique et valide, mais le nom saisi n’est pas celui de son titulaire.'
          : nameWrong === valid
            ? `Les ${valid} badges sont authentiques et valides, mais le nom saisi n’est pas celui de leur titulaire.`
            : `Le nom saisi ne correspond pas à ${nameWrong} des ${valid} badges valides.`
      } Vérifiez l’orthographe, ou saisissez le nom en lettres latines tel qu’il figure sur ses papiers.`,
      messageEn: `${
        valid === 1
          ? 'The badge is authentic and valid, but the name entered is not its holder’s.'
          : nameWrong === valid
            ? `The ${valid} badges are authentic and valid, but the name entered is not their holder’s.`
            : `The name entered does not match ${nameWrong} of the ${valid} valid badges.`
      } Check the spelling, or enter the name in Latin letters as on their papers.`,
    };
  }
  const nameOk = validResults.some((r) => r.holder === 'match');
  if (valid < total) {
    const bad = total - valid;
    return {
      ...base,
      code: 'partially_valid',
      title: `${what.fr} valide en partie`,
      titleEn: `${what.en} partly valid`,
      message: `${valid} ${plural(valid, 'badge est valide', 'badges sont valides')} sur ${total} ; ${bad} ${plural(bad, 'ne l’est plus', 'ne le sont plus')} (voir ci-dessous).`,
      messageEn: `${valid} of ${total} badges ${valid === 1 ? 'is' : 'are'} valid; ${bad} ${bad === 1 ? 'is' : 'are'} not (see below).`,
    };
  }
  return {
    ...base,
    code: 'valid',
    title: `${what.fr} authentique et valide`,
    titleEn: `Authentic and valid ${what.en.toLowerCase()}`,
    message: `${
      total === 1
        ? 'Ce badge est authentique et valide.'
        : `Les ${total} badges de ${what.these} sont authentiques et valides.`
    }${nameOk ? ' Le nom saisi correspond à son titulaire.' : ''}`,
    messageEn: `${
      total === 1
        ? 'This badge is authentic and valid.'
        : `All ${total} badges of ${what.theseEn} are authentic and valid.`
    }${nameOk ? ' The name entered matches its holder.' : ''}`,
  };
}

export interface Competence {
  /** Plain words: the competence's title. */
  title: string;
  /** Level reached, in words ("Autonome"), when the badge says it. */
  level?: string;
}

export interface Facts {
  /** Names of the issuing organisations of the valid badges. */
  issuers: string[];
  /** The latest issuance date among valid badges (ISO). */
  issuedOn?: string;
  /** Competences recognised by valid badges, once each (the latest badge's level wins). */
  competences: Competence[];
}

/** "A1 — Titre" → "Titre"; "Niveau d’autonomie atteint : Titre" → "Titre". */
function plainTitle(name: string): string {
  return name.replace(/^Niveau d’autonomie atteint : /, '').replace(/^[^\s—]{1,40} — /, '');
}

/**
 * What a reader wants at a glance, from the valid badges only. A competence whose own badge is
 * revoked, suspended or expired is left out even when a valid passport also lists it: the reader
 * sees the withdrawn badge in red and should not count it twice the other way.
 */
export function factsOf(results: readonly VerificationResult[]): Facts {
  const withdrawn = new Set(
    results
      .filter((r) => r.problem && isAuthentic(r))
      .map((r) => plainTitle(r.credential!.credentialSubject.achievement.name)),
  );
  const valid = results
    .filter((r) => !r.problem && r.credential)
    .map((r) => r.credential!)
    .sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  const issuers = [
    ...new Set(valid.map((c) => (typeof c.issuer === 'object' && c.issuer.name ? c.issuer.name : '')).filter(Boolean)),
  ];
  const competences = new Map<string, Competence>();
  for (const c of valid) {
    const achievement = c.credentialSubject.achievement;
    const outcomes = c.credentialSubject.result ?? [];
    if (outcomes.length === 0) {
      const title = plainTitle(achievement.name);
      competences.set(title, { title });
      continue;
    }
    for (const res of outcomes) {
      const rd = achievement.resultDescription?.find((d) => d.id === res.resultDescription);
      const title = plainTitle(outcomes.length === 1 ? achievement.name : (rd?.name ?? achievement.name));
      competences.set(title, { title, ...(res.value ? { level: res.value } : {}) });
    }
  }
  for (const title of withdrawn) competences.delete(title);
  const last = valid.at(-1);
  return {
    issuers,
    ...(last ? { issuedOn: last.validFrom } : {}),
    competences: [...competences.values()],
  };
}

/**
 * Where a committee files a badge: `valid`; `suspended` and `revoked` (the issuer's decision, told
 * apart even though a suspension sets the same bit, see src/ob3/README.md); `invalid` (forged,
 * unknown issuer, expired…); `unreadable` (nothing that reads as a badge).
 */
export const STANDINGS = ['valid', 'suspended', 'revoked', 'invalid', 'unreadable'] as const;
export type Standing = (typeof STANDINGS)[number];

export function standingOf(problem: BadgeProblem | undefined): Standing {
  if (!problem) return 'valid';
  if (problem === 'suspended' || problem === 'revoked' || problem === 'unreadable') return problem;
  return 'invalid';
}

/**
 * What the badges of one file recognise, in a title: the passport's own credential for a passport,
 * else the first authentic badge's (a forged one's claims are not repeated).
 */
export function badgeTitle(results: readonly VerificationResult[]): string | undefined {
  const authentic = results
    .filter(isAuthentic)
    .flatMap((r) => (r.credential?.credentialSubject.achievement ? [r.credential.credentialSubject.achievement] : []));
  return (authentic.find((a) => a.achievementType === PASSPORT_TYPE) ?? authentic[0])?.name;
}
