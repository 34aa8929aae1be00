import type { Child, FC } from 'hono/jsx';
import { jsxRenderer, useRequestContext } from 'hono/jsx-renderer';
import type { AppContext, AppEnv } from '../context.js';
import type { FieldError } from '../errors.js';
import { CSRF_FIELD } from '../auth/access.js';
import { translator, type Lang, type T } from './i18n.js';
import { Layout, pageProps } from './layout.js';

/**
 * Pages are rendered with `c.render(<View />, { title })`: the layout reads the language, the
 * signed-in person and the CSRF token from the request, and views read them with the hooks below
 * instead of receiving `t` and page props from every handler.
 */
declare module 'hono' {
  interface ContextRenderer {
    // biome-ignore lint/style/useShorthandFunctionType: declaration merging with hono's own interface needs an interface.
    (content: string | Promise<string>, head: PageHead): Response | Promise<Response>;
  }
}

export interface PageHead {
  title: string;
  /** Pages that must never be indexed (secret links, accounts). */
  noindex?: boolean;
}

/** The middleware that gives every page its layout (installed once, in createApp). */
export const pageRenderer = jsxRenderer<AppEnv>(
  ({ children, title, noindex }, c) => (
    <Layout {...pageProps(c as AppContext, title)} noindex={noindex}>
      {children}
    </Layout>
  ),
  // Layout writes the doctype itself (it also renders problem pages outside c.render).
  { docType: false },
);

/** The request being rendered (only inside `c.render`). */
export const useApp = (): AppContext => useRequestContext<AppEnv>();

/** `const t = useT(); t('Bonjour', 'Hello')` in the request's language. */
export function useT(): T {
  return translator(useApp().var.lang);
}

export function useLang(): Lang {
  return useApp().var.lang;
}

/** The hidden CSRF field of the current request, for every form that changes something. */
export const Csrf: FC = () => <input type="hidden" name={CSRF_FIELD} value={useApp().var.csrfToken} />;

/**
 * A boxed message: `ok` (done), `bad` (an error, announced at once), `warn`, or plain. A `bad` state
 * that is not an error of the reader's (a revoked badge) is a `status`, not an `alert`.
 */
export const Callout: FC<{ tone?: 'ok' | 'bad' | 'warn'; role?: 'alert' | 'status'; children: Child }> = ({
  tone,
  role,
  children,
}) => (
  <div
    class={tone ? `callout ${tone}` : 'callout'}
    role={role ?? (tone === 'bad' ? 'alert' : tone ? 'status' : undefined)}
  >
    {children}
  </div>
);

/**
 * A data table that scrolls on its own on small screens and turns into one card per row on phones
 * (`cards-sm`, with `CellLabel`s). The caption names the table for screen readers.
 */
export const Table: FC<{ id: string; caption: string; head: (string | { hidden: string })[]; children: Child }> = ({
  id,
  caption,
  head,
  children,
}) => (
  // A named section is a region landmark; focusable so that a keyboard can scroll it.
  <section class="table-wrap" aria-labelledby={`${id}-caption`} tabindex={0}>
    <table class="cards-sm">
      <caption id={`${id}-caption`} class="visually-hidden">
        {caption}
      </caption>
      <thead>
        <tr>
          {head.map((h) =>
            typeof h === 'string' ? (
              <th scope="col">{h}</th>
            ) : (
              <th scope="col">
                <span class="visually-hidden">{h.hidden}</span>
              </th>
            ),
          )}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  </section>
);

/** Error summary at the top of a form: each error links to its field (RGAA 11.10). */
export const FormErrors: FC<{
  errors: FieldError[];
  fieldIds?: Record<string, string>;
  /** Errors whose field is on another page (a competence's evidence): the address, by path. */
  links?: Record<string, string>;
}> = ({ errors, fieldIds, links }) => {
  const t = useT();
  const lang = useLang();
  if (errors.length === 0) return null;
  return (
    <div class="callout bad" role="alert" aria-labelledby="error-summary-title" tabindex={-1}>
      <h2 id="error-summary-title">{t('Le formulaire contient des erreurs', 'The form has errors')}</h2>
      <ul>
        {errors.map((e) => {
          const text = lang === 'en' ? (e.en ?? e.message) : e.message;
          const message = text.charAt(0).toUpperCase() + text.slice(1);
          // Only the message: a technical field path means nothing to the person filling the form.
          const href = fieldIds?.[e.path] ? `#${fieldIds[e.path]}` : links?.[e.path];
          return <li>{href ? <a href={href}>{message}</a> : message}</li>;
        })}
      </ul>
    </div>
  );
};
