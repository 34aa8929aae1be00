import { Hono } from 'hono';
import { z } from 'zod';
import { allow, principalOf, PUBLIC, roles } from '../auth/access.js';
import type { AppContext, AppEnv, Principal } from '../context.js';
import { AppError, forbidden, notFound } from '../errors.js';
import { sha256Hex } from '../lib/crypto.js';
import { humanName } from '../lib/inputs.js';
import { SLUG_PATTERN } from '../lib/slug.js';
import { resultFor, type DerivedAchievement } from '../ob3/achievements.js';
import type { Result } from '../ob3/types.js';
import { badgeSvg } from '../ob3/badge-image.js';
import { profileEndorsements } from '../label/service.js';
import { buildDidDocument, buildJwks, issuerDid } from '../ob3/did.js';
import { findOrganisation, findOrganisationBySlug, type OrganisationRow } from '../organisations/store.js';
import { namesOf } from '../learners/store.js';
import { redirectWithFlash } from '../web/flash.js';
import { pageProps, tOf } from '../web/layout.js';
import { slugParam, idParam } from '../web/params.js';
import { parseWith, readForm, readJson } from '../web/validate.js';
import { achievementKeyFrom, achievementSet, findAchievement } from './achievements.js';
import { achievementPng, bakedPng, bakedSvg } from './artefacts.js';
import { declareKeyCompromised, publishedKeys, rotateKey } from './keys.js';
import { issuerProfile } from './profile.js';
import {
  changeStatus,
  credentialOfRow,
  credentialState,
  credentialUrl,
  issueCredential,
  manageableCredential,
  type StatusAction,
} from './service.js';
import { STATUS_LIST_MAX_AGE, statusListJwt } from './status.js';
import { credentialsOfIssuer, findCredential, findStatusList, keysOf } from './store.js';
import { AchievementPage, BadgesPage, CredentialPage, IssuerPage, KeysPage } from './views.js';

const listParam = slugParam.extend({ list: z.string().regex(/^[A-Za-z0-9_-]{6,40}$/, 'liste inconnue') });
const fileParam = z.object({
  file: z
    .string()
    .regex(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(\.(json|jwt|svg|png))?$/,
      'identifiant de badge invalide',
    ),
});
const achievementParams = z.object({
  slug: z.string().regex(SLUG_PATTERN, 'identifiant invalide'),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'version attendue au format x.y.z'),
  path: z
    .string()
    .regex(
      /^(competences\/[A-Za-z0-9._-]+|blocs\/[A-Za-z0-9._-]+|passeport|certification)(\.(json|svg|png))?$/,
      'badge inconnu',
    ),
});
export const fragmentParam = slugParam.extend({
  fragment: z.string().regex(/^[A-Za-z0-9._~-]{1,64}$/, 'clé inconnue'),
});
export const reasonSchema = z.object({
  reason: z.string().trim().min(3, 'indiquez une raison (3 caractères au moins)').max(500),
});
export const statusFormSchema = reasonSchema.extend({
  action: z.enum(['revoke', 'suspend', 'reinstate'], 'choisissez une action'),
});

export const issueSchema = z.object({
  /** Key (`abecedaire/1.0.0/competences/A1`) or URL of an achievement of this instance. */
  achievement: z.string().min(3).max(500),
  /** Issuing organisation (slug); optional when the caller has one organisation that may issue it. */
  issuer: z.string().regex(SLUG_PATTERN).optional(),
  recipient: z.object({
    name: humanName(200, 'nom requis'),
    /** The name in Latin letters as on the person's papers (a second hashed name identifier). */
    latinName: humanName(200).optional(),
    email: z.string().trim().email().max(254).optional(),
    id: z
      .string()
      .regex(/^did:[a-z0-9]+:.+$/, 'identifiant DID attendu')
      .max(500)
      .optional(),
  }),
  /** Level reached (a level id of the referential's scale); for a block, applies to each of its competences. */
  level: z.string().max(64).optional(),
  /** Per-competence levels, for a block badge: `[{ code: "M1.2", level: "maitrise" }]`. */
  results: z
    .array(z.object({ code: z.string().max(40), level: z.string().max(64) }))
    .max(100)
    .optional(),
  validUntil: z.iso.datetime({ offset: true }).optional(),
});

const IMMUTABLE = 'public, max-age=86400';

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

function accepts(c: AppContext, ...types: string[]): boolean {
  const accept = c.req.header('accept') ?? '';
  return types.some((t) => accept.includes(t));
}

