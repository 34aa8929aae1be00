import type { AppDeps } from '../context.js';
import { BakingLimitError, extractFromPng, extractFromSvg } from '../ob3/baking.js';
import { extractPdfContents, PdfLimitError, PdfReadError, type PdfContents } from '../passport/extract.js';
import { issuerDid, parseDidUrl } from '../ob3/did.js';
import {
  MAX_INPUT_CHARS,
  type ResolvedKey,
  verifyCredential,
  type VerificationResult,
  type VerifyContext,
} from '../ob3/verify.js';
import type { LabelOutcome, LabelQuery } from '../ob3/verify-context.js';
import { hubLabelOutcome, structureLabelOutcome } from '../label/check.js';
import { programmeTitleOrNull } from '../label/programme.js';
import { endorsementWithdrawal, labelsOf, type LabelWithState } from '../label/service.js';
import type { OrganisationRow } from '../organisations/lookup.js';
import type { EcJwk } from '../ob3/types.js';
import { findOrganisationBySlug } from '../organisations/lookup.js';
import { publishedStatusListJwt } from '../issuing/status.js';
import { findCredential, findCredentialLdp, findIssuerAndKey } from '../issuing/service.js';
import { currentCredentials } from '../learners/awards.js';
import { findLearnerByPublicId, learnerCredentials } from '../learners/service.js';
import { checkPrintedName, type PrintedNameCheck } from './verdict.js';

/**
 * Verification against this instance's registry: keys, status lists and signed originals are read
 * from the database, never fetched over the network (a verifier must not be turned into a proxy,
 * and a passport must verify where the network is poor). Issuers of other instances are reported
 * as unknown.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `did:web:…:issuers:<slug>` of this instance → slug, else null. */
function localIssuerSlug(deps: AppDeps, did: string): string | null {
  const marker = ':issuers:';
  const at = did.lastIndexOf(marker);
  if (at < 0) return null;
  const slug = did.slice(at + marker.length);
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug)) return null;
  try {
    return issuerDid(deps.config.publicUrl, slug) === did ? slug : null;
  } catch {
    return null;
  }
}

