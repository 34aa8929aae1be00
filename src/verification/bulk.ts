import type { AppDeps } from '../context.js';
import { invalid } from '../errors.js';
import { csvText, parseCsv } from '../lib/csv.js';
import { plural } from '../lib/text.js';
import {
  verifyCredential,
  type CheckId,
  type VerificationCheck,
  type VerificationResult,
  type VerifyContext,
} from '../ob3/verify.js';
import { checkRecipient } from '../ob3/verify-checks.js';
import { localCredentialId, noCredential, verifyContext, verifyUpload, type UploadVerification } from './service.js';
import { jwtsByIds } from './store.js';
import { badgeTitle, isAuthentic, type PrintedNameOutcome, type Standing, STANDINGS, standingOf } from './verdict.js';

/**
 * Bulk verification for label committees: many files and/or a CSV with one credential (link or
 * JWT) per row, one result per input, in order. 1,000 items fit in one request on Node and on
 * Workers because the batch shares its lookups — one key lookup per issuer key, one status list
 * built per list, credential links of this instance read 90 at a time — and items are verified a
 * few at a time (bounded memory). Measured in BENCHMARKS.md. An item that cannot be read is a
 * failed item, never a failed batch.
 */

export const BULK_LIMITS = {
  /** Items per request (files + CSV rows). */
  items: 1000,
  /**
   * Request body: 1,000 credential files of ~10 KB each fit. Below the Workers request limit
   * (100 MB) and small beside an isolate's 128 MB of memory.
   */
  bytes: 32 * 1024 * 1024,
  /** Characters of one CSV cell (a JSON credential fits). */
  cell: 100_000,
  /** Items verified at the same time. */
  concurrency: 8,
  /** Milliseconds of bulk work at most before other requests get a turn of the event loop. */
  sliceMs: 15,
} as const;

export interface BulkSource {
  kind: 'file' | 'csv';
  name: string;
  bytes?: Uint8Array;
  /** A CSV row's value (link, urn:uuid or JWT/JSON text). */
  value?: string;
  /** The holder's name the CSV row gives (its name column), to check against the badge. */
  expectedName?: string;
}

/** The name a CSV row gives, checked as `/verifier` checks it: `unknown` when no authentic badge says. */
export type NameCheck = 'match' | 'mismatch' | 'unknown';

export interface BulkItem {
  name: string;
  verified: boolean;
  checks: VerificationCheck[];
  summary: string;
  summaryEn: string;
  /** Credentials found in the item (a passport PDF holds several). */
  credentials: number;
  /** Heading the item is filed under. */
  standing: Standing;
  /** What the badge recognises (a passport's own title for a passport PDF); absent when none is authentic. */
  title?: string;
  /** The holder's name the file carries (a passport PDF), and how it compares with its badges. */
  holderName?: string;
  printedName?: PrintedNameOutcome;
  /** The name given in the CSV row, and its check. */
  expectedName?: string;
  nameCheck?: NameCheck;
}

export interface BulkTotals {
  items: number;
  verified: number;
  failed: number;
  /** Failed items by their first failing check (the problem that decided the verdict). */
  problems: Partial<Record<CheckId, number>>;
  /** Items under each heading. */
  standings: Record<Standing, number>;
}

export interface BulkReport {
  items: BulkItem[];
  totals: BulkTotals;
}