async function issuerBySlug(c: AppContext, slug: string): Promise<OrganisationRow> {
  const org = await findOrganisationBySlug(c.var.deps.database.db, slug);
  if (!org) throw notFound({ fr: 'Cet émetteur n’existe pas.', en: 'This issuer does not exist.' });
  return org;
}

/** Key management: the organisation's administrators (hub-admin for the hub, structure-admin for a structure). */
function requireKeyAdmin(p: Principal, org: OrganisationRow): void {
  const role = org.kind === 'hub' ? 'hub-admin' : 'structure-admin';
  if (!p.memberships.some((m) => m.orgId === org.id && m.role === role)) throw forbidden();
}

/** Who may see an organisation's register of issued badges. */
/** Who manages an organisation's register (changes states): its own people. */
function canManageRegister(p: Principal, org: OrganisationRow): boolean {
  const allowed = org.kind === 'hub' ? ['hub-admin', 'committee'] : ['structure-admin', 'mediator'];
  return p.memberships.some((m) => m.orgId === org.id && allowed.includes(m.role));
}

/** Who sees it: its own people, and the admins of a structure's hub (read only). */
function requireRegisterAccess(p: Principal, org: OrganisationRow): void {
  const hubAdmin = org.hubId !== null && p.memberships.some((m) => m.orgId === org.hubId && m.role === 'hub-admin');
  if (!canManageRegister(p, org) && !hubAdmin) throw forbidden();
}