/** `${PUBLIC_URL}/credentials/<uuid>[.ext]` or `urn:uuid:<uuid>` → uuid, else null. */
export function localCredentialId(deps: AppDeps, value: string): string | null {
  const trimmed = value.trim();
  if (trimmed.startsWith('urn:uuid:')) {
    const id = trimmed.slice(9).toLowerCase();
    return UUID.test(id) ? id : null;
  }
  const prefix = `${deps.config.publicUrl}/credentials/`;
  if (!trimmed.startsWith(prefix)) return null;
  const id = trimmed
    .slice(prefix.length)
    .replace(/\.(ldp\.json|json|jwt|svg|png)$/, '')
    .split(/[?#/]/)[0]!
    .toLowerCase();
  return UUID.test(id) ? id : null;
}

export function verifyContext(deps: AppDeps, expected?: { name?: string; email?: string }): VerifyContext {
  const db = deps.database.db;
  // One context serves one request: a passport's credentials share their issuer's status list,
  // so each list is built and signed once per request, not once per credential.
  const lists = new Map<string, Promise<string | null>>();
  const keys = new Map<string, Promise<ResolvedKey | null>>();
  // The label facts of an issuer, read once per batch.
  // An issuer's row, read once per request (its key, its lists and its label facts need it).
  const organisations = new Map<string, Promise<OrganisationRow | undefined>>();
  const organisationOf = (slug: string) => {
    let org = organisations.get(slug);
    if (!org) {
      org = findOrganisationBySlug(db, slug);
      organisations.set(slug, org);
    }
    return org;
  };
  const labelFacts = new Map<
    string,
    Promise<{ org: OrganisationRow; labels: LabelWithState[]; title: string | null } | null>
  >();
  return {
    now: deps.clock(),
    ...(expected && (expected.name || expected.email) ? { expected } : {}),
    resolveKey(kid) {
      // A batch (a passport, a committee's bulk upload) shares each issuer key lookup.
      let key = keys.get(kid);
      if (!key) {
        key = resolveLocalKey(kid);
        keys.set(kid, key);
      }
      return key;
    },
    loadStatusList(url) {
      let list = lists.get(url);
      if (!list) {
        list = loadLocalStatusList(url);
        lists.set(url, list);
      }
      return list;
    },
    async findSignedOriginal(credentialId) {
      const id = localCredentialId(deps, credentialId);
      if (!id) return null;
      return (await findCredential(db, id))?.jwt ?? null;
    },
    async findDataIntegrityForm(credentialId) {
      const id = localCredentialId(deps, credentialId);
      return id ? ((await findCredentialLdp(db, id)) ?? null) : null;
    },
    labelOf(query) {
      return labelOutcome(query);
    },
    async statusReason(credentialId, state) {
      const id = localCredentialId(deps, credentialId);
      if (!id) return null;
      const row = await findCredential(db, id);
      // Not a credential of ours: perhaps the hub's endorsement, which follows its label's state.
      if (!row) return endorsementWithdrawal(deps, id);
      if (state === 'revoked' && row.revokedAt)
        return { since: row.revokedAt, ...(row.revocationReason ? { reason: row.revocationReason } : {}) };
      // A suspension sets the revocation bit (src/ob3/README.md): Jalon knows it is a suspension.
      if (state === 'revoked' && row.suspendedAt)
        return {
          as: 'suspended',
          since: row.suspendedAt,
          ...(row.suspensionReason ? { reason: row.suspensionReason } : {}),
          ...(row.replacedBy ? { replacedBy: `${deps.config.publicUrl}/credentials/${row.replacedBy}` } : {}),
        };
      if (state === 'suspended' && row.suspendedAt)
        return { since: row.suspendedAt, ...(row.suspensionReason ? { reason: row.suspensionReason } : {}) };
      return null;
    },
  };

  async function resolveLocalKey(kid: string): Promise<ResolvedKey | null> {
    const ref = parseDidUrl(kid);
    if (!ref) return null;
    const slug = localIssuerSlug(deps, ref.did);
    if (!slug) return null;
    // The issuer and its key in one read; the issuer's row then serves its list and label facts.
    const found = await findIssuerAndKey(db, slug, ref.fragment);
    if (!found) return null;
    const { org, key } = found;
    if (!organisations.has(slug)) organisations.set(slug, Promise.resolve(org));
    if (!key) return null;
    return {
      publicJwk: JSON.parse(key.publicJwk) as EcJwk,
      status: key.status,
      ...(key.compromisedAt ? { compromisedAt: key.compromisedAt } : {}),
      issuerName: org.name,
    };
  }

  function labelFactsOf(slug: string) {
    let facts = labelFacts.get(slug);
    if (!facts) {
      facts = (async () => {
        const org = await organisationOf(slug);
        if (!org) return null;
        const labels = org.kind === 'structure' ? await labelsOf(db, [org.id]) : [];
        const last = labels[labels.length - 1];
        const title = last ? await programmeTitleOrNull(db, last.programmeSlug, last.programmeVersion) : null;
        return { org, labels, title };
      })();
      labelFacts.set(slug, facts);
    }
    return facts;
  }

  async function labelOutcome(query: LabelQuery): Promise<LabelOutcome | null> {
    const slug = localIssuerSlug(deps, query.issuerId);
    const facts = slug ? await labelFactsOf(slug) : null;
    if (!facts) return null;
    if (facts.org.kind === 'structure')
      return structureLabelOutcome({
        structureName: facts.org.name,
        programmeTitle: facts.title,
        labels: facts.labels,
        issuedAt: query.issuedAt,
        now: deps.clock(),
      });
    const id = query.credentialId ? localCredentialId(deps, query.credentialId) : null;
    const row = id ? await findCredential(db, id) : undefined;
    return hubLabelOutcome({
      hubName: facts.org.name,
      kind: row?.achievementKind ?? null,
      revokedAt: row?.revokedAt ?? null,
      revocationReason: row?.revocationReason ?? null,
      suspendedAt: row?.suspendedAt ?? null,
      suspensionReason: row?.suspensionReason ?? null,
      replacedBy: row?.replacedBy ?? null,
    });
  }

  async function loadLocalStatusList(url: string): Promise<string | null> {
    const prefix = `${deps.config.publicUrl}/issuers/`;
    if (!url.startsWith(prefix)) return null;
    // The JSON-LD form of a list (`<list>.ldp.json`, named by Data Integrity forms) has the same bits.
    const [slug, word, listFile, ...rest] = url.slice(prefix.length).split('/');
    const listId = listFile?.replace(/\.ldp\.json$/, '');
    if (!slug || word !== 'status' || !listId || rest.length) return null;
    const org = await organisationOf(slug);
    if (!org) return null;
    // Under the JSON-LD list's URL: the same bits, signed with that URL as the list's id.
    return publishedStatusListJwt(deps, org, listId, listFile === listId ? 'jwt' : 'ldp');
  }
}

export interface VerifyOptions {
  expected?: { name?: string; email?: string };
}

/** A compact JWT, a JSON credential (text or object), or a credential URL of this instance. */
export async function verifyValue(
  deps: AppDeps,
  value: unknown,
  options: VerifyOptions = {},
  ctx = verifyContext(deps, options.expected),
): Promise<VerificationResult> {
  if (typeof value === 'string') {
    const id =
      /^https?:\/\//.test(value.trim()) || value.trim().startsWith('urn:uuid:') ? localCredentialId(deps, value) : null;
    if (id) {
      const row = await findCredential(deps.database.db, id);
      if (row) return verifyCredential(row.jwt, ctx);
    }
  }
  return verifyCredential(value, ctx);
}

export type UploadKind = 'png' | 'svg' | 'pdf' | 'text';

export function sniff(bytes: Uint8Array): UploadKind {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47)
    return 'png';
  if (bytes.length >= 5 && String.fromCharCode(...bytes.subarray(0, 5)) === '%PDF-') return 'pdf';
  const head = new TextDecoder().decode(bytes.subarray(0, 2048)).trimStart();
  if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))) return 'svg';
  return 'text';
}