const CREDENTIAL_HEADER = /^(url|lien|link|badge|credential|jwt|identifiant|id|urn)s?$/i;
const LOOKS_LIKE_CREDENTIAL = /^(https?:\/\/|urn:uuid:|eyJ|\{)/;
const NAME_HEADER = /^(nom|name|titulaire|holder|nom du titulaire|nom_titulaire|nom complet)$/i;

/**
 * Rows of a committee's CSV: the column named like « lien », « url », « badge », « jwt »
 * (header row), else the first column whose first cell looks like a credential (no header). With a
 * header row, a column « nom » (or « titulaire ») gives the name each badge's holder should have.
 */
export function csvSources(name: string, text: string, room: number): BulkSource[] {
  let rows: string[][];
  try {
    rows = parseCsv(text, { maxRows: room + 1, maxCell: BULK_LIMITS.cell });
  } catch {
    throw invalid([{ path: 'csv', message: `fichier CSV trop grand : ${BULK_LIMITS.items} lignes au plus` }], {
      fr: `Le fichier CSV dépasse ${BULK_LIMITS.items} lignes ou contient une cellule trop longue.`,
      en: `The CSV file exceeds ${BULK_LIMITS.items} rows or holds a cell too long.`,
    });
  }
  if (rows.length === 0) return [];
  const header = rows[0]!.map((c) => c.trim());
  let column = header.findIndex((c) => CREDENTIAL_HEADER.test(c));
  let first = 1;
  if (column < 0) {
    column = header.findIndex((c) => LOOKS_LIKE_CREDENTIAL.test(c));
    first = 0;
    if (column < 0)
      throw invalid([{ path: 'csv', message: 'aucune colonne de liens ou de badges' }], {
        fr: 'Le fichier CSV n’a pas de colonne « lien » (ou « url », « badge », « jwt ») ni de colonne de liens de badges.',
        en: 'The CSV file has no “lien” (or “url”, “badge”, “jwt”) column nor a column of badge links.',
      });
  }
  const nameColumn = first === 1 ? header.findIndex((c) => NAME_HEADER.test(c)) : -1;
  return rows.slice(first).map((row, i) => {
    const expectedName = nameColumn >= 0 ? (row[nameColumn] ?? '').trim() : '';
    return {
      kind: 'csv' as const,
      name: `${name} — ligne ${i + first + 1}`,
      value: (row[column] ?? '').trim(),
      ...(expectedName ? { expectedName } : {}),
    };
  });
}

/** The name a CSV row gives against every authentic badge of the item (the tolerant check of `/verifier`). */
async function nameCheckOf(expected: string, results: readonly VerificationResult[]): Promise<NameCheck> {
  const outcomes = await Promise.all(
    results
      .filter(isAuthentic)
      .map(
        async (r) =>
          (await checkRecipient(r.credential as unknown as Record<string, unknown>, { name: expected })).outcome,
      ),
  );
  if (outcomes.includes('mismatch')) return 'mismatch';
  return outcomes.length > 0 && outcomes.every((o) => o === 'ok') ? 'match' : 'unknown';
}

/** One item from what one input gave (a passport PDF gives several results and its printed name). */
async function itemOf(source: BulkSource, upload: UploadVerification): Promise<BulkItem> {
  const { results, printedName } = upload;
  const failed = results.filter((r) => r.problem);
  const worst = failed[0] ?? results[0]!;
  const title = badgeTitle(results);
  const about = {
    credentials: results.length,
    ...(title ? { title } : {}),
    ...(printedName?.name ? { holderName: printedName.name, printedName: printedName.outcome } : {}),
    ...(source.expectedName
      ? { expectedName: source.expectedName, nameCheck: await nameCheckOf(source.expectedName, results) }
      : {}),
  };
  // A passport whose printed name is not its badges' holder's (or says two names) is not to be trusted.
  const badName = printedName?.outcome === 'mismatch' || printedName?.outcome === 'altered';
  if (failed.length === 0 && badName)
    return {
      name: source.name,
      verified: false,
      checks: worst.checks,
      summary: printedName.message,
      summaryEn: printedName.messageEn,
      standing: 'invalid',
      ...about,
    };
  if (results.length === 1)
    return {
      name: source.name,
      verified: worst.verified,
      checks: worst.checks,
      summary: worst.summary,
      summaryEn: worst.summaryEn,
      standing: standingOf(worst.problem),
      ...about,
    };
  return {
    name: source.name,
    verified: failed.length === 0,
    checks: worst.checks,
    summary:
      failed.length === 0
        ? `Les ${results.length} badges de ce passeport sont authentiques et valides.`
        : `${plural(failed.length, '# badge', '# badges')} sur ${results.length} ${plural(failed.length, 'n’est pas valide', 'ne sont pas valides')} : ${worst.summary}`,
    summaryEn:
      failed.length === 0
        ? `All ${results.length} badges of this passport are authentic and valid.`
        : `${failed.length} of ${results.length} badges ${failed.length === 1 ? 'is' : 'are'} not valid: ${worst.summaryEn}`,
    standing: standingOf(worst.problem),
    ...about,
  };
}

async function verifySource(
  deps: AppDeps,
  source: BulkSource,
  ctx: VerifyContext,
  local: Map<string, string>,
): Promise<UploadVerification> {
  if (source.kind === 'file') return verifyUpload(deps, source.bytes!, {}, ctx);
  const one = (result: VerificationResult): UploadVerification => ({ results: [result], pdf: false });
  const value = source.value ?? '';
  if (!value)
    return one(await noCredential(deps, 'Ligne vide : aucun badge à vérifier.', 'Empty row: no badge to verify.'));
  if (/^https?:\/\//.test(value) || value.startsWith('urn:uuid:')) {
    const id = localCredentialId(deps, value);
    const jwt = id ? local.get(id) : undefined;
    if (!jwt)
      return one(
        await noCredential(
          deps,
          id
            ? 'Ce lien désigne un badge inconnu de ce service.'
            : 'Ce lien ne désigne pas un badge de ce service : seuls ses propres liens sont ouverts.',
          id
            ? 'This link designates a badge unknown to this service.'
            : 'This link does not designate a badge of this service.',
        ),
      );
    return one(await verifyCredential(jwt, ctx));
  }
  return one(await verifyCredential(value, ctx));
}

/**
 * A bulk shares the one event loop with every other request: most items are checked in a few
 * milliseconds through promises that are already settled, so without a pause 1,000 of them hold
 * the loop for seconds (/healthz waited 1.5 s). This lets the loop turn once every `sliceMs` of
 * work: a timer (Node and Workers both have setTimeout; a microtask would not let I/O in), one
 * pause shared by all the workers.
 */
function eventLoopTurns(sliceMs: number): () => Promise<void> | undefined {
  let sliceStart = performance.now();
  let pause: Promise<void> | undefined;
  return () => {
    if (pause) return pause;
    if (performance.now() - sliceStart < sliceMs) return undefined;
    pause = new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => {
      pause = undefined;
      sliceStart = performance.now();
    });
    return pause;
  };
}

