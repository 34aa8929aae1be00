import type { AppDeps } from '../context.js';
import { type CredentialRow, credentialState } from '../issuing/service.js';
import { findOrganisation } from '../organisations/lookup.js';
import { renderPassportPdf } from '../passport/render.js';
import type { PassportBadge, PassportCompetence, PassportView } from '../passport/view.js';
import { levelRank } from '../referentials/schema.js';
import { codesOf, currentAchievement, currentCredentials, passportLevels, withdrawnCompetences } from './awards.js';
import { learnerReferential, type LearnerContext } from './service.js';
import { learnerCredentials } from './store.js';

/** Public page that verifies every current credential of a passport; what its QR code opens. */
export function passportVerifyUrl(deps: AppDeps, publicId: string): string {
  return `${deps.config.publicUrl}/verifier?passeport=${encodeURIComponent(publicId)}`;
}

/**
 * The passport's view-model, built fresh from the database (never stale): the competences reached
 * (latest competence badges and the latest passport's results, best level), the badges with their
 * state, and every current valid credential attached as a file for offline verification.
 */
export async function passportView(deps: AppDeps, ctx: LearnerContext): Promise<PassportView | null> {
  const db = deps.database.db;
  const all = await learnerCredentials(db, ctx.learner.id);
  // A withdrawn badge is no longer shown, and its competence is no longer listed as reached, even
  // though an older passport credential still names it.
  const rows = currentCredentials(all).filter((r) => credentialState(r) !== 'revoked');
  const withdrawn = withdrawnCompetences(all);
  if (rows.length === 0 || !ctx.learner.personal) return null;
  const set = await learnerReferential(deps);
  const ref = set.referential;
  const hub = ctx.org.hubId ? await findOrganisation(db, ctx.org.hubId) : undefined;
  const valid = rows.filter((r) => credentialState(r) !== 'revoked');

  const reached = new Map<string, { level: string; on: string }>();
  const codes = codesOf(ref);
  const consider = (code: string, level: string, on: string) => {
    if (withdrawn.has(code) || !codes.has(code)) return;
    const prev = reached.get(code);
    if (!prev || levelRank(ref, prev.level) < levelRank(ref, level)) reached.set(code, { level, on });
  };
  // Earlier versions of the same referential count for the codes this one still has (see codesOf).
  for (const r of valid) {
    if (r.referentialSlug !== ref.slug) continue;
    if (r.achievementKind === 'competence' && r.competenceCode && r.level)
      consider(r.competenceCode, r.level, r.issuedAt.slice(0, 10));
    if (r.achievementKind === 'passport')
      for (const [code, level] of passportLevels(r)) consider(code, level, r.issuedAt.slice(0, 10));
  }
  const levelLabel = (id: string) => ref.scale.levels.find((l) => l.id === id)?.label ?? id;
  const letters = ref.entries
    .map((entry) => ({
      letter: entry.letter,
      competences: entry.competences
        .filter((c) => reached.has(c.code))
        .map((c): PassportCompetence => {
          const r = reached.get(c.code)!;
          return { code: c.code, title: c.title, levelId: r.level, levelLabel: levelLabel(r.level), achievedOn: r.on };
        }),
    }))
    .filter((l) => l.competences.length > 0);

  const name = (r: CredentialRow) => currentAchievement(set, r.achievementId)?.achievement.name ?? 'Badge';
  const badges: PassportBadge[] = rows.map((r) => ({
    name: name(r),
    issuedOn: r.issuedAt.slice(0, 10),
    credentialId: `urn:uuid:${r.id}`,
    status: credentialState(r),
    ...(r.achievementKind === 'competence' && r.competenceCode ? { competenceCode: r.competenceCode } : {}),
  }));
  const attachments = valid.map((r) => ({
    filename:
      r.achievementKind === 'passport'
        ? 'passeport-numerique.jwt'
        : `badge-${r.competenceCode ?? r.id.slice(0, 8)}.jwt`,
    content: r.jwt,
    description: `${name(r)} — attestation signée (Open Badges 3.0, VC-JWT) délivrée par ${ctx.org.name}`,
    mimeType: 'application/vc+jwt',
  }));
  const latest = rows.reduce((a, b) => (a.issuedAt > b.issuedAt ? a : b));
  return {
    // "Passeport numérique" only once the passport credential is earned; before, a record.
    kind: valid.some((r) => r.achievementKind === 'passport') ? 'passport' : 'record',
    holderName: ctx.learner.personal.displayName,
    publicId: ctx.learner.publicId,
    structureName: ctx.org.name,
    hubName: hub?.name ?? '',
    referential: { title: ref.title, version: ref.version },
    issuedOn: latest.issuedAt.slice(0, 10),
    generatedAt: deps.clock().toISOString(),
    verifyUrl: passportVerifyUrl(deps, ctx.learner.publicId),
    levels: ref.scale.levels.map((l) => ({ id: l.id, label: l.label })),
    letters,
    badges,
    attachments,
  };
}

/** The passport (or, before it is earned, the record) as a PDF and its file name; null before any badge. */
export async function passportFile(
  deps: AppDeps,
  ctx: LearnerContext,
): Promise<{ pdf: Uint8Array; filename: string } | null> {
  const view = await passportView(deps, ctx);
  return view ? { pdf: await renderPassportPdf(view), filename: passportFilename(view.kind, view.issuedOn) } : null;
}

export async function passportPdf(deps: AppDeps, ctx: LearnerContext): Promise<Uint8Array | null> {
  return (await passportFile(deps, ctx))?.pdf ?? null;
}

/**
 * The file's name says what it is, as its title does (`releve-de-competences-2026-12-06.pdf` until
 * the passport credential is earned, then `passeport-numerique-…`), dated by its latest badge; never
 * a name or an identifier (file names travel: downloads folders, e-mail attachments).
 */
export function passportFilename(kind: PassportView['kind'], issuedOn: string): string {
  return `${kind === 'passport' ? 'passeport-numerique' : 'releve-de-competences'}-${issuedOn}.pdf`;
}