/** What a file holds: baked images give their embedded credential; text is used as is. */
export function credentialTextFromFile(bytes: Uint8Array, kind: Exclude<UploadKind, 'pdf'>): string | null {
  switch (kind) {
    case 'png':
      return extractFromPng(bytes);
    case 'svg':
      return extractFromSvg(new TextDecoder().decode(bytes));
    case 'text':
      return new TextDecoder().decode(bytes).trim();
  }
}

/** A failed result for input that holds no credential at all, with a precise reason. */
export async function noCredential(deps: AppDeps, fr: string, en: string): Promise<VerificationResult> {
  const result = await verifyCredential('', verifyContext(deps));
  const [parse, ...rest] = result.checks;
  return {
    ...result,
    checks: [{ ...parse!, ok: false, message: fr, messageEn: en }, ...rest],
    summary: fr,
    summaryEn: en,
  };
}

/** What an uploaded file gave: one result per badge; for a passport PDF, the check of the name it carries. */
export interface UploadVerification {
  results: VerificationResult[];
  /** Set for a PDF: did the name the passport carries match its badges? */
  printedName?: PrintedNameCheck;
  /** The file was a PDF (a passport), whatever it held. */
  pdf: boolean;
}

/**
 * Verifies an uploaded file: a passport PDF gives one result per credential attached inside it and
 * the check of the holder's name it carries against them; a baked PNG or SVG, or a text file (JWT
 * or JSON), gives one result.
 */
/** Above this size, reading the upload (its multipart parse) and reading the file are two separate turns. */
const LARGE_UPLOAD_BYTES = 256 * 1024;

