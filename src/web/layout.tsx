import { raw } from 'hono/html';
import type { Child, FC, PropsWithChildren } from 'hono/jsx';
import type { AppContext, Principal } from '../context.js';
import { CSRF_FIELD } from '../auth/access.js';
import { takeFlash } from './flash.js';
import { accountMark } from './account-mark.js';
import { translator, type Lang, type T } from './i18n.js';

export interface PageProps {
  title: string;
  lang: Lang;
  principal: Principal | null;
  csrfToken: string;
  path: string;
  children?: Child;
  /** Pages that must never be indexed (secret links, accounts). */
  noindex?: boolean;
  /** Confirmation of the action just done (post/redirect/get), shown once at the top of the page. */
  flash?: string | undefined;
}

/** A small inline icon: without one, every page makes the browser ask for a missing /favicon.ico. */
const FAVICON =
  'data:image/svg+xml,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#1d3d7a"/><path d="M19 7v12a5 5 0 0 1-10 0" fill="none" stroke="#fff" stroke-width="4" stroke-linecap="round"/></svg>',
  );

/**
 * The column name repeated inside a cell, shown only where a `table.cards-sm` turns into one card per
 * row (phones). Hidden from assistive technologies, which already announce the column header.
 */
export const CellLabel: FC<{ children: Child }> = ({ children }) => (
  <span class="cell-label" aria-hidden="true">
    {children}
  </span>
);

export const CsrfField: FC<{ token: string }> = ({ token }) => <input type="hidden" name={CSRF_FIELD} value={token} />;

function NavLink({ href, path, children }: { href: string; path: string; children: Child }) {
  const current = path === href || (href !== '/' && path.startsWith(`${href}/`));
  return (
    <li>
      <a href={href} aria-current={current ? 'page' : undefined}>
        {children}
      </a>
    </li>
  );
}

export const Layout: FC<PageProps> = ({ title, lang, principal, csrfToken, path, children, noindex, flash }) => {
  const t = translator(lang);
  const isHubAdmin = principal?.memberships.some((m) => m.role === 'hub-admin');
  const other: Lang = lang === 'fr' ? 'en' : 'fr';
  const menu = (
    <ul>
      <NavLink href="/verifier" path={path}>
        {t('Vérifier un badge', 'Verify a badge')}
      </NavLink>
      <NavLink href="/registre" path={path}>
        {t('Lieux labellisés', 'Labelled places')}
      </NavLink>
      <NavLink href="/referentials" path={path}>
        {t('Référentiels', 'Frameworks')}
      </NavLink>
      {principal ? (
        <>
          <NavLink href="/espace" path={path}>
            {t('Mon espace', 'My space')}
          </NavLink>
          {isHubAdmin ? (
            <NavLink href="/admin" path={path}>
              {t('Administration', 'Administration')}
            </NavLink>
          ) : null}
          <NavLink href="/compte" path={path}>
            {t('Mon compte', 'My account')}
          </NavLink>
          <li>
            <form method="post" action="/deconnexion">
              <CsrfField token={csrfToken} />
              <button type="submit" class="linklike">
                {t('Se déconnecter', 'Sign out')}
              </button>
            </form>
          </li>
        </>
      ) : (
        <NavLink href="/connexion" path={path}>
          {t('Se connecter', 'Sign in')}
        </NavLink>
      )}
    </ul>
  );
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang={lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          {noindex ? <meta name="robots" content="noindex, nofollow" /> : null}
          <title>{`${title} — Jalon`}</title>
          <link rel="stylesheet" href="/static/app.css" />
          <link rel="icon" href={FAVICON} />
          <link rel="manifest" href="/manifest.webmanifest" />
          <meta name="theme-color" content="#1d3d7a" />
          <script src="/static/app.js" defer />
          {principal ? (
            <>
              <meta name="jalon-account" content={accountMark(principal.userId)} />
              <meta name="jalon-csrf" content={csrfToken} />
              <script src="/static/hors-ligne.js" defer />
            </>
          ) : null}
        </head>
        <body>
          <a class="skip" href="#contenu">
            {t('Aller au contenu', 'Skip to content')}
          </a>
          <header class={principal ? 'site compact' : 'site'}>
            <div class="bar">
              <a class="brand" href="/">
                Jalon<small>{t('compétences numériques reconnues', 'digital skills, recognised')}</small>
              </a>
              {principal ? (
                <>
                  {/* Signed in, the menu has six entries: on a phone they fold under "Menu", so that the
                      header stays one line (the first screen is for the work). */}
                  <nav class="main wide-only" aria-label={t('Menu principal', 'Main menu')}>
                    {menu}
                  </nav>
                  <details class="menu narrow-only">
                    <summary>{t('Menu', 'Menu')}</summary>
                    <nav class="main" aria-label={t('Menu principal', 'Main menu')}>
                      {menu}
                    </nav>
                  </details>
                </>
              ) : (
                <nav class="main" aria-label={t('Menu principal', 'Main menu')}>
                  {menu}
                </nav>
              )}
            </div>
          </header>
          <main id="contenu" tabindex={-1}>
            {flash ? (
              <div class="callout ok flash" role="status">
                <p>{flash}</p>
              </div>
            ) : null}
            {children}
          </main>
          <footer class="site">
            <div class="bar">
              <span>
                {t(
                  'Jalon — logiciel libre de reconnaissance des compétences numériques',
                  'Jalon — free software to recognise digital skills',
                )}
              </span>
              <a href={`?lang=${other}`} hreflang={other} lang={other}>
                {other === 'en' ? 'English' : 'Français'}
              </a>
              <a href="/api/openapi.json">API</a>
            </div>
          </footer>
        </body>
      </html>
    </>
  );
};

