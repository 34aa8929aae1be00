import type { AppDeps, Principal } from '../context.js';
import { commitAudited } from '../db/audit.js';
import { AppError, conflict, invalid, notFound } from '../errors.js';
import { urlProblem } from '../lib/inputs.js';
import { competenceCodes, type MediatorReferential } from '../referentials/schema.js';
import { isFinal } from '../review/rules.js';
import * as review from '../review/service.js';
import {
  cleanFileName,
  type EvidenceType,
  MAX_EVIDENCE,
  MAX_FILE_BYTES,
  MAX_FILE_LABEL,
  MiB,
  sizeLabel,
  sniffEvidence,
} from './evidence.js';
import type { Claim } from './rules.js';
import { hubOfMediator, isStaffOf, KIND, type Setting, setting } from './service.js';
import * as store from './store.js';

/** The mediator's portfolio: self-assessed levels and evidence per competence, and the evidence files. */

export interface Portfolio extends Setting {
  levels: Map<string, string>;
  evidence: Map<string, store.EvidenceRow[]>;
}

export async function portfolioOf(deps: AppDeps, userId: string, s?: Setting): Promise<Portfolio> {
  const current = s ?? (await setting(deps));
  const key = { userId, slug: current.ref.slug, version: current.ref.version };
  const [entries, evidence] = await Promise.all([
    store.entriesOf(deps.database.db, key),
    store.evidenceOf(deps.database.db, key),
  ]);
  const byCode = new Map<string, store.EvidenceRow[]>();
  for (const e of evidence) byCode.set(e.competenceCode, [...(byCode.get(e.competenceCode) ?? []), e]);
  return { ...current, levels: new Map(entries.map((e) => [e.competenceCode, e.level])), evidence: byCode };
}

/** Where a competence's evidence is added: its section of the block's page. */
export function evidenceHref(ref: MediatorReferential, code: string): string {
  const block = ref.blocks.find((b) => b.competences.some((c) => c.code === code));
  return `/certification/blocs/${block?.code ?? code.split('.')[0]}#${code}`;
}

/** Sets self-assessed levels (empty value = leave unchanged). */
export async function setLevels(deps: AppDeps, actor: Principal, levels: Record<string, string>): Promise<void> {
  await hubOfMediator(deps, actor);
  const { ref } = await setting(deps);
  const codes = new Set(competenceCodes(ref));
  const scale = ref.scale.levels.map((l) => l.id);
  const errors = Object.entries(levels).flatMap(([code, level]) =>
    !codes.has(code)
      ? [{ path: `levels.${code}`, message: `compétence « ${code} » inconnue` }]
      : level && !scale.includes(level)
        ? [{ path: `levels.${code}`, message: `niveau « ${level} » inconnu` }]
        : [],
  );
  if (errors.length) throw invalid(errors);
  // One time for the rows and their event.
  const at = deps.clock();
  const db = deps.database.db;
  const statements = Object.entries(levels)
    .filter(([, level]) => level)
    .map(([code, level]) =>
      store.upsertEntry(db, {
        userId: actor.userId,
        referentialSlug: ref.slug,
        referentialVersion: ref.version,
        competenceCode: code,
        level,
        updatedAt: at.toISOString(),
      }),
    );
  if (statements.length === 0) return;
  await commitAudited(
    deps,
    actor,
    statements,
    {
      action: 'portfolio.levels',
      targetType: 'user',
      targetId: actor.userId,
      data: { codes: Object.keys(levels).filter((c) => levels[c]) },
    },
    at,
  );
}

export interface EvidenceInput {
  code: string;
  kind: 'text' | 'link' | 'file';
  text?: string | undefined;
  url?: string | undefined;
  file?: { name: string; bytes: Uint8Array } | undefined;
}