export async function verifyUpload(
  deps: AppDeps,
  bytes: Uint8Array,
  options: VerifyOptions = {},
  ctx = verifyContext(deps, options.expected),
): Promise<UploadVerification> {
  // Each is one synchronous stretch of tens of milliseconds for a file of megabytes: without a turn between
  // them, other requests (a /healthz probe, another user) wait for both (seen: 250 ms for 8 MB).
  if (bytes.length > LARGE_UPLOAD_BYTES) await new Promise<void>((resolve) => setTimeout(resolve, 0));
  const kind = sniff(bytes);
  if (kind !== 'pdf') return { results: [await verifyFile(deps, bytes, kind, options, ctx)], pdf: false };
  let contents: PdfContents;
  try {
    contents = await extractPdfContents(bytes);
  } catch (err) {
    if (err instanceof PdfLimitError)
      return {
        results: [
          await noCredential(
            deps,
            'Ce fichier PDF est trop complexe pour être vérifié : ce n’est pas un passeport numérique Jalon.',
            'This PDF file is too complex to be verified: it is not a Jalon digital passport.',
          ),
        ],
        pdf: true,
      };
    if (err instanceof PdfReadError)
      return {
        results: [
          await noCredential(deps, 'Ce fichier PDF est illisible ou abîmé.', 'This PDF file is unreadable or damaged.'),
        ],
        pdf: true,
      };
    throw err;
  }
  const texts = contents.attachments
    .map((a) => new TextDecoder().decode(a.content).trim())
    .filter((text) => text.length > 0);
  if (texts.length === 0) {
    return {
      results: [
        await noCredential(
          deps,
          'Ce PDF ne contient aucun badge signé : ce n’est pas un passeport numérique Jalon.',
          'This PDF holds no signed badge: it is not a Jalon digital passport.',
        ),
      ],
      pdf: true,
    };
  }
  const results = await Promise.all(texts.map((text) => verifyValue(deps, text, options, ctx)));
  return { results, printedName: await checkPrintedName(contents.holderName, results), pdf: true };
}

async function verifyFile(
  deps: AppDeps,
  bytes: Uint8Array,
  kind: Exclude<UploadKind, 'pdf'>,
  options: VerifyOptions,
  ctx: VerifyContext,
): Promise<VerificationResult> {
  // A text badge (JWT or JSON) longer than any badge can be is refused before it is decoded and copied.
  if (kind === 'text' && bytes.length > MAX_INPUT_CHARS)
    return noCredential(
      deps,
      'Le document est trop volumineux pour être un badge (plus d’un million de caractères).',
      'The document is too large to be a badge (over one million characters).',
    );
  let text: string | null;
  try {
    text = credentialTextFromFile(bytes, kind);
  } catch (err) {
    if (err instanceof BakingLimitError)
      return noCredential(
        deps,
        'Cette image est trop complexe pour être un badge.',
        'This image is too complex to be a badge.',
      );
    return kind === 'svg'
      ? noCredential(deps, 'Cette image SVG est illisible ou abîmée.', 'This SVG image is unreadable or damaged.')
      : noCredential(deps, 'Cette image PNG est illisible ou abîmée.', 'This PNG image is unreadable or damaged.');
  }
  if (!text) {
    return kind === 'text'
      ? noCredential(deps, 'Le fichier est vide.', 'The file is empty.')
      : noCredential(
          deps,
          'Cette image ne contient pas de badge Open Badges 3.0.',
          'This image holds no Open Badges 3.0 credential.',
        );
  }
  return verifyValue(deps, text, options, ctx);
}

/**
 * What a passport's QR code opens: every current credential of the passport's holder (by the
 * passport's public id), verified as a verifier would verify the files.
 */
export async function verifyPassport(
  deps: AppDeps,
  publicId: string,
  options: VerifyOptions = {},
): Promise<VerificationResult[]> {
  const learner = await findLearnerByPublicId(deps.database.db, publicId);
  const rows = learner ? currentCredentials(await learnerCredentials(deps.database.db, learner.id)) : [];
  if (rows.length === 0)
    return [await noCredential(deps, 'Aucun passeport ne porte cet identifiant.', 'No passport has this identifier.')];
  const ordered = [...rows].sort((a, b) =>
    a.achievementKind === 'passport' ? -1 : b.achievementKind === 'passport' ? 1 : a.issuedAt.localeCompare(b.issuedAt),
  );
  const ctx = verifyContext(deps, options.expected);
  return Promise.all(ordered.map((r) => verifyCredential(r.jwt, ctx)));
}