export async function verifyBulk(deps: AppDeps, sources: readonly BulkSource[]): Promise<BulkReport> {
  if (sources.length > BULK_LIMITS.items)
    throw invalid([{ path: 'file', message: `${BULK_LIMITS.items} éléments au plus` }], {
      fr: `Trop d’éléments : ${sources.length} pour ${BULK_LIMITS.items} au plus par envoi.`,
      en: `Too many items: ${sources.length} for at most ${BULK_LIMITS.items} per request.`,
    });
  const ctx = verifyContext(deps);
  const ids = sources.flatMap((s) => (s.kind === 'csv' && s.value ? [localCredentialId(deps, s.value)] : []));
  const local = await jwtsByIds(
    deps.database.db,
    ids.filter((id): id is string => id !== null),
  );
  const items: BulkItem[] = new Array(sources.length);
  const turn = eventLoopTurns(BULK_LIMITS.sliceMs);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < sources.length; i = next++) {
      await turn();
      const source = sources[i]!;
      let upload: UploadVerification;
      try {
        upload = await verifySource(deps, source, ctx, local);
      } catch {
        // Whatever one input does, the batch goes on: it becomes one failed item.
        upload = {
          results: [await noCredential(deps, 'Ce fichier est illisible.', 'This file is unreadable.')],
          pdf: false,
        };
      }
      items[i] = await itemOf(source, upload);
    }
  };
  await Promise.all(Array.from({ length: Math.min(BULK_LIMITS.concurrency, sources.length) }, worker));
  return { items, totals: totalsOf(items) };
}

export function firstProblem(item: BulkItem): VerificationCheck | undefined {
  return item.checks.find((c) => !c.ok);
}

export function totalsOf(items: readonly BulkItem[]): BulkTotals {
  const problems: Partial<Record<CheckId, number>> = {};
  const standings = Object.fromEntries(STANDINGS.map((s) => [s, 0])) as Record<Standing, number>;
  for (const item of items) {
    const problem = firstProblem(item);
    if (problem) problems[problem.id] = (problems[problem.id] ?? 0) + 1;
    standings[item.standing]++;
  }
  const verified = items.filter((i) => i.verified).length;
  return { items: items.length, verified, failed: items.length - verified, problems, standings };
}

/** Headings of the report, problems first: what the issuer decided, then the rest, the valid last. */
export const REPORT_ORDER: readonly Standing[] = ['suspended', 'revoked', 'invalid', 'unreadable', 'valid'];

/** What a heading and a name check read as (the CSV is French, like the committee's records). */
export const STANDING_WORDS: Record<Standing, { one: [string, string]; many: [string, string] }> = {
  valid: { one: ['valide', 'valid'], many: ['Valides', 'Valid'] },
  suspended: { one: ['suspendu', 'suspended'], many: ['Suspendus', 'Suspended'] },
  revoked: { one: ['retiré', 'revoked'], many: ['Retirés', 'Revoked'] },
  invalid: { one: ['invalide', 'invalid'], many: ['Invalides', 'Invalid'] },
  unreadable: { one: ['illisible', 'unreadable'], many: ['Illisibles', 'Unreadable'] },
};
export const NAME_CHECK_WORDS: Record<NameCheck, [string, string]> = {
  match: ['nom conforme', 'name matches'],
  mismatch: ['nom différent', 'name differs'],
  unknown: ['nom non vérifiable', 'name cannot be checked'],
};

/** The items under each heading, in input order within a heading. */
export function byStanding(items: readonly BulkItem[]): { standing: Standing; items: BulkItem[] }[] {
  return REPORT_ORDER.map((standing) => ({ standing, items: items.filter((i) => i.standing === standing) })).filter(
    (g) => g.items.length > 0,
  );
}

/** The report as CSV (the page's headings and columns, in its order), formulas neutralised: for the committee's records. */
export function reportCsv(report: BulkReport): string {
  const lines = [
    ['element', 'statut', 'badge', 'nom_imprime', 'nom_saisi', 'controle_nom', 'probleme', 'resume', 'details'],
  ];
  for (const { items } of byStanding(report.items))
    for (const item of items) {
      const failed = item.checks.filter((c) => !c.ok);
      lines.push([
        item.name,
        STANDING_WORDS[item.standing].one[0],
        item.title ?? '',
        item.holderName ?? '',
        item.expectedName ?? '',
        item.nameCheck ? NAME_CHECK_WORDS[item.nameCheck][0] : '',
        firstProblem(item)?.id ?? '',
        item.summary,
        failed.map((c) => `${c.id} : ${c.message}`).join(' | '),
      ]);
    }
  return csvText(lines);
}