export async function addEvidence(deps: AppDeps, actor: Principal, input: EvidenceInput): Promise<store.EvidenceRow> {
  await hubOfMediator(deps, actor);
  const { ref } = await setting(deps);
  if (!competenceCodes(ref).includes(input.code)) throw invalid([{ path: 'code', message: 'compétence inconnue' }]);
  const db = deps.database.db;
  const limits = { perCompetence: MAX_EVIDENCE, quotaBytes: deps.config.evidenceQuotaMb * MiB };
  const text = input.text?.trim() || null;
  const id = crypto.randomUUID();
  // One time for the row and its event.
  const at = deps.clock();
  const row: store.EvidenceRow = {
    id,
    userId: actor.userId,
    referentialSlug: ref.slug,
    referentialVersion: ref.version,
    competenceCode: input.code,
    kind: input.kind,
    text,
    url: null,
    fileKey: null,
    fileName: null,
    fileType: null,
    fileSize: null,
    createdAt: at.toISOString(),
  };
  let blob: { bytes: Uint8Array; type: EvidenceType } | undefined;
  if (input.kind === 'text') {
    if (!text) throw invalid([{ path: 'text', message: 'écrivez votre preuve' }]);
  } else if (input.kind === 'link') {
    // The page form's link is checked here, by the same rule as the API's `httpUrl` field.
    const url = input.url?.trim() ?? '';
    const problem = urlProblem(url);
    if (problem) throw invalid([{ path: 'url', message: problem }]);
    row.url = new URL(url).toString();
  } else {
    const file = input.file;
    if (!file || file.bytes.length === 0) throw invalid([{ path: 'file', message: 'choisissez un fichier' }]);
    if (file.bytes.length > MAX_FILE_BYTES)
      throw new AppError('payload_too_large', {
        fr: `Fichier trop lourd : ${MAX_FILE_LABEL} au plus.`,
        en: `File too large: ${MAX_FILE_LABEL} at most.`,
      });
    const type = sniffEvidence(file.bytes);
    if (!type)
      throw new AppError('unsupported_media_type', {
        fr: 'Seuls les fichiers PDF, PNG et JPEG sont acceptés.',
        en: 'Only PDF, PNG and JPEG files are accepted.',
      });
    blob = { bytes: file.bytes, type };
    row.fileKey = id;
    row.fileName = cleanFileName(file.name);
    row.fileType = type;
    row.fileSize = file.bytes.length;
  }
  // Refused early in the usual case, before any file is written; under concurrency the insert
  // below decides (it reads both limits itself).
  await refuseBeyondLimits(deps, row, limits);
  // The file first, then the row that points to it: the row is the commit. A crash in between
  // leaves a file nothing points to (never served, never counted), not a row without its file;
  // a refused or failed insert deletes the file it wrote.
  if (blob) {
    try {
      await deps.blobs.put(id, blob.bytes, blob.type);
    } catch {
      throw new AppError('service_unavailable', {
        fr: 'Les fichiers ne peuvent pas être enregistrés pour le moment : ajoutez un lien ou un texte.',
        en: 'Files cannot be stored at the moment: add a link or a text.',
      });
    }
  }
  const dropFile = async () => {
    if (blob) await deps.blobs.delete(id).catch(() => undefined);
  };
  try {
    await commitAudited(
      deps,
      actor,
      [store.insertEvidenceWithin(db, row, limits)],
      {
        action: 'portfolio.evidence.added',
        targetType: 'evidence',
        targetId: id,
        data: {
          code: input.code,
          kind: input.kind,
          ...(row.fileType ? { type: row.fileType, size: row.fileSize } : {}),
        },
        onlyIf: store.evidenceStored(id),
      },
      at,
    );
  } catch (err) {
    await dropFile();
    throw err;
  }
  if (!(await store.findEvidence(db, id))) {
    await dropFile();
    await refuseBeyondLimits(deps, row, limits);
    // Refused, but a piece was removed since: the person may simply try again.
    throw conflict({
      fr: 'Votre preuve n’a pas pu être ajoutée : réessayez.',
      en: 'Your evidence could not be added: try again.',
    });
  }
  return row;
}

/** The per-competence limit and the storage quota, as the person's portfolio stands now. */
async function refuseBeyondLimits(deps: AppDeps, row: store.EvidenceRow, limits: store.EvidenceLimits) {
  const db = deps.database.db;
  const key = { userId: row.userId, slug: row.referentialSlug, version: row.referentialVersion };
  if ((await store.evidenceCount(db, key, row.competenceCode)) >= limits.perCompetence)
    throw conflict({
      fr: `${limits.perCompetence} preuves au plus par compétence : retirez-en une avant d’en ajouter.`,
      en: `At most ${limits.perCompetence} pieces of evidence per competence.`,
    });
  if (!row.fileSize) return;
  const used = await store.fileBytesOf(db, row.userId);
  if (used + row.fileSize > limits.quotaBytes) {
    const free = Math.max(0, limits.quotaBytes - used);
    throw conflict({
      fr: `Votre espace de pièces justificatives est plein (${sizeLabel(limits.quotaBytes, 'fr')}) : retirez une pièce avant d’en ajouter. Place libre : ${sizeLabel(free, 'fr')} ; ce fichier : ${sizeLabel(row.fileSize, 'fr')}.`,
      en: `Your evidence storage is full (${sizeLabel(limits.quotaBytes, 'en')}): remove a piece before adding another. Free: ${sizeLabel(free, 'en')}; this file: ${sizeLabel(row.fileSize, 'en')}.`,
    });
  }
}

/** Evidence an open application points at stays until the decision (reviewers must see it). */
export async function removeEvidence(deps: AppDeps, actor: Principal, id: string): Promise<void> {
  const db = deps.database.db;
  const row = await store.findEvidence(db, id);
  if (!row || row.userId !== actor.userId)
    throw notFound({ fr: 'Cette preuve n’existe pas.', en: 'No such evidence.' });
  const apps = await review.applicationsOfApplicant(db, actor.userId, KIND);
  for (const app of apps.filter((a) => !isFinal(a.state))) {
    const items = await review.itemsOf(db, app.id);
    if (items.some((i) => (JSON.parse(i.claim) as Claim).evidence.some((e) => e.id === id)))
      throw conflict({
        fr: 'Cette preuve fait partie d’une demande en cours : elle reste jusqu’à la décision.',
        en: 'This evidence is part of an open application: it stays until the decision.',
      });
  }
  await commitAudited(deps, actor, [store.deleteEvidence(db, id)], {
    action: 'portfolio.evidence.removed',
    targetType: 'evidence',
    targetId: id,
    data: { code: row.competenceCode, kind: row.kind },
  });
  if (row.fileKey) await deps.blobs.delete(row.fileKey);
}

/** An evidence file, for its owner and the hub staff of the owner's hub only. */
export async function evidenceFile(
  deps: AppDeps,
  actor: Principal,
  id: string,
): Promise<{ row: store.EvidenceRow; bytes: Uint8Array; contentType: string }> {
  const db = deps.database.db;
  const hidden = notFound({ fr: 'Ce fichier n’existe pas.', en: 'No such file.' });
  const row = await store.findEvidence(db, id);
  if (!row?.fileKey) throw hidden;
  if (row.userId !== actor.userId) {
    const apps = await review.applicationsOfApplicant(db, row.userId, KIND);
    if (!apps.some((a) => isStaffOf(actor, a.deciderOrgId))) throw hidden;
  }
  const blob = await deps.blobs.get(row.fileKey);
  if (!blob) throw hidden;
  return { row, bytes: blob.bytes, contentType: row.fileType ?? blob.contentType };
}
