import { Hono } from 'hono';
import { z } from 'zod';
import { allow, principalOf, PUBLIC, SIGNED_IN } from '../auth/access.js';
import { roleLabel } from '../auth/views.js';
import { fontBytes, type FontName } from '../assets/fonts.js';
import type { AppEnv } from '../context.js';
import { AppError, ERROR_CODES, titleOf, type ErrorCode } from '../errors.js';
import { sha256Hex } from '../lib/crypto.js';
import { tOf } from './layout.js';
import { type CommitteeRequestSource, CommitteeRequests } from './requests.js';
import { SCRIPT } from './script.js';
import { CSS } from './styles.js';
import { json, params, route } from './route.js';

const STATIC_FONTS: Record<string, FontName> = {
  'atkinson-latin-400.woff': 'atkinson-latin-400',
  'atkinson-latin-ext-400.woff': 'atkinson-latin-ext-400',
  'atkinson-latin-700.woff': 'atkinson-latin-700',
  'atkinson-latin-ext-700.woff': 'atkinson-latin-ext-700',
  // Digits (see PLAIN_DIGITS in src/assets/fonts.ts).
  'noto-latin-400.woff': 'noto-latin-400',
  'noto-latin-700.woff': 'noto-latin-700',
};

const fontParam = z.object({ file: z.enum(Object.keys(STATIC_FONTS) as [string, ...string[]], 'police inconnue') });
const problemParam = z.object({
  code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]], 'code inconnu'),
});

const healthSchema = z.object({ status: z.literal('ok'), version: z.string() }).meta({ id: 'HealthStatus' });
type Health = z.infer<typeof healthSchema>;

let cssEtag: string | undefined;
let scriptEtag: string | undefined;

export interface SiteOptions {
  /** Where /espace finds what committees ask of the person (the features that run committees). */
  committeeRequests?: CommitteeRequestSource[];
}

