import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.js';
import { accountMark } from '../web/account-mark.js';
import { isKeptPage } from './offline-policy.js';

/**
 * Tells the service worker, on each answer, which account it is for (its kept pages belong to one
 * account: an answer for another, or for nobody, makes it drop them) and which pages it may keep.
 */
export const offlineHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  const principal = c.get('principal');
  if (principal?.via !== 'session') return;
  c.res.headers.set('x-jalon-account', accountMark(principal.userId));
  if (c.req.method === 'GET' && c.res.status === 200 && isKeptPage(c.req.path))
    c.res.headers.set('x-jalon-offline', 'keep');
};
