import type { AppContext } from '../context.js';
import type { AppError } from '../errors.js';
import { wantsHtml } from './negotiate.js';
import type { ProblemBody } from '../openapi/document.js';
import { Layout, pageProps } from './layout.js';
import { translator } from './i18n.js';

/**
 * Renders an AppError: RFC 9457 problem+json for programs, or a plain French page for people
 * whose browser asked for HTML. Same status and code either way; never a stack trace.
 */
export function renderProblem(c: AppContext, err: AppError): Response | Promise<Response> {
  const lang = c.var.lang ?? 'fr';
  const requestId = c.var.requestId ?? '';
  const headers: Record<string, string> = {};
  if (err.extra.retryAfterSeconds) headers['retry-after'] = String(err.extra.retryAfterSeconds);
  if (c.var.principal !== undefined && wantsHtml(c)) {
    const t = translator(lang);
    const html = (
      <Layout {...pageProps(c, err.title[lang])}>
        <h1>{err.title[lang]}</h1>
        <div class="callout bad" role="alert">
          <p>{err.detail[lang]}</p>
          {err.extra.errors?.length ? (
            <ul>
              {err.extra.errors.map((e) => (
                <li>
                  {e.path ? <code>{e.path}</code> : null} {lang === 'en' ? (e.en ?? e.message) : e.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
        <p class="actions">
          <a class="button secondary" href="/">
            {t('Retour à l’accueil', 'Back to the home page')}
          </a>
        </p>
        <p class="muted">
          {t('Référence de la requête', 'Request reference')} : <code>{requestId}</code>
        </p>
      </Layout>
    );
    return c.html(html, err.status as 400, headers);
  }
  const body: ProblemBody = {
    type: `${c.var.deps?.config.publicUrl ?? ''}/problems/${err.code}`,
    title: err.title[lang],
    status: err.status,
    detail: err.detail[lang],
    code: err.code,
    requestId,
    i18n: { fr: { title: err.title.fr, detail: err.detail.fr }, en: { title: err.title.en, detail: err.detail.en } },
    // Field messages in the answer's language, like `title` and `detail`.
    ...(err.extra.errors
      ? {
          errors: err.extra.errors.map((e) => ({
            path: e.path,
            message: lang === 'en' ? (e.en ?? e.message) : e.message,
          })),
        }
      : {}),
  };
  // Through the context, so headers set earlier in the request (request id, cookies) are kept.
  return c.body(JSON.stringify(body), err.status as 400, {
    'content-type': 'application/problem+json; charset=utf-8',
    ...headers,
  });
}
