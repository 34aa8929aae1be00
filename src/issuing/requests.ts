import type { AppDeps, Principal } from '../context.js';
import { AppError, forbidden, notFound } from '../errors.js';
import { type DerivedAchievement, resultFor } from './derive-achievements.js';
import type { Result } from '../ob3/types.js';
import { findOrganisation, findOrganisationBySlug, type OrganisationRow } from '../organisations/lookup.js';
import { achievementKeyFrom, achievementSet, findAchievement } from './achievements.js';
import { KIND_POLICY } from './kinds.js';
import { IDEMPOTENCY_KEY_PATTERN, type IssueRequest } from './schemas.js';
import { type Issued, issueCredential } from './issuance.js';
import { credentialsOfIssuer } from './store.js';
import { sha256Hex } from '../lib/crypto.js';
import { namesOf } from '../learners/service.js';

/**
 * The rules a request to issue or manage must meet before the issuing service signs anything:
 * which organisation issues, which levels exist, who administers keys and sees registers.
 */

export async function issuerBySlug(deps: AppDeps, slug: string): Promise<OrganisationRow> {
  const org = await findOrganisationBySlug(deps.database.db, slug);
  if (!org) throw notFound({ fr: 'Cet émetteur n’existe pas.', en: 'This issuer does not exist.' });
  return org;
}

/** Key management: the organisation's administrators (hub-admin for the hub, structure-admin for a structure). */
export async function keyAdminOrg(deps: AppDeps, actor: Principal, slug: string): Promise<OrganisationRow> {
  const org = await issuerBySlug(deps, slug);
  const role = org.kind === 'hub' ? 'hub-admin' : 'structure-admin';
  if (!actor.memberships.some((m) => m.orgId === org.id && m.role === role)) throw forbidden();
  return org;
}

/** Who manages an organisation's register (changes states): its own people. */
function canManageRegister(p: Principal, org: OrganisationRow): boolean {
  const allowed = org.kind === 'hub' ? ['hub-admin', 'committee'] : ['structure-admin', 'mediator'];
  return p.memberships.some((m) => m.orgId === org.id && allowed.includes(m.role));
}

/**
 * An organisation's register of issued badges, each with its achievement's name and its holder's:
 * its own people see it and manage it; the admins of a structure's hub see it (read only).
 */
export async function registerOf(deps: AppDeps, actor: Principal, slug: string) {
  const org = await issuerBySlug(deps, slug);
  const canManage = canManageRegister(actor, org);
  const hubAdmin = org.hubId !== null && actor.memberships.some((m) => m.orgId === org.hubId && m.role === 'hub-admin');
  if (!canManage && !hubAdmin) throw forbidden();
  const rows = await credentialsOfIssuer(deps.database.db, org.id);
  const holders = await namesOf(
    deps.database.db,
    rows.flatMap((r) => (r.learnerId ? [r.learnerId] : [])),
  );
  const named = await Promise.all(
    rows.map(async (r) => {
      const key = achievementKeyFrom(deps, r.achievementId);
      const [s, v] = key.split('/');
      const set = s && v ? await achievementSet(deps, s, v).catch(() => undefined) : undefined;
      return {
        ...r,
        name: set?.byKey.get(key)?.achievement.name ?? key,
        holder: r.learnerId ? (holders.get(r.learnerId) ?? null) : null,
      };
    }),
  );
  return { org, rows: named, canManage };
}

/**
 * Results of an issued badge: a competence badge has one level; a block badge one per competence
 * (a single `level` applies to all of the block's competences, `results` sets them one by one).
 */