/** Props every page needs, read from the request context. */
export function pageProps(c: AppContext, title: string): Omit<PageProps, 'children'> {
  return {
    title,
    lang: c.var.lang,
    principal: c.var.principal,
    csrfToken: c.var.csrfToken,
    path: c.req.path,
    flash: takeFlash(c),
  };
}

export function tOf(c: { var: { lang: Lang } }): T {
  return translator(c.var.lang);
}

export interface FieldProps {
  id: string;
  name: string;
  label: string;
  type?: string;
  value?: string;
  hint?: string;
  error?: string;
  required?: boolean;
  autocomplete?: string;
  inputmode?: 'decimal' | 'email' | 'none' | 'numeric' | 'search' | 'tel' | 'text' | 'url';
  min?: string;
  max?: string;
}

/** The ids a control is described by: its hint and its error, when shown. */
export function describedByOf(p: { id: string; hint?: string | undefined; error?: string | undefined }) {
  return [p.hint ? `${p.id}-hint` : '', p.error ? `${p.id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

/** A form control with its label, hint and error (the control itself is the child). */
export const Labelled: FC<
  PropsWithChildren<{ id: string; label: string; hint?: string | undefined; error?: string | undefined }>
> = (p) => (
  <div>
    <label for={p.id}>{p.label}</label>
    {p.hint ? (
      <span class="hint" id={`${p.id}-hint`}>
        {p.hint}
      </span>
    ) : null}
    {p.error ? (
      <p class="field-error" id={`${p.id}-error`}>
        {p.error}
      </p>
    ) : null}
    {p.children}
  </div>
);

export const Field: FC<FieldProps> = (p) => (
  <Labelled id={p.id} label={p.label} hint={p.hint} error={p.error}>
    <input
      id={p.id}
      name={p.name}
      type={p.type ?? 'text'}
      value={p.value ?? ''}
      required={p.required}
      autocomplete={p.autocomplete}
      inputmode={p.inputmode}
      min={p.min}
      max={p.max}
      aria-invalid={p.error ? 'true' : undefined}
      aria-describedby={describedByOf(p)}
    />
  </Labelled>
);