export function issuingRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // --- issuer identity (public)

  app.get('/issuers/:slug', allow(PUBLIC), async (c) => {
    const { slug } = parseWith(slugParam, c.req.param());
    const org = await issuerBySlug(c, slug);
    // The served profile (not the copy inside each credential) carries the hub's endorsement while the label holds.
    const profile = { ...(await issuerProfile(c.var.deps, org)), ...(await profileEndorsements(c.var.deps, org)) };
    c.header('vary', 'accept');
    if (accepts(c, 'application/json', 'application/ld+json')) {
      const body = {
        '@context': [
          'https://www.w3.org/ns/credentials/v2',
          'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
        ],
        ...profile,
      };
      return c.body(JSON.stringify(body), 200, {
        'content-type': accepts(c, 'application/ld+json') ? 'application/ld+json' : 'application/json',
      });
    }
    const t = tOf(c);
    const hub = org.hubId ? await findOrganisation(c.var.deps.database.db, org.hubId) : undefined;
    return c.html(
      <IssuerPage
        page={pageProps(c, org.name)}
        t={t}
        org={org}
        profile={profile}
        hub={hub}
        keys={await keysOf(c.var.deps.database.db, org.id)}
      />,
    );
  });

  app.get('/issuers/:slug/did.json', allow(PUBLIC), async (c) => {
    const { slug } = parseWith(slugParam, c.req.param());
    const org = await issuerBySlug(c, slug);
    const doc = buildDidDocument(
      issuerDid(c.var.deps.config.publicUrl, org.slug),
      await publishedKeys(c.var.deps, org),
    );
    return c.body(JSON.stringify(doc), 200, {
      'content-type': 'application/did+json',
      'cache-control': 'public, max-age=300',
      'access-control-allow-origin': '*',
    });
  });

  app.get('/issuers/:slug/jwks.json', allow(PUBLIC), async (c) => {
    const { slug } = parseWith(slugParam, c.req.param());
    const org = await issuerBySlug(c, slug);
    const jwks = buildJwks(issuerDid(c.var.deps.config.publicUrl, org.slug), await publishedKeys(c.var.deps, org));
    return c.body(JSON.stringify(jwks), 200, {
      'content-type': 'application/jwk-set+json',
      'cache-control': 'public, max-age=300',
      'access-control-allow-origin': '*',
    });
  });

  app.get('/issuers/:slug/status/:list', allow(PUBLIC), async (c) => {
    const { slug, list } = parseWith(listParam, c.req.param());
    const org = await issuerBySlug(c, slug);
    const row = await findStatusList(c.var.deps.database.db, list);
    if (!row || row.orgId !== org.id)
      throw notFound({ fr: 'Cette liste de statuts n’existe pas.', en: 'This status list does not exist.' });
    const jwt = await statusListJwt(c.var.deps, org, row);
    // Signed as a VC-JWT like the credentials it serves; short cache so that revocations show quickly.
    return c.body(jwt, 200, {
      'cache-control': `public, max-age=${STATUS_LIST_MAX_AGE}`,
      'access-control-allow-origin': '*',
      'content-type': 'application/vc+jwt',
    });
  });

  // --- achievements (public)

  app.get('/achievements/:slug/:version/:path{.+}', allow(PUBLIC), async (c) => {
    const { slug, version, path } = parseWith(achievementParams, c.req.param());
    const ext = /\.(json|svg|png)$/.exec(path)?.[1];
    const key = `${slug}/${version}/${ext ? path.slice(0, -(ext.length + 1)) : path}`;
    const { set, achievement } = await findAchievement(c.var.deps, key);
    if (ext === 'svg')
      return c.body(badgeSvg(achievement.badge), 200, {
        'content-type': 'image/svg+xml; charset=utf-8',
        'cache-control': IMMUTABLE,
      });
    if (ext === 'png') {
      const png = await achievementPng(c.var.deps, achievement.achievement.id, () => badgeSvg(achievement.badge));
      return c.body(png as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'image/png', 'cache-control': IMMUTABLE });
    }
    if (ext === 'json' || (!ext && accepts(c, 'application/json', 'application/ld+json'))) {
      c.header('cache-control', IMMUTABLE);
      return c.json(achievement.achievement);
    }
    const t = tOf(c);
    return c.html(
      <AchievementPage
        page={pageProps(c, achievement.achievement.name)}
        t={t}
        derived={achievement}
        referentialTitle={set.referential.title}
        svgUrl={`${achievement.achievement.id}.svg`}
      />,
    );
  });

  // --- credentials (public by their unguessable id)

  app.get('/credentials/:file', allow(PUBLIC), async (c) => {
    const { file } = parseWith(fileParam, c.req.param());
    const [id, ext] = file.split('.') as [string, string | undefined];
    const deps = c.var.deps;
    const row = await findCredential(deps.database.db, id);
    if (!row) throw notFound({ fr: 'Ce badge n’existe pas.', en: 'This badge does not exist.' });
    const headers = { 'cache-control': 'no-cache', 'access-control-allow-origin': '*' };
    if (ext === 'jwt') return c.body(row.jwt, 200, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
    const credential = credentialOfRow(row);
    if (ext === 'json')
      return c.body(JSON.stringify(credential, null, 2), 200, { ...headers, 'content-type': 'application/json' });
    if (ext === 'svg') {
      return c.body(await bakedSvg(deps, row), 200, {
        ...headers,
        'content-type': 'image/svg+xml; charset=utf-8',
        'content-disposition': `inline; filename="badge-${id}.svg"`,
      });
    }
    if (ext === 'png') {
      return c.body((await bakedPng(deps, row)) as Uint8Array<ArrayBuffer>, 200, {
        ...headers,
        'content-type': 'image/png',
        'content-disposition': `inline; filename="badge-${id}.png"`,
      });
    }
    if (accepts(c, 'application/json', 'application/ld+json') && !accepts(c, 'text/html')) return c.json(credential);
    const issuer = await findOrganisation(deps.database.db, row.issuerOrgId);
    const t = tOf(c);
    return c.html(
      <CredentialPage
        page={pageProps(c, credential.credentialSubject.achievement.name)}
        t={t}
        row={row}
        credential={credential}
        issuer={issuer!}
        kind={row.achievementKind}
      />,
    );
  });

  // --- issuing and status (API)

  app.post('/api/v1/credentials', allow(roles('mediator', 'structure-admin', 'hub-admin', 'committee')), async (c) => {
    const deps = c.var.deps;
    const principal = principalOf(c);
    const body = await readJson(c, issueSchema);
    const idempotencyKey = c.req.header('idempotency-key');
    if (idempotencyKey !== undefined && !/^[A-Za-z0-9_.:-]{1,100}$/.test(idempotencyKey)) {
      throw new AppError('bad_request', {
        fr: 'En-tête Idempotency-Key invalide (1 à 100 caractères simples).',
        en: 'Invalid Idempotency-Key header (1 to 100 plain characters).',
      });
    }
    const { set, achievement } = await findAchievement(deps, achievementKeyFrom(deps, body.achievement));
    if (achievement.kind === 'passport') {
      throw new AppError('conflict', {
        fr: 'Le passeport est délivré à partir des évaluations d’une personne accompagnée, pas directement.',
        en: 'The passport is issued from a learner’s evaluations, not directly.',
      });
    }
    const levels = set.referential.scale.levels.map((l) => l.id);
    const wanted = [
      ...(body.level ? [{ path: 'level', level: body.level }] : []),
      ...(body.results ?? []).map((r, i) => ({ path: `results.${i}.level`, level: r.level })),
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
    const results = resultsFor(achievement, body.level, body.results);
    const wantedKind = achievement.kind === 'competence' ? 'structure' : 'hub';
    const candidates = principal.memberships.filter(
      (m) => m.orgKind === wantedKind && (!body.issuer || m.orgSlug === body.issuer),
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
            { errors: [{ path: 'issuer', message: 'requis' }] },
          );
    }
    const org = (await findOrganisation(deps.database.db, orgIds[0]!))!;
    const validUntil = body.validUntil ? new Date(body.validUntil) : undefined;
    if (validUntil && validUntil <= deps.clock()) {
      throw new AppError(
        'validation_failed',
        { fr: 'La date de fin de validité est déjà passée.', en: 'The end of validity is in the past.' },
        { errors: [{ path: 'validUntil', message: 'passée' }] },
      );
    }
    const issued = await issueCredential(deps, {
      org,
      actor: principal,
      achievement,
      referential: { slug: set.referential.slug, version: set.referential.version },
      recipient: {
        name: body.recipient.name,
        latinName: body.recipient.latinName,
        email: body.recipient.email,
        subjectId: body.recipient.id,
      },
      ...(results.length ? { results } : {}),
      ...(body.level ? { level: body.level } : {}),
      competenceCode: achievement.kind === 'competence' ? achievement.code : undefined,
      validUntil,
      // The key is the caller's own (another member of the organisation may use the same one).
      ...(idempotencyKey
        ? {
            idempotencyKey: `api:${principal.userId}:${idempotencyKey}`,
            idempotencyRequest: await sha256Hex(JSON.stringify(body)),
          }
        : {}),
    });
    return c.json(
      {
        id: issued.credential.id,
        url: credentialUrl(deps, issued.row.id),
        status: credentialState(issued.row),
        jwt: issued.jwt,
        credential: issued.credential,
      },
      issued.replayed ? 200 : 201,
    );
  });

  app.get(
    '/api/v1/credentials/:id',
    allow(roles('mediator', 'structure-admin', 'hub-admin', 'committee')),
    async (c) => {
      const { id } = parseWith(idParam, c.req.param());
      const { row } = await manageableCredential(c.var.deps, principalOf(c), id);
      return c.json({
        id: `urn:uuid:${row.id}`,
        url: credentialUrl(c.var.deps, row.id),
        status: credentialState(row),
        suspendable: row.suspendable,
        issuedAt: row.issuedAt,
        revokedAt: row.revokedAt,
        revocationReason: row.revocationReason,
        suspendedAt: row.suspendedAt,
        suspensionReason: row.suspensionReason,
        credential: credentialOfRow(row),
      });
    },
  );

  for (const action of ['revoke', 'suspend', 'reinstate'] as const) {
    app.post(
      `/api/v1/credentials/:id/${action}`,
      allow(roles('mediator', 'structure-admin', 'hub-admin', 'committee')),
      async (c) => {
        const { id } = parseWith(idParam, c.req.param());
        const { reason } = await readJson(c, reasonSchema);
        const { row, replacement } = await changeStatus(c.var.deps, principalOf(c), id, action, reason);
        return c.json({
          id: `urn:uuid:${row.id}`,
          status: credentialState(row),
          // Reinstatement issues a fresh credential; the suspended one stays not valid.
          ...(replacement
            ? {
                replacedBy: {
                  id: `urn:uuid:${replacement.row.id}`,
                  url: credentialUrl(c.var.deps, replacement.row.id),
                  jwt: replacement.jwt,
                },
              }
            : {}),
        });
      },
    );
  }

  // --- register of issued badges and key management (pages)

  app.get(
    '/organisations/:slug/badges',
    allow(roles('mediator', 'structure-admin', 'hub-admin', 'committee')),
    async (c) => {
      const { slug } = parseWith(slugParam, c.req.param());
      const deps = c.var.deps;
      const org = await issuerBySlug(c, slug);
      requireRegisterAccess(principalOf(c), org);
      const rows = await credentialsOfIssuer(deps.database.db, org.id);
      const named = await Promise.all(
        rows.map(async (r) => {
          const key = achievementKeyFrom(deps, r.achievementId);
          const [s, v] = key.split('/');
          const set = s && v ? await achievementSet(deps, s, v).catch(() => undefined) : undefined;
          return { ...r, name: set?.byKey.get(key)?.achievement.name ?? key };
        }),
      );
      const holders = await namesOf(
        deps.database.db,
        rows.flatMap((r) => (r.learnerId ? [r.learnerId] : [])),
      );
      const t = tOf(c);
      return c.html(
        <BadgesPage
          page={pageProps(c, t('Badges délivrés', 'Issued badges'))}
          t={t}
          org={org}
          rows={named.map((r) => ({ ...r, holder: r.learnerId ? (holders.get(r.learnerId) ?? null) : null }))}
          canManage={canManageRegister(principalOf(c), org)}
        />,
      );
    },
  );

  app.post(
    '/organisations/:slug/badges/:id/statut',
    allow(roles('mediator', 'structure-admin', 'hub-admin', 'committee')),
    async (c) => {
      const { slug, id } = parseWith(
        slugParam.extend({ id: z.string().uuid('identifiant de badge invalide') }),
        c.req.param(),
      );
      const form = parseWith(statusFormSchema, await readForm(c));
      await changeStatus(c.var.deps, principalOf(c), id, form.action as StatusAction, form.reason);
      const done = {
        revoke: ['Badge révoqué.', 'Badge revoked.'],
        suspend: ['Badge suspendu.', 'Badge suspended.'],
        reinstate: ['Badge rétabli.', 'Badge reinstated.'],
      }[form.action as StatusAction];
      return redirectWithFlash(c, `/organisations/${slug}/badges`, done[0]!, done[1]!);
    },
  );

  app.get('/organisations/:slug/cles', allow(roles('hub-admin', 'structure-admin')), async (c) => {
    const { slug } = parseWith(slugParam, c.req.param());
    const org = await issuerBySlug(c, slug);
    requireKeyAdmin(principalOf(c), org);
    const t = tOf(c);
    return c.html(
      <KeysPage
        page={pageProps(c, t('Clés de signature', 'Signing keys'))}
        t={t}
        org={org}
        keys={await keysOf(c.var.deps.database.db, org.id)}
        did={issuerDid(c.var.deps.config.publicUrl, org.slug)}
      />,
    );
  });

  app.post('/organisations/:slug/cles/rotation', allow(roles('hub-admin', 'structure-admin')), async (c) => {
    const { slug } = parseWith(slugParam, c.req.param());
    const org = await issuerBySlug(c, slug);
    requireKeyAdmin(principalOf(c), org);
    await readForm(c);
    await rotateKey(c.var.deps, principalOf(c), org);
    return c.redirect(`/organisations/${slug}/cles`, 303);
  });

  app.post(
    '/organisations/:slug/cles/:fragment/compromise',
    allow(roles('hub-admin', 'structure-admin')),
    async (c) => {
      const { slug, fragment } = parseWith(fragmentParam, c.req.param());
      const org = await issuerBySlug(c, slug);
      requireKeyAdmin(principalOf(c), org);
      const { reason } = parseWith(reasonSchema, await readForm(c));
      await declareKeyCompromised(c.var.deps, principalOf(c), org, fragment, reason);
      return c.redirect(`/organisations/${slug}/cles`, 303);
    },
  );

  app.post('/api/v1/issuers/:slug/keys/rotate', allow(roles('hub-admin', 'structure-admin')), async (c) => {
    const { slug } = parseWith(slugParam, c.req.param());
    const org = await issuerBySlug(c, slug);
    requireKeyAdmin(principalOf(c), org);
    const key = await rotateKey(c.var.deps, principalOf(c), org);
    return c.json(
      { kid: `${issuerDid(c.var.deps.config.publicUrl, org.slug)}#${key.fragment}`, status: key.status },
      201,
    );
  });

  app.post(
    '/api/v1/issuers/:slug/keys/:fragment/compromised',
    allow(roles('hub-admin', 'structure-admin')),
    async (c) => {
      const { slug, fragment } = parseWith(fragmentParam, c.req.param());
      const org = await issuerBySlug(c, slug);
      requireKeyAdmin(principalOf(c), org);
      const { reason } = await readJson(c, reasonSchema);
      await declareKeyCompromised(c.var.deps, principalOf(c), org, fragment, reason);
      return c.json({ kid: `${issuerDid(c.var.deps.config.publicUrl, org.slug)}#${fragment}`, status: 'compromised' });
    },
  );

  return app;
}