function resultsFor(
  derived: DerivedAchievement,
  level: string | undefined,
  perCode: { code: string; level: string }[] | undefined,
): Result[] {
  const descriptions = derived.achievement.resultDescription ?? [];
  const codeOf = (id: string) => id.slice(id.lastIndexOf('#') + 1);
  try {
    if (perCode?.length) return perCode.map((r) => resultFor(derived.achievement, r.level, r.code));
    if (!level) return [];
    if (descriptions.length <= 1) return [resultFor(derived.achievement, level)];
    return descriptions.map((d) => resultFor(derived.achievement, level, codeOf(d.id)));
  } catch (err) {
    throw new AppError(
      'validation_failed',
      { fr: 'Ces résultats ne correspondent pas à ce badge.', en: 'These results do not match this badge.' },
      { errors: [{ path: 'results', message: err instanceof Error ? err.message : String(err) }] },
    );
  }
}

/** A badge issued on request (API): competence badges by a structure, block badges by the hub. */
export async function issueRequested(
  deps: AppDeps,
  actor: Principal,
  request: IssueRequest,
  idempotencyKey: string | undefined,
): Promise<Issued> {
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) {
    throw new AppError('bad_request', {
      fr: 'En-tête Idempotency-Key invalide (1 à 100 caractères simples).',
      en: 'Invalid Idempotency-Key header (1 to 100 plain characters).',
    });
  }
  const { set, achievement } = await findAchievement(deps, achievementKeyFrom(deps, request.achievement));
  const policy = KIND_POLICY[achievement.kind];
  if (policy.notOnRequest) throw new AppError('conflict', policy.notOnRequest);
  const levels = set.referential.scale.levels.map((l) => l.id);
  const wanted = [
    ...(request.level ? [{ path: 'level', level: request.level }] : []),
    ...(request.results ?? []).map((r, i) => ({ path: `results.${i}.level`, level: r.level })),
  ];
  for (const w of wanted) {
    if (!levels.includes(w.level)) {
      throw new AppError(
        'validation_failed',
        {
          fr: `Niveau inconnu « ${w.level} » (${levels.join(', ')}).`,
          en: `Unknown level “${w.level}” (${levels.join(', ')}).`,
        },
        { errors: [{ path: w.path, message: levels.join(', ') }] },
      );
    }
  }
  const results = resultsFor(achievement, request.level, request.results);
  const candidates = actor.memberships.filter(
    (m) => m.orgKind === policy.issuer && (!request.issuer || m.orgSlug === request.issuer),
  );
  const orgIds = [...new Set(candidates.map((m) => m.orgId))];
  if (orgIds.length !== 1) {
    throw orgIds.length === 0
      ? forbidden({
          fr: 'Aucune de vos organisations ne peut délivrer ce badge.',
          en: 'None of your organisations may issue this badge.',
        })
      : new AppError(
          'validation_failed',
          {
            fr: 'Précisez l’organisation émettrice (« issuer »).',
            en: 'Specify the issuing organisation (“issuer”).',
          },
          { errors: [{ path: 'issuer', message: 'requis', en: 'required' }] },
        );
  }
  const org = (await findOrganisation(deps.database.db, orgIds[0]!))!;
  const validUntil = request.validUntil ? new Date(request.validUntil) : undefined;
  if (validUntil && validUntil <= deps.clock()) {
    throw new AppError(
      'validation_failed',
      { fr: 'La date de fin de validité est déjà passée.', en: 'The end of validity is in the past.' },
      { errors: [{ path: 'validUntil', message: 'passée', en: 'in the past' }] },
    );
  }
  return issueCredential(deps, {
    org,
    actor,
    achievement,
    referential: { slug: set.referential.slug, version: set.referential.version },
    recipient: {
      name: request.recipient.name,
      latinName: request.recipient.latinName,
      email: request.recipient.email,
      subjectId: request.recipient.id,
    },
    ...(results.length ? { results } : {}),
    ...(request.level ? { level: request.level } : {}),
    competenceCode: achievement.kind === 'competence' ? achievement.code : undefined,
    validUntil,
    // The key is the caller's own (another member of the organisation may use the same one).
    ...(idempotencyKey
      ? {
          idempotencyKey: `api:${actor.userId}:${idempotencyKey}`,
          idempotencyRequest: sha256Hex(JSON.stringify(request)),
        }
      : {}),
  });
}