export function siteRoutes(options: SiteOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/', allow(PUBLIC), (c) => {
    const t = tOf(c);
    return c.render(
      <>
        <h1>
          {t(
            'Des compétences numériques reconnues, des badges vérifiables',
            'Digital skills recognised, badges anyone can verify',
          )}
        </h1>
        <p class="lead">
          {t(
            'Jalon aide les lieux de médiation numérique à reconnaître les progrès des personnes qu’ils accompagnent, les compétences des médiateurs et la qualité des lieux labellisés, avec des badges numériques ouverts (Open Badges 3.0) que chacun peut vérifier.',
            'Jalon helps digital mediation places recognise the progress of the people they help, the skills of mediators and the quality of labelled places, with open digital badges (Open Badges 3.0) that anyone can verify.',
          )}
        </p>
        <ul class="cards">
          <li class="card">
            <h2 class="flush-top">
              <a href="/verifier">{t('Vérifier un badge ou un passeport', 'Verify a badge or a passport')}</a>
            </h2>
            <p>
              {t(
                'Scannez le QR code, déposez le fichier ou collez le lien : la réponse est immédiate.',
                'Scan the QR code, drop the file or paste the link: the answer is immediate.',
              )}
            </p>
          </li>
          <li class="card">
            <h2 class="flush-top">
              <a href="/referentials">{t('Consulter les référentiels', 'Browse the frameworks')}</a>
            </h2>
            <p>
              {t(
                'L’abécédaire des compétences du quotidien et le référentiel des médiateurs.',
                'The everyday skills alphabet and the mediator framework.',
              )}
            </p>
          </li>
          <li class="card">
            <h2 class="flush-top">
              <a href={c.var.principal ? '/espace' : '/connexion'}>{t('Espace professionnel', 'Professional space')}</a>
            </h2>
            <p>
              {t(
                'Pour les médiateurs, les structures et le comité de labellisation.',
                'For mediators, structures and the label committee.',
              )}
            </p>
          </li>
        </ul>
      </>,
      { title: t('Accueil', 'Home') },
    );
  });

  app.get('/espace', allow(SIGNED_IN), async (c) => {
    const t = tOf(c);
    const p = principalOf(c);
    const requests = (
      await Promise.all((options.committeeRequests ?? []).map((source) => source(c.var.deps, p)))
    ).flat();
    return c.render(
      <>
        <h1>
          {t('Bonjour', 'Hello')} {p.displayName}
        </h1>
        <CommitteeRequests requests={requests} />
        {p.memberships.length === 0 ? (
          <p>{t('Votre compte n’a encore aucun rôle.', 'Your account has no role yet.')}</p>
        ) : (
          <ul class="cards">
            {p.memberships.map((m) => (
              <li class="card">
                <h2 class="flush-top">{m.orgName}</h2>
                <p class="muted">{roleLabel(m.role, t)}</p>
                <ul>
                  {m.role === 'mediator' || m.role === 'structure-admin' ? (
                    <li>
                      <a href={`/structures/${m.orgSlug}/apprenants`}>{t('Personnes accompagnées', 'People helped')}</a>
                    </li>
                  ) : null}
                  {m.role === 'mediator' ? (
                    <li>
                      <a href="/certification">{t('Ma certification de médiateur', 'My mediator certification')}</a>
                    </li>
                  ) : null}
                  {m.role === 'committee' || m.role === 'hub-admin' ? (
                    <li>
                      <a href="/comite">{t('Demandes de certification', 'Certification applications')}</a>
                    </li>
                  ) : null}
                  {m.role === 'structure-admin' || m.role === 'hub-admin' ? (
                    <li>
                      <a href={`/organisations/${m.orgSlug}/equipe`}>{t('Équipe', 'Team')}</a>
                    </li>
                  ) : null}
                  {m.role === 'structure-admin' || m.role === 'hub-admin' ? (
                    <>
                      <li>
                        <a href={`/organisations/${m.orgSlug}/badges`}>{t('Badges délivrés', 'Issued badges')}</a>
                      </li>
                      <li>
                        <a href={`/organisations/${m.orgSlug}/chiffres`}>
                          {t('Chiffres (pour les financeurs)', 'Figures (for funders)')}
                        </a>
                      </li>
                    </>
                  ) : null}
                  {m.role === 'structure-admin' ? (
                    <>
                      <li>
                        <a href={`/structures/${m.orgSlug}/fiche`}>{t('Fiche du lieu', 'Place details')}</a>
                      </li>
                      <li>
                        <a href={`/structures/${m.orgSlug}/label`}>{t('Label régional', 'Regional label')}</a>
                      </li>
                    </>
                  ) : null}
                  {m.role === 'mediator' ? (
                    <li>
                      <a href={`/structures/${m.orgSlug}/visibilite`}>
                        {t('Mon nom sur la page du lieu', 'My name on the place’s page')}
                      </a>
                    </li>
                  ) : null}
                  {m.role === 'committee' || m.role === 'hub-admin' ? (
                    <>
                      <li>
                        <a href="/comite/labels">{t('Comité de labellisation', 'Label committee')}</a>
                      </li>
                      <li>
                        <a href="/comite/verification">{t('Vérifier des badges en lot', 'Verify badges in bulk')}</a>
                      </li>
                    </>
                  ) : null}
                  <li>
                    <a href={`/issuers/${m.orgSlug}`}>{t('Profil d’émetteur', 'Issuer profile')}</a>
                  </li>
                </ul>
              </li>
            ))}
          </ul>
        )}
      </>,
      { title: t('Mon espace', 'My space'), noindex: true },
    );
  });

  app.get('/static/app.css', allow(PUBLIC), async (c) => {
    cssEtag ??= `"${sha256Hex(CSS).slice(0, 16)}"`;
    const etag = cssEtag;
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    return c.body(CSS, 200, {
      'content-type': 'text/css; charset=utf-8',
      'cache-control': 'public, max-age=3600',
      etag,
    });
  });

  app.get('/static/app.js', allow(PUBLIC), async (c) => {
    scriptEtag ??= `"${sha256Hex(SCRIPT).slice(0, 16)}"`;
    const etag = scriptEtag;
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    return c.body(SCRIPT, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=3600',
      etag,
    });
  });

  app.get('/static/fonts/:file', allow(PUBLIC), params(fontParam), (c) => {
    const { file } = c.req.valid('param');
    return c.body(fontBytes(STATIC_FONTS[file]!) as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'font/woff',
      'cache-control': 'public, max-age=31536000, immutable',
    });
  });

  app.get(
    '/healthz',
    route({
      access: PUBLIC,
      operationId: 'getHealth',
      summary: 'État du service',
      description:
        'Répond 200 quand la base de données répond, 503 sinon. / 200 when the database answers, 503 otherwise.',
      tag: 'Service',
      responses: { 200: json('Service opérationnel.', healthSchema) },
    }),
    async (c) => {
      const deps = c.var.deps;
      try {
        await deps.database.ping();
      } catch {
        throw new AppError('service_unavailable', {
          fr: 'La base de données ne répond pas.',
          en: 'The database does not answer.',
        });
      }
      c.header('cache-control', 'no-store');
      return c.json({ status: 'ok', version: deps.config.version } satisfies Health);
    },
  );

  app.get('/problems/:code', allow(PUBLIC), params(problemParam), (c) => {
    const t = tOf(c);
    const { code } = c.req.valid('param');
    const title = titleOf(code)[c.var.lang];
    return c.render(
      <>
        <h1>{title}</h1>
        <p>
          {t('Code d’erreur stable de l’API Jalon :', 'Stable error code of the Jalon API:')} <code>{code}</code> (HTTP{' '}
          {ERROR_CODES[code]}).
        </p>
      </>,
      { title },
    );
  });

  return app;
}
